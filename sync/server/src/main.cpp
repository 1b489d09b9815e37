// pameran-server: the central server and its admin commands (DESIGN.md "pameran-server").
// Every command: exit 0 on success, non-zero with one line on stderr otherwise; a command that
// makes a code or token prints it alone on the last line of stdout.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <pthread.h>
#include <sys/resource.h>
#include <sstream>
#include <thread>

#include "pameran/core/csv.hpp"
#include "pameran/core/ids.hpp"
#include "pameran/sync/pg_store.hpp"
#include "pameran/sync/server.hpp"
#include "pameran/sync/server_backup.hpp"
#include "pameran/sync/server_config.hpp"
#include "pameran/sync/server_store.hpp"
#include "figures.hpp"
#include "pdf.hpp"

namespace {

namespace core = pameran::core;
namespace sync = pameran::sync;

// A failure that ends the command with one line on stderr.
struct CommandError {
  std::string message;
};

[[noreturn]] void die(const std::string& message) { throw CommandError{message}; }

template <class T>
T orDie(core::Result<T> r) {
  if (!r) die(r.error().message);
  return std::move(*r);
}
void orDie(core::Result<void> r) {
  if (!r) die(r.error().message);
}

// Every command works on either store: --db PATH (SQLite) or --pg URI (PostgreSQL), exactly one.
void addStoreOptions(CLI::App* command, std::string& db, std::string& pg) {
  command->add_option("--db", db, "SQLite database file");
  command->add_option("--pg", pg, "PostgreSQL connection URI instead of --db (postgresql://USER@HOST:PORT/DB)");
}

void checkStoreChoice(const std::string& db, const std::string& pg) {
  if (db.empty() && pg.empty()) die("give the database: --db PATH (SQLite) or --pg URI (PostgreSQL)");
  if (!db.empty() && !pg.empty()) die("give either --db PATH or --pg URI, not both");
}

std::unique_ptr<sync::ServerStore> openStore(const std::string& db, const std::string& pg, sync::StoreLimits limits = {}) {
  checkStoreChoice(db, pg);
  if (!pg.empty()) {
    sync::PgStoreOptions options;
    options.limits = limits;
    return orDie(sync::openPgStore(pg, options));
  }
  sync::SqliteStoreOptions options;
  options.limits = limits;
  return orDie(sync::openSqliteStore(db, options));
}

// Reading a store without creating one: a typo in --db (or --pg) must not leave an empty
// database (or schema) behind.
std::unique_ptr<sync::ServerStore> openExisting(const std::string& db, const std::string& pg) {
  checkStoreChoice(db, pg);
  if (!pg.empty()) {
    sync::PgStoreOptions options;
    options.createSchema = false;
    return orDie(sync::openPgStore(pg, options));
  }
  std::error_code ec;
  if (!std::filesystem::exists(db, ec)) die("no database at " + db);
  return openStore(db, pg);
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) die("cannot read " + path);
  return s.str();
}

// Writes to a temporary file beside the target and renames it, so a failed write leaves no half file.
void writeFile(const std::string& path, const std::string& data) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) die("cannot write " + path);
    out << data;
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      die("cannot write " + path);
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    die("cannot write " + path + ": " + ec.message());
  }
}

void output(const std::string& data, const std::string& outPath) {
  if (outPath.empty()) {
    std::fwrite(data.data(), 1, data.size(), stdout);
    if (std::fflush(stdout) != 0) die("cannot write to stdout");
  } else {
    writeFile(outPath, data);
  }
}

std::pair<std::string, int> parseListen(const std::string& listen) {
  auto parsed = sync::parseListenAddress(listen);
  if (!parsed) die("--listen " + parsed.error().message);
  return *parsed;
}

