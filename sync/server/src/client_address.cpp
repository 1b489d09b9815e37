#include "client_address.hpp"

#include <arpa/inet.h>

#include <charconv>

#include "http_text.hpp"

namespace pameran::sync {
namespace {

bool isTrusted(std::string_view ip, const std::vector<IpRange>& trusted) {
  for (const IpRange& r : trusted)
    if (r.contains(ip)) return true;
  return false;
}

}  // namespace

bool parseIp(std::string_view text, std::array<std::uint8_t, 16>& out) {
  if (text.empty() || text.size() > 45) return false;
  const std::string s(text);
  in_addr v4{};
  if (::inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out = {};
    out[10] = 0xff;
    out[11] = 0xff;
    const auto* b = reinterpret_cast<const std::uint8_t*>(&v4.s_addr);
    for (int i = 0; i < 4; ++i) out[static_cast<std::size_t>(12 + i)] = b[i];
    return true;
  }
  in6_addr v6{};
  if (::inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    for (std::size_t i = 0; i < 16; ++i) out[i] = v6.s6_addr[i];
    return true;
  }
  return false;
}

core::Result<IpRange> IpRange::parse(std::string_view text) {
  const auto bad = [&] {
    return core::fail(core::Errc::Invalid,
                      "'" + std::string(text.substr(0, 60)) + "' is not an IP address or CIDR block (10.0.0.5, 10.0.0.0/24, ::1)");
  };
  IpRange r;
  const auto slash = text.find('/');
  if (!parseIp(text.substr(0, slash), r.m_bytes)) return bad();
  const bool v4 = text.substr(0, slash).find(':') == std::string_view::npos;
  if (slash != std::string_view::npos) {
    const std::string_view bits = text.substr(slash + 1);
    int prefix = -1;
    const auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
    if (ec != std::errc() || end != bits.data() + bits.size() || prefix < 0 || prefix > (v4 ? 32 : 128)) return bad();
    r.m_prefix = v4 ? prefix + 96 : prefix;
  }
  return r;
}

bool IpRange::contains(std::string_view ip) const {
  std::array<std::uint8_t, 16> b{};
  if (!parseIp(ip, b)) return false;
  int left = m_prefix;
  for (std::size_t i = 0; i < 16 && left > 0; ++i, left -= 8) {
    const auto mask = static_cast<std::uint8_t>(left >= 8 ? 0xff : 0xff << (8 - left));
    if ((b[i] & mask) != (m_bytes[i] & mask)) return false;
  }
  return true;
}

ClientAddress resolveClient(std::string_view socketIp, std::string_view forwardedFor, std::string_view forwardedProto,
                            const std::vector<IpRange>& trusted) {
  ClientAddress out{std::string(socketIp), false, false};
  if (trusted.empty() || !isTrusted(socketIp, trusted)) return out;
  out.viaProxy = true;
  // The proxy appends the address it saw; everything left of that is the client's own say.
  std::string_view rest = forwardedFor;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    const std::string_view entry = trimOws(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    std::array<std::uint8_t, 16> ignored{};
    if (!parseIp(entry, ignored)) break;
    out.ip = std::string(entry);
    if (!isTrusted(entry, trusted)) break;
  }
  const auto comma = forwardedProto.rfind(',');
  const std::string_view proto = trimOws(comma == std::string_view::npos ? forwardedProto : forwardedProto.substr(comma + 1));
  out.secure = proto == "https";
  return out;
}

}  // namespace pameran::sync
