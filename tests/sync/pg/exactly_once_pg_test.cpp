// P17: several server processes over PostgreSQL give the same result as one, and killing one
// mid-run loses and duplicates nothing. P5's run (simulated kiosks uploading at once through lost
// requests and answers, 500s after the commit, repeated requests and timeouts) against one
// `pameran-server serve --pg` process and against three behind a round-robin balancer, one of
// them SIGKILLed mid-run and restarted. Both runs start from the same database and the same kiosk
// files, so their results must be equal, record for record and rupiah for rupiah.
#include <latch>
#include <pqxx/pqxx>

#include "store_backends.hpp"

namespace pameran::sync {
namespace {

using namespace std::chrono_literals;
using namespace pameran::sync::testing;

constexpr int kKiosks = 12;
constexpr std::int64_t kSalesPerKiosk = 60;

struct KioskRun {
  std::string path;
  std::int64_t sales = 0;
  DrainResult drained;
  core::OutboxStats after;
  core::Report report;
  std::string error;
};

struct RunResult {
  std::vector<KioskRun> kiosks;
  std::int64_t saleRows = 0, refundRows = 0;
  std::set<std::string> saleIds, refundIds;
  std::string report, settlement, devices;
  std::int64_t storedAtKill = -1;
  std::map<Fault, int> faults;
  std::int64_t duplicates = 0;
};

std::pair<std::int64_t, std::set<std::string>> storedIds(const std::string& uri, const std::string& table) {
  pqxx::connection c(uri);
  pqxx::read_transaction tx(c);
  std::pair<std::int64_t, std::set<std::string>> out;
  for (const pqxx::row& r : tx.exec("SELECT uuid FROM " + table)) {
    ++out.first;
    out.second.insert(r[0].as<std::string>());
  }
  return out;
}

std::int64_t countSales(const std::string& uri) {
  pqxx::connection c(uri);
  pqxx::read_transaction tx(c);
  return tx.exec1("SELECT count(*) FROM sales")[0].as<std::int64_t>();
}

// Uploads every kiosk's queue through a fault proxy that sends each request to the next server
// (a load balancer without health checks: a request for a dead server gets 502 and is retried).
RunResult uploadAll(const std::string& uri, const std::vector<std::string>& kioskPaths, int serverCount, bool killOne,
                     const TempDir& dir, const std::string& tag) {
  RunResult result;
  std::vector<std::unique_ptr<ServerProcess>> servers;
  std::vector<int> ports;
  for (int i = 0; i < serverCount; ++i) {
    const std::filesystem::path logs = dir.path() / (tag + "-server-" + std::to_string(i));
    std::filesystem::create_directories(logs);
    servers.push_back(std::make_unique<ServerProcess>(PAMERAN_SERVER_EXE, std::vector<std::string>{"--pg", uri}, logs.string()));
    servers.back()->start();
    ports.push_back(servers.back()->port());
  }
  FaultProxy proxy(ports[0], {}, 1300ms);
  proxy.keepBodies(true);
  proxy.setPlan([&proxy, ports](std::size_t i, const httplib::Request&) {
    proxy.setUpstream(ports[i % ports.size()]);
    if (i % 23 == 11) return Fault::DelayAfterForward;  // past the client's timeout, after the commit
    switch (i % 8) {
      case 1: return Fault::DropResponse;
      case 3: return Fault::ErrorAfterCommit;
      case 5: return Fault::RepeatRequest;  // the two copies may reach two processes at once
      case 6: return Fault::DropRequest;
      default: return Fault::None;
    }
  });

  std::int64_t totalSales = 0;
  result.kiosks.resize(kioskPaths.size());
  for (std::size_t k = 0; k < kioskPaths.size(); ++k) {
    result.kiosks[k].path = kioskPaths[k];
    result.kiosks[k].sales = static_cast<std::int64_t>(kioskIds(kioskPaths[k], "sale").size());
    totalSales += result.kiosks[k].sales;
  }
  std::atomic<int> done{0};
  std::latch ready(static_cast<std::ptrdiff_t>(kioskPaths.size()));
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < kioskPaths.size(); ++k)
    threads.emplace_back([&, k] {
      KioskRun& run = result.kiosks[k];
      bool arrived = false;
      try {
        auto store = openKiosk(run.path);
        auto http = deviceClient(*store, proxy.url(), 1000);
        Uploader uploader(*store, *http, UploadLimits{6, 1u << 20});
        Backoff backoff(10, 150, static_cast<std::uint64_t>(k));
        arrived = true;
        ready.arrive_and_wait();  // every kiosk uploads at once
        run.drained = drainFor(uploader, *store, backoff, 45s);
        run.after = store->outbox().stats();
        auto report = store->reports().report(kEventCode);
        if (!report) throw std::runtime_error(report.error().message);
        run.report = *report;
      } catch (const std::exception& e) {
        run.error = e.what();
        if (!arrived) ready.count_down();
      }
      ++done;
    });

