#include "cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "files.hpp"
#include "kiosk_config.hpp"
#include "stock_commands.hpp"
#include "sync_commands.hpp"
#include "pameran/assets.hpp"
#include "pameran/core/backup.hpp"
#include "pameran/core/csv.hpp"
#include "pameran/core/demo.hpp"
#include "pameran/core/store.hpp"

namespace pameran::kiosk {
namespace {

using namespace pameran::core;

constexpr const char* kProgram = "pameran-kiosk";

int error(const std::string& message) {
  std::cerr << kProgram << ": error: " << message << "\n";
  return 1;
}

int error(const Error& e) { return error(e.message); }

// Commands that only read or add to a kiosk refuse a path that holds no database, rather than
// leaving an empty one behind.
Result<std::unique_ptr<Store>> openStore(const std::string& path, bool mayCreate) {
  if (!mayCreate && !std::filesystem::exists(path))
    return fail(Errc::NotFound, path + ": no such database (seed-demo or catalog import creates one)");
  return Store::open(path);
}

Result<std::string> demoAsset(std::string_view name) {
  auto data = assets::find(name);
  if (!data) return fail(Errc::NotFound, std::string("missing built-in asset ") + std::string(name));
  return std::string(*data);
}

// The event a command names, or the kiosk's current one when it names none.
Result<std::string> eventOrCurrent(Store& store, std::string event) {
  if (!event.empty()) return event;
  auto current = store.catalog().currentEvent();
  if (!current) return current.failure();
  return current->code;
}

int writeOutput(const std::string& out, const std::string& data) {
  if (out.empty()) {
    std::cout << data;
    if (!data.empty() && data.back() != '\n') std::cout << "\n";
    return 0;
  }
  if (auto ok = writeFileAtomic(out, data); !ok) return error(ok.error());
  return 0;
}

int seedDemoCommand(const std::string& db, bool staffOnly) {
  auto store = openStore(db, true);
  if (!store) return error(store.error());
  if (staffOnly) {
    auto added = seedDemoStaff(**store);
    if (!added) return error(added.error());
    std::cout << (*added ? "added the demo staff to " : "the demo staff are already on ") << db << "\n";
    return 0;
  }
  auto vendors = demoAsset("demo/vendors.csv");
  auto products = demoAsset("demo/products.csv");
  if (!vendors || !products) return error("the demo catalog is missing from this build");
  auto seeded = seedDemo(**store, *vendors, *products);
  if (!seeded) return error(seeded.error());
  if (*seeded)
    std::cout << "seeded demo event " << kDemoEventCode << " into " << db << "\n";
  else
    std::cout << db << " already holds an event; nothing changed\n";
  return 0;
}

int catalogImportCommand(const std::string& db, const std::string& event, const std::string& eventName,
                         const std::string& vendorsPath, const std::string& productsPath) {
  if (!isValidCode(event)) return error("event code '" + event + "' must be 1-32 letters, digits, '-', '_' or '.'");
  auto vendorsText = readFile(vendorsPath);
  if (!vendorsText) return error(vendorsText.error());
  auto productsText = readFile(productsPath);
  if (!productsText) return error(productsText.error());
  // Validate both files before the database is even opened: a bad file changes nothing.
  auto files = parseCatalog(*vendorsText, vendorsPath, *productsText, productsPath);
  if (!files) return error(files.error());
  auto store = openStore(db, true);
  if (!store) return error(store.error());
  auto sum = (*store)->catalog().importFiles(*files, event, eventName, "catalog import");
  if (!sum) return error(sum.error());
  std::cout << fmt::format("{} {}: {} vendors ({} new), {} products ({} new), {} stock changes\n",
                           sum->eventCreated ? "created event" : "updated event", event, files->vendors.size(),
                           sum->vendorsAdded, files->products.size(), sum->productsAdded, sum->stockChanges);
  return 0;
}

int catalogExportCommand(const std::string& db, std::string eventArg, const std::string& vendorsPath,
                         const std::string& productsPath) {
  auto store = openStore(db, false);
  if (!store) return error(store.error());
  auto event = eventOrCurrent(**store, std::move(eventArg));
  if (!event) return error(event.error());
  auto files = (*store)->catalog().exportFiles(*event);
  if (!files) return error(files.error());
  if (auto ok = writeFileAtomic(vendorsPath, writeVendorsCsv(files->vendors)); !ok) return error(ok.error());
  if (auto ok = writeFileAtomic(productsPath, writeProductsCsv(files->products)); !ok) return error(ok.error());
  std::cout << fmt::format("exported {} vendors and {} products of {}\n", files->vendors.size(), files->products.size(), *event);
  return 0;
}

int staffAddCommand(const std::string& db, const std::string& name, const std::string& roleText, const std::string& pin) {
  const auto role = parseRole(roleText);
  if (!role) return error("role must be cashier, supervisor or organizer");
  auto store = openStore(db, false);
  if (!store) return error(store.error());
  auto staff = (*store)->staff().add(name, *role, pin);
  if (!staff) return error(staff.error());
  std::cout << fmt::format("added {} ({})\n", staff->name, toString(staff->role));
  return 0;
}

int reportCommand(const std::string& db, std::string eventArg, const std::string& format, const std::string& out) {
  auto store = openStore(db, false);
  if (!store) return error(store.error());
  auto event = eventOrCurrent(**store, std::move(eventArg));
  if (!event) return error(event.error());
  auto report = (*store)->reports().report(*event);
  if (!report) return error(report.error());
  const std::string text = format == "csv" ? reportToCsv(*report) : format == "table" ? reportToTable(*report) : reportToJson(*report);
  return writeOutput(out, text);
}

int settlementCommand(const std::string& db, std::string eventArg, const std::string& format, const std::string& out) {
  auto store = openStore(db, false);
  if (!store) return error(store.error());
  auto event = eventOrCurrent(**store, std::move(eventArg));
  if (!event) return error(event.error());
  auto settlement = (*store)->reports().settlement(*event);
  if (!settlement) return error(settlement.error());
  return writeOutput(out, format == "csv" ? settlementToCsv(*settlement) : settlementToJson(*settlement));
}

int simulateCommand(const std::string& db, std::int64_t sales, std::uint64_t seed, bool restock) {
  auto store = openStore(db, false);
  if (!store) return error(store.error());
  auto sum = simulateSales(**store, sales, seed, restock);
  if (!sum) return error(sum.error());
  if (sum->intakes > 0)
    std::cout << fmt::format("took in {} units in {} batches as vendors would when a product sold out (--no-restock: stop instead)\n",
                             sum->intakeUnits, sum->intakes);
  std::cout << fmt::format("simulated {} sales ({} refunds, {} voids), net {}\n", sum->sales, sum->refunds, sum->voids,
                           formatRupiah(sum->total));
  return 0;
}

int auditVerifyCommand(const std::string& db) {
  auto store = openStore(db, false);
  if (!store) return error(store.error());
  auto check = (*store)->audit().check();
  if (!check) return error(check.error());
  if (!check->intact()) return error(check->problem);
  std::cout << fmt::format("audit log intact ({} entries)\n", check->entries);
  return 0;
}

int backupCommand(const std::string& db, const std::string& out) {
  BackupOptions options;
  options.requiredTable = "outbox";
  options.kind = "kiosk database";
  auto done = backupDatabase(db, out, options);
  if (!done) return error(done.error());
  std::cout << fmt::format("backed up {} to {}: {:.1f} MB, integrity ok\n", db, out, static_cast<double>(done->bytes) / 1e6);
  return 0;
}

}  // namespace

int runCommandLine(int argc, char** argv) {
  CLI::App app{"Pameran POS kiosk. Without a command it opens the kiosk window.", kProgram};
  app.require_subcommand(0, 1);
  WindowOptions window;
  app.add_option("--db", window.db, "Kiosk database (default: ~/.local/share/pameran/kiosk.db)");
  app.add_option("--lang", window.lang, "Language of the window: id or en")->check(CLI::IsMember({"id", "en"}));
  app.add_flag("--fullscreen", window.fullscreen, "Open full screen");
  app.add_flag("--demo", window.demo, "Seed the demo exhibition into an empty database first");
  app.add_flag("--customer-display", window.customerDisplay,
               "Also open a window facing the buyer (cart, total, the QRIS to scan, change and thanks), on the second monitor when "
               "there is one");
  std::string size, configPath;
  app.add_option("--size", size, "Window size WIDTHxHEIGHT when not full screen (default 1280x800)");
  app.add_option("--config", configPath, std::string("Settings file (default ") + kKioskConfigPath + " when it exists)");

  std::string db, event, eventName, vendors, products, name, role, pin, format = "json", out;
  std::int64_t sales = 0;
  std::uint64_t seed = 1;

  auto* seedDemoCmd = app.add_subcommand("seed-demo", "Seed the demo exhibition without opening a window");
  seedDemoCmd->add_option("--db", db, "Kiosk database")->required();
  bool staffOnly = false;
  seedDemoCmd->add_flag("--staff-only", staffOnly,
                        "Only add the demo staff (PINs 1234 and 4321) to a kiosk whose catalog came from a server");

  auto* catalog = app.add_subcommand("catalog", "Import or export the catalog as CSV");
  catalog->require_subcommand(1);
  auto* importCmd = catalog->add_subcommand("import", "Import vendors.csv and products.csv for an event (all or nothing)");
  importCmd->add_option("--db", db, "Kiosk database")->required();
  importCmd->add_option("--event", event, "Event code; created if new and made current")->required();
  importCmd->add_option("--event-name", eventName, "Event name");
  importCmd->add_option("--vendors", vendors, "vendors.csv")->required();
  importCmd->add_option("--products", products, "products.csv")->required();
  auto* exportCmd = catalog->add_subcommand("export", "Export the current event's catalog as CSV");
  exportCmd->add_option("--db", db, "Kiosk database")->required();
  exportCmd->add_option("--event", event, "Event code (default: current)");
  exportCmd->add_option("--vendors", vendors, "vendors.csv to write")->required();
  exportCmd->add_option("--products", products, "products.csv to write")->required();

  auto* staffCmd = app.add_subcommand("staff", "Manage kiosk staff");
  staffCmd->require_subcommand(1);
  auto* staffAdd = staffCmd->add_subcommand("add", "Add a staff member with a PIN");
  staffAdd->add_option("--db", db, "Kiosk database")->required();
  staffAdd->add_option("--name", name, "Name")->required();
  staffAdd->add_option("--role", role, "cashier, supervisor or organizer")->required();
  staffAdd->add_option("--pin", pin, "4 to 8 digits (6 to 8 for a supervisor or organizer), unique on this kiosk")->required();

  auto* reportCmd = app.add_subcommand("report", "Local sales totals (report JSON of DESIGN.md)");
  reportCmd->add_option("--db", db, "Kiosk database")->required();
  reportCmd->add_option("--event", event, "Event code (default: current)");
  reportCmd->add_option("--format", format, "json, csv or table")->check(CLI::IsMember({"json", "csv", "table"}));
  reportCmd->add_option("--out", out, "Write to this file instead of stdout");

  auto* settlementCmd = app.add_subcommand("settlement", "What each vendor is owed, from this kiosk's sales");
  settlementCmd->add_option("--db", db, "Kiosk database")->required();
  settlementCmd->add_option("--event", event, "Event code (default: current)");
  settlementCmd->add_option("--format", format, "json or csv")->check(CLI::IsMember({"json", "csv"}));
  settlementCmd->add_option("--out", out, "Write to this file instead of stdout");

  auto* simulateCmd = app.add_subcommand("simulate", "Ring up N random valid sales through the sale path");
  simulateCmd->add_option("--db", db, "Kiosk database")->required();
  simulateCmd->add_option("--sales", sales, "Number of sales")->required()->check(CLI::Range(std::int64_t{0}, std::int64_t{10'000'000}));
  simulateCmd->add_option("--seed", seed, "Random seed");
  bool noRestock = false;
  simulateCmd->add_flag("--no-restock", noRestock, "Stop when stock runs out instead of taking in more as vendors would");

  auto* auditCmd = app.add_subcommand("audit", "The audit log of privileged actions");
  auditCmd->require_subcommand(1);
  auto* auditVerify = auditCmd->add_subcommand("verify", "Check the audit log's hash chain");
  auditVerify->add_option("--db", db, "Kiosk database")->required();

  auto* backupCmd = app.add_subcommand("backup", "A consistent copy of the database (e.g. to a USB stick), also while selling");
  backupCmd->add_option("--db", db, "Kiosk database")->required();
  backupCmd->add_option("--out", out, "The copy to write (never the database itself)")->required();

  SyncCommandOptions syncOptions;
  const SyncCommands syncCmds = addSyncCommands(app, syncOptions);
  StockCommandOptions stockOptions;
  const StockCommands stockCmds = addStockCommands(app, stockOptions);

  OrganizerOptions organizerOptions;
  std::string organizerSize;
  auto* organizerCmd = app.add_subcommand("organizer", "The organizer console: every booth's figures from the central server");
  organizerCmd->add_option("--server", organizerOptions.server, "The central server, https://host[:port]")->required();
  organizerCmd->add_option("--token-file", organizerOptions.tokenFile, "A file holding the organizer token alone")->required();
  organizerCmd->add_option("--event", organizerOptions.event, "Event code to open (default: the server's current event)");
  organizerCmd->add_option("--lang", organizerOptions.lang, "Language of the window: id or en")->check(CLI::IsMember({"id", "en"}));
  organizerCmd->add_option("--size", organizerSize, "Window size WIDTHxHEIGHT (default 1280x800)");
  organizerCmd->add_flag("--fullscreen", organizerOptions.fullscreen, "Open full screen (a projector)");
  organizerCmd->add_option("--ca-file", organizerOptions.caFile, "Extra CA certificate (PEM) for a private server certificate");
  organizerCmd->add_option("--cache", organizerOptions.cachePath,
                           "Where the last answers are kept for offline start (default ~/.cache/pameran/organizer-HOST.json)");
  organizerCmd->add_option("--downloads", organizerOptions.downloadDir, "Folder for PDFs, CSVs and the workbook (default ~/Downloads/Pameran)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string message = e.what();
    for (char& c : message)
      if (c == '\n') c = ' ';
    std::cerr << kProgram << ": error: " << message << " (see --help)\n";
    return 2;
  }

  if (*seedDemoCmd) return seedDemoCommand(db, staffOnly);
  if (*importCmd) return catalogImportCommand(db, event, eventName, vendors, products);
  if (*exportCmd) return catalogExportCommand(db, event, vendors, products);
  if (*staffAdd) return staffAddCommand(db, name, role, pin);
  if (*reportCmd) return reportCommand(db, event, format, out);
  if (*settlementCmd) return settlementCommand(db, event, format, out);
  if (*simulateCmd) return simulateCommand(db, sales, seed, !noRestock);
  if (*auditVerify) return auditVerifyCommand(db);
  if (*backupCmd) return backupCommand(db, out);
  if (*stockCmds.intake) return stockIntakeCommand(stockOptions);
  if (*stockCmds.giveBack) return stockReturnCommand(stockOptions);
  if (*stockCmds.levels) return stockLevelsCommand(stockOptions);
  if (*stockCmds.labels) return labelsCommand(stockOptions);
  if (*syncCmds.enroll) return enrollCommand(syncOptions);
  if (*syncCmds.sync) return syncCommand(syncOptions);
  auto parseSize = [](const std::string& text, int& width, int& height) {
    int w = 0, h = 0;
    char x = 0;
    if (std::sscanf(text.c_str(), "%d%c%d", &w, &x, &h) != 3 || (x != 'x' && x != 'X') || w < 640 || h < 480 || w > 7680 || h > 4320)
      return false;
    width = w;
    height = h;
    return true;
  };
  if (*organizerCmd) {
    if (!organizerSize.empty() && !parseSize(organizerSize, organizerOptions.width, organizerOptions.height))
      return error("--size must be WIDTHxHEIGHT, at least 640x480 (e.g. 1920x1080)");
    return runOrganizer(organizerOptions);
  }
  if (!size.empty() && !parseSize(size, window.width, window.height))
    return error("--size must be WIDTHxHEIGHT, at least 640x480 (e.g. 1920x1080)");
  if (configPath.empty() && std::filesystem::exists(kKioskConfigPath)) configPath = kKioskConfigPath;
  if (!configPath.empty()) {
    auto config = readKioskConfig(configPath);
    if (!config) return error(config.error());
    if (window.db.empty()) window.db = config->database;
    if (window.lang.empty()) window.lang = config->language;
    window.server = config->server;
    window.caFile = config->caFile;
    window.deviceName = config->name;
  }
  if (window.db.empty()) window.db = defaultDatabasePath();
  return runWindow(window);
}

}  // namespace pameran::kiosk