int serve(const std::string& db, const std::string& pg, const std::string& listen, sync::ServerOptions options,
          sync::StoreLimits limits) {
  checkStoreChoice(db, pg);
  auto [host, port] = parseListen(listen);
  options.host = host;
  options.port = port;
  // Signals go to one watcher thread (blocked everywhere else before any thread starts).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // Every open connection is a descriptor: take what the system allows (the server stays under it).
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
  }
  auto store = openStore(db, pg, limits);
  sync::Server server(*store, options);
  const int bound = orDie(server.bind());
  std::thread watcher([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    server.stop(sig == SIGTERM ? "SIGTERM" : sig == SIGINT ? "SIGINT" : "signal");
  });
  const std::string where = pg.empty() ? db : "PostgreSQL " + sync::redactPgUri(pg);
  std::printf("pameran-server listening on %s:%d (protocol %d, database %s)\n", host.c_str(), bound,
              sync::kProtocolVersion, where.c_str());
  std::fflush(stdout);
  server.run();
  // run() returned because of a signal, or because listening failed: wake the watcher either way.
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  store.reset();  // closes the database after the writer drained
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"pameran-server: central server of Pameran POS (events, catalog, device enrollment, sync, totals)"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");

  std::string db, pg, listen = "127.0.0.1:8080", eventCode, name, venue, start, end, vendorsPath, productsPath, booth,
                      vendorCode, role, format, outPath, pdfDir, deviceCode, percentText, accessLog = "-", organizerQris;
  std::string configPath, backupDir;
  int ttlMinutes = 24 * 60, tzOffset = core::kWibOffsetMinutes, cutoffHour = 0, backupKeep = 0, sessionHours = 12;
  sync::ServerOptions serveOptions;
  sync::StoreLimits storeLimits;
  bool allVendors = false;

  auto* serveCmd = app.add_subcommand("serve", "Run the HTTP server (SQLite by default, --pg for PostgreSQL)");
  addStoreOptions(serveCmd, db, pg);
  serveCmd->add_option("--listen", listen, "HOST:PORT to listen on")->capture_default_str();
  serveCmd->add_option("--workers", serveOptions.workers, "Request threads")->capture_default_str()->check(CLI::Range(1, 1024));
  serveCmd->add_option("--rate", serveOptions.requestsPerSecond, "Requests per second per token")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 100000.0));
  serveCmd->add_option("--burst", serveOptions.burst, "Burst per token")->capture_default_str()->check(CLI::Range(1.0, 100000.0));
  serveCmd->add_option("--access-log", accessLog, "Access lines: '-' with the rest of the log, '' none, or a file of their own")
      ->capture_default_str();
  serveCmd->add_option("--log-file", serveOptions.logFile, "Also append the log (access and errors) to this file");
  serveCmd->add_option("--trusted-proxy", serveOptions.trustedProxies,
                       "Reverse proxy address or CIDR block whose X-Forwarded-For and X-Forwarded-Proto are believed "
                       "(repeatable); from anyone else those headers are ignored");
  serveCmd->add_option("--max-connections-per-client", serveOptions.maxConnectionsPerAddress,
                       "Open connections per client address (trusted proxies are exempt)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  serveCmd->add_option("--max-connections", serveOptions.maxConnections, "Open connections in all")
      ->capture_default_str()
      ->check(CLI::Range(16, 1000000));
  serveCmd
      ->add_option("--event-ceiling-idr", storeLimits.eventCeilingIdr,
                   "Most money (rupiah) an event's sales may add up to; a sale past it is rejected")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t{1}, sync::kMaxEventCeilingIdr));
  serveCmd->add_option("--session-hours", sessionHours, "Hours a dashboard sign-in lasts")
      ->capture_default_str()
      ->check(CLI::Range(1, 24 * 30));
  serveCmd->add_option("--config", configPath, "Settings file (/etc/pameran/server.toml); flags given here win over it");

  auto* backupCmd = app.add_subcommand("backup", "A consistent copy of the SQLite database, also while the server runs");
  addStoreOptions(backupCmd, db, pg);
  backupCmd->add_option("--config", configPath, "Take the database from this settings file (store.sqlite)");
  auto* backupOut = backupCmd->add_option("--out", outPath, "The copy to write (never the database itself)");
  backupCmd->add_option("--out-dir", backupDir, "Write server-YYYYMMDDTHHMMSSZ.db (UTC) into this folder instead")->excludes(backupOut);
  backupCmd->add_option("--keep", backupKeep, "With --out-dir: keep this many newest copies there, remove older ones")
      ->check(CLI::Range(1, 100000));

  auto* eventCmd = app.add_subcommand("event", "Create and close events");
  eventCmd->require_subcommand(1);
  auto* eventCreate = eventCmd->add_subcommand("create", "Create an event");
  addStoreOptions(eventCreate, db, pg);
  eventCreate->add_option("--code", eventCode, "Event code, e.g. DEPOK-2026")->required();
  eventCreate->add_option("--name", name, "Event name")->required();
  eventCreate->add_option("--venue", venue, "Venue");
  eventCreate->add_option("--start", start, "First day YYYY-MM-DD");
  eventCreate->add_option("--end", end, "Last day YYYY-MM-DD");
  eventCreate->add_option("--tz-offset-minutes", tzOffset, "Minutes east of UTC (WIB 420, WITA 480, WIT 540)")
      ->capture_default_str();
  eventCreate->add_option("--cutoff-hour", cutoffHour, "Local hour the business day starts (evening bazaars: 4)")
      ->capture_default_str();
  eventCreate->add_option("--organizer-qris", organizerQris, "The organizer's static QRIS payload");
  auto* eventClose = eventCmd->add_subcommand("close", "Close an event (later uploads are stored, flagged late)");
  addStoreOptions(eventClose, db, pg);
  eventClose->add_option("--code", eventCode, "Event code")->required();
  auto* eventReopen = eventCmd->add_subcommand("reopen", "Reopen a closed event");
  addStoreOptions(eventReopen, db, pg);
  eventReopen->add_option("--code", eventCode, "Event code")->required();
  auto* eventList = eventCmd->add_subcommand("list", "List events");
  addStoreOptions(eventList, db, pg);

  auto* catalogCmd = app.add_subcommand("catalog", "Event catalog");
  catalogCmd->require_subcommand(1);
  auto* catalogImport = catalogCmd->add_subcommand("import", "Import vendors.csv and products.csv (all or nothing)");
  addStoreOptions(catalogImport, db, pg);
  catalogImport->add_option("--event", eventCode, "Event code")->required();
  catalogImport->add_option("--vendors", vendorsPath, "vendors.csv")->required();
  catalogImport->add_option("--products", productsPath, "products.csv")->required();

  auto* vendorCmd = app.add_subcommand("vendor", "Vendor settings");
  vendorCmd->require_subcommand(1);
  auto* vendorCommission = vendorCmd->add_subcommand("commission", "Set the organizer's commission on a vendor's net sales");
  addStoreOptions(vendorCommission, db, pg);
  vendorCommission->add_option("--event", eventCode, "Event code")->required();
  auto* vendorOpt = vendorCommission->add_option("--vendor", vendorCode, "Vendor code");
  auto* allOpt = vendorCommission->add_flag("--all", allVendors, "Every vendor of the event");
  vendorOpt->excludes(allOpt);
  vendorCommission->add_option("--percent", percentText, "Commission, e.g. 10 or 12,5")->required();

  auto* deviceCmd = app.add_subcommand("device", "Kiosk devices");
  deviceCmd->require_subcommand(1);
  auto* deviceEnroll = deviceCmd->add_subcommand("enroll", "Make a one-time enrollment code for a kiosk");
  addStoreOptions(deviceEnroll, db, pg);
  deviceEnroll->add_option("--event", eventCode, "Event code")->required();
  deviceEnroll->add_option("--name", name, "Device name, e.g. 'Kios Pintu Utara'")->required();
  deviceEnroll->add_option("--booth", booth, "Booth label");
  deviceEnroll->add_option("--vendor", vendorCode, "The vendor whose own booth this kiosk is");
  deviceEnroll->add_option("--ttl-minutes", ttlMinutes, "Minutes until the code expires")
      ->capture_default_str()
      ->check(CLI::Range(1, 60 * 24 * 30));
  auto* deviceRevoke = deviceCmd->add_subcommand("revoke", "Revoke a device's token");
  addStoreOptions(deviceRevoke, db, pg);
  deviceRevoke->add_option("--event", eventCode, "Event code")->required();
  deviceRevoke->add_option("--device", deviceCode, "Device code, e.g. K01")->required();
  auto* deviceList = deviceCmd->add_subcommand("list", "Devices of an event with sync status and missing sequence numbers");
  addStoreOptions(deviceList, db, pg);
  deviceList->add_option("--event", eventCode, "Event code")->required();

  auto* tokenCmd = app.add_subcommand("token", "Organizer tokens");
  tokenCmd->require_subcommand(1);
  auto* tokenCreate = tokenCmd->add_subcommand("create", "Make an organizer token (printed once, stored hashed)");
  addStoreOptions(tokenCreate, db, pg);
  tokenCreate->add_option("--role", role, "organizer")->required()->check(CLI::IsMember({"organizer"}));
  tokenCreate->add_option("--name", name, "Who holds the token")->required();
  auto* tokenRevoke = tokenCmd->add_subcommand("revoke", "Revoke every token with this name");
  addStoreOptions(tokenRevoke, db, pg);
  tokenRevoke->add_option("--name", name, "Token name")->required();

  std::string year, withCode;
  auto* reportCmd = app.add_subcommand("report", "Event totals over all booths, or every event of a year together");
  addStoreOptions(reportCmd, db, pg);
  auto* reportEvent = reportCmd->add_option("--event", eventCode, "Event code");
  auto* reportYear = reportCmd->add_option("--year", year, "Every event starting in this year (YYYY), with by_event and by_ikm");
  reportEvent->excludes(reportYear);
  reportCmd->add_option("--format", format, "json|csv|table|pdf|xlsx (xlsx: the work-meeting workbook, needs --out)")
      ->check(CLI::IsMember({"json", "csv", "table", "pdf", "xlsx"}));
  reportCmd->add_option("--out", outPath, "Write to this file instead of stdout");

  auto* compareCmd = app.add_subcommand("compare", "One event against another: both reports and the change in percent");
  addStoreOptions(compareCmd, db, pg);
  compareCmd->add_option("--event", eventCode, "This event (a)")->required();
  compareCmd->add_option("--with", withCode, "The event to compare it with (b), usually an earlier one")->required();
  compareCmd->add_option("--format", format, "json|table")->check(CLI::IsMember({"json", "table"}));
  compareCmd->add_option("--out", outPath, "Write to this file instead of stdout");

  auto* settlementCmd = app.add_subcommand("settlement", "What each vendor is owed");
  addStoreOptions(settlementCmd, db, pg);
  settlementCmd->add_option("--event", eventCode, "Event code")->required();
  settlementCmd->add_option("--format", format, "json|csv")->check(CLI::IsMember({"json", "csv"}));
  settlementCmd->add_option("--out", outPath, "Write to this file instead of stdout");
  settlementCmd->add_option("--pdf-dir", pdfDir, "Also write one PDF statement per vendor here");

  auto* stockCmd = app.add_subcommand("stock", "The consignment ledger: every vendor's goods over all booths");
  addStoreOptions(stockCmd, db, pg);
  stockCmd->add_option("--event", eventCode, "Event code")->required();
  stockCmd->add_option("--format", format, "json|csv|table")->check(CLI::IsMember({"json", "csv", "table"}));
  stockCmd->add_option("--out", outPath, "Write to this file instead of stdout");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    for (char& c : what)
      if (c == '\n') c = ' ';
    std::fprintf(stderr, "pameran-server: %s (see --help)\n", what.c_str());
    return 2;
  }

  try {
    const core::EpochMs now = core::systemClock()();
    if (*serveCmd) {
      serveOptions.accessLog = accessLog;
      serveOptions.sessionMinutes = sessionHours * 60;
      if (!configPath.empty())
        sync::applyServeConfig(orDie(sync::readServeConfig(configPath)),
                               [&](const std::string& flag) { return serveCmd->count(flag) > 0; }, db, pg, listen, serveOptions);
      for (const std::string& file : {serveOptions.accessLog, serveOptions.logFile}) {
        if (file.empty() || file == "-") continue;
        std::FILE* probe = std::fopen(file.c_str(), "a");
        if (!probe) die("cannot open the log file " + file);
        std::fclose(probe);
      }
      return serve(db, pg, listen, serveOptions, storeLimits);
    }
    if (*backupCmd) {
      if (!configPath.empty() && db.empty() && pg.empty()) {
        const sync::ServeConfig file = orDie(sync::readServeConfig(configPath));
        db = file.db;
        pg = file.pg;
      }
      checkStoreChoice(db, pg);
      if (!pg.empty()) die("a PostgreSQL store is backed up with pg_dump (see the README), not with pameran-server backup");
      sync::ServerBackupRequest request{db, outPath, backupDir, backupKeep, now};
      const sync::ServerBackupReport done = orDie(sync::backupServer(request));
      for (const std::string& old : done.removed) std::printf("removed older backup %s\n", old.c_str());
      std::printf("backed up %s to %s: %.1f MB, integrity ok, in %.1f s\n", db.c_str(), done.written.c_str(),
                  static_cast<double>(done.summary.bytes) / 1e6, done.summary.seconds);
      return 0;
    }
    if (*eventCreate) {
      // Checked before the store opens, so a bad code does not leave a new empty database behind.
      if (!core::isValidCode(eventCode)) die("event code must be 1-32 of A-Z a-z 0-9 - _ .");
      core::Event e;
      e.code = eventCode;
      e.name = name;
      e.venue = venue;
      e.startDate = start;
      e.endDate = end;
      e.tzOffsetMinutes = tzOffset;
      e.cutoffHour = cutoffHour;
      e.organizerQris = organizerQris;
      const core::Event made = orDie(openStore(db, pg)->createEvent(e));
      std::printf("event %s created: %s (%s, business day from %02d:00)\n", made.code.c_str(), made.name.c_str(),
                  core::zoneName(made.tzOffsetMinutes).c_str(), made.cutoffHour);
      return 0;
    }
    if (*eventClose || *eventReopen) {
      const bool open = static_cast<bool>(*eventReopen);
      orDie(openExisting(db, pg)->setEventOpen(eventCode, open));
      std::printf("event %s %s\n", eventCode.c_str(), open ? "reopened" : "closed; later uploads are stored and flagged late");
      return 0;
    }
    if (*eventList) {
      for (const core::Event& e : openExisting(db, pg)->events())
        std::printf("%s\t%s\t%s\n", e.code.c_str(), e.open ? "open" : "closed", e.name.c_str());
      return 0;
    }
    if (*catalogImport) {
      const std::string vendorsText = readFile(vendorsPath);
      const std::string productsText = readFile(productsPath);
      const core::CatalogFiles files = orDie(core::parseCatalog(vendorsText, vendorsPath, productsText, productsPath));
      const auto summary = orDie(openExisting(db, pg)->importCatalog(eventCode, files));
      std::printf("imported %lld vendors and %lld products into %s\n", static_cast<long long>(summary.vendors),
                  static_cast<long long>(summary.products), eventCode.c_str());
      return 0;
    }
    if (*vendorCommission) {
      if (vendorCode.empty() && !allVendors) die("name a vendor with --vendor CODE, or use --all");
      const std::int32_t bp = orDie(core::parsePercentBp(percentText));
      orDie(openExisting(db, pg)->setCommission(eventCode, allVendors ? std::string{} : vendorCode, bp));
      std::printf("commission %s set to %d.%02d %%\n", allVendors ? "of every vendor" : ("of " + vendorCode).c_str(),
                  bp / 100, bp % 100);
      return 0;
    }
    if (*deviceEnroll) {
      auto store = openExisting(db, pg);
      const std::string code = sync::newEnrollmentCode();
      sync::EnrollmentTicket t;
      t.eventCode = eventCode;
      t.name = name;
      t.booth = booth;
      t.vendorCode = vendorCode;
      t.codeHash = sync::secretHash(sync::normalizeEnrollmentCode(code));
      t.expiresAt = now + static_cast<core::EpochMs>(ttlMinutes) * 60'000;
      const auto device = orDie(store->createEnrollment(t, now));
      std::printf("device %s (%s) added to %s; the code works once, until %s UTC\n", device.deviceCode.c_str(),
                  name.c_str(), eventCode.c_str(), core::isoUtc(t.expiresAt).c_str());
      std::printf("%s\n", code.c_str());
      return 0;
    }
    if (*deviceRevoke) {
      orDie(openExisting(db, pg)->revokeDevice(eventCode, deviceCode, now));
      std::printf("device %s revoked\n", deviceCode.c_str());
      return 0;
    }
    if (*deviceList) {
      const auto list = orDie(openExisting(db, pg)->devices(eventCode));
      for (const auto& d : list) {
        std::string gaps;
        for (const auto& r : d.missing)
          gaps += (gaps.empty() ? "" : ",") + (r.first == r.last ? std::to_string(r.first) : fmt::format("{}-{}", r.first, r.last));
        const std::string audit = d.auditFirstBad > 0 ? fmt::format("{}@{}", d.audit, d.auditFirstBad) : d.audit;
        std::printf("%s\t%s\t%s\tsales=%lld\thighest=%lld\tmissing=%s\tlast=%s\taudit=%s\n", d.code.c_str(), d.name.c_str(),
                    d.revoked ? "revoked" : d.enrolled ? "enrolled" : "waiting", static_cast<long long>(d.salesCount),
                    static_cast<long long>(d.maxSeq), gaps.empty() ? "-" : gaps.c_str(),
                    d.lastUploadAt ? core::isoUtc(d.lastUploadAt).c_str() : "never", audit.c_str());
      }
      return 0;
    }
    if (*tokenCreate) {
      const std::string token = sync::newToken();
      orDie(openExisting(db, pg)->createToken(core::Role::Organizer, name, sync::secretHash(token), now));
      std::printf("organizer token for %s (shown once; only its hash is stored)\n", name.c_str());
      std::printf("%s\n", token.c_str());
      return 0;
    }
    if (*tokenRevoke) {
      const auto n = orDie(openExisting(db, pg)->revokeToken(name, now));
      std::printf("%lld token(s) revoked\n", static_cast<long long>(n));
      return 0;
    }
    if (*reportCmd) {
      if (eventCode.empty() == year.empty()) die("report needs --event CODE or --year YYYY");
      if (format == "xlsx" && outPath.empty()) die("--format xlsx writes a workbook: give it --out FILE.xlsx");
      if (format == "pdf" && !year.empty()) die("--format pdf is for one event; a year has json, csv, table or xlsx");
      auto store = openExisting(db, pg);
      if (format == "xlsx") {
        const sync::WorkbookContent content =
            orDie(year.empty() ? sync::eventWorkbook(*store, eventCode, now) : sync::yearWorkbook(*store, year, now));
        orDie(sync::writeWorkbook(outPath, content));
        return 0;
      }
      const core::Report report = orDie(year.empty() ? store->report(eventCode) : sync::yearReport(*store, year));
      if (format.empty() || format == "json") output(core::reportToJson(report) + "\n", outPath);
      else if (format == "csv") output(core::reportToCsv(report), outPath);
      else if (format == "table") output(core::reportToTable(report), outPath);
      else output(orDie(sync::reportPdf(report, orDie(store->event(eventCode)), now)), outPath);
      return 0;
    }
    if (*compareCmd) {
      auto store = openExisting(db, pg);
      const core::Comparison c = orDie(sync::compareEvents(*store, eventCode, withCode));
      output(format == "table" ? core::comparisonToTable(c) : core::comparisonToJson(c) + "\n", outPath);
      return 0;
    }
    if (*settlementCmd) {
      auto store = openExisting(db, pg);
      const core::Event event = orDie(store->event(eventCode));
      const core::Settlement s = orDie(store->settlement(eventCode));
      // Every PDF is made before anything is written: a failure leaves no partial set behind.
      std::vector<std::pair<std::string, std::string>> pdfs;
      const core::StockLedger goods = orDie(store->stockLedger(eventCode));
      if (!pdfDir.empty()) {
        for (const core::SettlementRow& row : s.vendors)
          pdfs.emplace_back(fmt::format("{}-{}.pdf", event.code, row.vendorCode), orDie(sync::settlementPdf(row, event, now, &goods)));
        std::error_code ec;
        std::filesystem::create_directories(pdfDir, ec);
        if (ec) die("cannot create " + pdfDir + ": " + ec.message());
      }
      for (const auto& [file, bytes] : pdfs) writeFile((std::filesystem::path(pdfDir) / file).string(), bytes);
      output(format == "csv" ? core::settlementToCsv(s) : core::settlementToJson(s, goods) + "\n", outPath);
      return 0;
    }
    if (*stockCmd) {
      const core::StockLedger ledger = orDie(openExisting(db, pg)->stockLedger(eventCode));
      if (format == "csv") output(core::stockLedgerToCsv(ledger), outPath);
      else if (format == "table") output(core::stockLedgerToTable(ledger), outPath);
      else output(core::stockLedgerToJson(ledger) + "\n", outPath);
      return 0;
    }
    die("no command given (see --help)");
  } catch (const CommandError& e) {
    std::fprintf(stderr, "pameran-server: %s\n", e.message.c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pameran-server: %s\n", e.what());
    return 1;
  }
}
