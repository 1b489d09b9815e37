// The organizer dashboard's server side over real HTTP on loopback: the embedded page and its
// headers, sessions (cookie flags, hashes, expiry, sign-out, revocation), CSRF, the organizer
// endpoints with their ETags, downloads and the target.
#include <gtest/gtest.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <regex>

#include "pameran/sync/protocol.hpp"
#include "sync_fixtures.hpp"

namespace pameran::sync {
namespace {

using namespace pameran::sync::testing;

constexpr const char* kCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";

struct Session {
  std::string id;    // the cookie's value
  std::string csrf;  // what the page sends back
};

Session signIn(const RunningServer& s, const std::string& token, httplib::Headers headers = {}) {
  auto res = s.client().Post("/api/v1/session", headers, "{\"token\":\"" + token + "\"}", "application/json");
  if (!res || res->status != 200) throw std::runtime_error("sign-in failed: " + (res ? res->body : std::string("no answer")));
  const std::string cookie = res->get_header_value("Set-Cookie");
  std::smatch m;
  if (!std::regex_search(cookie, m, std::regex("pameran_session=([0-9a-f]{64})"))) throw std::runtime_error(cookie);
  auto body = nlohmann::json::parse(res->body);
  return {m[1].str(), body.at("csrf_token").get<std::string>()};
}

httplib::Headers withCookie(const Session& session, bool csrf = false) {
  httplib::Headers h{{"Cookie", "theme=light; pameran_session=" + session.id}};
  if (csrf) h.emplace("X-CSRF-Token", session.csrf);
  return h;
}

std::string path(const std::string& rest) { return std::string("/api/v1/events/") + kEvent + rest; }

void upload(RunningServer& s, const Enrolled& device, std::int64_t seq) {
  auto res = s.client().Post("/api/v1/sales", bearer(device.token), batchOf(device.deviceId, {simpleSale(device.deviceId, seq)}),
                             "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
}

TEST(Dashboard, RootLeadsToThePageWhichIsEmbeddedWithAStrictPolicy) {
  RunningServer s;
  auto c = s.client();
  auto root = c.Get("/");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->status, 302);
  EXPECT_EQ(root->get_header_value("Location"), "/dashboard/");
  EXPECT_EQ(c.Get("/dashboard")->get_header_value("Location"), "/dashboard/");
  auto page = c.Get("/dashboard/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page->get_header_value("Content-Security-Policy"), kCsp);
  EXPECT_EQ(page->get_header_value("X-Frame-Options"), "DENY");
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  // The DESIGN.md sign-in form, and nothing inline for the policy to forbid.
  EXPECT_NE(page->body.find("name=\"token\""), std::string::npos);
  EXPECT_NE(page->body.find("type=\"submit\""), std::string::npos);
  EXPECT_EQ(page->body.find("<script>"), std::string::npos);
  EXPECT_EQ(page->body.find("style="), std::string::npos);
  EXPECT_EQ(page->body.find("http"), std::string::npos) << "the page names no other host";
  for (const char* file : {"/dashboard/app.js", "/dashboard/app.css", "/dashboard/icon.svg"}) {
    auto res = c.Get(file);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << file;
    // The SVG namespace is a name, not an address the browser asks for.
    const std::string text = std::regex_replace(res->body, std::regex("http://www\\.w3\\.org/2000/svg"), "");
    EXPECT_EQ(text.find("http://"), std::string::npos) << file;
    EXPECT_EQ(text.find("https://"), std::string::npos) << file;
    EXPECT_FALSE(std::regex_search(text, std::regex("[\"'(=]//[A-Za-z0-9]"))) << file << ": no protocol-relative address";
  }
  EXPECT_EQ(c.Get("/dashboard/missing.js")->status, 404);
  // Revalidation is a 304 without a body.
  auto again = c.Get("/dashboard/app.js", {{"If-None-Match", c.Get("/dashboard/app.js")->get_header_value("ETag")}});
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  auto head = c.Head("/dashboard/");
  EXPECT_EQ(head->get_header_value("Content-Security-Policy"), kCsp);
}

TEST(Dashboard, OrganizerEndpointsWithoutACredentialAre401AndForADeviceAre403) {
  RunningServer s;
  const Enrolled device = s.enroll();
  auto c = s.client();
  for (const std::string& p : {std::string("/api/v1/events"), path("/totals"), path("/settlement"), std::string("/api/v1/session")}) {
    EXPECT_EQ(c.Get(p.c_str())->status, 401) << p;
    EXPECT_EQ(c.Get(p.c_str(), {{"Cookie", "pameran_session=" + std::string(64, 'a')}})->status, 401) << p;
    EXPECT_EQ(c.Get(p.c_str(), bearer(device.token))->status, 403) << p;
  }
  auto asDevice = c.Post("/api/v1/session", "{\"token\":\"" + device.token + "\"}", "application/json");
  EXPECT_EQ(asDevice->status, 403);
  EXPECT_TRUE(asDevice->get_header_value("Set-Cookie").empty());
  auto unknown = c.Post("/api/v1/session", "{\"token\":\"" + newToken() + "\"}", "application/json");
  EXPECT_EQ(unknown->status, 401);
  EXPECT_EQ(c.Post("/api/v1/session", "token=x", "application/x-www-form-urlencoded")->status, 415);
  EXPECT_EQ(c.Post("/api/v1/session", "{\"token\":1}", "application/json")->status, 422);
}

TEST(Dashboard, SignInSetsAStrictHttpOnlyCookieStoredOnlyAsAHash) {
  RunningServer s;
  const std::string token = s.organizerToken();
  auto res = s.client().Post("/api/v1/session", "{\"token\":\"" + token + "\"}", "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  EXPECT_NE(cookie.find("Max-Age=43200"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain http on loopback";
  EXPECT_EQ(res->body.find(token), std::string::npos);
  const Session session = signIn(s, token);
  auto events = s.client().Get("/api/v1/events", withCookie(session));
  ASSERT_EQ(events->status, 200) << events->body;
  SQLite::Database db(s.dbPath());
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM dashboard_sessions").getInt(), 2);
  SQLite::Statement byHash(db, "SELECT count(*) FROM dashboard_sessions WHERE session_hash = ?");
  byHash.bind(1, secretHash(session.id));
  ASSERT_TRUE(byHash.executeStep());
  EXPECT_EQ(byHash.getColumn(0).getInt(), 1);
  SQLite::Statement plain(db, "SELECT count(*) FROM dashboard_sessions WHERE session_hash = ?");
  plain.bind(1, session.id);
  ASSERT_TRUE(plain.executeStep());
  EXPECT_EQ(plain.getColumn(0).getInt(), 0);
}

TEST(Dashboard, TheCookieIsSecureOnlyWhenATrustedProxySaysTheClientUsedTls) {
  ServerOptions o = RunningServer::quietOptions();
  o.trustedProxies = {"127.0.0.1"};
  RunningServer proxied(o);
  auto viaTls = proxied.client().Post("/api/v1/session", {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "198.51.100.9"}},
                                      "{\"token\":\"" + proxied.organizerToken() + "\"}", "application/json");
  ASSERT_EQ(viaTls->status, 200);
  EXPECT_NE(viaTls->get_header_value("Set-Cookie").find("; Secure"), std::string::npos);
  RunningServer direct;  // no trusted proxy: a stranger's X-Forwarded-Proto is ignored
  auto claimed = direct.client().Post("/api/v1/session", {{"X-Forwarded-Proto", "https"}},
                                      "{\"token\":\"" + direct.organizerToken() + "\"}", "application/json");
  ASSERT_EQ(claimed->status, 200);
  EXPECT_EQ(claimed->get_header_value("Set-Cookie").find("Secure"), std::string::npos);
}

TEST(Dashboard, ASessionEndsWithSignOutExpiryAndTheRevocationOfItsToken) {
  FakeClock clock;
  ServerOptions o = RunningServer::quietOptions();
  o.clock = clock.clock();
  o.sessionMinutes = 60;
  RunningServer s(o);
  const std::string token = s.organizerToken();
  auto c = s.client();
  // Sign-out: needs the CSRF header, then the cookie opens nothing.
  const Session a = signIn(s, token);
  EXPECT_EQ(c.Delete("/api/v1/session", withCookie(a))->status, 403);
  auto out = c.Delete("/api/v1/session", withCookie(a, true));
  EXPECT_EQ(out->status, 204);
  EXPECT_NE(out->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(c.Get("/api/v1/events", withCookie(a))->status, 401);
  // Expiry.
  const Session b = signIn(s, token);
  clock.now->store(clock.now->load() + 59 * 60'000);
  EXPECT_EQ(c.Get("/api/v1/events", withCookie(b))->status, 200);
  clock.now->store(clock.now->load() + 2 * 60'000);
  auto expired = c.Get("/api/v1/events", withCookie(b));
  EXPECT_EQ(expired->status, 401);
  EXPECT_NE(expired->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
  // Revocation of the organizer token ends its sessions at once.
  const Session d = signIn(s, token);
  EXPECT_EQ(c.Get("/api/v1/events", withCookie(d))->status, 200);
  ASSERT_TRUE(s.store().revokeToken("Panitia", clock.now->load()));
  EXPECT_EQ(c.Get("/api/v1/events", withCookie(d))->status, 401);
  EXPECT_EQ(c.Post("/api/v1/session", "{\"token\":\"" + token + "\"}", "application/json")->status, 401);
}

TEST(Dashboard, AChangeMadeWithTheCookieNeedsTheCsrfTokenAndTheServersOwnOrigin) {
  RunningServer s;
  const std::string token = s.organizerToken();
  const Session session = signIn(s, token);
  auto c = s.client();
  const std::string body = "{\"target_idr\":150000000}";
  auto put = [&](httplib::Headers h) { return c.Put(path("/target").c_str(), h, body, "application/json")->status; };
  EXPECT_EQ(put(withCookie(session)), 403) << "no CSRF header";
  auto wrong = withCookie(session);
  wrong.emplace("X-CSRF-Token", std::string(64, '0'));
  EXPECT_EQ(put(wrong), 403) << "a wrong CSRF token";
  auto otherSite = withCookie(session, true);
  otherSite.emplace("Origin", "https://evil.example");
  EXPECT_EQ(put(otherSite), 403) << "another site's page";
  auto crossSite = withCookie(session, true);
  crossSite.emplace("Sec-Fetch-Site", "cross-site");
  EXPECT_EQ(put(crossSite), 403);
  auto otherSession = withCookie(signIn(s, token));
  otherSession.emplace("X-CSRF-Token", session.csrf);
  EXPECT_EQ(put(otherSession), 403) << "another session's CSRF token";
  EXPECT_EQ(s.store().eventOverview()->at(0).targetIdr, 0);
  auto own = withCookie(session, true);
  own.emplace("Origin", "http://127.0.0.1:" + std::to_string(s.port()));
  own.emplace("Sec-Fetch-Site", "same-origin");
  EXPECT_EQ(put(own), 204);
  EXPECT_EQ(s.store().eventOverview()->at(0).targetIdr, 150'000'000);
  // A bearer token is not sent by browsers on their own: no CSRF check.
  EXPECT_EQ(c.Put(path("/target").c_str(), bearer(token), "{\"target_idr\":0}", "application/json")->status, 204);
  // Sign-in from another site's page is refused too.
  EXPECT_EQ(c.Post("/api/v1/session", {{"Origin", "https://evil.example"}}, "{\"token\":\"" + token + "\"}", "application/json")->status,
            403);
  // GET /session tells the page its CSRF token (only with the cookie).
  auto who = c.Get("/api/v1/session", withCookie(session));
  ASSERT_EQ(who->status, 200);
  EXPECT_EQ(nlohmann::json::parse(who->body).at("csrf_token"), session.csrf);
  EXPECT_FALSE(nlohmann::json::parse(c.Get("/api/v1/session", bearer(token))->body).contains("csrf_token"));
}

TEST(Dashboard, TheTargetRefusesWhatIsNotAWholeRupiahAmount) {
  RunningServer s;
  const std::string token = s.organizerToken();
  auto c = s.client();
  for (const char* bad : {"{\"target_idr\":1.5}", "{\"target_idr\":\"100\"}", "{\"target_idr\":-1}", "{\"target_idr\":1e3}",
                          "{\"target_idr\":1,\"x\":2}", "[]", "{\"target_idr\":1000000000000000001}"}) {
    auto res = c.Put(path("/target").c_str(), bearer(token), bad, "application/json");
    EXPECT_EQ(res->status, 422) << bad;
  }
  EXPECT_EQ(c.Put("/api/v1/events/NOPE/target", bearer(token), "{\"target_idr\":5}", "application/json")->status, 404);
  EXPECT_EQ(s.store().eventOverview()->at(0).targetIdr, 0);
}

TEST(Dashboard, AnUnchangedEventAnswers304AndAnUploadOrATargetChangesItsTag) {
  RunningServer s;
  const std::string token = s.organizerToken();
  const Enrolled device = s.enroll();
  auto c = s.client();
  auto tagOf = [&](const std::string& p) { return c.Get(p.c_str(), bearer(token))->get_header_value("ETag"); };
  auto statusWith = [&](const std::string& p, const std::string& tag) {
    auto h = bearer(token);
    h.emplace("If-None-Match", tag);
    return c.Get(p.c_str(), h)->status;
  };
  const std::string totals = tagOf(path("/totals"));
  const std::string list = tagOf("/api/v1/events");
  EXPECT_TRUE(std::regex_match(totals, std::regex("\"e[0-9]+-[0-9]+-totals\""))) << totals;
  EXPECT_EQ(statusWith(path("/totals"), totals), 304);
  EXPECT_EQ(statusWith("/api/v1/events", list), 304);
  upload(s, device, 1);
  EXPECT_EQ(statusWith(path("/totals"), totals), 200);
  EXPECT_EQ(statusWith("/api/v1/events", list), 200);
  const std::string afterUpload = tagOf(path("/devices"));
  EXPECT_EQ(statusWith(path("/devices"), afterUpload), 304);
  c.Put(path("/target").c_str(), bearer(token), "{\"target_idr\":10}", "application/json");
  EXPECT_EQ(statusWith(path("/devices"), afterUpload), 200);
  // The event list carries what the page shows.
  auto events = nlohmann::json::parse(c.Get("/api/v1/events", bearer(token))->body);
  const auto& e = events.at("events").at(0);
  EXPECT_EQ(e.at("code"), kEvent);
  EXPECT_EQ(e.at("target_idr"), 10);
  EXPECT_EQ(e.at("sales_count"), 1);
  EXPECT_EQ(e.at("devices"), 1);
  EXPECT_EQ(e.at("net_idr"), nlohmann::json::parse(c.Get(path("/totals").c_str(), bearer(token))->body).at("net_idr"));
}

TEST(Dashboard, DownloadsAreTheSettlementCsvAndPdfStatements) {
  RunningServer s;
  const std::string token = s.organizerToken();
  const Enrolled device = s.enroll();
  upload(s, device, 1);
  const Session session = signIn(s, token);
  auto c = s.client();
  auto csv = c.Get(path("/settlement?format=csv").c_str(), withCookie(session));
  ASSERT_EQ(csv->status, 200) << csv->body;
  EXPECT_EQ(csv->body.rfind("vendor_code,", 0), 0u) << csv->body.substr(0, 80);
  EXPECT_NE(csv->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  auto all = c.Get(path("/statements.pdf").c_str(), withCookie(session));
  ASSERT_EQ(all->status, 200) << all->body;
  EXPECT_EQ(all->body.rfind("%PDF", 0), 0u);
  const std::regex page("/Type /Page[^s]");
  const auto pages = std::distance(std::sregex_iterator(all->body.begin(), all->body.end(), page), std::sregex_iterator());
  auto settled = nlohmann::json::parse(c.Get(path("/settlement").c_str(), withCookie(session))->body);
  EXPECT_EQ(static_cast<std::size_t>(pages), settled.at("vendors").size()) << "a page per vendor";
  // Each vendor's goods beside its money, as the consignment ledger says them.
  const auto ledger = nlohmann::json::parse(c.Get(path("/stock").c_str(), withCookie(session))->body);
  for (const auto& v : settled.at("vendors")) {
    const auto& g = v.at("goods");
    std::int64_t onHand = 0;
    for (const auto& l : ledger.at("vendors"))
      if (l.at("vendor_code") == v.at("vendor_code")) onHand = l.at("on_hand").get<std::int64_t>();
    EXPECT_EQ(g.at("on_hand").get<std::int64_t>(), onHand) << v.at("vendor_code");
    EXPECT_EQ(g.at("on_hand").get<std::int64_t>(), g.at("received").get<std::int64_t>() - g.at("sold").get<std::int64_t>() +
                                                       g.at("refunded").get<std::int64_t>() + g.at("adjusted").get<std::int64_t>() -
                                                       g.at("returned").get<std::int64_t>());
  }
  EXPECT_GE(pages, 2);
  auto one = c.Get(path("/settlement/V01.pdf").c_str(), withCookie(session));
  ASSERT_EQ(one->status, 200);
  EXPECT_EQ(one->body.rfind("%PDF", 0), 0u);
  EXPECT_EQ(c.Get(path("/settlement/NOPE.pdf").c_str(), withCookie(session))->status, 404);
  EXPECT_EQ(c.Get(path("/report.csv").c_str(), withCookie(session))->body.rfind("section,", 0), 0u);
  EXPECT_EQ(c.Get(path("/report.pdf").c_str(), withCookie(session))->body.rfind("%PDF", 0), 0u);
  EXPECT_EQ(c.Get(path("/settlement?format=xml").c_str(), withCookie(session))->status, 422);
}

}  // namespace
}  // namespace pameran::sync
