// Days offline (P8), a wrong device clock (P10), an upgraded database (P19), the window's
// background sync and `pameran-kiosk sync --once`.
#include <SQLiteCpp/SQLiteCpp.h>

#include "client_fixtures.hpp"

namespace pameran::sync {
namespace {

using namespace std::chrono_literals;
using namespace pameran::sync::testing;

constexpr core::EpochMs kYearMs = 365LL * 24 * 3600 * 1000;

// Drains with real (short) waits until nothing is pending or the budget runs out.
DrainResult drainTo(core::Store& store, const std::string& url, UploadLimits limits = {}, std::int64_t budgetMs = 30'000) {
  auto http = deviceClient(store, url);
  Uploader uploader(store, *http, limits);
  Backoff backoff(10, 100, 1);
  return drain(uploader, store, backoff, budgetMs, [](std::int64_t ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return true;
  });
}

void expectSameIds(const std::string& kioskDb, const std::string& serverDb) {
  for (const auto& [local, remote] : {std::pair{"sale", "sales"}, std::pair{"refund", "refunds"}}) {
    const std::set<std::string> made = kioskIds(kioskDb, local);
    const StoredIds stored = serverIds(serverDb, remote);
    EXPECT_EQ(stored.rows, static_cast<std::int64_t>(made.size())) << remote;
    EXPECT_TRUE(stored.ids == made) << remote << ": stored ids differ from the kiosk's";
  }
}

template <class Pred>
bool waitUntil(Pred pred, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return pred();
}

#ifdef PAMERAN_SERVER_EXE
// P8: tens of thousands of sales pile up while the server is down and every sync attempt fails;
// once the server is back they all arrive, in batches of at most 100 records and 1 MiB, and the
// kiosk's memory stays bounded while it drains.
TEST(OfflineQueue, TwentyThousandSalesQueuedWhileTheServerIsDownAllArriveInBoundedBatches) {
  constexpr std::int64_t kSales = 20'000;
  TempDir dir;
  TempDir scratch(fastScratchBase());
  const std::string serverDb = dir.file("server.db");
  const std::string kioskDb = dir.file("kiosk.db");
  std::string downUrl;
  core::SimulationSummary sold;
  {
    auto seeding = openKiosk(scratch.file("kiosk.db"));
    {
      LoopbackServer setup(serverDb, testServerOptions(), 1000);
      enrollKiosk(*seeding, setup.url(), setup.enrollmentCode());
      downUrl = setup.url();
    }  // the server goes down
    // Days of selling (through the real commit path, on tmpfs for speed); then the database
    // moves to disk, where the drain below commits durably.
    sold = sell(*seeding, kSales, 2026);
  }
  copyDatabase(scratch.file("kiosk.db"), kioskDb);
  auto store = openKiosk(kioskDb);
  recordsOnly(*store);
  const std::int64_t queued = store->outbox().stats().pending;
  ASSERT_GE(queued, kSales);
  {
    // Syncing meanwhile fails (nothing listens) and changes nothing.
    auto http = deviceClient(*store, downUrl, 1000);
    Uploader uploader(*store, *http);
    RecordingSleep sleep;
    Backoff backoff(1000, 60'000, 3);
    const DrainResult r = drain(uploader, *store, backoff, 120'000, sleep.fn());
    EXPECT_TRUE(r.gaveUp);
    EXPECT_EQ(r.pendingLeft, queued);
    EXPECT_GE(sleep.delays.size(), 3u);
  }

  ServerProcess server(PAMERAN_SERVER_EXE, serverDb, dir.path().string());
  server.start();
  // The proxy checks every batch; few threads and no kept bodies, so its own memory stays small.
  FaultProxy proxy(server.port(), {}, 1500ms, 2);
  proxy.keepBodies(false);
  resetPeakRss();
  const long baselineKb = peakRssKb();
  const auto started = std::chrono::steady_clock::now();
  const DrainResult r = drainTo(*store, proxy.url(), {}, 60'000);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const long peakKb = peakRssKb();
  EXPECT_EQ(r.pendingLeft, 0) << r.error;
  EXPECT_EQ(r.synced, queued);
  EXPECT_LT(peakKb, 100 * 1024) << "kiosk (with the proxy) peaked at " << peakKb / 1024 << " MiB";
  EXPECT_LT(peakKb - baselineKb, 32 * 1024) << "draining grew memory by " << (peakKb - baselineKb) / 1024 << " MiB";
  RecordProperty("drain_sales_per_second", static_cast<int>(static_cast<double>(queued) / seconds));

  std::size_t uploads = 0;
  for (const SeenRequest& s : proxy.seen()) {
    if (s.path != "/api/v1/sales") continue;
    ++uploads;
    EXPECT_LE(s.records, 100u);
    EXPECT_LE(s.bodyBytes, std::size_t{1} << 20);
  }
  EXPECT_GE(uploads, static_cast<std::size_t>(queued / 100));
  proxy.stop();
  server.stop();
  EXPECT_EQ(serverIds(serverDb, "sales").rows, sold.sales);
  expectSameIds(kioskDb, serverDb);
}
#endif

// P10: the device clock is informational. Kiosks a year behind and a year ahead still sync into
// the event the device was enrolled for, and the server stamps receipt with its own clock.
TEST(DeviceClock, KiosksAYearOffSyncIntoTheRightEventStampedWithServerTime) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  const core::EpochMs testStart = core::systemClock()();
  std::vector<core::Report> reports;
  std::vector<std::string> paths;
  for (const core::EpochMs offset : {-kYearMs, kYearMs}) {
    const std::string path = dir.file("kiosk" + std::to_string(offset > 0) + ".db");
    core::StoreOptions options;
    options.clock = [offset] { return core::systemClock()() + offset; };
    auto store = openKiosk(path, options);
    enrollKiosk(*store, server.url(), server.enrollmentCode());
    sell(*store, 25, static_cast<std::uint64_t>(offset > 0));
    EXPECT_EQ(drainTo(*store, server.url()).pendingLeft, 0);
    reports.push_back(*store->reports().report(kEventCode));
    paths.push_back(path);
  }
  const core::EpochMs testEnd = core::systemClock()();

  SQLite::Database db(server.dbPath(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db,
                      "SELECT COUNT(*), MIN(s.created_at), MAX(s.created_at), MIN(s.received_at), MAX(s.received_at), "
                      "COUNT(DISTINCT e.code), MIN(e.code) FROM sales s JOIN events e ON e.id = s.event_id");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getInt64(), 50);
  EXPECT_LT(q.getColumn(1).getInt64(), testStart - kYearMs / 2) << "no sale was stamped a year early";
  EXPECT_GT(q.getColumn(2).getInt64(), testEnd + kYearMs / 2) << "no sale was stamped a year late";
  EXPECT_GE(q.getColumn(3).getInt64(), testStart);
  EXPECT_LE(q.getColumn(4).getInt64(), testEnd);
  EXPECT_EQ(q.getColumn(5).getInt(), 1);
  EXPECT_EQ(q.getColumn(6).getString(), kEventCode);
  for (const std::string& p : paths) EXPECT_EQ(kioskIds(p, "sale").size(), 25u);
  expectTotalsMatch(fetchTotals(server.url(), server.organizerToken()), reports);
}

// P19: a queue written by the first schema survives the upgrade and is delivered with its ids.
TEST(Upgrade, QueueOfAnOldSchemaIsDeliveredWithTheSameIds) {
  TempDir dir;
  const std::string kioskDb = dir.file("kiosk.db");
  std::int64_t queued = 0;
  {
    core::StoreOptions v1;
    v1.migrateTo = 1;
    auto old = seededKiosk(kioskDb, 40, 19, v1);
    ASSERT_EQ(old->schemaVersion(), 1);
    // Goods brought to the booth: queued by the upgrade (the catalog's opening stock is not).
    const core::Event event = *old->catalog().currentEvent();
    ASSERT_TRUE(old->stock().intake(event.id, old->catalog().products(event.id, true).at(0).id, 6, "Kasir", "Kiriman kedua"));
    queued = old->outbox().stats().pending;
  }
  const std::set<std::string> sales = kioskIds(kioskDb, "sale");
  const std::set<std::string> refunds = kioskIds(kioskDb, "refund");
  ASSERT_EQ(sales.size(), 40u);

  auto store = openKiosk(kioskDb);
  ASSERT_EQ(store->schemaVersion(), core::kSchemaVersion);
  ASSERT_GT(core::kSchemaVersion, 1);
  // The upgrade queues the stock movements recorded before (schema 6) behind the old queue.
  std::int64_t movements = 0;
  {
    SQLite::Database db(kioskDb, SQLite::OPEN_READONLY);
    movements = db.execAndGet("SELECT COUNT(*) FROM stock_movement WHERE uuid IS NOT NULL").getInt64();
  }
  EXPECT_EQ(movements, 1);
  EXPECT_EQ(store->outbox().stats().pending, queued + movements);
  LoopbackServer server(dir.file("server.db"));
  enrollKiosk(*store, server.url(), server.enrollmentCode());
  EXPECT_EQ(drainTo(*store, server.url()).pendingLeft, 0);
  EXPECT_EQ(kioskIds(kioskDb, "sale"), sales);
  EXPECT_TRUE(serverIds(server.dbPath(), "sales").ids == sales);
  EXPECT_TRUE(serverIds(server.dbPath(), "refunds").ids == refunds);
  EXPECT_EQ(serverIds(server.dbPath(), "sales").rows, 40);
}

TEST(BackgroundSync, PublishesPendingWhileOfflineThenReachesIdleWithNothingPending) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  FaultProxy proxy(server.port(), [](std::size_t, const httplib::Request&) { return Fault::Unavailable; });
  const std::string kioskDb = dir.file("kiosk.db");
  auto store = openKiosk(kioskDb);
  enrollKiosk(*store, proxy.url(), server.enrollmentCode());
  sell(*store, 30, 6);
  const std::int64_t pending = store->outbox().stats().pending;

  BackgroundSync::Options options;
  options.idlePollMs = 300;
  options.backoffCapMs = 1000;
  BackgroundSync background(kioskDb, options);
  background.start();
  ASSERT_TRUE(waitUntil([&] { return background.status().state == SyncStatus::State::Offline; }, 10s));
  SyncStatus st = background.status();
  EXPECT_EQ(st.pending, pending);
  EXPECT_GT(st.retryInMs, 0);
  EXPECT_NE(st.lastError.find("503"), std::string::npos) << st.lastError;

  proxy.setPlan({});  // the server is back
  ASSERT_TRUE(waitUntil([&] {
    const SyncStatus s = background.status();
    return s.state == SyncStatus::State::Idle && s.pending == 0;
  }, 10s)) << toString(background.status().state) << " pending " << background.status().pending;
  EXPECT_GT(background.status().lastSuccessAt, 0);

  // Selling goes on while it runs; a wake sends the new sales without waiting for the next poll.
  sell(*store, 5, 7);
  background.wake();
  ASSERT_TRUE(waitUntil([&] { return serverIds(server.dbPath(), "sales").rows == 35; }, 10s));
  ASSERT_TRUE(waitUntil([&] {
    const SyncStatus s = background.status();
    return s.state == SyncStatus::State::Idle && s.pending == 0;
  }, 10s));
  const auto stopping = std::chrono::steady_clock::now();
  background.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 2s);
  EXPECT_EQ(store->outbox().stats().pending, 0);
  expectSameIds(kioskDb, server.dbPath());
}

TEST(BackgroundSync, NotEnrolledKioskSaysSoAndKeepsItsSales) {
  TempDir dir;
  const std::string kioskDb = dir.file("kiosk.db");
  auto store = seededKiosk(kioskDb, 3, 1);
  const std::int64_t pending = store->outbox().stats().pending;
  BackgroundSync background(kioskDb);
  background.start();
  ASSERT_TRUE(waitUntil([&] {
    const SyncStatus st = background.status();
    return st.state == SyncStatus::State::NotEnrolled && st.pending == pending;
  }, 5s)) << background.status().pending;
  background.stop();
  EXPECT_EQ(store->outbox().stats().pending, pending);
}

#ifdef PAMERAN_KIOSK_EXE
TEST(SyncOnce, ExitsZeroOnceEverythingIsDeliveredInBoundedMemory) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  const std::string kioskDb = dir.file("kiosk.db");
  {
    TempDir scratch(fastScratchBase());  // quick seeding; the drain below commits on disk
    {
      auto store = openKiosk(scratch.file("kiosk.db"));
      enrollKiosk(*store, server.url(), server.enrollmentCode());
      sell(*store, 2000, 5);
    }
    copyDatabase(scratch.file("kiosk.db"), kioskDb);
  }
  ChildProcess sync({PAMERAN_KIOSK_EXE, "sync", "--db", kioskDb, "--once"}, dir.file("sync.log"));
  const auto rc = sync.wait(60s);
  ASSERT_TRUE(rc) << "sync --once did not finish";
  EXPECT_EQ(*rc, 0) << sync.output();
  EXPECT_LT(sync.maxRssKb(), 100 * 1024) << "pameran-kiosk sync --once peaked at " << sync.maxRssKb() / 1024 << " MiB";
  auto store = openKiosk(kioskDb);
  EXPECT_EQ(store->outbox().stats().pending, 0);
  expectSameIds(kioskDb, server.dbPath());
}

TEST(SyncOnce, GivesUpWithinSecondsAndNonZeroWhenTheServerIsDown) {
  TempDir dir;
  const std::string kioskDb = dir.file("kiosk.db");
  std::int64_t pending = 0;
  {
    LoopbackServer server(dir.file("server.db"));
    auto store = openKiosk(kioskDb);
    enrollKiosk(*store, server.url(), server.enrollmentCode());
    sell(*store, 5, 5);
    pending = store->outbox().stats().pending;
  }  // the server is gone
  const auto started = std::chrono::steady_clock::now();
  ChildProcess sync({PAMERAN_KIOSK_EXE, "sync", "--db", kioskDb, "--once"}, dir.file("sync.log"));
  const auto rc = sync.wait(30s);
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(rc) << "sync --once is still waiting";
  EXPECT_NE(*rc, 0) << sync.output();
  EXPECT_LT(took, 12s);
  EXPECT_NE(sync.output().find("error:"), std::string::npos) << sync.output();
  auto store = openKiosk(kioskDb);
  EXPECT_EQ(store->outbox().stats().pending, pending);
  EXPECT_EQ(kioskIds(kioskDb, "sale").size(), 5u);
}
#endif

}  // namespace
}  // namespace pameran::sync
