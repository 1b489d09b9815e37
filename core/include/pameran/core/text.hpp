#pragma once
// Plain text shared by printed documents and screens: UTF-8 columns (a thermal printer puts one
// code point in one column), fitting text to a width, and the `{0}` patterns of translated labels.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace pameran::core {

/// One code point of UTF-8 text and the bytes it takes.
struct CodePoint {
  std::uint32_t value = 0;
  std::size_t length = 0;
};
/// The code point that starts at byte `at` of `s`, or nothing when the bytes there are not
/// well-formed UTF-8 (a stray continuation byte, a truncated sequence, an overlong form, a
/// surrogate, beyond U+10FFFF). `at` must be inside `s`.
std::optional<CodePoint> decodeUtf8(std::string_view s, std::size_t at);

/// Code points in `s` (UTF-8 continuation bytes do not count).
std::size_t columns(std::string_view s);
/// Byte length of the first `count` code points of `s` (all of `s` when it is shorter).
std::size_t bytesOfColumns(std::string_view s, std::size_t count);
/// The first `width` code points of `s`, padded with spaces to `width` (on the left when `alignRight`).
std::string fitColumns(std::string_view s, std::size_t width, bool alignRight = false);
/// Fills {0}..{9} of `pattern` with `args`; a placeholder without an argument stays as written.
std::string fillPattern(std::string_view pattern, std::initializer_list<std::string_view> args);

}  // namespace pameran::core
