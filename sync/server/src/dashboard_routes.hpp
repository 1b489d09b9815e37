#pragma once
// The organizer dashboard (issue 10): its embedded page under /dashboard/ with a strict
// Content-Security-Policy, and its sessions: POST /api/v1/session trades an organizer token for
// an HttpOnly, SameSite=Strict cookie (Secure behind TLS), GET tells the page who is signed in
// and its CSRF token, DELETE signs out. Only the hash of a session id is stored.
#include <string>
#include <unordered_map>
#include <vector>

#include "handler_call.hpp"
#include "pameran/sync/server.hpp"

namespace pameran::sync {

/// The Content-Security-Policy of every page answer: nothing inline, nothing from another host.
inline constexpr std::string_view kDashboardCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// True when a browser says the request comes from another site's page: Sec-Fetch-Site other
/// than same-origin, or an Origin that is not the host the client asked (behind a trusted proxy
/// that may rewrite Host, its X-Forwarded-Host). A request without either header is not a
/// browser's cross-site request.
bool isCrossSite(const httplib::Request& req, const ClientAddress& client);

class DashboardRoutes {
 public:
  DashboardRoutes(ServerStore& store, const ServerOptions& options);

  /// GET / and GET /dashboard: to /dashboard/.
  void toDashboard(HandlerCall& c);
  /// GET /dashboard/ and /dashboard/{file}: the embedded files, revalidated by ETag.
  void page(HandlerCall& c);
  /// POST /api/v1/session `{"token":"..."}`: a session cookie for an organizer token.
  void signIn(HandlerCall& c);
  /// GET /api/v1/session: who is signed in, the CSRF token, when it expires, what may be fetched.
  void sessionInfo(HandlerCall& c);
  /// DELETE /api/v1/session: ends the session and clears the cookie.
  void signOut(HandlerCall& c);

  /// The organizer GET routes the server offers (the page shows a download only when it exists).
  void offer(std::vector<std::string> organizerGets) { m_offered = std::move(organizerGets); }

 private:
  ServerStore& m_store;
  const ServerOptions& m_options;
  std::vector<std::string> m_offered;
  std::unordered_map<std::string, std::string> m_etags;  // file -> ETag, made once
};

}  // namespace pameran::sync
