// Contents: the page (files, headers) · sessions (sign in, who, sign out).
#include "dashboard_routes.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "dashboard_files.hpp"
#include "dashboard_session.hpp"
#include "pameran/core/ids.hpp"
#include "pameran/sync/protocol.hpp"

namespace pameran::sync {

namespace {

constexpr std::size_t kMaxTokenBytes = 128;

std::string_view contentTypeOf(std::string_view file) {
  auto ends = [&](std::string_view ext) { return file.size() >= ext.size() && file.substr(file.size() - ext.size()) == ext; };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

// Every answer of the dashboard's own routes: never framed by another site, never sniffed, and for
// pages nothing that is not the server's own file.
void setSecurityHeaders(httplib::Response& res) {
  res.set_header("Content-Security-Policy", std::string(kDashboardCsp));
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
  res.set_header("Cross-Origin-Resource-Policy", "same-origin");
}

}  // namespace

bool isCrossSite(const httplib::Request& req, const ClientAddress& client) {
  const std::string site = req.get_header_value("Sec-Fetch-Site");
  if (!site.empty() && site != "same-origin" && site != "none") return true;
  const std::string origin = req.get_header_value("Origin");
  if (origin.empty()) return false;
  const std::string forwardedHost = client.viaProxy ? req.get_header_value("X-Forwarded-Host") : std::string{};
  return !originMatchesHost(origin, forwardedHost.empty() ? req.get_header_value("Host") : forwardedHost);
}

DashboardRoutes::DashboardRoutes(ServerStore& store, const ServerOptions& options) : m_store(store), m_options(options) {
  for (std::string_view file : {"index.html", "app.js", "app.css", "icon.svg"})
    if (const auto bytes = dashboard::find(file))
      m_etags.emplace(file, "\"d" + core::sha256Hex(*bytes).substr(0, 20) + "\"");
}

// ---- the page ----------------------------------------------------------------------------------

void DashboardRoutes::toDashboard(HandlerCall& c) {
  setSecurityHeaders(c.res);
  c.res.status = c.req.path == "/" ? 302 : 301;
  c.res.set_header("Location", "/dashboard/");
}

void DashboardRoutes::page(HandlerCall& c) {
  const std::string file = c.params.empty() ? "index.html" : c.params.at(0);
  const auto etag = m_etags.find(file);
  const auto bytes = dashboard::find(file);
  if (etag == m_etags.end() || !bytes) return sendError(c.res, 404, "no such file: " + file.substr(0, 40));
  setSecurityHeaders(c.res);
  if (answeredNotModified(c.req, c.res, etag->second)) return;
  c.res.status = 200;
  c.res.set_content(bytes->data(), bytes->size(), std::string(contentTypeOf(file)));
}

// ---- sessions ----------------------------------------------------------------------------------

void DashboardRoutes::signIn(HandlerCall& c) {
  setSecurityHeaders(c.res);
  c.res.set_header("Cache-Control", "no-store");
  // A form of another site cannot send JSON without asking first (CORS), which we never allow.
  if (c.req.get_header_value("Content-Type").rfind("application/json", 0) != 0)
    return sendError(c.res, 415, "send the token as JSON: {\"token\":\"...\"}");
  if (isCrossSite(c.req, c.client)) return sendError(c.res, 403, "sign in from the dashboard's own page");
  std::string body;
  if (!readBody(*c.reader, m_options.limits.maxDecodedBytes, body, c.res)) return;
  const nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object() || doc.size() != 1 || !doc.contains("token") || !doc["token"].is_string())
    return sendError(c.res, 422, "the body must be {\"token\":\"...\"}");
  const std::string token = doc["token"].get<std::string>();
  if (token.empty() || token.size() > kMaxTokenBytes) return sendError(c.res, 401, "unknown or revoked token");
  auto who = m_store.authenticate(secretHash(token));
  if (!who) {
    if (who.error().code == core::Errc::Unauthorized) return sendError(c.res, 401, "unknown or revoked token");
    return sendFailure(c.res, who.error());
  }
  if (who->kind != Principal::Kind::Organizer) return sendError(c.res, 403, "the dashboard needs an organizer token");
  const std::string id = newSessionId();
  const core::EpochMs now = m_options.clock();
  const std::int64_t lifetime = static_cast<std::int64_t>(m_options.sessionMinutes) * 60;
  const core::EpochMs expires = now + lifetime * 1000;
  if (auto made = m_store.createSession(secretHash(id), *who, now, expires); !made) return sendFailure(c.res, made.error());
  c.res.set_header("Set-Cookie", sessionCookie(id, lifetime, c.client.secure));
  c.res.status = 200;
  c.res.set_content(nlohmann::json{{"name", who->name}, {"csrf_token", csrfTokenFor(id)}, {"expires_at_ms", expires}}.dump(),
                    kJson);
}

void DashboardRoutes::sessionInfo(HandlerCall& c) {
  setSecurityHeaders(c.res);
  c.res.set_header("Cache-Control", "no-store");
  nlohmann::json out{{"name", c.who->name}, {"server_time_ms", m_options.clock()}, {"routes", m_offered}};
  if (!c.sessionId.empty()) {
    out["csrf_token"] = csrfTokenFor(c.sessionId);
    out["expires_at_ms"] = c.who->sessionExpiresAt;
  }
  c.res.status = 200;
  c.res.set_content(out.dump(), kJson);
}

void DashboardRoutes::signOut(HandlerCall& c) {
  setSecurityHeaders(c.res);
  c.res.set_header("Cache-Control", "no-store");
  if (c.sessionId.empty()) return sendError(c.res, 400, "there is no session to sign out of (a bearer token stays valid)");
  if (auto ended = m_store.endSession(secretHash(c.sessionId)); !ended) return sendFailure(c.res, ended.error());
  c.res.set_header("Set-Cookie", clearedSessionCookie(c.client.secure));
  c.res.status = 204;
}

}  // namespace pameran::sync
