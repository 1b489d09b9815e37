// P5 and crash safety of sync: many kiosks upload through lost answers, timeouts, 500s after the
// commit and repeated requests; the server and the kiosks are killed with SIGKILL mid-upload. The
// server stores and counts every sale exactly once, and its totals equal the kiosks' own.
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <latch>
#include <random>

#include "client_fixtures.hpp"

namespace pameran::sync {
namespace {

using namespace std::chrono_literals;
using namespace pameran::sync::testing;

struct KioskRun {
  std::string path;
  std::int64_t sales = 0;
  std::int64_t refunds = 0;
  DrainResult drained;
  core::OutboxStats after;
  core::Report report;
  std::string error;
};

// Ids the kiosks made against what the server stored, table by table: every one, once.
void expectStoredExactlyOnce(const std::string& serverDb, const std::vector<std::string>& kioskDbs) {
  const std::pair<const char*, const char*> tables[] = {{"sale", "sales"}, {"refund", "refunds"}};
  for (const auto& [local, remote] : tables) {
    std::set<std::string> made;
    for (const std::string& k : kioskDbs) {
      const std::set<std::string> ids = kioskIds(k, local);
      made.insert(ids.begin(), ids.end());
    }
    const StoredIds stored = serverIds(serverDb, remote);
    EXPECT_FALSE(made.empty()) << local;
    EXPECT_EQ(stored.rows, static_cast<std::int64_t>(stored.ids.size())) << remote << ": a record is stored twice";
    EXPECT_EQ(stored.ids.size(), made.size()) << remote;
    EXPECT_TRUE(stored.ids == made) << remote << ": the stored ids are not the ids the kiosks made";
  }
}

std::int64_t countStatus(const std::vector<SeenRequest>& seen, RecordStatus status) {
  std::int64_t n = 0;
  for (const SeenRequest& s : seen)
    for (const std::string& answer : s.upstreamAnswers)
      if (auto decoded = decodeBatchResponse(answer))
        for (const RecordResult& r : decoded->results) n += r.status == status ? 1 : 0;
  return n;
}

TEST(ExactlyOnce, ConcurrentKiosksThroughFaultsStoreEverySaleOnceAndTotalsMatch) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  // Faults by request number: lost requests and answers, 500s and repeats often, timeouts now
  // and then.
  FaultProxy proxy(server.port(), [](std::size_t i, const httplib::Request&) {
    if (i % 19 == 7) return (i / 19) % 2 == 0 ? Fault::DelayAfterForward : Fault::DelayBeforeForward;
    switch (i % 8) {
      case 1: return Fault::DropResponse;
      case 3: return Fault::ErrorAfterCommit;
      case 5: return Fault::RepeatRequest;
      case 6: return Fault::DropRequest;  // lost on the way: only a resend delivers it
      default: return Fault::None;
    }
  }, 1300ms);

  constexpr int kKiosks = 10;
  constexpr std::int64_t kSales = 50;
  std::vector<KioskRun> runs(kKiosks);
  std::latch ready(kKiosks);
  std::vector<std::thread> threads;
  for (int k = 0; k < kKiosks; ++k) {
    runs[static_cast<std::size_t>(k)].path = dir.file("kiosk-" + std::to_string(k) + ".db");
    const std::string code = server.enrollmentCode();
    threads.emplace_back([&, k, code] {
      KioskRun& run = runs[static_cast<std::size_t>(k)];
      bool arrived = false;
      try {
        auto store = openKiosk(run.path);
        enrollKiosk(*store, proxy.url(), code, "Kios " + std::to_string(k));
        const core::SimulationSummary sold = sell(*store, kSales, static_cast<std::uint64_t>(100 + k));
        run.sales = sold.sales;
        run.refunds = sold.refunds + sold.voids;
        arrived = true;
        ready.arrive_and_wait();  // every kiosk uploads at once
        auto http = deviceClient(*store, proxy.url(), 1000);
        Uploader uploader(*store, *http, UploadLimits{8, 1u << 20});
        Backoff backoff(10, 200, static_cast<std::uint64_t>(k));
        run.drained = drain(uploader, *store, backoff, 60'000, [](std::int64_t ms) {
          std::this_thread::sleep_for(std::chrono::milliseconds(ms));
          return true;
        });
        run.after = store->outbox().stats();
        auto report = store->reports().report(kEventCode);
        if (!report) throw std::runtime_error(report.error().message);
        run.report = *report;
      } catch (const std::exception& e) {
        run.error = e.what();
        if (!arrived) ready.count_down();
      }
    });
  }
  for (auto& t : threads) t.join();
  proxy.stop();  // every delayed request has reached the server by now

