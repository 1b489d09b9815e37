// The route table seen from outside (404 and 405), and enrollment limits per client address and
// per code, with the client address read through a trusted reverse proxy only.
#include <gtest/gtest.h>

#include "sync_fixtures.hpp"

namespace pameran::sync {
namespace {

using namespace pameran::sync::testing;

httplib::Result enrollAs(const RunningServer& s, const std::string& code, const std::string& forwardedFor = "") {
  auto c = s.client();
  httplib::Headers h;
  if (!forwardedFor.empty()) h.emplace("X-Forwarded-For", forwardedFor);
  return c.Post("/api/v1/enroll", h, encodeEnrollRequest({code, "tablet"}), "application/json");
}

TEST(ServerRoutes, AKnownPathWithAnotherMethodIs405WithAllow) {
  RunningServer s;
  auto res = s.client().Post("/api/v1/health", "{}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 405);
  EXPECT_EQ(res->get_header_value("Allow"), "GET");
  EXPECT_FALSE(decodeError(res->body).empty());
  auto del = s.client().Delete((std::string("/api/v1/events/") + kEvent + "/totals").c_str());
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 405);
  auto unknown = s.client().Get("/api/v1/events/A%2FB/totals");  // percent-encoding matches no route
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

TEST(ServerRoutes, EnrollmentIsLimitedPerCodeAsWellAsPerAddress) {
  ServerOptions o = RunningServer::quietOptions();
  o.enrollPerMinute = 2;
  o.trustedProxies = {"127.0.0.1"};
  RunningServer s(o);
  const std::string wrong = "AAAA-BBBB-CCCC";
  // Three different clients behind the proxy try the same code: the code runs out, not the clients.
  EXPECT_EQ(enrollAs(s, wrong, "198.51.100.1")->status, 401);
  EXPECT_EQ(enrollAs(s, wrong, "198.51.100.2")->status, 401);
  auto third = enrollAs(s, wrong, "198.51.100.3");
  ASSERT_TRUE(third);
  EXPECT_EQ(third->status, 429);
  EXPECT_NE(decodeError(third->body).find("this code"), std::string::npos) << third->body;
  EXPECT_FALSE(third->get_header_value("Retry-After").empty());
  // ...while a kiosk with its own code behind the same proxy still enrolls.
  auto mine = enrollAs(s, s.enrollmentCode(), "198.51.100.4");
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->status, 200) << mine->body;
}

TEST(ServerRoutes, BehindATrustedProxyEachClientHasItsOwnEnrollmentLimit) {
  ServerOptions o = RunningServer::quietOptions();
  o.enrollPerMinute = 2;
  o.trustedProxies = {"127.0.0.0/8"};
  RunningServer s(o);
  // One attacker behind the proxy uses up its own attempts...
  for (const char* code : {"AAAA-AAAA-AAA1", "AAAA-AAAA-AAA2"})
    EXPECT_EQ(enrollAs(s, code, "203.0.113.66")->status, 401);
  auto blocked = enrollAs(s, "AAAA-AAAA-AAA3", "203.0.113.66");
  ASSERT_TRUE(blocked);
  EXPECT_EQ(blocked->status, 429);
  // ...and an honest kiosk behind the same proxy is not blocked with it.
  auto honest = enrollAs(s, s.enrollmentCode(), "203.0.113.7, 127.0.0.1");
  ASSERT_TRUE(honest);
  EXPECT_EQ(honest->status, 200) << honest->body;
}

TEST(ServerRoutes, ForwardedForFromAnUntrustedAddressIsIgnored) {
  ServerOptions o = RunningServer::quietOptions();
  o.enrollPerMinute = 2;
  RunningServer s(o);  // no trusted proxy
  EXPECT_EQ(enrollAs(s, "AAAA-AAAA-AAA1", "203.0.113.1")->status, 401);
  EXPECT_EQ(enrollAs(s, "AAAA-AAAA-AAA2", "203.0.113.2")->status, 401);
  // A stranger cannot pick a new address for every attempt.
  auto third = enrollAs(s, "AAAA-AAAA-AAA3", "203.0.113.3");
  ASSERT_TRUE(third);
  EXPECT_EQ(third->status, 429);
}

TEST(ServerRoutes, ABadTrustedProxyIsRefusedAtStart) {
  TempDir dir;
  auto store = openSqliteStore(dir.file("s.db"));
  ASSERT_TRUE(store);
  ServerOptions o = RunningServer::quietOptions();
  o.port = 0;
  o.trustedProxies = {"10.0.0.0/40"};
  Server server(**store, o);
  auto bound = server.bind();
  ASSERT_FALSE(bound);
  EXPECT_NE(bound.error().message.find("--trusted-proxy"), std::string::npos) << bound.error().message;
}

}  // namespace
}  // namespace pameran::sync
