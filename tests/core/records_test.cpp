#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "pameran/core/records.hpp"

namespace pameran::core {
namespace {

SaleLine saleLine(int no, std::int64_t price, std::int64_t qty, std::int64_t lineDiscount = 0, std::int64_t cartDiscount = 0) {
  SaleLine l;
  l.lineNo = no;
  l.sku = "SKU-" + std::to_string(no);
  l.name = "Tas Anyaman Bambu";
  l.vendorCode = "KRY-01";
  l.vendorName = "Kriya Bambu";
  l.sector = Sector::Kriya;
  l.listPrice = Rupiah(price);
  l.unitPrice = Rupiah(price);
  l.quantity = qty;
  l.gross = Rupiah(price * qty);
  l.lineDiscount = Rupiah(lineDiscount);
  l.cartDiscount = Rupiah(cartDiscount);
  l.net = l.gross - l.lineDiscount - l.cartDiscount;
  return l;
}

SaleRecord validSale() {
  SaleRecord s;
  s.uuid = "0b7e5a1c-3f7d-4c2a-9e1b-2a4d6c8e0f12";
  s.seq = 42;
  s.eventCode = "DEPOK-2026";
  s.deviceId = "5d0c8f5e-1b7a-4f3e-8a2d-9c6b4e2f1a30";
  s.deviceCode = "K01";
  s.receiptNo = formatReceiptNo(s.eventCode, s.deviceCode, s.seq);
  s.createdAt = 1'795'748'400'000;
  s.cashier = "Kasir Demo";
  s.shiftUuid = "7c1e2d3f-4a5b-4c6d-8e7f-a0b1c2d3e4f5";
  s.lines = {saleLine(1, 50'000, 2, 5'000, 1'000), saleLine(2, 12'500, 1, 0, 500)};
  s.gross = Rupiah(112'500);
  s.discount = Rupiah(6'500);
  s.total = Rupiah(106'000);
  SalePayment cash;
  cash.method = PaymentMethod::Cash;
  cash.amount = Rupiah(56'000);
  cash.tendered = Rupiah(100'000);
  cash.change = Rupiah(44'000);
  SalePayment qris;
  qris.method = PaymentMethod::Qris;
  qris.amount = Rupiah(50'000);
  qris.account = QrisAccount::Organizer;
  qris.confirmedBy = "Kasir Demo";
  s.payments = {cash, qris};
  s.change = Rupiah(44'000);
  return s;
}

TEST(Records, ReceiptNumberIsEventDeviceAndSixDigitSequence) {
  EXPECT_EQ(formatReceiptNo("DEPOK-2026", "K01", 123), "DEPOK-2026-K01-000123");
  EXPECT_EQ(formatReceiptNo("DEPOK-2026", "K01", 1), "DEPOK-2026-K01-000001");
  EXPECT_EQ(formatReceiptNo("E", "K2", 1'234'567), "E-K2-1234567") << "a long event keeps every digit";
}

TEST(Records, RefundShareOfEveryUnitIsTheLineNet) {
  const SaleLine l = saleLine(1, 10'000, 3, 0, 1);  // net 29.999
  EXPECT_EQ(refundShare(l, 0, 3), Rupiah(29'999));
  EXPECT_EQ(refundShare(l, 0, 1), Rupiah(9'999));
  EXPECT_EQ(refundShare(l, 1, 1), Rupiah(10'000));
  EXPECT_EQ(refundShare(l, 2, 1), Rupiah(10'000));
}

TEST(Records, RefundSharesAddUpExactlyWhateverThePartition) {
  std::mt19937_64 rng(7);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
  for (int round = 0; round < 5000; ++round) {
    const std::int64_t qty = uniform(1, 40);
    const std::int64_t price = uniform(0, 3'000'000);
    const std::int64_t gross = price * qty;
    const std::int64_t lineDiscount = uniform(0, gross);
    const std::int64_t cartDiscount = uniform(0, gross - lineDiscount);
    const SaleLine l = saleLine(1, price, qty, lineDiscount, cartDiscount);
    std::int64_t done = 0;
    Rupiah refunded;
    while (done < qty) {
      const std::int64_t units = uniform(1, qty - done);
      const Rupiah share = refundShare(l, done, units);
      ASSERT_GE(share, Rupiah(0));
      refunded += share;
      done += units;
      ASSERT_LE(refunded, l.net);
    }
    ASSERT_EQ(refunded, l.net) << "round " << round;
  }
}

TEST(Records, RefundShareOfAnEmptyLineIsZero) {
  SaleLine l = saleLine(1, 10'000, 1);
  l.quantity = 0;
  EXPECT_EQ(refundShare(l, 0, 1), Rupiah(0));
}

TEST(Records, ValidSaleRecordPasses) {
  auto ok = validateSaleRecord(validSale());
  EXPECT_TRUE(ok) << (ok ? "" : ok.error().message);
}

struct Mutation {
  const char* what;
  std::function<void(SaleRecord&)> apply;
};

TEST(Records, SaleRecordRejectsEachBrokenRule) {
  const std::vector<Mutation> mutations = {
      {"uuid not a UUID", [](SaleRecord& s) { s.uuid = "not-a-uuid"; }},
      {"uuid empty", [](SaleRecord& s) { s.uuid.clear(); }},
      {"sequence zero", [](SaleRecord& s) { s.seq = 0; }},
      {"bad event code", [](SaleRecord& s) { s.eventCode = "DEPOK 2026"; }},
      {"empty device id", [](SaleRecord& s) { s.deviceId.clear(); }},
      {"bad device code", [](SaleRecord& s) { s.deviceCode = "K/01"; }},
      {"bad booth vendor", [](SaleRecord& s) { s.boothVendorCode = "a b"; }},
      {"empty receipt", [](SaleRecord& s) { s.receiptNo.clear(); }},
      {"bad shift uuid", [](SaleRecord& s) { s.shiftUuid = "x"; }},
      {"cashier with control characters", [](SaleRecord& s) { s.cashier = "Kasir\x01"; }},
      {"no lines", [](SaleRecord& s) { s.lines.clear(); }},
      {"lines misnumbered", [](SaleRecord& s) { s.lines[1].lineNo = 3; }},
      {"bad sku", [](SaleRecord& s) { s.lines[0].sku = ""; }},
      {"empty product name", [](SaleRecord& s) { s.lines[0].name = ""; }},
      {"overlong product name", [](SaleRecord& s) { s.lines[0].name = std::string(kMaxNameLength + 1, 'a'); }},
      {"bad UTF-8 name", [](SaleRecord& s) { s.lines[0].name = "Tas \xC3"; }},
      {"bad vendor code", [](SaleRecord& s) { s.lines[0].vendorCode = ""; }},
      {"quantity zero", [](SaleRecord& s) { s.lines[0].quantity = 0; }},
      {"quantity too large", [](SaleRecord& s) { s.lines[0].quantity = kMaxQuantity + 1; }},
      {"gross not price x quantity", [](SaleRecord& s) { s.lines[0].gross += Rupiah(1); }},
      {"net not gross minus discounts", [](SaleRecord& s) { s.lines[0].net += Rupiah(1); }},
      {"negative line discount", [](SaleRecord& s) {
         s.lines[0].lineDiscount = Rupiah(-1);
         s.lines[0].net = s.lines[0].gross - s.lines[0].lineDiscount - s.lines[0].cartDiscount;
       }},
      {"negative price", [](SaleRecord& s) { s.lines[1].unitPrice = Rupiah(-12'500); }},
      {"sale gross off", [](SaleRecord& s) { s.gross += Rupiah(1); }},
      {"sale discount off", [](SaleRecord& s) { s.discount += Rupiah(1); }},
      {"sale total off", [](SaleRecord& s) { s.total += Rupiah(1); }},
      {"payments short", [](SaleRecord& s) { s.payments[1].amount -= Rupiah(1); }},
      {"no payments", [](SaleRecord& s) { s.payments.clear(); s.change = Rupiah(0); }},
      {"change not tendered minus amount", [](SaleRecord& s) { s.payments[0].change += Rupiah(1); }},
      {"sale change off", [](SaleRecord& s) { s.change += Rupiah(1); }},
      {"QRIS without account", [](SaleRecord& s) { s.payments[1].account = QrisAccount::None; }},
      {"negative tendered", [](SaleRecord& s) { s.payments[1].tendered = Rupiah(-1); }},
      {"change on a QRIS payment", [](SaleRecord& s) { s.payments[1].change = Rupiah(500); }},
      {"change on exact cash", [](SaleRecord& s) {
         s.payments[0].tendered = Rupiah(0);
         s.payments[0].change = Rupiah(44'000);
       }},
  };
  for (const Mutation& m : mutations) {
    SaleRecord s = validSale();
    m.apply(s);
    auto r = validateSaleRecord(s);
    ASSERT_FALSE(r) << m.what;
    EXPECT_EQ(r.error().code, Errc::Invalid) << m.what;
    EXPECT_FALSE(r.error().message.empty()) << m.what;
  }
}

TEST(Records, SaleRecordAcceptsAFullyDiscountedSaleWithoutPayments) {
  SaleRecord s = validSale();
  s.lines = {saleLine(1, 20'000, 1, 20'000, 0)};
  s.gross = Rupiah(20'000);
  s.discount = Rupiah(20'000);
  s.total = Rupiah(0);
  s.payments.clear();
  s.change = Rupiah(0);
  EXPECT_TRUE(validateSaleRecord(s));
}

TEST(Records, SaleRecordRefusesMoneyBeyondTheLimit) {
  SaleRecord s = validSale();
  s.lines = {saleLine(1, kMaxIdr / 2, 2), saleLine(2, 1, 1)};
  s.gross = s.lines[0].gross + s.lines[1].gross;
  s.discount = Rupiah(0);
  s.total = s.gross;
  SalePayment p;
  p.amount = s.total;
  s.payments = {p};
  s.change = Rupiah(0);
  EXPECT_FALSE(validateSaleRecord(s));
}

RefundRecord validRefund() {
  RefundRecord r;
  r.uuid = "1b7e5a1c-3f7d-4c2a-9e1b-2a4d6c8e0f12";
  r.saleUuid = "0b7e5a1c-3f7d-4c2a-9e1b-2a4d6c8e0f12";
  r.receiptNo = "DEPOK-2026-K01-000042";
  r.eventCode = "DEPOK-2026";
  r.deviceId = "5d0c8f5e-1b7a-4f3e-8a2d-9c6b4e2f1a30";
  r.createdAt = 1'795'748'500'000;
  r.reason = "Barang cacat";
  r.staff = "Kasir Demo";
  r.approvedBy = "Supervisor Demo";
  r.lines = {RefundLine{1, 1, Rupiah(47'000), true}, RefundLine{2, 1, Rupiah(12'000), false}};
  r.total = Rupiah(59'000);
  return r;
}

TEST(Records, RefundRecordNeedsReasonSupervisorLinesAndMatchingTotal) {
  EXPECT_TRUE(validateRefundRecord(validRefund()));
  const std::vector<std::pair<const char*, std::function<void(RefundRecord&)>>> mutations = {
      {"bad uuid", [](RefundRecord& r) { r.uuid = "x"; }},
      {"bad sale uuid", [](RefundRecord& r) { r.saleUuid = ""; }},
      {"no reason", [](RefundRecord& r) { r.reason.clear(); }},
      {"overlong reason", [](RefundRecord& r) { r.reason = std::string(kMaxTextLength + 1, 'x'); }},
      {"no supervisor", [](RefundRecord& r) { r.approvedBy.clear(); }},
      {"no lines", [](RefundRecord& r) { r.lines.clear(); r.total = Rupiah(0); }},
      {"line zero", [](RefundRecord& r) { r.lines[0].lineNo = 0; }},
      {"quantity zero", [](RefundRecord& r) { r.lines[0].quantity = 0; }},
      {"negative amount", [](RefundRecord& r) { r.lines[1].amount = Rupiah(-1); r.total = Rupiah(46'999); }},
      {"total off", [](RefundRecord& r) { r.total += Rupiah(1); }},
      {"same line twice", [](RefundRecord& r) {
         r.lines[1].lineNo = 1;
       }},
  };
  for (const auto& [what, apply] : mutations) {
    RefundRecord r = validRefund();
    apply(r);
    EXPECT_FALSE(validateRefundRecord(r)) << what;
  }
}

ShiftRecord validShift() {
  ShiftRecord s;
  s.uuid = "7c1e2d3f-4a5b-4c6d-8e7f-a0b1c2d3e4f5";
  s.eventCode = "DEPOK-2026";
  s.deviceId = "dev-1";
  s.openingFloat = Rupiah(200'000);
  s.cashIn = Rupiah(50'000);
  s.cashOut = Rupiah(20'000);
  s.cashSales = Rupiah(1'250'000);
  s.cashRefunds = Rupiah(30'000);
  s.expectedCash = Rupiah(1'450'000);
  s.countedCash = Rupiah(1'449'500);
  s.variance = Rupiah(-500);
  s.counts = {{100'000, 14}, {20'000, 2}, {5'000, 1}, {500, 9}};
  s.totalsByMethod = {{"cash", 1'220'000}, {"qris", 300'000}};
  return s;
}

TEST(Records, ShiftRecordChecksExpectedCashAndVariance) {
  EXPECT_TRUE(validateShiftRecord(validShift()));
  const std::vector<std::pair<const char*, std::function<void(ShiftRecord&)>>> mutations = {
      {"expected off", [](ShiftRecord& s) { s.expectedCash += Rupiah(1); }},
      {"variance off", [](ShiftRecord& s) { s.variance = Rupiah(0); }},
      {"bad denomination", [](ShiftRecord& s) { s.counts[0] = 1; }},
      {"negative pieces", [](ShiftRecord& s) { s.counts[1'000] = -1; }},
      {"unknown method", [](ShiftRecord& s) { s.totalsByMethod["bitcoin"] = 1; }},
      {"negative float", [](ShiftRecord& s) {
         s.openingFloat = Rupiah(-1);
         s.expectedCash = s.openingFloat + s.cashSales - s.cashRefunds + s.cashIn - s.cashOut;
         s.variance = s.countedCash - s.expectedCash;
       }},
      {"bad uuid", [](ShiftRecord& s) { s.uuid = "shift"; }},
      {"negative cash sales", [](ShiftRecord& s) {
         s.cashSales = Rupiah(-1'000'000);
         s.expectedCash = s.openingFloat + s.cashSales - s.cashRefunds + s.cashIn - s.cashOut;
         s.variance = s.countedCash - s.expectedCash;
       }},
      {"negative sales count", [](ShiftRecord& s) { s.salesCount = -1; }},
  };
  for (const auto& [what, apply] : mutations) {
    ShiftRecord s = validShift();
    apply(s);
    EXPECT_FALSE(validateShiftRecord(s)) << what;
  }
}

}  // namespace
}  // namespace pameran::core
