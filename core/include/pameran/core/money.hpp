#pragma once
// Rupiah: integer money. One parse, one format, one rounding rule.
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "pameran/core/error.hpp"

namespace pameran::core {

class Rupiah {
 public:
  constexpr Rupiah() = default;
  constexpr explicit Rupiah(std::int64_t idr) : m_idr(idr) {}
  constexpr std::int64_t idr() const { return m_idr; }

  constexpr auto operator<=>(const Rupiah&) const = default;
  constexpr Rupiah operator+(Rupiah o) const { return Rupiah(m_idr + o.m_idr); }
  constexpr Rupiah operator-(Rupiah o) const { return Rupiah(m_idr - o.m_idr); }
  constexpr Rupiah operator-() const { return Rupiah(-m_idr); }
  constexpr Rupiah operator*(std::int64_t n) const { return Rupiah(m_idr * n); }
  constexpr Rupiah& operator+=(Rupiah o) { m_idr += o.m_idr; return *this; }
  constexpr Rupiah& operator-=(Rupiah o) { m_idr -= o.m_idr; return *this; }

 private:
  std::int64_t m_idr = 0;
};

/// Largest amount any single money field may hold (Rp 1.000.000.000.000.000); keeps every sum
/// of a sale far from int64 overflow.
inline constexpr std::int64_t kMaxIdr = 1'000'000'000'000'000;
/// A percentage in basis points: 10000 = 100 %.
inline constexpr std::int32_t kFullBp = 10'000;

/// Formats as `Rp 1.250.000` (dot thousands, no decimals); negatives as `-Rp 1.250.000`.
std::string formatRupiah(Rupiah amount);
/// Formats digits with dot thousands and no prefix: `1.250.000`.
std::string formatThousands(std::int64_t value);

/// Parses `Rp 1.250.000`, `Rp1.250.000`, `1.250.000` or `1250000` (optionally negative).
/// Fails on decimals (`,50`), misplaced dots, other characters, empty text or beyond kMaxIdr.
Result<Rupiah> parseRupiah(std::string_view text);

/// amount x bp / 10000 rounded half up (away from zero for negatives). bp in [0, 10000].
Rupiah percentOf(Rupiah amount, std::int32_t basisPoints);

/// a x b / c for c > 0 through a 128-bit intermediate, truncated toward zero; the remainder
/// (same sign as a x b) goes to `remainder` when given. Proportional shares use it.
std::int64_t mulDiv(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t* remainder = nullptr);

/// Parses a percentage such as `10`, `12,5` or `12.5` into basis points (0..10000).
Result<std::int32_t> parsePercentBp(std::string_view text);

}  // namespace pameran::core
