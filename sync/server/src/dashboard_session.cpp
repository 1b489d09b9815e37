#include "dashboard_session.hpp"

#include <fmt/format.h>

#include "http_text.hpp"
#include "pameran/core/ids.hpp"

namespace pameran::sync {

namespace {
bool isLowerHex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}
}  // namespace

std::string newSessionId() { return core::randomHex(32); }

std::string sessionIdFromCookies(std::string_view header) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    const std::string_view pair = trimOws(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos || pair.substr(0, eq) != kSessionCookieName) continue;
    const std::string_view value = pair.substr(eq + 1);
    if (value.size() == 64 && isLowerHex(value)) return std::string(value);
  }
  return {};
}

std::string csrfTokenFor(std::string_view sessionId) {
  return core::sha256Hex("pameran-csrf:" + std::string(sessionId));
}

std::string sessionCookie(std::string_view sessionId, std::int64_t maxAgeSeconds, bool secure) {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", kSessionCookieName, sessionId, maxAgeSeconds,
                     secure ? "; Secure" : "");
}

std::string clearedSessionCookie(bool secure) { return sessionCookie("", 0, secure); }

bool constantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff = static_cast<unsigned char>(diff | (a[i] ^ b[i]));
  return diff == 0;
}

bool originMatchesHost(std::string_view origin, std::string_view host) {
  const auto scheme = origin.find("://");
  if (scheme == std::string_view::npos || host.empty()) return false;
  const std::string_view s = origin.substr(0, scheme);
  if (s != "http" && s != "https") return false;
  std::string_view authority = origin.substr(scheme + 3);
  if (authority.empty() || authority.find_first_of("/?#@ ") != std::string_view::npos) return false;
  // A default port may be written or left out by either side.
  auto bare = [&](std::string_view a) {
    const std::string_view dflt = s == "https" ? ":443" : ":80";
    if (a.size() > dflt.size() && a.substr(a.size() - dflt.size()) == dflt) a.remove_suffix(dflt.size());
    return a;
  };
  return equalsNoCase(bare(authority), bare(trimOws(host)));
}

}  // namespace pameran::sync
