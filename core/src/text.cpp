#include "pameran/core/text.hpp"

namespace pameran::core {
namespace {

bool isContinuation(char c) { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

}  // namespace

std::size_t columns(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if (!isContinuation(c)) ++n;
  return n;
}

std::size_t bytesOfColumns(std::string_view s, std::size_t count) {
  std::size_t i = 0;
  for (std::size_t seen = 0; i < s.size(); ++i) {
    if (!isContinuation(s[i])) {
      if (seen == count) break;
      ++seen;
    }
  }
  return i;
}

std::string fitColumns(std::string_view s, std::size_t width, bool alignRight) {
  const std::string_view kept = s.substr(0, bytesOfColumns(s, width));
  const std::string padding(width - columns(kept), ' ');
  return alignRight ? padding + std::string(kept) : std::string(kept) + padding;
}

std::string fillPattern(std::string_view pattern, std::initializer_list<std::string_view> args) {
  std::string out;
  out.reserve(pattern.size() + 16);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 1] >= '0' && pattern[i + 1] <= '9' && pattern[i + 2] == '}') {
      const auto n = static_cast<std::size_t>(pattern[i + 1] - '0');
      if (n < args.size()) {
        out += *(args.begin() + n);
        i += 2;
        continue;
      }
    }
    out.push_back(pattern[i]);
  }
  return out;
}

}  // namespace pameran::core
