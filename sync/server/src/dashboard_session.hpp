#pragma once
// The dashboard's session cookie and its CSRF defence, as pure functions: which cookie carries
// the session, what the page must echo in a header for a request that changes state, and whether
// a request's Origin is the server's own.
#include <cstdint>
#include <string>
#include <string_view>

namespace pameran::sync {

inline constexpr std::string_view kSessionCookieName = "pameran_session";
/// The header a state-changing request with a session cookie carries (the page's CSRF token).
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

/// A new session id: 32 random bytes as 64 lowercase hex characters (only its hash is stored).
std::string newSessionId();
/// The session id in a Cookie header value, or empty when there is none that looks like one.
std::string sessionIdFromCookies(std::string_view cookieHeader);
/// The CSRF token of a session: derived from the id, which the page never sees (HttpOnly), so a
/// page of another site can neither read nor compute it.
std::string csrfTokenFor(std::string_view sessionId);
/// The Set-Cookie value that opens a session: HttpOnly, SameSite=Strict, Path=/, Max-Age, and
/// Secure when the client reached us over TLS.
std::string sessionCookie(std::string_view sessionId, std::int64_t maxAgeSeconds, bool secure);
/// The Set-Cookie value that makes the browser forget the session.
std::string clearedSessionCookie(bool secure);
/// Equality that takes the same time wherever the strings differ.
bool constantTimeEquals(std::string_view a, std::string_view b);
/// True when `origin` (an Origin header: `scheme://host[:port]`) names `host` (the Host header,
/// or the proxy's X-Forwarded-Host), ignoring case; false for `null` or anything malformed.
bool originMatchesHost(std::string_view origin, std::string_view host);

}  // namespace pameran::sync
