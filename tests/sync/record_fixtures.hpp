#pragma once
// Valid records and a demo catalog for the sync tests (no server, no HTTP).
#include <algorithm>
#include <string>
#include <vector>

#include "pameran/core/csv.hpp"
#include "pameran/core/ids.hpp"
#include "pameran/core/records.hpp"
#include "pameran/core/report.hpp"

namespace pameran::sync::testing {

inline constexpr const char* kEvent = "DEPOK-2026";
inline constexpr core::EpochMs kSaleTime = 1'795'000'000'000;  // 2026-11-18 local evening (WIB)

/// The demo catalog's product of a vendor (demoCatalog below), so that sales name real products.
inline std::string demoSku(const std::string& vendor) {
  if (vendor == "V02") return "V02-P2";
  return vendor + "-P1";
}

/// A valid sale: one line per (vendor, sector, price, quantity) and a cash payment.
struct LineSpec {
  std::string vendor;
  core::Sector sector;
  std::int64_t price;
  std::int64_t quantity;
  std::int64_t discount = 0;
};

inline core::SaleRecord makeSale(const std::string& deviceId, std::int64_t seq, const std::vector<LineSpec>& specs,
                                 core::PaymentMethod method = core::PaymentMethod::Cash,
                                 core::EpochMs at = kSaleTime, const std::string& event = kEvent) {
  core::SaleRecord s;
  s.uuid = core::newUuid();
  s.seq = seq;
  s.eventCode = event;
  s.deviceId = deviceId;
  s.deviceCode = "K01";
  s.receiptNo = core::formatReceiptNo(event, "K01", seq);
  s.createdAt = at;
  s.cashier = "Kasir Uji";
  int n = 0;
  for (const LineSpec& spec : specs) {
    core::SaleLine l;
    l.lineNo = ++n;
    l.sku = demoSku(spec.vendor);
    l.name = "Barang " + std::to_string(n);
    l.vendorCode = spec.vendor;
    l.vendorName = "Vendor " + spec.vendor;
    l.sector = spec.sector;
    l.listPrice = core::Rupiah(spec.price);
    l.unitPrice = core::Rupiah(spec.price);
    l.quantity = spec.quantity;
    l.gross = core::Rupiah(spec.price * spec.quantity);
    l.lineDiscount = core::Rupiah(spec.discount);
    l.net = l.gross - l.lineDiscount;
    s.gross += l.gross;
    s.discount += l.lineDiscount;
    s.lines.push_back(l);
  }
  s.total = s.gross - s.discount;
  if (method == core::PaymentMethod::Qris) {
    // As the kiosk pays: each vendor's own QRIS takes that vendor's lines.
    for (const core::SaleLine& l : s.lines) {
      if (l.net.idr() == 0) continue;
      auto paid = std::find_if(s.payments.begin(), s.payments.end(),
                               [&](const core::SalePayment& p) { return p.vendorCode == l.vendorCode; });
      if (paid == s.payments.end()) {
        core::SalePayment p;
        p.method = method;
        p.account = core::QrisAccount::Vendor;
        p.vendorCode = l.vendorCode;
        p.confirmedBy = "Kasir Uji";
        paid = s.payments.insert(s.payments.end(), p);
      }
      paid->amount += l.net;
    }
  } else if (s.total.idr() > 0) {
    core::SalePayment p;
    p.method = method;
    p.amount = s.total;
    s.payments.push_back(p);
  }
  return s;
}

inline core::SaleRecord simpleSale(const std::string& deviceId, std::int64_t seq) {
  return makeSale(deviceId, seq, {{"V01", core::Sector::Fesyen, 25'000, 2}, {"V02", core::Sector::Kriya, 40'000, 1}});
}

inline core::RefundRecord makeRefund(const core::SaleRecord& sale, int lineNo, std::int64_t quantity,
                                     core::EpochMs at = kSaleTime + 3'600'000) {
  core::RefundRecord r;
  r.uuid = core::newUuid();
  r.saleUuid = sale.uuid;
  r.receiptNo = sale.receiptNo;
  r.eventCode = sale.eventCode;
  r.deviceId = sale.deviceId;
  r.createdAt = at;
  r.reason = "rusak";
  r.staff = "Kasir Uji";
  r.approvedBy = "Supervisor Uji";
  const core::SaleLine& line = sale.lines[static_cast<std::size_t>(lineNo - 1)];
  core::RefundLine l{lineNo, quantity, core::refundShare(line, 0, quantity), true};
  r.lines.push_back(l);
  r.total = l.amount;
  return r;
}

inline core::RefundRecord makeVoid(const core::SaleRecord& sale) {
  core::RefundRecord r = makeRefund(sale, 1, sale.lines[0].quantity);
  r.isVoid = true;
  r.lines.clear();
  for (const core::SaleLine& l : sale.lines) r.lines.push_back({l.lineNo, l.quantity, l.net, true});
  r.total = sale.total;
  return r;
}

inline core::CatalogFiles demoCatalog() {
  core::CatalogFiles f;
  f.vendors = {{0, "V01", "Batik Depok", core::Sector::Fesyen, "Ibu Sari", "0812", ""},
               {0, "V02", "Anyaman Bambu", core::Sector::Kriya, "Pak Budi", "0813", ""},
               {0, "V03", "Kue Kering Bu Ani", core::Sector::Kuliner, "Bu Ani", "0814", ""}};
  f.products = {{0, "V01-P1", "", "V01", "Kain Batik", 25'000, 10, 2},
                {0, "V02-P2", "", "V02", "Tas Anyaman", 40'000, 5, 1},
                {0, "V03-P1", "", "V03", "Nastar", 30'000, 50, 5}};
  return f;
}

/// The demo catalog's vendor names (commission 0) and product names, as a report looks them up.
inline core::VendorInfo demoVendor(const std::string& code) {
  for (const auto& v : demoCatalog().vendors)
    if (v.code == code) return core::VendorInfo{v.name, 0};
  return core::VendorInfo{};
}
inline std::string demoProductName(const std::string& sku, const std::string& vendor) {
  for (const auto& p : demoCatalog().products)
    if (p.sku == sku && p.vendorCode == vendor) return p.name;
  return {};
}

}  // namespace pameran::sync::testing
