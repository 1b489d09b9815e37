#pragma once
// Plain text shared by printed documents and screens: UTF-8 columns (a thermal printer puts one
// code point in one column), fitting text to a width, and the `{0}` patterns of translated labels.
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace pameran::core {

/// Code points in `s` (UTF-8 continuation bytes do not count).
std::size_t columns(std::string_view s);
/// Byte length of the first `count` code points of `s` (all of `s` when it is shorter).
std::size_t bytesOfColumns(std::string_view s, std::size_t count);
/// The first `width` code points of `s`, padded with spaces to `width` (on the left when `alignRight`).
std::string fitColumns(std::string_view s, std::size_t width, bool alignRight = false);
/// Fills {0}..{9} of `pattern` with `args`; a placeholder without an argument stays as written.
std::string fillPattern(std::string_view pattern, std::initializer_list<std::string_view> args);

}  // namespace pameran::core