  if (killOne) {
    // SIGKILL the second server once a third of the sales are in, while it is taking its share.
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    std::int64_t stored = 0;
    while ((stored = countSales(uri)) < totalSales / 3 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(5ms);
    servers[1]->kill9();
    result.storedAtKill = stored;
    std::this_thread::sleep_for(300ms);  // requests sent its way meanwhile get 502 and are retried
    servers[1]->start();
  }
  for (auto& t : threads) t.join();
  proxy.stop();  // every delayed request has reached a server by now
  for (auto& s : servers) s->stop();
  result.faults = proxy.faults();
  for (const SeenRequest& s : proxy.seen())
    for (const std::string& answer : s.upstreamAnswers)
      if (auto decoded = decodeBatchResponse(answer))
        for (const RecordResult& r : decoded->results) result.duplicates += r.status == RecordStatus::Duplicate ? 1 : 0;

  std::tie(result.saleRows, result.saleIds) = storedIds(uri, "sales");
  std::tie(result.refundRows, result.refundIds) = storedIds(uri, "refunds");
  PgStoreOptions options;
  options.createSchema = false;
  auto store = orThrow(openPgStore(uri, options));
  result.report = core::reportToJson(*store->report(kEventCode));
  result.settlement = core::settlementToJson(*store->settlement(kEventCode));
  const auto devices = store->devices(kEventCode);
  for (const DeviceStatus& d : *devices) {
    result.devices += d.code + " sales=" + std::to_string(d.salesCount) + " refunds=" + std::to_string(d.refundsCount) +
                      " max=" + std::to_string(d.maxSeq) + " missing=" + std::to_string(d.missingCount) +
                      " collisions=" + std::to_string(d.seqCollisions) + "\n";
  }
  return result;
}

// Every sale and refund the kiosks made is stored once, and the server's totals are the sum of
// the kiosks' own to the rupiah.
void expectExactlyOnce(const RunResult& run, const std::string& what) {
  SCOPED_TRACE(what);
  std::set<std::string> sales, refunds;
  std::vector<core::Report> reports;
  std::int64_t made = 0;
  for (const KioskRun& k : run.kiosks) {
    ASSERT_EQ(k.error, "") << k.path;
    EXPECT_EQ(k.after.pending, 0) << k.path << ": " << k.drained.error;
    EXPECT_EQ(k.after.quarantined, 0) << k.path;
    for (const std::string& id : kioskIds(k.path, "sale")) sales.insert(id);
    for (const std::string& id : kioskIds(k.path, "refund")) refunds.insert(id);
    reports.push_back(k.report);
    made += k.sales;
  }
  EXPECT_EQ(made, kKiosks * kSalesPerKiosk);
  EXPECT_EQ(run.saleRows, made) << "stored count differs from sales made";
  EXPECT_EQ(static_cast<std::int64_t>(run.saleIds.size()), run.saleRows) << "a sale is stored twice";
  EXPECT_TRUE(run.saleIds == sales) << "the stored ids are not the ids the kiosks made";
  EXPECT_EQ(static_cast<std::int64_t>(run.refundIds.size()), run.refundRows);
  EXPECT_TRUE(run.refundIds == refunds);
  expectTotalsMatch(nlohmann::json::parse(run.report), reports);
  EXPECT_GT(run.duplicates, 0) << "no record came back after it was stored: the faults did not bite";
  for (Fault f : {Fault::DropRequest, Fault::DropResponse, Fault::ErrorAfterCommit, Fault::RepeatRequest, Fault::DelayAfterForward})
    EXPECT_GE(run.faults.count(f) ? run.faults.at(f) : 0, 1) << "fault " << static_cast<int>(f) << " never injected";
}

TEST(P17, ThreeServerProcessesOverPostgresWithOneKilledStoreWhatOneDoes) {
  PgCluster& pg = pgCluster();
  TempDir dir;
  const std::string oneDb = uniqueDatabaseName("p17_one");
  const std::string threeDb = uniqueDatabaseName("p17_three");
  const std::string oneUri = pg.createDatabase(oneDb);
  std::vector<std::string> onePaths, threePaths;
  {
    // The event, catalog and enrolled, stocked kiosks, made once through an in-process server.
    auto store = orThrow(openPgStore(oneUri));
    seedDemoEvent(*store);
    ServerOptions options = testServerOptions();
    options.host = "127.0.0.1";
    options.port = 0;
    Server server(*store, options);
    const int port = *server.bind();
    std::thread serving([&] { server.run(); });
    for (int i = 0; i < 1000 && !server.isRunning(); ++i) std::this_thread::sleep_for(1ms);
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    TempDir scratch(fastScratchBase());  // quick selling; the copies below are what the runs use
    std::vector<std::string> errors(kKiosks);
    std::vector<std::thread> threads;
    for (int k = 0; k < kKiosks; ++k) {
      const std::string path = scratch.file("kiosk-" + std::to_string(k) + ".db");
      threads.emplace_back([&, k, path, code = makeEnrollmentCode(*store)] {
        try {
          auto kiosk = openKiosk(path);
          enrollKiosk(*kiosk, url, code, "Kios " + std::to_string(k));
          sell(*kiosk, kSalesPerKiosk, static_cast<std::uint64_t>(300 + k));
        } catch (const std::exception& e) {
          errors[static_cast<std::size_t>(k)] = e.what();
        }
      });
    }
    for (auto& t : threads) t.join();
    for (const std::string& e : errors) ASSERT_EQ(e, "");
    server.stop();
    serving.join();
    // Both runs start from here: the database copied (nobody connected to it) and every kiosk file.
    store.reset();
    pg.createDatabase(threeDb, oneDb);
    for (int k = 0; k < kKiosks; ++k) {
      onePaths.push_back(dir.file("one-kiosk-" + std::to_string(k) + ".db"));
      threePaths.push_back(dir.file("three-kiosk-" + std::to_string(k) + ".db"));
      copyDatabase(scratch.file("kiosk-" + std::to_string(k) + ".db"), onePaths.back());
      copyDatabase(scratch.file("kiosk-" + std::to_string(k) + ".db"), threePaths.back());
    }
  }
  for (const std::string& path : onePaths) ASSERT_EQ(static_cast<std::int64_t>(kioskIds(path, "sale").size()), kSalesPerKiosk);

  const RunResult one = uploadAll(oneUri, onePaths, 1, false, dir, "one");
  expectExactlyOnce(one, "one server process");
  const RunResult three = uploadAll(pg.uri(threeDb), threePaths, 3, true, dir, "three");
  expectExactlyOnce(three, "three server processes, one killed");
  EXPECT_GE(three.storedAtKill, 1);
  EXPECT_LT(three.storedAtKill, kKiosks * kSalesPerKiosk) << "the server was not killed mid-run";

  // One process or three: the same records and the same figures.
  EXPECT_TRUE(one.saleIds == three.saleIds);
  EXPECT_TRUE(one.refundIds == three.refundIds);
  EXPECT_EQ(one.report, three.report);
  EXPECT_EQ(one.settlement, three.settlement);
  EXPECT_EQ(one.devices, three.devices);
  std::printf("P17: %lld sales + %lld refunds from %d kiosks; one process and three (one SIGKILLed at %lld stored) "
              "agree; %lld / %lld duplicates answered\n",
              static_cast<long long>(one.saleRows), static_cast<long long>(one.refundRows), kKiosks,
              static_cast<long long>(three.storedAtKill), static_cast<long long>(one.duplicates),
              static_cast<long long>(three.duplicates));
}

}  // namespace
}  // namespace pameran::sync
