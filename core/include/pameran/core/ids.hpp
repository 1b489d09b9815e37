#pragma once
// Random identifiers from libsodium's CSPRNG; never from the clock.
#include <string>
#include <string_view>

namespace pameran::core {

/// A random (version 4) UUID in lowercase canonical form.
std::string newUuid();
/// True for a canonical lowercase or uppercase 8-4-4-4-12 hex UUID.
bool isUuid(std::string_view text);
/// `bytes` random bytes as lowercase hex (2 x bytes characters).
std::string randomHex(std::size_t bytes);
/// SHA-256 of `data` as lowercase hex.
std::string sha256Hex(std::string_view data);

}  // namespace pameran::core
