// What only the PostgreSQL store has to prove: several processes (here: several stores, each with
// its own connections, as each pameran-server process has) migrating at once, storing overlapping
// uploads at once, connections dropped under them, durability settings checked, and the
// pameran-server commands with --pg instead of --db.
#include <sys/wait.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <array>
#include <atomic>
#include <deque>
#include <cstdio>
#include <fstream>
#include <latch>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "../server_command_fixture.hpp"
#include "store_backends.hpp"
#include "store_sql.hpp"

namespace pameran::sync {
namespace {

using namespace pameran::sync::testing;
using nlohmann::json;
using namespace std::chrono_literals;

TEST(PgStore, ProcessesStartingAtOnceMigrateOnce) {
  PgCluster& pg = pgCluster();
  const std::string db = uniqueDatabaseName("migrate");
  const std::string uri = pg.createDatabase(db);
  constexpr int kProcesses = 6;
  std::vector<std::string> errors(kProcesses);
  std::latch go(kProcesses);
  std::vector<std::thread> threads;
  for (int i = 0; i < kProcesses; ++i)
    threads.emplace_back([&, i] {
      go.arrive_and_wait();
      auto store = openPgStore(uri);
      if (!store) errors[static_cast<std::size_t>(i)] = store.error().message;
    });
  for (auto& t : threads) t.join();
  for (const std::string& e : errors) EXPECT_EQ(e, "");
  EXPECT_EQ(pg.queryValue(db, "SELECT version FROM schema_version"), std::to_string(sql::kSchemaVersion));
  EXPECT_EQ(pg.queryValue(db, "SELECT count(*) FROM schema_version"), "1");
  EXPECT_EQ(pg.queryValue(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'sales'"), "1");
  // A database migrated by a newer server is refused, not changed.
  pg.exec(db, "UPDATE schema_version SET version = 99");
  const auto newer = openPgStore(uri);
  ASSERT_FALSE(newer);
  EXPECT_NE(newer.error().message.find("newer than this server"), std::string::npos) << newer.error().message;
  EXPECT_EQ(pg.queryValue(db, "SELECT version FROM schema_version"), "99");
}

TEST(PgStore, WithoutCreateSchemaAnEmptyDatabaseIsRefusedAndLeftEmpty) {
  PgCluster& pg = pgCluster();
  const std::string db = uniqueDatabaseName("empty");
  const std::string uri = pg.createDatabase(db);
  PgStoreOptions options;
  options.createSchema = false;
  const auto refused = openPgStore(uri, options);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::Errc::NotFound);
  EXPECT_EQ(pg.queryValue(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
}

TEST(PgStore, RefusesAServerThatDoesNotSyncCommitsToDisk) {
  PgCluster& pg = pgCluster();
  const std::string db = uniqueDatabaseName("fsync");
  const std::string uri = pg.createDatabase(db);
  pg.exec("postgres", "ALTER SYSTEM SET fsync = off");
  pg.exec("postgres", "SELECT pg_reload_conf()");
  for (int i = 0; i < 100 && pg.queryValue(db, "SHOW fsync") != "off"; ++i) std::this_thread::sleep_for(10ms);
  const auto refused = openPgStore(uri);
  pg.exec("postgres", "ALTER SYSTEM RESET fsync");
  pg.exec("postgres", "SELECT pg_reload_conf()");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("fsync=off"), std::string::npos) << refused.error().message;
  for (int i = 0; i < 100 && pg.queryValue(db, "SHOW fsync") != "on"; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(openPgStore(uri));
}

TEST(PgStore, MessagesNeverShowThePassword) {
  EXPECT_EQ(redactPgUri("postgresql://pameran:rahasia@db.local:5432/pameran"), "postgresql://pameran:***@db.local:5432/pameran");
  EXPECT_EQ(redactPgUri("host=db user=pameran password=rahasia dbname=p"), "host=db user=pameran password=*** dbname=p");
  EXPECT_EQ(redactPgUri("postgresql://db/p?user=x&password=rahasia&sslmode=require"),
            "postgresql://db/p?user=x&password=***&sslmode=require");
  EXPECT_EQ(redactPgUri("postgresql://pameran@db/p"), "postgresql://pameran@db/p");
  const auto failed = openPgStore("postgresql://pameran:rahasia@127.0.0.1:1/p");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message.find("rahasia"), std::string::npos) << failed.error().message;
  EXPECT_EQ(failed.error().message.find('\n'), std::string::npos) << failed.error().message;
}

TEST(PgStore, ADroppedConnectionIsReopenedWithoutLosingAnUpload) {
  PgCluster& pg = pgCluster();
  const std::string db = uniqueDatabaseName("dropped");
  TempDir dir;
  auto store = orThrow(openPgStore(pg.createDatabase(db)));
  core::Event e;
  e.code = kEvent;
  e.name = "Pameran";
  ASSERT_TRUE(store->createEvent(e));
  ASSERT_TRUE(store->importCatalog(kEvent, demoCatalog()));
  const Device dev = enrollDevice(*store);
  ASSERT_EQ(upload(*store, dev, {{simpleSale(dev.id, 1)}, {}, {}}).at(0).status, RecordStatus::Stored);
  // The server drops every connection of the store (a restart, a failover, an idle timeout).
  pg.exec("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
  ASSERT_EQ(upload(*store, dev, {{simpleSale(dev.id, 2)}, {}, {}}).at(0).status, RecordStatus::Stored);
  EXPECT_TRUE(store->ping());
  EXPECT_EQ(store->report(kEvent)->salesCount, 2);
}

// Two processes fill one event up to its money ceiling at the same moment: neither reads the
// other's uncommitted sales, so a group that finds the event full when it writes its rollups runs
// again with the event locked. The event ends exactly at its ceiling, never past it.
TEST(PgStore, ProcessesRacingToTheCeilingNeverTakeTheEventPastIt) {
  PgCluster& pg = pgCluster();
  const std::string uri = pg.createDatabase(uniqueDatabaseName("ceiling"));
  PgStoreOptions options;
  options.limits.eventCeilingIdr = 1'000'000;
  std::vector<std::unique_ptr<ServerStore>> processes;
  for (int p = 0; p < 2; ++p) processes.push_back(orThrow(openPgStore(uri, options)));
  core::Event e;
  e.code = kEvent;
  e.name = "Pameran";
  ASSERT_TRUE(processes[0]->createEvent(e));
  ASSERT_TRUE(processes[0]->importCatalog(kEvent, demoCatalog()));
  std::atomic<int> stored{0}, rejected{0}, failed{0};
  std::latch go(4);
  std::vector<std::thread> kiosks;
  for (int k = 0; k < 4; ++k)
    kiosks.emplace_back([&, k] {
      ServerStore& store = *processes[static_cast<std::size_t>(k % 2)];
      const Device dev = enrollDevice(store);
      go.arrive_and_wait();
      for (std::int64_t seq = 1; seq <= 15; ++seq) {
        const Upload one{{makeSale(dev.id, seq, {{"V01", core::Sector::Fesyen, 50'000, 1}})}, {}, {}};
        const IngestRequest req = toRequest(dev, one, 1'795'000'000'000);
        const auto r = store.ingest({&req});
        if (!r[0]) ++failed;
        else if (r[0]->at(0).status == RecordStatus::Stored) ++stored;
        else if (r[0]->at(0).status == RecordStatus::Rejected) ++rejected;
      }
    });
  for (auto& t : kiosks) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(stored.load(), 20);
  EXPECT_EQ(rejected.load(), 40);
  const auto report = processes[1]->report(kEvent);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->gross.idr(), 1'000'000);
  EXPECT_EQ(report->salesCount, 20);
  EXPECT_EQ(processes[0]->countRows("sales").value_or(-1), 20);
}

// Stores that share one database, each standing for a server process, store overlapping copies
// of the same devices' uploads at the same moment: retried batches, a kiosk's batch repeated to
// two processes, refunds that arrive before their sales. Every record is stored once, and the
// figures equal what one SQLite store makes of the same records one request at a time.
TEST(PgStore, ConcurrentProcessesStoreOverlappingUploadsExactlyOnce) {
  PgCluster& pg = pgCluster();
  TempDir dir;
  const std::string db = uniqueDatabaseName("concurrent");
  const std::string uri = pg.createDatabase(db);
  constexpr int kProcesses = 4;
  constexpr int kThreadsPerProcess = 2;
  constexpr int kDevices = 5;
  constexpr std::int64_t kSalesPerDevice = 60;
  std::vector<std::unique_ptr<ServerStore>> processes;
  for (int p = 0; p < kProcesses; ++p) processes.push_back(orThrow(openPgStore(uri)));
  ServerStore& admin = *processes[0];
  {
    core::Event e;
    e.code = kEvent;
    e.name = "Pameran";
    ASSERT_TRUE(admin.createEvent(e));
    ASSERT_TRUE(admin.importCatalog(kEvent, demoCatalog()));
  }
  auto reference = openSeededStore(Backend::Sqlite, dir);
  struct DeviceRecords {
    Device pgDevice, refDevice;
    std::vector<core::SaleRecord> sales;
    std::vector<core::RefundRecord> refunds;
  };
  std::vector<DeviceRecords> devices(kDevices);
  std::mt19937_64 rng(99);
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
  for (int d = 0; d < kDevices; ++d) {
    DeviceRecords& dr = devices[static_cast<std::size_t>(d)];
    dr.pgDevice = enrollDevice(admin, d == 0 ? "V02" : "");
    dr.refDevice = enrollDevice(*reference, d == 0 ? "V02" : "");
    for (std::int64_t seq = 1; seq <= kSalesPerDevice; ++seq) {
      core::SaleRecord sale = makeSale(dr.pgDevice.id, seq,
                                       {{"V01", core::Sector::Fesyen, pick(1, 80) * 1'000, pick(1, 3)},
                                        {"V02", core::Sector::Kriya, pick(1, 80) * 500, pick(1, 2), pick(0, 1) * 500}},
                                       core::kAllPaymentMethods[static_cast<std::size_t>(pick(0, 4))],
                                       kSaleTime + pick(0, 48) * 3'600'000);
      if (d == 0) sale.boothVendorCode = "V02";
      if (seq % 7 == 0) dr.refunds.push_back(makeRefund(sale, 1, 1));
      if (seq % 11 == 0) dr.refunds.push_back(makeVoid(sale));
      dr.sales.push_back(std::move(sale));
    }
  }
  // Every worker sends every record once in chunks of its own random sizes and order, one to
  // three devices' chunks per group; a refund told to retry goes round again. So each record
  // reaches the database eight times, often at the same moment through different stores.
  std::mutex mutex;
  std::map<std::string, int> storedTimes;
  std::atomic<int> failures{0};
  std::latch go(kProcesses * kThreadsPerProcess);
  std::vector<std::thread> workers;
  for (int w = 0; w < kProcesses * kThreadsPerProcess; ++w)
    workers.emplace_back([&, w] {
      ServerStore& store = *processes[static_cast<std::size_t>(w % kProcesses)];
      std::mt19937_64 local(static_cast<std::uint64_t>(w) + 1);
      auto draw = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(local); };
      struct Chunk {
        const Device* owner;
        Upload records;
      };
      std::deque<Chunk> queue;
      for (const DeviceRecords& dr : devices) {
        for (std::size_t i = 0; i < dr.sales.size();) {
          const std::size_t n = std::min(dr.sales.size() - i, 1 + draw(12));
          queue.push_back({&dr.pgDevice, {{dr.sales.begin() + static_cast<long>(i), dr.sales.begin() + static_cast<long>(i + n)}, {}, {}}});
          i += n;
        }
        for (std::size_t i = 0; i < dr.refunds.size(); i += 3)
          queue.push_back({&dr.pgDevice, {{}, {dr.refunds.begin() + static_cast<long>(i), dr.refunds.begin() + static_cast<long>(std::min(i + 3, dr.refunds.size()))}, {}}});
      }
      std::shuffle(queue.begin(), queue.end(), local);
      go.arrive_and_wait();
      for (int round = 0; round < 1000 && !queue.empty(); ++round) {
        std::vector<Chunk> group;
        for (std::size_t n = 1 + draw(3); n > 0 && !queue.empty(); --n) {
          group.push_back(std::move(queue.front()));
          queue.pop_front();
        }
        std::vector<IngestRequest> requests;
        for (const Chunk& c : group) requests.push_back(toRequest(*c.owner, c.records, 1'795'000'000'000));
        std::vector<const IngestRequest*> pointers;
        for (const IngestRequest& r : requests) pointers.push_back(&r);
        const auto results = store.ingest(pointers);
        std::lock_guard<std::mutex> lock(mutex);
        for (std::size_t i = 0; i < results.size(); ++i) {
          if (!results[i]) {
            ++failures;
            ADD_FAILURE() << results[i].error().message;
            continue;
          }
          Chunk again{group[i].owner, {}};
          for (const RecordResult& r : *results[i]) {
            if (r.status == RecordStatus::Stored) ++storedTimes[r.id];
            if (r.status == RecordStatus::Retry)
              for (const core::RefundRecord& refund : group[i].records.refunds)
                if (refund.uuid == r.id) again.records.refunds.push_back(refund);
            if (r.status == RecordStatus::Conflict || r.status == RecordStatus::Rejected)
              ADD_FAILURE() << toString(r.status) << ": " << r.reason;
          }
          if (!again.records.refunds.empty()) queue.push_back(std::move(again));
        }
      }
      if (!queue.empty()) ADD_FAILURE() << "worker " << w << " gave up with records unsent";
    });
  for (auto& t : workers) t.join();
  // Devices locked in id order and rollups upserted in key order: groups never wait in a circle.
  EXPECT_EQ(pg.queryValue("postgres", "SELECT deadlocks FROM pg_stat_database WHERE datname = '" + db + "'"), "0");
  EXPECT_EQ(failures.load(), 0);
  for (const auto& [id, n] : storedTimes) EXPECT_EQ(n, 1) << id << " was stored " << n << " times";

  // The reference: the same records, one device and request at a time, into SQLite.
  std::size_t records = 0;
  for (const DeviceRecords& dr : devices) {
    records += dr.sales.size() + dr.refunds.size();
    const Upload all{dr.sales, dr.refunds, {}};
    for (const RecordResult& r : upload(*reference, dr.refDevice, all)) EXPECT_EQ(r.status, RecordStatus::Stored) << r.reason;
  }
  EXPECT_EQ(storedTimes.size(), records);
  const std::int64_t sales = kDevices * kSalesPerDevice;
  EXPECT_EQ(admin.countRows("sales").value_or(-1), sales);
  EXPECT_EQ(admin.countRows("refunds").value_or(-1), reference->countRows("refunds").value_or(-2));
  EXPECT_EQ(core::reportToJson(*admin.report(kEvent)), core::reportToJson(*reference->report(kEvent)));
  EXPECT_EQ(core::settlementToJson(*admin.settlement(kEvent)), core::settlementToJson(*reference->settlement(kEvent)));
  const auto listed = admin.devices(kEvent);
  ASSERT_TRUE(listed);
  for (const DeviceStatus& d : *listed) {
    EXPECT_EQ(d.salesCount, kSalesPerDevice) << d.code;
    EXPECT_EQ(d.maxSeq, kSalesPerDevice) << d.code;
    EXPECT_TRUE(d.missing.empty()) << d.code;
    EXPECT_EQ(d.seqCollisions, 0) << d.code;
  }
}

// ---- the commands with --pg ---------------------------------------------------------------------

using Outcome = CommandOutcome;
using PgCli = ServerCommandTest;

TEST_F(PgCli, EveryCommandWorksOnPostgresWithPgInsteadOfDb) {
  PgCluster& pg = pgCluster();
  const std::string db = uniqueDatabaseName("cli");
  const std::string uri = pg.createDatabase(db);
  const std::string on = " --pg '" + uri + "' ";
  const std::string event = std::string(" --event ") + kEvent;
  writeCatalog();
  ASSERT_EQ(run("event create" + on + "--code " + kEvent + " --name 'Pameran Kriya Depok' --start 2026-11-18 --end 2026-11-22").rc, 0);
  const Outcome again = run("event create" + on + "--code " + kEvent + " --name Lagi");
  EXPECT_NE(again.rc, 0);
  EXPECT_TRUE(oneLine(again.err)) << again.err;
  ASSERT_EQ(run("catalog import" + on + event + " --vendors v.csv --products p.csv").rc, 0);
  const Outcome bad = run("catalog import" + on + event + " --vendors v.csv --products bad.csv");
  EXPECT_NE(bad.rc, 0);
  EXPECT_NE(bad.err.find("bad.csv:3"), std::string::npos) << bad.err;
  EXPECT_EQ(pg.queryValue(db, "SELECT count(*) FROM products"), "3");
  const Outcome enroll = run("device enroll" + on + event + " --name 'Kios Utara' --booth A1 --vendor V02");
  ASSERT_EQ(enroll.rc, 0) << enroll.err;
  const std::string code = lastLine(enroll.out);
  EXPECT_EQ(code.size(), 14u) << code;
  const Outcome token = run("token create" + on + "--role organizer --name 'Panitia Depok'");
  ASSERT_EQ(token.rc, 0) << token.err;
  EXPECT_EQ(lastLine(token.out).size(), 64u);
  EXPECT_EQ(pg.queryValue(db, "SELECT count(*) FROM tokens WHERE token_hash = '" + secretHash(lastLine(token.out)) + "'"), "1");
  EXPECT_EQ(pg.queryValue(db, "SELECT count(*) FROM devices WHERE enroll_code_hash = '" +
                                  secretHash(normalizeEnrollmentCode(code)) + "'"),
            "1");
  // Sales arrive the way the server stores them.
  {
    auto store = orThrow(openPgStore(uri));
    auto enrolled = store->redeemEnrollment(secretHash(normalizeEnrollmentCode(code)), "tablet", secretHash("t"), 2);
    ASSERT_TRUE(enrolled) << enrolled.error().message;
    const Device dev{enrolled->deviceId, enrolled->deviceCode, secretHash("t"), enrolled->event.id};
    Upload up;
    for (int i = 1; i <= 6; ++i) {
      up.sales.push_back(makeSale(dev.id, i, {{"V01", core::Sector::Fesyen, 25'000, 2}, {"V02", core::Sector::Kriya, 40'000, 1}},
                                  i % 2 ? core::PaymentMethod::Cash : core::PaymentMethod::Qris));
      up.sales.back().boothVendorCode = "V02";
    }
    upload(*store, dev, up);
  }
  ASSERT_EQ(run("vendor commission" + on + event + " --vendor V01 --percent 10").rc, 0);
  EXPECT_NE(run("vendor commission" + on + event + " --vendor V01 --percent 150").rc, 0);
  const Outcome report = run("report" + on + event + " --format json");
  ASSERT_EQ(report.rc, 0) << report.err;
  const json r = json::parse(report.out);
  EXPECT_EQ(r["sales_count"], 6);
  EXPECT_EQ(r["net_idr"], 6 * 90'000);
  EXPECT_NE(run("report" + on + event + " --format table").out.find("Batik Depok"), std::string::npos);
  ASSERT_EQ(run("report" + on + event + " --format pdf --out r.pdf").rc, 0);
  const Outcome settlement = run("settlement" + on + event + " --format json --pdf-dir statements");
  ASSERT_EQ(settlement.rc, 0) << settlement.err;
  for (const auto& v : json::parse(settlement.out)["vendors"])
    if (v["vendor_code"] == "V01") {
      EXPECT_EQ(v["commission_idr"], 6 * 5'000);
    }
  EXPECT_TRUE(std::filesystem::exists(m_dir.file(std::string("statements/") + kEvent + "-V01.pdf")));
  EXPECT_NE(run("device list" + on + event).out.find("Kios Utara"), std::string::npos);
  EXPECT_EQ(run("event close" + on + "--code " + kEvent).rc, 0);
  EXPECT_EQ(pg.queryValue(db, "SELECT open FROM events"), "f");
  EXPECT_EQ(run("event reopen" + on + "--code " + kEvent).rc, 0);
  EXPECT_NE(run("event list" + on).out.find(kEvent), std::string::npos);
  EXPECT_EQ(run("device revoke" + on + event + " --device K01").rc, 0);
  EXPECT_EQ(run("token revoke" + on + "--name 'Panitia Depok'").rc, 0);
  EXPECT_NE(run("token revoke" + on + "--name 'Panitia Depok'").rc, 0);
  // And the server itself.
  ServerProcess server(PAMERAN_SERVER_EXE, std::vector<std::string>{"--pg", uri}, m_dir.path().string());
  server.start();
  httplib::Client client("127.0.0.1", server.port());
  auto health = client.Get("/api/v1/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  server.stop();
}

TEST_F(PgCli, BadUrisAndMissingSchemasFailWithOneLineAndChangeNothing) {
  PgCluster& pg = pgCluster();
  const std::string db = uniqueDatabaseName("clibad");
  const std::string uri = pg.createDatabase(db);
  writeCatalog();
  const std::string closed = "postgresql://postgres:rahasia@127.0.0.1:1/x";
  for (const std::string& args : std::vector<std::string>{
           "report --pg '" + uri + "' --event " + kEvent,                     // no schema: not created by a read
        "catalog import --pg '" + uri + "' --event E --vendors v.csv --products p.csv",
        "device enroll --pg '" + uri + "' --event E --name K",
        "token create --pg '" + uri + "' --role organizer --name P",
        "report --pg '" + closed + "' --event E",                            // nothing listens there
        "event create --pg 'nonsense://x' --code E --name N",                // not a URI libpq knows
        "event create --pg '" + uri.substr(0, uri.rfind('/')) + "/nodb' --code E --name N",  // no such database
        "report --db s.db --pg '" + uri + "' --event E",                     // both
        "report --event E",                                                  // neither
        "serve --pg '" + closed + "' --listen 127.0.0.1:0",
        "event create --pg '" + uri + "' --code 'bad code' --name N"}) {
    const auto start = std::chrono::steady_clock::now();
    const Outcome r = run(args);
    EXPECT_NE(r.rc, 0) << args;
    EXPECT_TRUE(oneLine(r.err)) << args << ": [" << r.err << "]";
    EXPECT_EQ(r.err.find("rahasia"), std::string::npos) << r.err;
    EXPECT_LT(std::chrono::steady_clock::now() - start, 10s) << args;
  }
  EXPECT_EQ(pg.queryValue(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
  EXPECT_FALSE(std::filesystem::exists(m_dir.file("s.db")));
}

}  // namespace
}  // namespace pameran::sync
