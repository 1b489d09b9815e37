#pragma once
// The digest of a record's canonical body that tells a replay from a conflict (PROTOCOL.md 8).
#include <string>
#include <string_view>

namespace pameran::sync {

/// sha256 of `body` as 64 lowercase hex characters: the same digest as core::sha256Hex, faster.
std::string canonicalDigest(std::string_view body);

}  // namespace pameran::sync
