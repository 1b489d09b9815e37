// The group-commit writer (sync/server/src/ingest_queue.hpp) over a real SQLite store: whatever
// storing a group throws, that group is answered with an error (503 over HTTP) and the writer
// keeps serving the next ones.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "../common/temp_dir.hpp"
#include "ingest_queue.hpp"
#include "pameran/sync/server.hpp"
#include "record_fixtures.hpp"

namespace pameran::sync {
namespace {

using namespace pameran::sync::testing;

struct Seeded {
  pameran::test_support::TempDir dir;
  std::unique_ptr<ServerStore> store;
  std::string deviceId;
  std::int64_t eventId = 0;

  Seeded() {
    store = std::move(*openSqliteStore(dir.file("s.db")));
    core::Event e;
    e.code = kEvent;
    e.name = "Pameran";
    if (!store->createEvent(e) || !store->importCatalog(kEvent, demoCatalog())) throw std::runtime_error("seed");
    const std::string code = newEnrollmentCode();
    if (!store->createEnrollment({kEvent, "Kios", "", "", secretHash(code), 4'000'000'000'000}, 1)) throw std::runtime_error("enroll");
    auto r = store->redeemEnrollment(secretHash(code), "t", secretHash(newToken()), 2);
    deviceId = r->deviceId;
    eventId = r->event.id;
  }
};

TEST(IngestQueue, AnExceptionWhileStoringAnswersItsGroupAndTheWriterGoesOn) {
  Seeded s;
  std::atomic<int> calls{0};
  IngestQueue queue(
      [&](const std::vector<const IngestRequest*>& group) -> IngestResults {
        const int n = calls++;
        if (n == 0) throw std::runtime_error("injected fault");
        if (n == 2) throw 42;  // not even a std::exception
        return s.store->ingest(group);
      },
      50'000, 20'000);
  const core::SaleRecord sale = simpleSale(s.deviceId, 1);
  IngestRequest req{s.deviceId, s.eventId, 5, {ingestItem(sale)}, nullptr};
  auto failed = queue.submit(req);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, core::Errc::Storage);
  EXPECT_NE(failed.error().message.find("send it again"), std::string::npos) << failed.error().message;
  EXPECT_EQ(s.store->countRows("sales").value_or(-1), 0);
  auto stored = queue.submit(req);
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(stored->at(0).status, RecordStatus::Stored);
  EXPECT_FALSE(queue.submit(req));
  auto again = queue.submit(req);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->at(0).status, RecordStatus::Duplicate);
  EXPECT_EQ(calls.load(), 4);
  EXPECT_EQ(s.store->countRows("sales").value_or(-1), 1);
}

}  // namespace
}  // namespace pameran::sync