  std::vector<std::string> paths;
  std::vector<core::Report> reports;
  std::int64_t sales = 0;
  for (const KioskRun& run : runs) {
    ASSERT_EQ(run.error, "");
    EXPECT_EQ(run.after.pending, 0) << run.path << ": " << run.drained.error;
    EXPECT_EQ(run.after.quarantined, 0) << run.path;
    EXPECT_GE(run.refunds, 1);
    paths.push_back(run.path);
    reports.push_back(run.report);
    sales += run.sales;
  }
  expectStoredExactlyOnce(server.dbPath(), paths);
  EXPECT_EQ(serverIds(server.dbPath(), "sales").rows, sales);
  expectTotalsMatch(fetchTotals(server.url(), server.organizerToken()), reports);

  // The faults really happened, and records really came back after they had been stored.
  const auto faults = proxy.faults();
  for (Fault f : {Fault::DropRequest, Fault::DropResponse, Fault::ErrorAfterCommit, Fault::RepeatRequest, Fault::DelayAfterForward,
                  Fault::DelayBeforeForward})
    EXPECT_GE(faults.count(f) ? faults.at(f) : 0, 1) << "fault " << static_cast<int>(f) << " never injected";
  EXPECT_GT(countStatus(proxy.seen(), RecordStatus::Duplicate), 0);
}

#ifdef PAMERAN_SERVER_EXE
TEST(ExactlyOnce, ServerKilledAtRandomMomentsLosesAndDoublesNothing) {
  TempDir dir;
  const std::string serverDb = dir.file("server.db");
  constexpr int kKiosks = 4;
  constexpr std::int64_t kSales = 250;
  std::vector<KioskRun> runs(kKiosks);
  std::string organizer;
  {
    // Enrolled and stocked against the same database served in-process; then the real
    // executable takes over.
    LoopbackServer setup(serverDb);
    organizer = setup.organizerToken();
    std::vector<std::thread> threads;
    for (int k = 0; k < kKiosks; ++k) {
      runs[static_cast<std::size_t>(k)].path = dir.file("kiosk-" + std::to_string(k) + ".db");
      threads.emplace_back([&, k, code = setup.enrollmentCode()] {
        KioskRun& run = runs[static_cast<std::size_t>(k)];
        try {
          auto store = openKiosk(run.path);
          enrollKiosk(*store, setup.url(), code);
          run.sales = sell(*store, kSales, static_cast<std::uint64_t>(7 + k)).sales;
        } catch (const std::exception& e) {
          run.error = e.what();
        }
      });
    }
    for (auto& t : threads) t.join();
    for (const KioskRun& run : runs) ASSERT_EQ(run.error, "");
  }

  ServerProcess server(PAMERAN_SERVER_EXE, serverDb, dir.path().string());
  server.start();
  const std::string url = server.url();
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < kKiosks; ++k) {
    threads.emplace_back([&, k] {
      KioskRun& run = runs[static_cast<std::size_t>(k)];
      try {
        auto store = openKiosk(run.path);
        auto http = deviceClient(*store, url, 2000);
        Uploader uploader(*store, *http, UploadLimits{5, 1u << 20});
        Backoff backoff(5, 80, static_cast<std::uint64_t>(k));
        run.drained = drainFor(uploader, *store, backoff, 60s);
        run.after = store->outbox().stats();
        run.report = *store->reports().report(kEventCode);
      } catch (const std::exception& e) {
        run.error = e.what();
      }
      ++done;
    });
  }
  // SIGKILL the server at random moments while the kiosks upload; restart it on the same port.
  std::mt19937 rng(20261126);
  int kills = 0;
  while (done.load() < kKiosks) {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 120)(rng)));
    if (done.load() == kKiosks) break;
    server.kill9();
    ++kills;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 40)(rng)));
    server.start();
  }
  for (auto& t : threads) t.join();
  if (!server.isRunning()) server.start();

  std::vector<std::string> paths;
  std::vector<core::Report> reports;
  for (const KioskRun& run : runs) {
    ASSERT_EQ(run.error, "");
    EXPECT_EQ(run.after.pending, 0) << run.drained.error;
    EXPECT_EQ(run.after.quarantined, 0);
    paths.push_back(run.path);
    reports.push_back(run.report);
  }
  EXPECT_GE(kills, 3) << "the server was not killed while kiosks were uploading";
  expectTotalsMatch(fetchTotals(server.url(), organizer), reports);
  server.stop();
  expectStoredExactlyOnce(serverDb, paths);
  SQLite::Database db(serverDb, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
}
#endif

