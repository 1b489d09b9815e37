// What the organizer dashboard needs from the server store, on both backends (SQLite and
// PostgreSQL): sessions kept by hash that end by expiry, sign-out and token revocation; each
// event's change counter bumped by whatever changes its figures or devices; the target.
#include "store_backends.hpp"

namespace pameran::sync {
namespace {

using namespace pameran::sync::testing;

class DashboardStore : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { m_store = openSeededStore(GetParam(), m_dir); }
  ServerStore& store() { return *m_store; }
  std::int64_t counter() {
    auto c = m_store->eventCounter(kEvent);
    if (!c) ADD_FAILURE() << c.error().message;
    return c ? c->changeSeq : -1;
  }
  Principal organizer(const std::string& name) {
    const std::string hash = secretHash(newToken());
    if (!m_store->createToken(core::Role::Organizer, name, hash, 1)) ADD_FAILURE() << "token";
    auto who = m_store->authenticate(hash);
    if (!who) throw std::runtime_error(who.error().message);
    return *who;
  }

  TempDir m_dir;
  std::unique_ptr<ServerStore> m_store;
};

INSTANTIATE_TEST_SUITE_P(Backends, DashboardStore, ::testing::Values(Backend::Sqlite, Backend::Postgres), backendName);

TEST_P(DashboardStore, ASessionLastsUntilItExpiresIsSignedOutOrItsTokenIsRevoked) {
  const Principal panitia = organizer("Panitia");
  const std::string a = secretHash("session-a"), b = secretHash("session-b"), c = secretHash("session-c");
  ASSERT_TRUE(store().createSession(a, panitia, 1'000, 61'000));
  ASSERT_TRUE(store().createSession(b, panitia, 1'000, 61'000));
  auto who = store().authenticateSession(a, 60'999);
  ASSERT_TRUE(who) << who.error().message;
  EXPECT_EQ(who->kind, Principal::Kind::Organizer);
  EXPECT_EQ(who->id, panitia.id);
  EXPECT_EQ(who->name, "Panitia");
  EXPECT_EQ(who->sessionExpiresAt, 61'000);
  EXPECT_EQ(store().authenticateSession(a, 61'000).error().code, core::Errc::Unauthorized) << "expired";
  EXPECT_EQ(store().authenticateSession(secretHash("nobody"), 2'000).error().code, core::Errc::Unauthorized);
  ASSERT_TRUE(store().endSession(a));
  EXPECT_FALSE(store().authenticateSession(a, 2'000)) << "signed out";
  EXPECT_TRUE(store().endSession(a)) << "signing out twice is fine";
  EXPECT_TRUE(store().authenticateSession(b, 2'000));
  ASSERT_TRUE(store().revokeToken("Panitia", 3'000));
  EXPECT_FALSE(store().authenticateSession(b, 4'000)) << "its token was revoked";
  // A new sign-in forgets sessions that have expired: asked about a moment before its end, a
  // forgotten session is unknown.
  const Principal other = organizer("Sekretariat");
  const std::string d = secretHash("session-d");
  ASSERT_TRUE(store().createSession(d, other, 10'000, 50'000));
  EXPECT_TRUE(store().authenticateSession(d, 40'000));
  ASSERT_TRUE(store().createSession(c, other, 100'000, 200'000));
  EXPECT_TRUE(store().authenticateSession(c, 150'000));
  EXPECT_FALSE(store().authenticateSession(d, 40'000));
}

TEST_P(DashboardStore, TheChangeCounterMovesWithEverythingThatChangesTheFigures) {
  std::int64_t last = counter();
  auto moved = [&](const char* what) {
    const std::int64_t now = counter();
    EXPECT_GT(now, last) << what;
    last = now;
  };
  const Device dev = enrollDevice(store());
  moved("enrollment");
  const core::SaleRecord sale = simpleSale(dev.id, 1);
  upload(store(), dev, {{sale}, {}, {}});
  moved("a stored sale");
  upload(store(), dev, {{}, {makeRefund(sale, 1, 1)}, {}});
  moved("a stored refund");
  ASSERT_TRUE(store().setCommission(kEvent, "V01", 1000));
  moved("a commission");
  ASSERT_TRUE(store().importCatalog(kEvent, demoCatalog()));
  moved("a catalog import");
  ASSERT_TRUE(store().setEventOpen(kEvent, false));
  moved("closing");
  ASSERT_TRUE(store().setTarget(kEvent, 5'000'000));
  moved("a target");
  ASSERT_TRUE(store().revokeDevice(kEvent, dev.code, 5));
  moved("a revocation");
  EXPECT_EQ(counter(), last) << "reading changes nothing";
  ASSERT_TRUE(store().report(kEvent));
  EXPECT_EQ(counter(), last);
}

TEST_P(DashboardStore, TheOverviewHasTheTargetTheNetAndTheDevicesOfEachEvent) {
  core::Event other;
  other.code = "BOGOR-2026";
  other.name = "Pameran Bogor";
  ASSERT_TRUE(store().createEvent(other));
  const Device dev = enrollDevice(store());
  enrollDevice(store());
  upload(store(), dev, {{simpleSale(dev.id, 1), simpleSale(dev.id, 2)}, {}, {}});
  ASSERT_TRUE(store().setTarget(kEvent, 150'000'000));
  auto list = store().eventOverview();
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->size(), 2u);
  const auto& depok = list->at(0).event.code == kEvent ? list->at(0) : list->at(1);
  const auto& bogor = list->at(0).event.code == kEvent ? list->at(1) : list->at(0);
  auto report = store().report(kEvent);
  ASSERT_TRUE(report);
  EXPECT_EQ(depok.targetIdr, 150'000'000);
  EXPECT_EQ(depok.salesCount, 2);
  EXPECT_EQ(depok.net, report->net);
  EXPECT_EQ(depok.devices, 2);
  EXPECT_EQ(depok.changeSeq, store().eventCounter(kEvent)->changeSeq);
  EXPECT_EQ(bogor.targetIdr, 0);
  EXPECT_EQ(bogor.salesCount, 0);
  EXPECT_EQ(bogor.net, core::Rupiah(0));
  auto counters = store().eventCounters();
  ASSERT_TRUE(counters);
  EXPECT_EQ(counters->size(), 2u);
  EXPECT_EQ(store().setTarget("NOPE", 1).error().code, core::Errc::NotFound);
  EXPECT_EQ(store().setTarget(kEvent, -1).error().code, core::Errc::Invalid);
  EXPECT_EQ(store().eventCounter("NOPE").error().code, core::Errc::NotFound);
}

}  // namespace
}  // namespace pameran::sync
