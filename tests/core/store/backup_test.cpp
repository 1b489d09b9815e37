// backupDatabase: a consistent, self-contained copy of a live kiosk database while sales keep
// being committed, and clear refusals that change nothing.
#include <atomic>
#include <fstream>
#include <thread>

#include "pameran/core/backup.hpp"
#include "pameran/core/report.hpp"
#include "store_fixture.hpp"

namespace pameran::test {
namespace {

namespace fs = std::filesystem;

BackupOptions kioskBackup() {
  BackupOptions o;
  o.requiredTable = "outbox";
  o.kind = "kiosk database";
  return o;
}

// Byte 18 of a SQLite file: 1 for a rollback-journal database, 2 for WAL.
int fileFormatByte(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char header[20] = {};
  in.read(header, sizeof header);
  return header[18];
}

class Backup : public StoreTest {
 protected:
  std::string reportJson(Store& st) {
    auto r = st.reports().report(kEvent);
    EXPECT_TRUE(r) << r.error().message;
    return r ? reportToJson(*r) : std::string{};
  }
  void expectNoCopy(const std::string& out) {
    EXPECT_FALSE(fs::exists(out)) << out;
    EXPECT_FALSE(fs::exists(out + ".part")) << out;
  }
};

TEST_F(Backup, CopyOfAKioskIsOneFileThatOpensWithTheSameSales) {
  for (int i = 0; i < 20; ++i) sell({{"KRY-02", 1}, {"KUL-01", 2}});
  const std::string before = reportJson(s());
  const std::string out = dir.file("usb-backup.db");
  auto done = backupDatabase(dbPath, out, kioskBackup());
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_GT(done->pages, 10);
  EXPECT_EQ(done->bytes, static_cast<std::int64_t>(fs::file_size(out)));
  EXPECT_FALSE(fs::exists(out + "-wal"));
  EXPECT_FALSE(fs::exists(out + ".part"));
  EXPECT_EQ(fileFormatByte(out), 1) << "a backup is a rollback-journal file, complete without a -wal beside it";
  {
    SQLite::Database copy(out, SQLite::OPEN_READONLY);
    EXPECT_EQ(copy.execAndGet("PRAGMA integrity_check").getString(), "ok");
    EXPECT_EQ(scalar(copy, "SELECT count(*) FROM sale"), 20);
  }
  auto restored = Store::open(out);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(reportJson(**restored), before);
}

TEST_F(Backup, SalesCommittedDuringTheCopyAreNotBlockedAndTheCopyIsOneMoment) {
  for (const char* sku : {"KRY-02", "BTK-02", "KUL-01"}) ASSERT_TRUE(s().stock().intake(event.id, product(sku).id, 100'000, "Tester"));
  for (int i = 0; i < 200; ++i) sell({{"KRY-02", 1}, {"BTK-02", 1}, {"KUL-01", 1}});

  std::atomic<bool> copying{false}, stop{false};
  std::atomic<int> committedDuringCopy{0}, failures{0};
  std::thread writer([&] {
    auto second = Store::open(dbPath);
    if (!second) {
      ++failures;
      return;
    }
    while (!stop.load()) {
      auto sale = (*second)->sales().commit(cashDraft(cart({{"KRY-02", 1}, {"BTK-02", 1}, {"KUL-01", 1}})));
      if (!sale) ++failures;
      else if (copying.load()) ++committedDuringCopy;
    }
  });
  BackupOptions o = kioskBackup();
  o.pagesPerStep = 2;
  std::int64_t steps = 0;
  // Paced so that sales are committed between steps: each would restart a copy that did not
  // hold its snapshot.
  o.onStep = [&](std::int64_t, std::int64_t) {
    ++steps;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return steps < 2000;  // a copy that keeps starting over would never end
  };
  const std::string out = dir.file("during.db");
  const std::int64_t salesAtStart = count("SELECT count(*) FROM sale");
  copying = true;
  auto done = backupDatabase(dbPath, out, o);
  copying = false;
  stop = true;
  writer.join();
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(committedDuringCopy.load(), 20) << "writers went on committing while the copy ran";
  EXPECT_EQ(steps, done->steps);
  EXPECT_LE(done->steps, done->pages / 2 + 2) << "the copy never started over";

  auto copy = Store::open(out);
  ASSERT_TRUE(copy) << copy.error().message;
  SQLite::Database raw(out, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("PRAGMA integrity_check").getString(), "ok");
  const std::int64_t copied = scalar(raw, "SELECT count(*) FROM sale");
  EXPECT_GE(copied, salesAtStart);
  EXPECT_LT(copied, count("SELECT count(*) FROM sale")) << "sales committed after the copy began are not in it";
  // One moment: every sale in the copy is whole, and the totals kept beside the sales agree.
  EXPECT_EQ(scalar(raw, "SELECT count(*) FROM outbox WHERE kind = 'sale'"), copied) << "one outbox row per sale";
  auto report = (*copy)->reports().report(kEvent);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->salesCount, copied);
  EXPECT_EQ(report->items, copied * 3);
  EXPECT_TRUE((*copy)->stock().verifyLedger(event.id));
}

TEST_F(Backup, AnOlderBackupOfTheSameNameIsReplacedWhole) {
  const std::string out = dir.file("nightly.db");
  sell({{"KUL-01", 1}});
  ASSERT_TRUE(backupDatabase(dbPath, out, kioskBackup()));
  sell({{"KUL-01", 1}});
  ASSERT_TRUE(backupDatabase(dbPath, out, kioskBackup()));
  SQLite::Database copy(out, SQLite::OPEN_READONLY);
  EXPECT_EQ(scalar(copy, "SELECT count(*) FROM sale"), 2);
}

TEST_F(Backup, TheDatabaseItselfAndItsCompanionFilesAreNeverOverwritten) {
  sell({{"KUL-01", 1}});
  for (const std::string& target : {dbPath, dbPath + "-wal", dbPath + "-shm", dir.path().string() + "/./kiosk.db"}) {
    const auto size = fs::exists(target) ? fs::file_size(target) : 0;
    auto done = backupDatabase(dbPath, target, kioskBackup());
    ASSERT_FALSE(done) << target;
    EXPECT_NE(done.error().message.find("refusing to overwrite"), std::string::npos) << done.error().message;
    if (size) {
      EXPECT_EQ(fs::file_size(target), size);
    }
  }
  fs::create_hard_link(dbPath, dir.file("alias.db"));
  EXPECT_FALSE(backupDatabase(dbPath, dir.file("alias.db"), kioskBackup()));
  EXPECT_EQ(count("SELECT count(*) FROM sale"), 1);
}

TEST_F(Backup, BadPathsAndWrongFilesGetOneClearErrorAndLeaveNothing) {
  fs::create_directory(dir.file("folder"));
  const std::string notes = "this is not a database, it is a shopping list\n";
  std::ofstream(dir.file("notes.txt")) << notes;
  {
    SQLite::Database other(dir.file("server.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE events (id INTEGER PRIMARY KEY)");
  }
  {
    SQLite::Database live(dir.file("live.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    live.exec("PRAGMA journal_mode = WAL");
    live.exec("CREATE TABLE t (x)");
    std::ofstream(dir.file("live.db-wal")) << "";
  }
  struct Case {
    std::string source, out, says;
  };
  const Case cases[] = {
      {dir.file("missing.db"), dir.file("a.db"), "missing.db: no such kiosk database"},
      {dir.file("folder"), dir.file("b.db"), "not a regular file"},
      {dir.file("notes.txt"), dir.file("c.db"), "not a kiosk database"},
      {dir.file("server.db"), dir.file("d.db"), "server.db: not a kiosk database"},
      {dbPath, dir.file("folder"), "is a folder"},
      {dbPath, dir.file("no/such/folder/e.db"), "does not exist"},
      {dbPath, dir.file("live.db"), "in use"},
      {dbPath, "", "no file given"},
  };
  for (const Case& c : cases) {
    auto done = backupDatabase(c.source, c.out, kioskBackup());
    ASSERT_FALSE(done) << c.source << " -> " << c.out;
    EXPECT_NE(done.error().message.find(c.says), std::string::npos) << done.error().message;
    EXPECT_EQ(done.error().message.find('\n'), std::string::npos);
    if (c.out != dir.file("folder") && c.out != dir.file("live.db") && !c.out.empty()) expectNoCopy(c.out);
  }
  EXPECT_EQ(fs::file_size(dir.file("notes.txt")), notes.size());
}

}  // namespace
}  // namespace pameran::test
