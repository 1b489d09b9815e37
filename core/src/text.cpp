#include "pameran/core/text.hpp"

namespace pameran::core {
namespace {

bool isContinuation(char c) { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

}  // namespace

std::optional<CodePoint> decodeUtf8(std::string_view s, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = byte(at);
  if (c < 0x80) return CodePoint{c, 1};
  std::size_t len = 0;
  std::uint32_t cp = 0;
  if ((c & 0xe0) == 0xc0) { len = 2; cp = c & 0x1fu; }
  else if ((c & 0xf0) == 0xe0) { len = 3; cp = c & 0x0fu; }
  else if ((c & 0xf8) == 0xf0) { len = 4; cp = c & 0x07u; }
  else return std::nullopt;
  if (at + len > s.size()) return std::nullopt;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(at + k) & 0xc0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (byte(at + k) & 0x3fu);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return std::nullopt;  // overlong
  if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return std::nullopt;
  return CodePoint{cp, len};
}

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
