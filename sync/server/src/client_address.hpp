#pragma once
// Who is on the other end of a request: the socket's address, or, when the socket is a trusted
// reverse proxy (`serve --trusted-proxy`), the client that proxy names in X-Forwarded-For, and
// whether the client reached the proxy over TLS (X-Forwarded-Proto). Headers from anyone else
// are ignored: a stranger cannot pick the address its rate limits are counted under.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pameran/core/error.hpp"

namespace pameran::sync {

/// An IPv4 or IPv6 address range: one address (`10.0.0.7`, `::1`) or a CIDR block (`10.0.0.0/8`).
class IpRange {
 public:
  /// Fails with Invalid naming the text when it is not an address or a block.
  static core::Result<IpRange> parse(std::string_view text);
  bool contains(std::string_view ip) const;

 private:
  std::array<std::uint8_t, 16> m_bytes{};  // IPv4 as IPv4-mapped IPv6
  int m_prefix = 128;
};

/// The 16-byte form of an IP address text (IPv4 mapped into IPv6), or false.
bool parseIp(std::string_view text, std::array<std::uint8_t, 16>& out);

struct ClientAddress {
  std::string ip;         // the client's address as the server counts it
  bool viaProxy = false;  // the socket was a trusted proxy
  bool secure = false;    // the client used TLS to reach the trusted proxy (X-Forwarded-Proto: https)
};

/// The socket's address unless it lies in `trusted`; then the right-most X-Forwarded-For entry
/// that is not itself a trusted proxy (the left-most when all are). A malformed entry ends the
/// walk at the last good one.
ClientAddress resolveClient(std::string_view socketIp, std::string_view forwardedFor, std::string_view forwardedProto,
                            const std::vector<IpRange>& trusted);

}  // namespace pameran::sync
