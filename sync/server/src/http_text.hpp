#pragma once
// Small readers of HTTP text shared by the hub (which frames requests) and the admission check.
#include <cstdint>
#include <optional>
#include <string_view>

namespace pameran::sync {

/// `s` without spaces and tabs at either end (HTTP's optional whitespace).
inline std::string_view trimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// ASCII case-insensitive equality (header names).
inline bool equalsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

/// A Content-Length value: 1-19 digits and nothing else, or empty.
inline std::optional<std::uint64_t> parseContentLength(std::string_view text) {
  text = trimOws(text);
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

}  // namespace pameran::sync
