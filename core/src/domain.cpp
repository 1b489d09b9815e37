#include "pameran/core/domain.hpp"

#include "pameran/core/text.hpp"

namespace pameran::core {

std::string_view toString(Sector s) {
  switch (s) {
    case Sector::Fesyen: return "fesyen";
    case Sector::Kriya: return "kriya";
    case Sector::Kuliner: return "kuliner";
  }
  return "kriya";
}

std::string_view toString(PaymentMethod m) {
  switch (m) {
    case PaymentMethod::Cash: return "cash";
    case PaymentMethod::Qris: return "qris";
    case PaymentMethod::Card: return "card";
    case PaymentMethod::Transfer: return "transfer";
    case PaymentMethod::Ewallet: return "ewallet";
  }
  return "cash";
}

std::string_view toString(Role r) {
  switch (r) {
    case Role::Cashier: return "cashier";
    case Role::Supervisor: return "supervisor";
    case Role::Organizer: return "organizer";
  }
  return "cashier";
}

std::optional<Sector> parseSector(std::string_view text) {
  for (Sector s : kAllSectors)
    if (toString(s) == text) return s;
  return std::nullopt;
}

std::optional<PaymentMethod> parsePaymentMethod(std::string_view text) {
  for (PaymentMethod m : kAllPaymentMethods)
    if (toString(m) == text) return m;
  return std::nullopt;
}

std::optional<Role> parseRole(std::string_view text) {
  for (Role r : {Role::Cashier, Role::Supervisor, Role::Organizer})
    if (toString(r) == text) return r;
  return std::nullopt;
}

bool isValidCode(std::string_view code) {
  if (code.empty() || code.size() > kMaxCodeLength) return false;
  for (char c : code) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

bool isCleanUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::optional<CodePoint> cp = decodeUtf8(text, i);
    // Malformed text, C0 controls, DEL and C1 controls are not clean text.
    if (!cp || cp->value < 0x20 || (cp->value >= 0x7f && cp->value < 0xa0)) return false;
    i += cp->length;
  }
  return true;
}

char ean13CheckDigit(std::string_view first12) {
  int sum = 0;
  for (std::size_t i = 0; i < 12 && i < first12.size(); ++i) sum += (first12[i] - '0') * (i % 2 == 0 ? 1 : 3);
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

bool isValidEan13(std::string_view code) {
  if (code.size() != 13) return false;
  for (char c : code)
    if (c < '0' || c > '9') return false;
  return ean13CheckDigit(code.substr(0, 12)) == code[12];
}

std::string asciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace pameran::core
