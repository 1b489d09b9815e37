// Backup and restore of the central server (README "Back up and restore"): `pameran-server
// backup` copies the live database while several kiosks upload; the copy, put in place as the
// README says and served by a new server, holds one moment of the original: its figures are
// exactly those of the records it holds, as the kiosks made them, and nothing is half there.
// Then each kiosk asks the restored server what it holds (P24), sends again exactly what it lost,
// and the restored server's totals equal the kiosks' own, every sale, refund and shift once.
#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>

#include "client_fixtures.hpp"
#include "pameran/core/report.hpp"

namespace pameran::sync {
namespace {

using namespace std::chrono_literals;
using namespace pameran::sync::testing;
namespace fs = std::filesystem;

// The report of exactly these kiosks' records that `serverDb` holds, made from the kiosks' own
// copies of them (core's report deltas, as both stores keep their rollups).
core::Report reportOfHeldRecords(const std::vector<std::unique_ptr<core::Store>>& kiosks, const std::string& serverDb) {
  const std::set<std::string> sales = serverIds(serverDb, "sales").ids;
  const std::set<std::string> refunds = serverIds(serverDb, "refunds").ids;
  std::int64_t count = 0;
  std::vector<core::RollupCell> cells;
  std::vector<core::PaymentCell> payments;
  std::string eventCode;
  const auto add = [&](core::ReportDelta d) {
    count += d.salesCount;
    cells.insert(cells.end(), d.cells.begin(), d.cells.end());
    payments.insert(payments.end(), d.payments.begin(), d.payments.end());
  };
  for (const auto& kiosk : kiosks) {
    const core::Event event = *kiosk->catalog().currentEvent();
    eventCode = event.code;
    const core::EventClock clock{event.tzOffsetMinutes, event.cutoffHour};
    std::vector<std::string> held;
    for (const std::string& id : kioskIds(kiosk->path(), "sale"))
      if (sales.count(id)) held.push_back(id);
    auto records = kiosk->sales().byUuids(held);
    EXPECT_TRUE(records) << records.error().message;
    if (!records) continue;
    for (const auto& [id, sale] : *records) add(core::deltaForSale(sale, clock));
    for (const std::string& id : kioskIds(kiosk->path(), "refund")) {
      if (!refunds.count(id)) continue;
      auto refund = kiosk->sales().refundByUuid(id);
      EXPECT_TRUE(refund) << id;
      if (!refund) continue;
      EXPECT_TRUE(records->count(refund->saleUuid)) << "a refund is held without its sale";
      if (records->count(refund->saleUuid)) add(core::deltaForRefund(*refund, records->at(refund->saleUuid), clock));
    }
  }
  return core::buildReport(eventCode, count, cells, payments, [](const std::string&) { return core::VendorInfo{}; });
}

// The ids of one kind of record in a kiosk's outbox.
std::set<std::string> outboxIds(const std::string& kioskDb, const std::string& kind) {
  SQLite::Database db(kioskDb, SQLite::OPEN_READONLY);
  db.setBusyTimeout(10'000);
  SQLite::Statement s(db, "SELECT uuid FROM outbox WHERE kind = ?");
  s.bind(1, kind);
  std::set<std::string> out;
  while (s.executeStep()) out.insert(s.getColumn(0).getString());
  return out;
}

// Closes the kiosk's open shift, so that a shift close travels too.
void closeShift(core::Store& kiosk) {
  for (const core::Staff& s : kiosk.staff().list())
    if (s.role == core::Role::Supervisor) {
      auto closed = kiosk.shifts().close({{100'000, 3}}, s);
      ASSERT_TRUE(closed) << closed.error().message;
      return;
    }
  FAIL() << "the kiosk has no supervisor";
}

TEST(BackupRestore, ABackupDuringASyncStormRestoresAsOneMomentOfTheServer) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  const std::string organizer = server.organizerToken();
  constexpr int kKiosks = 4;
  constexpr std::int64_t kSales = 150;
  std::vector<std::unique_ptr<core::Store>> kiosks;
  std::vector<core::Report> kioskReports;
  for (int k = 0; k < kKiosks; ++k) {
    kiosks.push_back(openKiosk(dir.file("kiosk-" + std::to_string(k) + ".db")));
    enrollKiosk(*kiosks.back(), server.url(), server.enrollmentCode(), "Kios " + std::to_string(k + 1));
    sell(*kiosks.back(), kSales, 100 + static_cast<std::uint64_t>(k));
    closeShift(*kiosks.back());
    kioskReports.push_back(*kiosks.back()->reports().report(kEventCode));
  }
  std::int64_t madeSales = 0;
  for (const auto& kiosk : kiosks) madeSales += static_cast<std::int64_t>(kioskIds(kiosk->path(), "sale").size());

  // The storm: every kiosk sends its queue in small batches, all at once, for about a second.
  std::vector<std::thread> storm;
  for (int k = 0; k < kKiosks; ++k)
    storm.emplace_back([&, k] {
      core::Store& store = *kiosks[static_cast<std::size_t>(k)];
      auto http = deviceClient(store, server.url());
      Uploader uploader(store, *http, UploadLimits{3, 1u << 20});
      const auto until = std::chrono::steady_clock::now() + 60s;
      while (std::chrono::steady_clock::now() < until) {
        const BatchOutcome sent = uploader.sendBatch();
        if (sent.sent == 0) break;
        std::this_thread::sleep_for(sent.progressed() ? 10ms : 100ms);
      }
    });

  // Once about a fifth has arrived, the backup runs as the nightly timer runs it.
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (serverIds(server.dbPath(), "sales").rows < madeSales / 5 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(2ms);
  fs::create_directory(dir.file("backups"));
  ChildProcess backup({PAMERAN_SERVER_EXE, "backup", "--db", server.dbPath(), "--out-dir", dir.file("backups"), "--keep", "3"},
                      dir.file("backup.log"));
  const std::optional<int> rc = backup.wait(60s);
  const std::int64_t arrivedAfterBackup = serverIds(server.dbPath(), "sales").rows;
  for (std::thread& t : storm) t.join();
  ASSERT_EQ(rc, 0) << backup.output();
  EXPECT_NE(backup.output().find("integrity ok"), std::string::npos) << backup.output();

  // The original got everything, exactly once.
  for (const auto& kiosk : kiosks) EXPECT_EQ(kiosk->outbox().stats().pending, 0);
  expectTotalsMatch(fetchTotals(server.url(), organizer), kioskReports);

  std::vector<fs::path> copies;
  for (const auto& e : fs::directory_iterator(dir.file("backups"))) copies.push_back(e.path());
  ASSERT_EQ(copies.size(), 1u);
  const std::string copy = copies[0].string();
  EXPECT_FALSE(fs::exists(copy + "-wal"));
  const StoredIds inCopy = serverIds(copy, "sales");
  EXPECT_GE(inCopy.rows, madeSales / 5);
  EXPECT_LE(inCopy.rows, arrivedAfterBackup);
  EXPECT_LT(inCopy.rows, madeSales) << "the backup was taken during the storm, not after it";

  // Restore as the README does it: the copy becomes a new server's database, alone in its
  // folder (no -wal or -shm of another database beside it), and the server is started on it.
  fs::create_directory(dir.file("restored"));
  fs::copy_file(copy, dir.file("restored/server.db"));
  {
    SQLite::Database check(dir.file("restored/server.db"), SQLite::OPEN_READONLY);
    EXPECT_EQ(check.execAndGet("PRAGMA integrity_check").getString(), "ok");
  }
  ServerProcess restored(PAMERAN_SERVER_EXE, dir.file("restored/server.db"), dir.path().string());
  restored.start();
  const nlohmann::json totals = fetchTotals(restored.url(), organizer);
  expectTotalsMatch(totals, {reportOfHeldRecords(kiosks, dir.file("restored/server.db"))});

  // What the restored server lost is still on the kiosks, and they find out by themselves (P24):
  // each asks what the server holds from it and re-queues exactly the sales it lacks (and its
  // refunds and shift closes, when the server has fewer than were synced). No one re-enters or
  // resets anything. One kiosk does it through `pameran-kiosk sync --once`, the others as the
  // window's background sync does.
  const StoredIds salesHeld = serverIds(dir.file("restored/server.db"), "sales");
  const StoredIds refundsHeld = serverIds(dir.file("restored/server.db"), "refunds");
  const StoredIds shiftsHeld = serverIds(dir.file("restored/server.db"), "shift_closes");
  std::int64_t lostSales = 0, allRefunds = 0, allShifts = 0;
  for (std::size_t k = 0; k < kiosks.size(); ++k) {
    core::Store& kiosk = *kiosks[k];
    std::int64_t lost = 0;
    for (const std::string& id : kioskIds(kiosk.path(), "sale")) lost += salesHeld.ids.count(id) ? 0 : 1;
    std::int64_t refunds = 0, refundsLost = 0;
    for (const std::string& id : kioskIds(kiosk.path(), "refund")) {
      ++refunds;
      refundsLost += refundsHeld.ids.count(id) ? 0 : 1;
    }
    std::int64_t shiftLost = 0;
    for (const std::string& id : outboxIds(kiosk.path(), "shift_close")) shiftLost += shiftsHeld.ids.count(id) ? 0 : 1;
    lostSales += lost;
    allRefunds += refunds;
    allShifts += static_cast<std::int64_t>(outboxIds(kiosk.path(), "shift_close").size());
#ifdef PAMERAN_KIOSK_EXE
    if (k == 0) {
      ChildProcess cli({PAMERAN_KIOSK_EXE, "sync", "--db", kiosk.path(), "--server", restored.url(), "--once"},
                       dir.file("kiosk-sync.log"));
      ASSERT_EQ(cli.wait(60s), 0) << cli.output();
      if (lost + refundsLost + shiftLost > 0) {
        EXPECT_NE(cli.output().find("the server lacked"), std::string::npos) << cli.output();
      }
      continue;
    }
#endif
    auto http = deviceClient(kiosk, restored.url());
    auto requeued = requeueWhatServerLost(kiosk, *http);
    ASSERT_TRUE(requeued) << requeued.error().message;
    EXPECT_EQ(requeued->sales, lost) << "kiosk " << k << ": exactly the sales the restored server lacks";
    EXPECT_EQ(requeued->refunds, refundsLost > 0 ? refunds : 0);
    EXPECT_EQ(requeued->shiftCloses, shiftLost > 0 ? static_cast<std::int64_t>(outboxIds(kiosk.path(), "shift_close").size()) : 0);
    EXPECT_EQ(kiosk.outbox().stats().pending, requeued->total());
    Uploader uploader(kiosk, *http);
    Backoff backoff(20, 200);
    const DrainResult again = drain(uploader, kiosk, backoff, 30'000, [](std::int64_t ms) {
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      return true;
    });
    EXPECT_EQ(again.pendingLeft, 0) << again.error;
    EXPECT_EQ(kiosk.outbox().stats().quarantined, 0);
    // Now the server holds everything: asking again re-queues nothing.
    auto second = requeueWhatServerLost(kiosk, *http);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(second->total(), 0);
  }
  EXPECT_GT(lostSales, 0) << "the restored server lost nothing: the test proved nothing";
  EXPECT_GE(allShifts, kKiosks);
  expectTotalsMatch(fetchTotals(restored.url(), organizer), kioskReports);
  EXPECT_EQ(serverIds(dir.file("restored/server.db"), "sales").rows, madeSales) << "every sale stored once";
  EXPECT_EQ(serverIds(dir.file("restored/server.db"), "refunds").rows, allRefunds) << "every refund stored once";
  EXPECT_EQ(serverIds(dir.file("restored/server.db"), "shift_closes").rows, allShifts) << "every shift close stored once";
  restored.stop();
}

}  // namespace
}  // namespace pameran::sync