#ifdef PAMERAN_KIOSK_EXE
// Kills `pameran-kiosk sync` (one-shot and long-running, in turn) at random moments until a
// one-shot run finishes by itself.
TEST(ExactlyOnce, KioskSyncKilledAtRandomMomentsDeliversEverySaleOnce) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  const std::string kioskDb = dir.file("kiosk.db");
  std::int64_t sales = 0;
  {
    TempDir scratch(fastScratchBase());  // quick seeding; the kiosk runs below commit on disk
    {
      auto store = openKiosk(scratch.file("kiosk.db"));
      enrollKiosk(*store, server.url(), server.enrollmentCode());
      // Enough to outlast several kills on a fast, idle machine (about 5,000 sales/s drain).
      sales = sell(*store, 3000, 42).sales;
    }
    copyDatabase(scratch.file("kiosk.db"), kioskDb);
  }
  std::mt19937 rng(1234);
  int killedMidUpload = 0;
  bool finished = false;
  std::int64_t storedAtLastKill = -1;
  bool progressedBetweenKills = false;
  int slowStart = 0;  // ms added to the kill window (see below)
  for (int run = 0; run < 80 && !finished; ++run) {
    const bool once = run % 3 != 2;
    std::vector<std::string> args{PAMERAN_KIOSK_EXE, "sync", "--db", kioskDb};
    if (once) args.push_back("--once");
    ChildProcess kiosk(args, dir.file("kiosk-" + std::to_string(run) + ".log"));
    // A loaded machine may take longer than the window to start a kiosk and reach its upload:
    // each kill that stored nothing widens the window, so the kills still land mid-upload.
    const auto after = std::chrono::milliseconds(std::uniform_int_distribution<int>(10, 120)(rng) + slowStart);
    if (auto rc = kiosk.wait(after)) {
      ASSERT_TRUE(once) << kiosk.output();
      ASSERT_EQ(*rc, 0) << kiosk.output();
      finished = true;
      break;
    }
    kiosk.kill(SIGKILL);
    ASSERT_TRUE(kiosk.wait(10s));
    const std::int64_t stored = static_cast<std::int64_t>(serverIds(server.dbPath(), "sales").ids.size());
    if (stored < sales) ++killedMidUpload;
    if (storedAtLastKill >= 0 && stored > storedAtLastKill) progressedBetweenKills = true;
    if (stored == std::max<std::int64_t>(storedAtLastKill, 0)) slowStart += 50;
    storedAtLastKill = stored;
  }
  if (!finished) {
    ChildProcess last({PAMERAN_KIOSK_EXE, "sync", "--db", kioskDb, "--once"}, dir.file("kiosk-last.log"));
    const auto rc = last.wait(60s);
    ASSERT_TRUE(rc);
    ASSERT_EQ(*rc, 0) << last.output();
  }
  EXPECT_GE(killedMidUpload, 3) << "the kiosk was not killed while uploading";
  EXPECT_TRUE(progressedBetweenKills);
  auto store = openKiosk(kioskDb);
  const core::OutboxStats stats = store->outbox().stats();
  EXPECT_EQ(stats.pending, 0);
  EXPECT_EQ(stats.quarantined, 0);
  expectStoredExactlyOnce(server.dbPath(), {kioskDb});
  EXPECT_EQ(serverIds(server.dbPath(), "sales").rows, sales);
}
#endif

}  // namespace
}  // namespace pameran::sync
