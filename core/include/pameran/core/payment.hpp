#pragma once
// Tenders: cash with change, QRIS, card, transfer, e-wallet; split tender.
#include <span>
#include <string>
#include <vector>

#include "pameran/core/domain.hpp"
#include "pameran/core/money.hpp"

namespace pameran::core {

enum class QrisAccount { None, Vendor, Organizer };
std::string_view toString(QrisAccount a);  // "" | "vendor" | "organizer"

struct Tender {
  PaymentMethod method = PaymentMethod::Cash;
  Rupiah amount;            // applied to the sale (kept)
  Rupiah tendered;          // cash handed over; zero means exact
  std::string reference;    // EDC / transfer / e-wallet reference
  QrisAccount account = QrisAccount::None;  // QRIS only: whose QRIS was paid
  std::string vendorCode;   // QRIS to a vendor's own account
  std::string confirmedBy;  // QRIS: who confirmed "received"

  static Tender cash(Rupiah amount, Rupiah tendered = Rupiah{}) {
    Tender t;
    t.amount = amount;
    t.tendered = tendered;
    return t;
  }
  static Tender qris(Rupiah amount, QrisAccount account, std::string vendorCode, std::string confirmedBy) {
    Tender t;
    t.method = PaymentMethod::Qris;
    t.amount = amount;
    t.account = account;
    t.vendorCode = std::move(vendorCode);
    t.confirmedBy = std::move(confirmedBy);
    return t;
  }
  /// Card, transfer or e-wallet with its reference.
  static Tender withReference(PaymentMethod method, Rupiah amount, std::string reference) {
    Tender t;
    t.method = method;
    t.amount = amount;
    t.reference = std::move(reference);
    return t;
  }
};

struct TenderSummary {
  Rupiah paid;    // sum of amounts
  Rupiah change;  // cash change to give back
};

/// Checks a set of tenders against a total: amounts positive, sum equal to the total, cash
/// tendered at least its amount (change = tendered - amount), change only on cash, QRIS names its
/// account. A zero total takes no tenders.
Result<TenderSummary> checkTenders(Rupiah total, std::span<const Tender> tenders);

/// What is left to pay of `total` after the tenders taken so far; never negative.
Rupiah remainingToPay(Rupiah total, std::span<const Tender> tenders);

/// Quick cash amounts for a total: exact, then Rp 20.000 / 50.000 / 100.000 when they cover it,
/// then the next round 50.000 and 100.000 above it. Sorted, distinct.
std::vector<Rupiah> quickTenders(Rupiah total);

}  // namespace pameran::core
