#include "pameran/core/money.hpp"

#include <cstdlib>
#include <limits>

namespace pameran::core {

std::string formatThousands(std::int64_t value) {
  // Work on the magnitude as unsigned so INT64_MIN formats too.
  const bool negative = value < 0;
  std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  std::string digits = std::to_string(magnitude);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3 + 1);
  if (negative) out.push_back('-');
  const std::size_t lead = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out.append(digits, 0, lead);
  for (std::size_t i = lead; i < digits.size(); i += 3) {
    out.push_back('.');
    out.append(digits, i, 3);
  }
  return out;
}

std::string formatRupiah(Rupiah amount) {
  if (amount.idr() < 0) {
    std::string digits = formatThousands(amount.idr());
    return "-Rp " + digits.substr(1);
  }
  return "Rp " + formatThousands(amount.idr());
}

Result<Rupiah> parseRupiah(std::string_view text) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  std::string_view s = trim(text);
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s = trim(s.substr(1));
  }
  if (s.size() >= 2 && (s[0] == 'R' || s[0] == 'r') && (s[1] == 'p' || s[1] == 'P')) {
    s = trim(s.substr(2));
    if (!negative && !s.empty() && s.front() == '-') {
      negative = true;
      s = trim(s.substr(1));
    }
  }
  if (s.empty()) return fail(Errc::Invalid, "empty amount");
  // Either plain digits, or groups of three after a 1-3 digit lead separated by dots.
  const bool grouped = s.find('.') != std::string_view::npos;
  std::int64_t value = 0;
  std::size_t groupLen = 0;
  bool firstGroup = true;
  for (char c : s) {
    if (c == '.') {
      if (groupLen == 0 || (firstGroup && groupLen > 3) || (!firstGroup && groupLen != 3))
        return fail(Errc::Invalid, "misplaced thousands separator in '" + std::string(text) + "'");
      firstGroup = false;
      groupLen = 0;
      continue;
    }
    if (c == ',') return fail(Errc::Invalid, "rupiah amounts have no decimals: '" + std::string(text) + "'");
    if (c < '0' || c > '9') return fail(Errc::Invalid, "not an amount: '" + std::string(text) + "'");
    if (value > (kMaxIdr - (c - '0')) / 10) return fail(Errc::Invalid, "amount too large: '" + std::string(text) + "'");
    value = value * 10 + (c - '0');
    ++groupLen;
  }
  if (grouped && groupLen != 3) return fail(Errc::Invalid, "misplaced thousands separator in '" + std::string(text) + "'");
  return Rupiah(negative ? -value : value);
}

namespace {
__extension__ using Int128 = __int128;
}

std::int64_t mulDiv(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t* remainder) {
  const Int128 product = static_cast<Int128>(a) * b;
  if (remainder) *remainder = static_cast<std::int64_t>(product % c);
  return static_cast<std::int64_t>(product / c);
}

Rupiah percentOf(Rupiah amount, std::int32_t basisPoints) {
  // amount x bp can pass int64 for large amounts, so round half up on the 128-bit product.
  const bool negative = amount.idr() < 0;
  const Int128 magnitude = negative ? -static_cast<Int128>(amount.idr()) : static_cast<Int128>(amount.idr());
  const Int128 rounded = (magnitude * basisPoints + kFullBp / 2) / kFullBp;
  return Rupiah(static_cast<std::int64_t>(negative ? -rounded : rounded));
}

Result<std::int32_t> parsePercentBp(std::string_view text) {
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  if (!text.empty() && text.back() == '%') text.remove_suffix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);  // `10 %`
  if (text.empty()) return fail(Errc::Invalid, "empty percentage");
  std::int64_t whole = 0;
  std::int64_t frac = 0;
  int fracDigits = 0;
  bool inFrac = false;
  for (char c : text) {
    if (c == ',' || c == '.') {
      if (inFrac) return fail(Errc::Invalid, "not a percentage: '" + std::string(text) + "'");
      inFrac = true;
      continue;
    }
    if (c < '0' || c > '9') return fail(Errc::Invalid, "not a percentage: '" + std::string(text) + "'");
    if (inFrac) {
      if (++fracDigits > 2) return fail(Errc::Invalid, "at most two decimals in a percentage");
      frac = frac * 10 + (c - '0');
    } else {
      whole = whole * 10 + (c - '0');
      if (whole > 100) return fail(Errc::Invalid, "a percentage is at most 100");
    }
  }
  // Only a separator (`.` or `,`) is no number at all, not zero.
  if (text.find_first_of("0123456789") == std::string_view::npos)
    return fail(Errc::Invalid, "not a percentage: '" + std::string(text) + "'");
  if (fracDigits == 1) frac *= 10;
  const std::int64_t bp = whole * 100 + frac;
  if (bp > kFullBp) return fail(Errc::Invalid, "a percentage is at most 100");
  return static_cast<std::int32_t>(bp);
}

}  // namespace pameran::core
