#pragma once
// Plain domain types: events, vendors (IKM), products, staff. No I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pameran/core/error.hpp"
#include "pameran/core/money.hpp"
#include "pameran/core/time.hpp"

namespace pameran::core {

enum class Sector { Fesyen, Kriya, Kuliner };
enum class PaymentMethod { Cash, Qris, Card, Transfer, Ewallet };
enum class Role { Cashier, Supervisor, Organizer };

std::string_view toString(Sector s);          // "fesyen" | "kriya" | "kuliner"
std::string_view toString(PaymentMethod m);   // "cash" | "qris" | "card" | "transfer" | "ewallet"
std::string_view toString(Role r);            // "cashier" | "supervisor" | "organizer"
std::optional<Sector> parseSector(std::string_view text);
std::optional<PaymentMethod> parsePaymentMethod(std::string_view text);
std::optional<Role> parseRole(std::string_view text);
inline constexpr PaymentMethod kAllPaymentMethods[] = {PaymentMethod::Cash, PaymentMethod::Qris, PaymentMethod::Card,
                                                       PaymentMethod::Transfer, PaymentMethod::Ewallet};
inline constexpr Sector kAllSectors[] = {Sector::Fesyen, Sector::Kriya, Sector::Kuliner};

/// Limits every store and the wire share.
inline constexpr std::size_t kMaxCodeLength = 32;
inline constexpr std::size_t kMaxNameLength = 120;
inline constexpr std::size_t kMaxTextLength = 500;
inline constexpr std::int64_t kMaxQuantity = 100'000;
inline constexpr int kWibOffsetMinutes = 7 * 60;

struct Event {
  std::int64_t id = 0;
  std::string code;               // `DEPOK-2026`: letters, digits, dash
  std::string name;
  std::string venue;
  std::string startDate;          // YYYY-MM-DD or empty
  std::string endDate;
  int tzOffsetMinutes = kWibOffsetMinutes;
  int cutoffHour = 0;             // business day starts at this local hour
  bool open = true;
  std::string organizerQris;      // the organizer's static QRIS, or empty
  bool qrisViaOrganizer = false;  // multi-vendor carts pay the organizer's QRIS
};

struct Vendor {
  std::int64_t id = 0;
  std::string code;
  std::string name;
  Sector sector = Sector::Kriya;
  std::string owner;
  std::string phone;
  std::string qris;               // static QRIS payload or empty
  std::int32_t commissionBp = 0;  // for the current event
};

struct Product {
  std::int64_t id = 0;
  std::string sku;
  std::string barcode;            // EAN-13 or a free code, may be empty
  std::int64_t vendorId = 0;
  std::string vendorCode;
  std::string name;
  Rupiah price;
  std::string unit = "pcs";
  bool active = true;
};

struct Staff {
  std::int64_t id = 0;
  std::string name;
  Role role = Role::Cashier;
  bool active = true;
  // Set by a login or approval whose PIN is shorter than the role now requires (one made before
  // supervisors needed 6 digits, or the demo's): it still works; the screen asks for a new one.
  bool shortPin = false;
};

/// True for 1..32 characters of A-Z a-z 0-9 - _ . (event, vendor and device codes, SKUs).
bool isValidCode(std::string_view code);
/// True for well-formed UTF-8 without control characters.
bool isCleanUtf8(std::string_view text);
/// True for 13 digits with a correct EAN-13 check digit.
bool isValidEan13(std::string_view code);
/// The check digit for the first 12 digits of an EAN-13.
char ean13CheckDigit(std::string_view first12);
/// Lowercase ASCII (names are matched case-insensitively; non-ASCII bytes kept).
std::string asciiLower(std::string_view text);

}  // namespace pameran::core
