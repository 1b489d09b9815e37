// The server's small parts without a server: the route matcher, the dashboard's session cookie
// and origin checks, client addresses behind trusted proxies, the decode gate, log escaping.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stdexcept>

#include "server_log.hpp"
#include "client_address.hpp"
#include "dashboard_session.hpp"
#include "decode_gate.hpp"
#include "routes.hpp"

namespace pameran::sync {
namespace {

TEST(Routes, PatternsMatchCodesInParametersAndNothingElse) {
  std::vector<std::string> params;
  EXPECT_TRUE(matchPattern("/api/v1/events/{code}/totals", "/api/v1/events/DEPOK-2026/totals", &params));
  EXPECT_EQ(params, std::vector<std::string>{"DEPOK-2026"});
  EXPECT_FALSE(matchPattern("/api/v1/events/{code}/totals", "/api/v1/events//totals"));
  EXPECT_FALSE(matchPattern("/api/v1/events/{code}/totals", "/api/v1/events/A%2FB/totals"));
  EXPECT_FALSE(matchPattern("/api/v1/events/{code}/totals", "/api/v1/events/X/totals/"));
  EXPECT_FALSE(matchPattern("/api/v1/health", "/api/v1/healthz"));
  EXPECT_TRUE(matchPattern("/api/v1/health", "/api/v1/health"));
  EXPECT_EQ(targetPath("/api/v1/health?x=1"), "/api/v1/health");
}

TEST(Routes, TheTableTellsAMissingRouteFromAWrongMethod) {
  RouteTable<int> table({{"GET", "/a/{code}", Caller::Organizer, 0, false, false, 1},
                         {"POST", "/b", Caller::Anyone, 10, false, true, 2}});
  auto hit = table.find("HEAD", "/a/X1?q");
  ASSERT_NE(hit.route, nullptr);
  EXPECT_EQ(hit.route->handler, 1);
  EXPECT_EQ(hit.params.at(0), "X1");
  auto wrong = table.find("GET", "/b");
  EXPECT_EQ(wrong.route, nullptr);
  EXPECT_TRUE(wrong.pathExists);
  EXPECT_EQ(wrong.allow, "POST");
  auto none = table.find("GET", "/c");
  EXPECT_EQ(none.route, nullptr);
  EXPECT_FALSE(none.pathExists);
}

TEST(DashboardSession, TheCookieIsFoundAmongOthersAndOnlyWhenItLooksLikeASessionId) {
  const std::string id = newSessionId();
  EXPECT_EQ(id.size(), 64u);
  EXPECT_NE(id, newSessionId());
  EXPECT_EQ(sessionIdFromCookies("theme=dark; pameran_session=" + id + "; lang=id"), id);
  EXPECT_EQ(sessionIdFromCookies("pameran_session=" + id), id);
  EXPECT_EQ(sessionIdFromCookies("pameran_session=abc"), "");
  EXPECT_EQ(sessionIdFromCookies("pameran_session=" + std::string(64, 'Z')), "");
  EXPECT_EQ(sessionIdFromCookies("xpameran_session=" + id), "");
  EXPECT_EQ(sessionIdFromCookies(""), "");
  const std::string cookie = sessionCookie(id, 600, true);
  EXPECT_EQ(cookie, "pameran_session=" + id + "; Path=/; Max-Age=600; HttpOnly; SameSite=Strict; Secure");
  EXPECT_EQ(clearedSessionCookie(false), "pameran_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
  // The CSRF token is the session's own and cannot be mistaken for the id.
  EXPECT_EQ(csrfTokenFor(id), csrfTokenFor(id));
  EXPECT_NE(csrfTokenFor(id), csrfTokenFor(newSessionId()));
  EXPECT_NE(csrfTokenFor(id), id);
  EXPECT_TRUE(constantTimeEquals("abc", "abc"));
  EXPECT_FALSE(constantTimeEquals("abc", "abd"));
  EXPECT_FALSE(constantTimeEquals("abc", "ab"));
}

TEST(DashboardSession, AnOriginMatchesOnlyTheHostTheClientAsked) {
  EXPECT_TRUE(originMatchesHost("http://127.0.0.1:8080", "127.0.0.1:8080"));
  EXPECT_TRUE(originMatchesHost("https://Pameran.Example", "pameran.example:443"));
  EXPECT_TRUE(originMatchesHost("https://pameran.example:443", "pameran.example"));
  EXPECT_FALSE(originMatchesHost("https://evil.example", "pameran.example"));
  EXPECT_FALSE(originMatchesHost("http://pameran.example:8080", "pameran.example:8081"));
  EXPECT_FALSE(originMatchesHost("null", "pameran.example"));
  EXPECT_FALSE(originMatchesHost("https://pameran.example.evil.example", "pameran.example"));
  EXPECT_FALSE(originMatchesHost("https://user@pameran.example", "pameran.example"));
  EXPECT_FALSE(originMatchesHost("ftp://pameran.example", "pameran.example"));
  EXPECT_FALSE(originMatchesHost("http://pameran.example", ""));
}

TEST(ClientAddress, ForwardedHeadersCountOnlyFromATrustedProxy) {
  std::vector<IpRange> trusted{*IpRange::parse("10.0.0.0/24"), *IpRange::parse("::1")};
  // A stranger's own X-Forwarded-For is ignored.
  EXPECT_EQ(resolveClient("203.0.113.9", "1.2.3.4", "https", trusted).ip, "203.0.113.9");
  EXPECT_FALSE(resolveClient("203.0.113.9", "1.2.3.4", "https", trusted).secure);
  // Behind the proxy: the right-most address that is not a proxy; what the client wrote is left of it.
  const ClientAddress c = resolveClient("10.0.0.5", "6.6.6.6, 198.51.100.7, 10.0.0.6", "https", trusted);
  EXPECT_EQ(c.ip, "198.51.100.7");
  EXPECT_TRUE(c.viaProxy);
  EXPECT_TRUE(c.secure);
  EXPECT_EQ(resolveClient("::1", "garbage, 198.51.100.8", "http", trusted).ip, "198.51.100.8");
  EXPECT_EQ(resolveClient("10.0.0.5", "", "", trusted).ip, "10.0.0.5");
  EXPECT_FALSE(IpRange::parse("10.0.0.0/33"));
  EXPECT_FALSE(IpRange::parse("proxy.local"));
  EXPECT_TRUE(IpRange::parse("fd00::/8")->contains("fd12::1"));
  EXPECT_FALSE(IpRange::parse("10.0.0.0/8")->contains("11.0.0.1"));
}

TEST(DecodeGate, AnExceptionWhileDecodingGivesTheSlotBack) {
  DecodeGate gate(1);
  try {
    const DecodeGate::Slot slot = gate.enter();
    throw std::runtime_error("decoder failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(gate.freeSlots(), 1u);
  auto next = std::async(std::launch::async, [&] {
    const DecodeGate::Slot slot = gate.enter();
    return true;
  });
  ASSERT_EQ(next.wait_for(std::chrono::seconds(2)), std::future_status::ready) << "the slot was lost";
  EXPECT_TRUE(next.get());
}

TEST(ServerLog, FieldsArePrintableAsciiOnly) {
  EXPECT_EQ(escapeLogField("/a\nb c\\d\x7f"), "/a\\x0ab\\x20c\\x5cd\\x7f");
  EXPECT_EQ(escapeLogField(""), "-");
  EXPECT_EQ(escapeLogField("Kios\xc3\xa9"), "Kios\\xc3\\xa9");
}

}  // namespace
}  // namespace pameran::sync
