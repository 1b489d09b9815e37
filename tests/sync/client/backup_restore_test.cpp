// Backup and restore of the central server (README "Back up and restore"): `pameran-server
// backup` copies the live database while several kiosks upload; the copy, put in place as the
// README says and served by a new server, holds one moment of the original: its figures are
// exactly those of the records it holds, as the kiosks made them, and nothing is half there.
// Then the kiosks send everything again (the README's interim step until P24) and the restored
// server's totals equal the kiosks' own, every sale once.
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

  // What the restored server lost is still on the kiosks. Until they find that out by themselves
  // (P24), the README has each kiosk send everything again: the server stores what it lacks and
  // answers `duplicate` for the rest, so the totals come back whole and nothing counts twice.
  for (auto& kiosk : kiosks) {
    SQLite::Database raw(kiosk->path(), SQLite::OPEN_READWRITE);
    raw.setBusyTimeout(5000);
    raw.exec("UPDATE outbox SET state = 'pending' WHERE state = 'synced'");
    auto http = deviceClient(*kiosk, restored.url());
    Uploader uploader(*kiosk, *http);
    Backoff backoff(20, 200);
    const DrainResult again = drain(uploader, *kiosk, backoff, 30'000, [](std::int64_t ms) {
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      return true;
    });
    EXPECT_EQ(again.pendingLeft, 0) << again.error;
    EXPECT_EQ(kiosk->outbox().stats().quarantined, 0);
  }
  expectTotalsMatch(fetchTotals(restored.url(), organizer), kioskReports);
  EXPECT_EQ(serverIds(dir.file("restored/server.db"), "sales").rows, madeSales) << "every sale stored once";
  restored.stop();
}

}  // namespace
}  // namespace pameran::sync
