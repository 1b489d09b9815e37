// P23: power cuts, not only kill -9. SIGKILL leaves the page cache to reach the disk; a power cut
// does not. Here the store runs in process over PowerCutVfs, which remembers every write since
// each file's last sync; the power fails at a random write, sync, truncate or delete of a sale,
// refund, void, shift close, stock intake, checkpoint, migration, first set-up or the first open
// after a boot; every unsynced sector then ends up new, old or garbage, sizes and file creations
// and deletions are kept or undone, and the store is reopened as after a reboot. Every sale whose
// commit returned must be there and whole, nothing half there, integrity_check ok, sequence
// numbers 1..N with none given twice.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>

#include "../store/power_cut_vfs.hpp"
#include "pameran/core/csv.hpp"
#include "invariants.hpp"
#include "random_seller.hpp"

namespace pameran::test {
namespace {

using Clock = std::chrono::steady_clock;

int fromEnv(const char* name, int fallback) {
  if (const char* env = std::getenv(name)) return std::max(1, std::atoi(env));
  return fallback;
}

std::int64_t uniform(std::mt19937_64& rng, std::int64_t lo, std::int64_t hi) {
  return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
}

CutFlavor anyFlavor(std::mt19937_64& rng) {
  return kAllCutFlavors[static_cast<std::size_t>(uniform(rng, 0, static_cast<std::int64_t>(std::size(kAllCutFlavors)) - 1))];
}

std::string describe(const std::map<std::string, int>& counts) {
  std::string out;
  for (const auto& [what, n] : counts) out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  return out;
}

std::string describe(const CutDamage& d) {
  return std::to_string(d.sectorsKept) + " unsynced sectors kept, " + std::to_string(d.sectorsLost) + " lost, " +
         std::to_string(d.sectorsGarbled) + " garbled; " + std::to_string(d.sizesReverted) + " file sizes reverted, " +
         std::to_string(d.filesLost) + " new files lost, " + std::to_string(d.filesRevived) + " deleted files back";
}

// The machine as it comes back after a power cut: a new boot, whose uptime starts again, so the
// store's first open anchors its steady clock (PIN lockouts, P16) with a write of its own.
StoreOptions afterBoot(int boot) {
  StoreOptions o;
  const auto booted = Clock::now();
  o.uptime = [id = "power-cut-boot-" + std::to_string(boot), booted] {
    return Uptime{id, std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - booted).count()};
  };
  return o;
}

TEST(PowerCut, CutsWhileSellingAndRefundingLoseNoAcknowledgedSaleAndCorruptNothing) {
  PowerCutVfs& vfs = PowerCutVfs::install();
  const int cuts = fromEnv("PAMERAN_POWER_CUTS", 1000);
  constexpr int kCutsPerDatabase = 250;  // a fresh database now and then: young and grown files alike
  // More refunds, voids and oversells than a real booth makes, so cuts land in them too.
  const SellerOptions work{25, 5, 3, 30};
  std::mt19937_64 rng(20261128);
  std::map<std::string, int> byAction, byOp, byFlavor;
  CutDamage damage;
  std::int64_t acknowledged = 0;
  int boots = 0;
  bool bootWrites = false;
  const auto started = Clock::now();
  int done = 0;
  for (int round = 0; done < cuts; ++round) {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    {
      auto fresh = Store::open(path);
      ASSERT_TRUE(fresh) << fresh.error().message;
      seedTestStore(**fresh);
    }
    Reported reported;
    const auto take = [&](const std::string& line) { reported.take(line); };
    // How much I/O a boot, a round of selling and a checkpoint make, so cuts spread over them
    // however the store's writes change.
    std::int64_t opsPerBoot = 0, syncsPerBoot = 0, opsPerStep = 1, syncsPerStep = 1, dbWrites = 0;
    vfs.arm(0);
    {
      auto booted = Store::open(path, afterBoot(++boots));
      ASSERT_TRUE(booted) << booted.error().message;
      opsPerBoot = vfs.ops();
      syncsPerBoot = vfs.syncs();
      bootWrites = bootWrites || opsPerBoot > 0;
      RandomSeller calibrate(**booted, static_cast<std::uint64_t>(round), take, work);
      int steps = 0;
      for (; steps < 40 || (vfs.dbWrites() == 0 && steps < 400); ++steps) ASSERT_TRUE(calibrate.step());
      opsPerStep = std::max<std::int64_t>(1, (vfs.ops() - opsPerBoot) / steps);
      syncsPerStep = std::max<std::int64_t>(1, (vfs.syncs() - syncsPerBoot) / steps);
      dbWrites = vfs.dbWrites();  // what one checkpoint (or a few) writes to the database
      const std::int64_t before = vfs.ops();
      expectIntactAfterCrash(**booted, reported);
      ASSERT_EQ(vfs.ops(), before) << "the checks wrote: a power cut could land in them";
    }
    vfs.disarm();

    for (int k = 0; k < kCutsPerDatabase && done < cuts; ++k, ++done) {
      SCOPED_TRACE("power cut " + std::to_string(done + 1));
      // The machine boots, the store opens and sells, and the power fails again: one cut in five
      // while the store opens (its first write after a boot), one in five on a sync (the moment a
      // commit becomes durable), one in twenty in a checkpoint (syncs and checkpoints are too few
      // among the writes to be hit often by chance), the rest on any write while selling.
      const std::int64_t where = uniform(rng, 1, 20);
      if (where <= 4 && opsPerBoot > 0)
        vfs.arm(uniform(rng, 1, opsPerBoot));
      else if (where <= 8)
        vfs.arm(syncsPerBoot + uniform(rng, 1, 3 * syncsPerStep), PowerCutVfs::CutAt::Sync);
      else if (where == 9 && dbWrites > 0)
        vfs.arm(uniform(rng, 1, dbWrites), PowerCutVfs::CutAt::DbWrite);
      else
        vfs.arm(opsPerBoot + uniform(rng, 1, 3 * opsPerStep));
      {
        auto booted = Store::open(path, afterBoot(++boots));  // WAL recovery, durability checks
        if (vfs.dead()) {
          ++byAction["boot"];
        } else {
          ASSERT_TRUE(booted) << "the kiosk does not start again: " << booted.error().message;
          expectIntactAfterCrash(**booted, reported);  // what the last cut left (reads only)
          if (testing::Test::HasFatalFailure()) return;
          SellerAction during = SellerAction::Sale;
          RandomSeller seller(**booted, static_cast<std::uint64_t>(done) * 7919 + 1, take, work);
          seller.onAction = [&](SellerAction a) { during = a; };
          while (!vfs.dead()) {
            try {
              auto ok = seller.step();
              ASSERT_TRUE(ok || vfs.dead()) << "failed with the power on: " << ok.error().message;
            } catch (const std::exception& e) {
              ASSERT_TRUE(vfs.dead()) << "threw with the power on: " << e.what();
            }
          }
          ++byAction[toString(during)];
        }
      }  // the machine is off: nothing the process does now reaches the disk
      ++byOp[vfs.cutDuring()];
      const CutFlavor flavor = anyFlavor(rng);
      ++byFlavor[toString(flavor)];
      damage += vfs.powerOn(rng, flavor);
    }
    {
      SCOPED_TRACE("after the last power cut on this database");
      auto booted = Store::open(path, afterBoot(++boots));
      ASSERT_TRUE(booted) << "the kiosk does not start again: " << booted.error().message;
      expectIntactAfterCrash(**booted, reported);
      if (testing::Test::HasFatalFailure()) return;
    }
    acknowledged += static_cast<std::int64_t>(reported.sales.size());
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::printf("%d power cuts in %.1f s, %lld acknowledged sales all whole\n  during: %s\n  at: %s\n  flavours: %s\n  %s\n", cuts,
              seconds, static_cast<long long>(acknowledged), describe(byAction).c_str(), describe(byOp).c_str(),
              describe(byFlavor).c_str(), describe(damage).c_str());
  if (cuts >= 500) {
    // The cuts really landed everywhere that matters; otherwise the test proved little.
    EXPECT_GT(byAction["refund"] + byAction["void"], cuts / 20) << describe(byAction);
    if (bootWrites) {
      EXPECT_GT(byAction["boot"], cuts / 10) << "too few cuts while the kiosk starts: " << describe(byAction);
    }
    EXPECT_GT(byOp["db write"] + byOp["db sync"], cuts / 25) << "too few cuts inside checkpoints: " << describe(byOp);
    EXPECT_GT(byOp["wal write"], cuts / 5) << describe(byOp);
    EXPECT_GT(byOp["wal sync"], cuts / 10) << describe(byOp);
    EXPECT_GT(damage.sectorsLost, 0);
    EXPECT_GT(damage.sectorsGarbled, 0);
    EXPECT_GT(damage.sizesReverted, 0);
  }
}

// P19 and P23: the power fails during a schema migration of a kiosk with unsynced sales (or as the
// store closes after it). The database comes back at one of the versions, never between two,
// with every id as it was; the next open finishes the job.
TEST(PowerCut, CutsDuringMigrationLeaveAWholeVersionWithTheSameIds) {
  PowerCutVfs& vfs = PowerCutVfs::install();
  const int cuts = fromEnv("PAMERAN_POWER_CUTS_MIGRATION", 200);
  TempDir dir;
  const std::string templatePath = dir.file("v1.db");
  makeVersionOneKiosk(templatePath, 150);
  ASSERT_FALSE(testing::Test::HasFatalFailure());
  const auto outboxBefore = rowsOf(templatePath, kOutboxRows);
  const auto salesBefore = rowsOf(templatePath, kSaleRows);
  ASSERT_EQ(outboxBefore.size(), 150u);

  // The I/O of opening (migrating) and closing, counted once.
  const std::string calibration = dir.file("calibrate.db");
  std::filesystem::copy_file(templatePath, calibration);
  vfs.arm(0);
  ASSERT_TRUE(Store::open(calibration));
  const std::int64_t span = vfs.ops();
  vfs.disarm();
  ASSERT_GT(span, 10);

  std::mt19937_64 rng(23);
  std::map<std::string, int> atVersion, byOp;
  CutDamage damage;
  const auto started = Clock::now();
  for (int k = 1; k <= cuts; ++k) {
    SCOPED_TRACE("migration power cut " + std::to_string(k));
    const std::string work = dir.file("work.db");
    std::filesystem::copy_file(templatePath, work);
    vfs.arm(uniform(rng, 1, span));
    {
      auto store = Store::open(work);
      ASSERT_TRUE(store || vfs.dead()) << store.error().message;
    }  // closing checkpoints and deletes the WAL: the cut may land there too
    ASSERT_TRUE(vfs.dead()) << "the cut never came: the migration's I/O changed";
    ++byOp[vfs.cutDuring()];
    damage += vfs.powerOn(rng, anyFlavor(rng));
    const int version = expectWholeVersionAfterCrash(work, outboxBefore, salesBefore);
    if (version == 0) return;
    ++atVersion["v" + std::to_string(version)];
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(work + suffix);
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::printf("%d power cuts during migration in %.1f s (%lld I/O operations each run)\n  left at: %s\n  at: %s\n  %s\n", cuts,
              seconds, static_cast<long long>(span), describe(atVersion).c_str(), describe(byOp).c_str(), describe(damage).c_str());
  if (cuts >= 100) {
    EXPECT_GT(atVersion["v1"], 0) << "no cut left the old version";
    EXPECT_GT(atVersion["v" + std::to_string(kSchemaVersion)], 0) << "no cut came after the migration committed";
    EXPECT_GT(atVersion.size(), 2u) << "no cut left an intermediate version";
  }
}

// The power fails while a kiosk is set up for the first time: the database file, its WAL and
// their directory entries are all new. Whatever was lost, the kiosk starts again, and what was
// acknowledged (the catalog import, the first staff member) is there.
TEST(PowerCut, CutsWhileAKioskIsFirstSetUpLeaveOneThatStarts) {
  PowerCutVfs& vfs = PowerCutVfs::install();
  const int cuts = fromEnv("PAMERAN_POWER_CUTS_SETUP", 150);
  auto files = parseCatalog(testVendorsCsv(), "vendors.csv", testProductsCsv(), "products.csv");
  ASSERT_TRUE(files);
  struct SetUp {
    bool imported = false, staffed = false;
  };
  // Creates the database, imports the catalog and adds a cashier; says what was acknowledged.
  const auto setUp = [&](const std::string& path) {
    SetUp done;
    auto store = Store::open(path);
    if (store) done.imported = static_cast<bool>((*store)->catalog().importFiles(*files, kEvent, "Pameran Uji", "test"));
    try {
      if (done.imported) done.staffed = insertStaff(**store, "Kasir Uji", Role::Cashier, kShortSupervisorHash).id > 0;
    } catch (const SQLite::Exception&) {
      // the power failed under the second connection
    }
    return done;
  };
  std::int64_t span = 0;
  {
    TempDir dir;
    vfs.arm(0);
    const SetUp whole = setUp(dir.file("kiosk.db"));
    ASSERT_TRUE(whole.imported && whole.staffed);
    span = vfs.ops();
    vfs.disarm();
  }
  std::mt19937_64 rng(31);
  std::map<std::string, int> byOp, acknowledged;
  CutDamage damage;
  for (int k = 1; k <= cuts; ++k) {
    SCOPED_TRACE("set-up power cut " + std::to_string(k));
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    vfs.arm(uniform(rng, 1, span));
    const SetUp done = setUp(path);
    ASSERT_TRUE(vfs.dead()) << "the cut never came: the set-up's I/O changed";
    ++byOp[vfs.cutDuring()];
    ++acknowledged[done.imported ? (done.staffed ? "import and staff acknowledged" : "import acknowledged") : "nothing acknowledged"];
    damage += vfs.powerOn(rng, anyFlavor(rng));
    try {
      auto store = Store::open(path);
      ASSERT_TRUE(store) << "the kiosk does not start again: " << store.error().message;
      SQLite::Database db(path, SQLite::OPEN_READONLY);
      ASSERT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
      if (done.imported) {
        auto event = (*store)->catalog().currentEvent();
        ASSERT_TRUE(event) << "an acknowledged import is gone";
        EXPECT_EQ((*store)->catalog().products(event->id).size(), 6u);
        EXPECT_EQ((*store)->stock().levels(event->id).size(), 6u);
      }
      if (done.staffed) {
        EXPECT_EQ((*store)->staff().list().size(), 1u) << "acknowledged staff is gone";
      }
    } catch (const std::exception& e) {  // a damaged database: SQLiteCpp throws
      FAIL() << "reading the database after the cut failed: " << e.what();
    }
  }
  std::printf("%d power cuts while setting up a kiosk (%lld I/O operations each run)\n  %s\n  at: %s\n  %s\n", cuts,
              static_cast<long long>(span), describe(acknowledged).c_str(), describe(byOp).c_str(), describe(damage).c_str());
  if (cuts >= 100) {
    EXPECT_GT(damage.filesLost, 0) << "no cut lost a file not yet in its directory";
    EXPECT_GT(acknowledged["nothing acknowledged"], 0);
    EXPECT_GT(acknowledged["import and staff acknowledged"], 0);
  }
}

}  // namespace
}  // namespace pameran::test
