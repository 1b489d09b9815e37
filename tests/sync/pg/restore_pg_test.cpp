// P24 over PostgreSQL: the README's pg_dump backup and pg_restore into a new database, a server
// on the restored database, and the kiosks finding out by themselves what it lost and sending it
// again, each record once (the SQLite run with a sync storm is tests/sync/client/backup_restore).
#include <pqxx/pqxx>

#include "store_backends.hpp"

namespace pameran::sync {
namespace {

using namespace std::chrono_literals;
using namespace pameran::sync::testing;

std::int64_t countRows(const std::string& uri, const std::string& table) {
  pqxx::connection c(uri);
  pqxx::read_transaction tx(c);
  return tx.exec1("SELECT count(*) FROM " + table)[0].as<std::int64_t>();
}

// An in-process server over a PostgreSQL store, on a free loopback port.
struct PgServer {
  explicit PgServer(const std::string& uri) : store(orThrow(openPgStore(uri))) {
    ServerOptions options = testServerOptions();
    options.host = "127.0.0.1";
    options.port = 0;
    server = std::make_unique<Server>(*store, options);
    url = "http://127.0.0.1:" + std::to_string(*server->bind());
    serving = std::thread([this] { server->run(); });
    for (int i = 0; i < 1000 && !server->isRunning(); ++i) std::this_thread::sleep_for(1ms);
  }
  ~PgServer() {
    server->stop();
    serving.join();
  }
  std::unique_ptr<ServerStore> store;
  std::unique_ptr<Server> server;
  std::thread serving;
  std::string url;
};

void drainAll(core::Store& kiosk, const std::string& url) {
  auto http = deviceClient(kiosk, url);
  Uploader uploader(kiosk, *http);
  Backoff backoff(20, 200);
  const DrainResult r = drain(uploader, kiosk, backoff, 30'000, [](std::int64_t ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return true;
  });
  EXPECT_EQ(r.pendingLeft, 0) << r.error;
  EXPECT_EQ(kiosk.outbox().stats().quarantined, 0);
}

TEST(P24, KiosksGiveAServerRestoredWithPgRestoreBackWhatItLost) {
  PgCluster& pg = pgCluster();
  TempDir dir;
  const std::string original = pg.createDatabase(uniqueDatabaseName("p24_original"));
  constexpr int kKiosks = 3;
  std::vector<std::unique_ptr<core::Store>> kiosks;
  std::string organizer;
  {
    PgServer server(original);
    seedDemoEvent(*server.store);
    organizer = makeOrganizerToken(*server.store);
    for (int k = 0; k < kKiosks; ++k) {
      kiosks.push_back(openKiosk(dir.file("kiosk-" + std::to_string(k) + ".db")));
      enrollKiosk(*kiosks.back(), server.url, makeEnrollmentCode(*server.store), "Kios " + std::to_string(k + 1));
      sell(*kiosks.back(), 20, 500 + static_cast<std::uint64_t>(k));
      drainAll(*kiosks.back(), server.url);
    }
  }
  // The backup, as the README makes it, while nothing more has arrived.
  const std::string dump = dir.file("pameran.dump");
  ChildProcess pgDump({"/usr/bin/pg_dump", "-Fc", "-f", dump, original}, dir.file("pg_dump.log"));
  ASSERT_EQ(pgDump.wait(60s), 0) << pgDump.output();
  const std::int64_t salesInBackup = countRows(original, "sales");
  ASSERT_EQ(salesInBackup, kKiosks * 20);

  // After the backup the kiosks sell on, close their shifts and deliver it all to the original.
  std::vector<core::Report> kioskReports;
  {
    PgServer server(original);
    for (auto& kiosk : kiosks) {
      sell(*kiosk, 15, 700);
      for (const core::Staff& s : kiosk->staff().list()) {
        if (s.role == core::Role::Supervisor) {
          ASSERT_TRUE(kiosk->shifts().close({{100'000, 1}}, s));
          break;
        }
      }
      drainAll(*kiosk, server.url);
      kioskReports.push_back(*kiosk->reports().report(kEventCode));
    }
    expectTotalsMatch(fetchTotals(server.url, organizer), kioskReports);
  }

  // The original is lost; the dump goes into a new database and a new server runs on it.
  const std::string restored = pg.createDatabase(uniqueDatabaseName("p24_restored"));
  ChildProcess pgRestore({"/usr/bin/pg_restore", "--no-owner", "-d", restored, dump}, dir.file("pg_restore.log"));
  ASSERT_EQ(pgRestore.wait(60s), 0) << pgRestore.output();
  ASSERT_EQ(countRows(restored, "sales"), salesInBackup);
  PgServer server(restored);
  for (auto& kiosk : kiosks) {
    auto http = deviceClient(*kiosk, server.url);
    auto lost = requeueWhatServerLost(*kiosk, *http);
    ASSERT_TRUE(lost) << lost.error().message;
    EXPECT_EQ(lost->sales, 15) << "exactly the sales made after the backup";
    EXPECT_EQ(lost->shiftCloses, 1);
    drainAll(*kiosk, server.url);
    auto again = requeueWhatServerLost(*kiosk, *http);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->total(), 0);
  }
  expectTotalsMatch(fetchTotals(server.url, organizer), kioskReports);
  std::int64_t sales = 0, refunds = 0;
  for (const auto& kiosk : kiosks) {
    sales += static_cast<std::int64_t>(kioskIds(kiosk->path(), "sale").size());
    refunds += static_cast<std::int64_t>(kioskIds(kiosk->path(), "refund").size());
  }
  EXPECT_EQ(countRows(restored, "sales"), sales) << "every sale stored once";
  EXPECT_EQ(countRows(restored, "refunds"), refunds) << "every refund stored once";
}

}  // namespace
}  // namespace pameran::sync
