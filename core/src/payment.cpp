#include "pameran/core/payment.hpp"

#include <algorithm>

namespace pameran::core {

std::string_view toString(QrisAccount a) {
  switch (a) {
    case QrisAccount::None: return "";
    case QrisAccount::Vendor: return "vendor";
    case QrisAccount::Organizer: return "organizer";
  }
  return "";
}

Rupiah remainingToPay(Rupiah total, std::span<const Tender> tenders) {
  Rupiah rest = total;
  for (const Tender& t : tenders) rest -= t.amount;
  return rest.idr() > 0 ? rest : Rupiah{};
}

Result<TenderSummary> checkTenders(Rupiah total, std::span<const Tender> tenders) {
  TenderSummary s;
  if (total.idr() < 0) return fail(Errc::Invalid, "a sale total cannot be negative");
  if (total.idr() == 0 && !tenders.empty()) return fail(Errc::Invalid, "nothing to pay");
  if (tenders.size() > 10) return fail(Errc::Invalid, "at most 10 payments in a sale");
  for (const Tender& t : tenders) {
    if (t.amount.idr() <= 0 || t.amount.idr() > kMaxIdr) return fail(Errc::Invalid, "each payment must be more than Rp 0");
    if (t.reference.size() > kMaxCodeLength * 2) return fail(Errc::Invalid, "payment reference too long");
    if (t.method == PaymentMethod::Cash) {
      const Rupiah handed = t.tendered.idr() == 0 ? t.amount : t.tendered;
      if (handed < t.amount) return fail(Errc::Invalid, "cash tendered is less than the amount");
      if (handed.idr() > kMaxIdr) return fail(Errc::Invalid, "cash tendered is out of range");
      s.change += handed - t.amount;
    } else if (t.tendered.idr() != 0 && t.tendered != t.amount) {
      return fail(Errc::Invalid, "only cash gives change");
    }
    if (t.method == PaymentMethod::Qris) {
      if (t.account == QrisAccount::None) return fail(Errc::Invalid, "a QRIS payment names the account it was paid to");
      if (t.account == QrisAccount::Vendor && t.vendorCode.empty())
        return fail(Errc::Invalid, "a QRIS payment to a vendor names the vendor");
    } else if (t.account != QrisAccount::None) {
      return fail(Errc::Invalid, "only QRIS payments have a QRIS account");
    }
    s.paid += t.amount;
  }
  if (s.paid != total)
    return fail(Errc::Invalid, "payments (" + formatRupiah(s.paid) + ") must equal the total (" + formatRupiah(total) + ")",
                {formatRupiah(s.paid), formatRupiah(total)});
  return s;
}

std::vector<Rupiah> quickTenders(Rupiah total) {
  std::vector<Rupiah> out{total};
  for (std::int64_t note : {20'000, 50'000, 100'000})
    if (note > total.idr()) out.emplace_back(note);
  for (std::int64_t step : {50'000, 100'000}) {
    const std::int64_t rounded = (total.idr() / step + 1) * step;
    out.emplace_back(rounded);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace pameran::core
