#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "pameran/core/receipt.hpp"

namespace pameran::core {
namespace {

constexpr EpochMs kAt = 1'795'770'300'000;  // 2026-11-27 09:05 UTC = 16:05 WIB

std::size_t codePoints(const std::string& s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++n;
  return n;
}

std::vector<std::string> linesOf(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool hasLine(const std::string& text, const std::string& line) {
  for (const std::string& l : linesOf(text))
    if (l == line) return true;
  return false;
}

// `left` padded so `right` ends at column `width`.
std::string row(const std::string& left, const std::string& right, std::size_t width = 32) {
  return left + std::string(width - codePoints(left) - codePoints(right), ' ') + right;
}

SaleLine line(int no, const std::string& vendor, const std::string& name, std::int64_t price, std::int64_t qty,
              std::int64_t lineDiscount = 0, std::int64_t cartDiscount = 0) {
  SaleLine l;
  l.lineNo = no;
  l.sku = "SKU" + std::to_string(no);
  l.name = name;
  l.vendorCode = vendor;
  l.vendorName = vendor == "V01" ? "Batik Tulis Ibu Ani" : "Anyaman Bambu Sejahtera";
  l.listPrice = Rupiah(price);
  l.unitPrice = Rupiah(price);
  l.quantity = qty;
  l.gross = Rupiah(price * qty);
  l.lineDiscount = Rupiah(lineDiscount);
  l.cartDiscount = Rupiah(cartDiscount);
  l.net = l.gross - l.lineDiscount - l.cartDiscount;
  return l;
}

void finish(SaleRecord& s) {
  s.gross = Rupiah();
  s.discount = Rupiah();
  for (const SaleLine& l : s.lines) {
    s.gross += l.gross;
    s.discount += l.lineDiscount + l.cartDiscount;
  }
  s.total = s.gross - s.discount;
}

SaleRecord singleVendorSale() {
  SaleRecord s;
  s.receiptNo = "DEPOK-K01-000123";
  s.createdAt = kAt;
  s.cashier = "Kasir Demo";
  s.lines.push_back(line(1, "V01", "Kain Batik Tulis Motif Mega Mendung Biru", 150'000, 2, 30'000));
  s.lines.push_back(line(2, "V01", "Syal", 45'000, 1));
  finish(s);  // gross 345.000, discount 30.000, total 315.000
  SalePayment cash;
  cash.method = PaymentMethod::Cash;
  cash.amount = s.total;
  cash.tendered = Rupiah(400'000);
  cash.change = Rupiah(85'000);
  s.payments.push_back(cash);
  s.change = cash.change;
  return s;
}

SaleRecord twoVendorSale() {
  SaleRecord s;
  s.receiptNo = "DEPOK-K01-000124";
  s.createdAt = kAt;
  s.cashier = "Kasir Demo";
  s.lines.push_back(line(1, "V01", "Kain Batik", 100'000, 1, 0, 5'000));
  s.lines.push_back(line(2, "V02", "Tas Anyaman", 50'000, 2, 0, 5'000));
  s.lines.push_back(line(3, "V01", "Syal", 40'000, 1, 0, 2'000));
  finish(s);  // gross 240.000, cart discount 12.000, total 228.000
  SalePayment qris;
  qris.method = PaymentMethod::Qris;
  qris.amount = Rupiah(133'000);
  qris.vendorCode = "V01";
  qris.reference = "QR-778899";
  SalePayment card;
  card.method = PaymentMethod::Card;
  card.amount = Rupiah(95'000);
  card.reference = "EDC 123456";
  s.payments = {qris, card};
  return s;
}

ReceiptOptions options(int width = 32) {
  ReceiptOptions o;
  o.width = width;
  o.eventName = "Pameran Kriya Depok 2026";
  o.venue = "Margo City";
  o.labels.vendorSubtotal = "Subtotal IKM";
  return o;
}

TEST(Receipt, NoLineIsWiderThanThePaperIn58And80Millimetres) {
  SaleRecord s = twoVendorSale();
  s.lines[0].name = "Kain Tenun Ikat Sumba Pewarna Alami Motif Kuda Dan Burung Merak Ukuran Besar";
  s.lines[1].name = "Tas\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9";
  for (int width : {32, 48}) {
    const std::string text = renderReceipt(s, options(width));
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(text.back(), '\n');
    for (const std::string& l : linesOf(text))
      EXPECT_LE(codePoints(l), static_cast<std::size_t>(width)) << "[" << l << "]";
  }
}

TEST(Receipt, QuantityTimesPriceAndAmountAreRightAligned) {
  const std::string text = renderReceipt(singleVendorSale(), options());
  EXPECT_TRUE(hasLine(text, row("  2 x Rp 150.000", "Rp 300.000"))) << text;
  EXPECT_TRUE(hasLine(text, row("  Diskon", "-Rp 30.000"))) << text;
  EXPECT_TRUE(hasLine(text, row("Syal", "Rp 45.000"))) << text;
}

TEST(Receipt, EightyMillimetrePaperUsesFortyEightColumns) {
  const std::string text = renderReceipt(singleVendorSale(), options(48));
  EXPECT_TRUE(hasLine(text, row("  2 x Rp 150.000", "Rp 300.000", 48))) << text;
  EXPECT_TRUE(hasLine(text, std::string(48, '-'))) << text;
}

TEST(Receipt, LongNamesWrapAtWordsWithinTheWidth) {
  const std::string text = renderReceipt(singleVendorSale(), options());
  EXPECT_TRUE(hasLine(text, "Kain Batik Tulis Motif Mega")) << text;
  EXPECT_TRUE(hasLine(text, "Mendung Biru")) << text;
}

TEST(Receipt, AccentedLettersCountAsOneColumn) {
  SaleRecord s = singleVendorSale();
  s.lines[1].name = "Kop\xC3\xAD Caf\xC3\xA9";
  const std::string text = renderReceipt(s, options());
  EXPECT_TRUE(hasLine(text, row("Kop\xC3\xAD Caf\xC3\xA9", "Rp 45.000"))) << text;
}

TEST(Receipt, WordLongerThanTheLineIsBrokenAtCodePoints) {
  SaleRecord s = singleVendorSale();
  std::string word;
  for (int i = 0; i < 40; ++i) word += "\xC3\xA9";
  s.lines[1].name = word;
  const std::string text = renderReceipt(s, options());
  std::string first;
  for (int i = 0; i < 32; ++i) first += "\xC3\xA9";
  EXPECT_TRUE(hasLine(text, first)) << text;
}

TEST(Receipt, TotalsShowSubtotalDiscountAndTotal) {
  const std::string text = renderReceipt(singleVendorSale(), options());
  EXPECT_TRUE(hasLine(text, row("Subtotal", "Rp 345.000"))) << text;
  EXPECT_TRUE(hasLine(text, row("Diskon", "-Rp 30.000"))) << text;
  EXPECT_TRUE(hasLine(text, row("TOTAL", "Rp 315.000"))) << text;
}

TEST(Receipt, NoDiscountMeansNoDiscountLines) {
  SaleRecord s = singleVendorSale();
  s.lines[0] = line(1, "V01", "Kain", 150'000, 2);
  finish(s);
  s.payments[0].amount = s.total;
  const std::string text = renderReceipt(s, options());
  EXPECT_EQ(text.find("Diskon"), std::string::npos) << text;
  EXPECT_TRUE(hasLine(text, row("TOTAL", "Rp 345.000"))) << text;
}

TEST(Receipt, CashShowsTenderedAndChange) {
  const std::string text = renderReceipt(singleVendorSale(), options());
  EXPECT_TRUE(hasLine(text, row("Tunai", "Rp 400.000"))) << text;
  EXPECT_TRUE(hasLine(text, row("Kembali", "Rp 85.000"))) << text;
}

TEST(Receipt, ExactCashShowsNoChange) {
  SaleRecord s = singleVendorSale();
  s.payments[0].tendered = Rupiah();
  s.payments[0].change = Rupiah();
  const std::string text = renderReceipt(s, options());
  EXPECT_TRUE(hasLine(text, row("Tunai", "Rp 315.000"))) << text;
  EXPECT_EQ(text.find("Kembali"), std::string::npos) << text;
}

TEST(Receipt, HeaderShowsEventReceiptNumberLocalTimeAndCashier) {
  const std::string text = renderReceipt(singleVendorSale(), options());
  const auto lines = linesOf(text);
  ASSERT_GE(lines.size(), 5u);
  EXPECT_EQ(lines[0], "    Pameran Kriya Depok 2026");
  EXPECT_EQ(lines[1], "           Margo City");
  EXPECT_TRUE(hasLine(text, row("Struk", "DEPOK-K01-000123"))) << text;
  EXPECT_TRUE(hasLine(text, "2026-11-27 16:05 WIB")) << text;
  EXPECT_TRUE(hasLine(text, row("Kasir", "Kasir Demo"))) << text;
}

TEST(Receipt, TimeFollowsTheEventZone) {
  ReceiptOptions o = options();
  o.tzOffsetMinutes = 8 * 60;
  EXPECT_TRUE(hasLine(renderReceipt(singleVendorSale(), o), "2026-11-27 17:05 WITA"));
}

TEST(Receipt, SeveralVendorsAreGroupedWithTheirSubtotals) {
  const std::string text = renderReceipt(twoVendorSale(), options());
  const std::size_t ani = text.find("Batik Tulis Ibu Ani");
  const std::size_t syal = text.find("Syal");
  const std::size_t bambu = text.find("Anyaman Bambu Sejahtera");
  const std::size_t tas = text.find("Tas Anyaman");
  ASSERT_NE(ani, std::string::npos);
  ASSERT_NE(bambu, std::string::npos);
  // Vendor order is first appearance; line 3 joins vendor V01's group, before V02.
  EXPECT_LT(ani, syal);
  EXPECT_LT(syal, bambu);
  EXPECT_LT(bambu, tas);
  // Each vendor's subtotal is its net after its share of the cart discount.
  EXPECT_TRUE(hasLine(text, row("Subtotal IKM", "Rp 133.000"))) << text;
  EXPECT_TRUE(hasLine(text, row("Subtotal IKM", "Rp 95.000"))) << text;
  EXPECT_TRUE(hasLine(text, row("Diskon", "-Rp 7.000"))) << text;
  EXPECT_TRUE(hasLine(text, row("Diskon", "-Rp 5.000"))) << text;
  EXPECT_TRUE(hasLine(text, row("TOTAL", "Rp 228.000"))) << text;
}

TEST(Receipt, SingleVendorHasNoVendorSubtotal) {
  const std::string text = renderReceipt(singleVendorSale(), options());
  EXPECT_EQ(text.find("Subtotal IKM"), std::string::npos) << text;
  EXPECT_NE(text.find("Batik Tulis Ibu Ani"), std::string::npos) << text;
}

TEST(Receipt, PaymentsShowMethodLabelsAndReferences) {
  const std::string text = renderReceipt(twoVendorSale(), options());
  EXPECT_TRUE(hasLine(text, row("QRIS V01", "Rp 133.000"))) << text;
  EXPECT_TRUE(hasLine(text, row("Kartu", "Rp 95.000"))) << text;
  EXPECT_TRUE(hasLine(text, "  Ref: QR-778899")) << text;
  EXPECT_TRUE(hasLine(text, "  Ref: EDC 123456")) << text;
}

TEST(Receipt, LabelsComeFromOptions) {
  ReceiptOptions o = options();
  o.labels.total = "TOTAL DUE";
  o.labels.cash = "Cash";
  o.labels.change = "Change";
  const std::string text = renderReceipt(singleVendorSale(), o);
  EXPECT_TRUE(hasLine(text, row("TOTAL DUE", "Rp 315.000"))) << text;
  EXPECT_TRUE(hasLine(text, row("Cash", "Rp 400.000"))) << text;
  EXPECT_TRUE(hasLine(text, row("Change", "Rp 85.000"))) << text;
}

TEST(Receipt, ReprintIsMarkedCopyAtTopAndBottom) {
  ReceiptOptions o = options();
  o.copy = true;
  const auto lines = linesOf(renderReceipt(singleVendorSale(), o));
  ASSERT_GE(lines.size(), 2u);
  EXPECT_NE(lines.front().find("SALINAN"), std::string::npos);
  EXPECT_NE(lines.back().find("SALINAN"), std::string::npos);
}

TEST(Receipt, OriginalIsNotMarkedCopy) {
  EXPECT_EQ(renderReceipt(singleVendorSale(), options()).find("SALINAN"), std::string::npos);
}

TEST(Receipt, FooterAndThanksAreCentred) {
  ReceiptOptions o = options();
  o.footer = "IG @dekranasda.depok\nwww.example.id";
  const std::string text = renderReceipt(singleVendorSale(), o);
  EXPECT_TRUE(hasLine(text, "Terima kasih atas kunjungan Anda")) << text;
  EXPECT_TRUE(hasLine(text, "      IG @dekranasda.depok")) << text;
  EXPECT_TRUE(hasLine(text, "         www.example.id")) << text;
}

TEST(Receipt, ControlCharactersInNamesNeverReachThePaper) {
  SaleRecord s = singleVendorSale();
  s.lines[1].name = "Syal\x1b@\x1dV";
  const std::string text = renderReceipt(s, options());
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\x1d'), std::string::npos);
}

RefundRecord refundOf(const SaleRecord& sale) {
  RefundRecord r;
  r.receiptNo = sale.receiptNo;
  r.createdAt = kAt + 3'600'000;
  r.reason = "Warna tidak sesuai pesanan pembeli";
  r.staff = "Kasir Demo";
  r.approvedBy = "Supervisor Demo";
  r.method = PaymentMethod::Cash;
  r.lines.push_back(RefundLine{1, 1, Rupiah(135'000), true});
  r.total = Rupiah(135'000);
  return r;
}

TEST(Receipt, RefundSlipShowsWhatWentBackWhyAndWhoApproved) {
  const SaleRecord sale = singleVendorSale();
  const std::string text = renderRefundSlip(refundOf(sale), sale, options());
  EXPECT_TRUE(hasLine(text, "             Refund")) << text;
  EXPECT_TRUE(hasLine(text, row("Struk", "DEPOK-K01-000123"))) << text;
  EXPECT_TRUE(hasLine(text, "2026-11-27 17:05 WIB")) << text;
  EXPECT_TRUE(hasLine(text, "Kain Batik Tulis Motif Mega")) << text;
  EXPECT_TRUE(hasLine(text, row("  1 x", "Rp 135.000"))) << text;
  EXPECT_TRUE(hasLine(text, row("TOTAL", "Rp 135.000"))) << text;
  EXPECT_TRUE(hasLine(text, row("Tunai", "Rp 135.000"))) << text;
  EXPECT_TRUE(hasLine(text, row("Disetujui", "Supervisor Demo"))) << text;
  EXPECT_NE(text.find("Alasan: Warna tidak sesuai"), std::string::npos) << text;
  for (const std::string& l : linesOf(text)) EXPECT_LE(codePoints(l), 32u) << l;
}

TEST(Receipt, VoidSlipIsMarkedVoid) {
  const SaleRecord sale = singleVendorSale();
  RefundRecord r = refundOf(sale);
  r.isVoid = true;
  ReceiptOptions o = options();
  o.copy = true;
  const std::string text = renderRefundSlip(r, sale, o);
  EXPECT_TRUE(hasLine(text, "             BATAL")) << text;
  EXPECT_EQ(text.find("             Refund"), std::string::npos) << text;
  EXPECT_NE(linesOf(text).back().find("SALINAN"), std::string::npos);
}

ReturnSlip returnSlip() {
  ReturnSlip slip;
  slip.vendorName = "Anyaman Bambu Limo";
  slip.vendorCode = "ANY-LM";
  slip.vendorOwner = "Pak Limo";
  slip.printedAt = kAt;
  ReturnSlipLine a;
  a.name = "Tas Anyaman Bambu";
  a.brought = 12, a.sold = 5, a.refunded = 1, a.adjusted = -1, a.returned = 0, a.remaining = 7;
  ReturnSlipLine b;
  b.name = "Bakul Nasi Bambu Besar Dengan Tutup Anyaman Halus";
  b.brought = 20, b.sold = 3, b.remaining = 17;
  slip.lines = {a, b};
  return slip;
}

TEST(ReturnSlip, ThermalPaperPutsTheCountsUnderEachName) {
  ReceiptOptions o;
  o.eventName = "Pameran Dekranasda Depok";
  const std::string text = renderReturnSlip(returnSlip(), o);
  for (const std::string& l : linesOf(text)) EXPECT_LE(codePoints(l), 32u) << l;
  EXPECT_NE(text.find("Anyaman Bambu Limo (ANY-LM) ·"), std::string::npos) << text;
  EXPECT_TRUE(hasLine(text, "Dicetak 2026-11-27 16:05"));
  EXPECT_TRUE(hasLine(text, "Tas Anyaman Bambu"));
  EXPECT_TRUE(hasLine(text, "   12    5    1   -1    0    7")) << text;
  EXPECT_TRUE(hasLine(text, " Bawa Jual Refu Sesu Retu Sisa")) << "headings keep a space between them";
  EXPECT_NE(text.find("Total dibawa 32 · terjual 8 ·"), std::string::npos) << text;
  EXPECT_NE(text.find("Diserahkan oleh"), std::string::npos);
  EXPECT_NE(text.find("Diterima oleh"), std::string::npos);
}

TEST(ReturnSlip, AWidePagePutsTheCountsBesideTheName) {
  ReceiptOptions o;
  o.width = 72;
  ReturnSlipLabels labels;
  labels.brought = "In";
  const std::string text = renderReturnSlip(returnSlip(), o, labels);
  bool found = false;
  for (const std::string& l : linesOf(text)) {
    EXPECT_LE(codePoints(l), 72u) << l;
    if (l.starts_with("Tas Anyaman Bambu ")) {
      found = true;
      EXPECT_TRUE(l.ends_with("     12      5      1     -1      0      7")) << l;
    }
  }
  EXPECT_TRUE(found) << text;
  EXPECT_NE(text.find("     In"), std::string::npos) << "labels come from the caller";
}

ShiftRecord closedShift() {
  ShiftRecord r;
  r.openedAt = kAt;
  r.closedAt = kAt + 8 * 3'600'000;
  r.openedBy = "Kasir Demo";
  r.closedBy = "Supervisor Demo";
  r.salesCount = 42;
  r.openingFloat = Rupiah(200'000);
  r.cashSales = Rupiah(1'350'000);
  r.cashRefunds = Rupiah(35'000);
  r.cashIn = Rupiah(50'000);
  r.cashOut = Rupiah(20'000);
  r.expectedCash = Rupiah(1'545'000);
  r.countedCash = Rupiah(1'540'000);
  r.variance = Rupiah(-5'000);
  r.counts = {{100'000, 15}, {20'000, 2}, {1'000, 0}};
  r.totalsByMethod = {{"cash", 1'315'000}, {"qris", 700'000}};
  return r;
}

TEST(ShiftReport, ShowsExpectedCountedVarianceAndEachMethod) {
  ReceiptOptions o;
  o.eventName = "Pameran Dekranasda Depok";
  const std::string text = renderShiftReport(closedShift(), o);
  for (const std::string& l : linesOf(text)) EXPECT_LE(codePoints(l), 32u) << l;
  EXPECT_TRUE(hasLine(text, "LAPORAN SHIFT"));
  EXPECT_TRUE(hasLine(text, row("Seharusnya di laci", "Rp 1.545.000")));
  EXPECT_TRUE(hasLine(text, row("Selisih", "-Rp 5.000")));
  EXPECT_TRUE(hasLine(text, row("Refund tunai", "-Rp 35.000")));
  EXPECT_TRUE(hasLine(text, row("Rp 100.000 x 15", "Rp 1.500.000")));
  EXPECT_EQ(text.find("Rp 1.000 x 0"), std::string::npos) << "denominations not counted are left out";
  EXPECT_TRUE(hasLine(text, row("QRIS", "Rp 700.000")));
  EXPECT_TRUE(hasLine(text, row("Kartu", "Rp 0"))) << "every method has a line";
  EXPECT_TRUE(hasLine(text, row("", "Supervisor Demo"))) << "on 58 mm who closed goes under the time";
}

TEST(ShiftReport, WidePaperPutsWhoBesideWhenAndAPdfHasNoHeading) {
  ReceiptOptions o;
  o.width = 48;
  const std::string text = renderShiftReport(closedShift(), o, {}, false);
  EXPECT_FALSE(hasLine(text, "LAPORAN SHIFT"));
  EXPECT_TRUE(hasLine(text, row("Dibuka", "2026-11-27 16:05 WIB · Kasir Demo", 48))) << text;
}

// ESC/POS byte strings.
std::string bytes(std::initializer_list<int> values) {
  std::string s;
  for (int v : values) s.push_back(static_cast<char>(v));
  return s;
}

TEST(Receipt, EscposStartsWithInitAndCodePageAndEndsWithPartialCut) {
  const std::string doc = escposDocument("Halo\n");
  EXPECT_EQ(doc.substr(0, 2), bytes({0x1B, 0x40}));
  EXPECT_EQ(doc.substr(2, 2), bytes({0x1B, 0x74}));
  EXPECT_NE(doc.find("Halo\n"), std::string::npos);
  EXPECT_EQ(doc.substr(doc.size() - 3), bytes({0x1D, 0x56, 0x01}));
  EXPECT_EQ(doc.find(bytes({0x1D, 0x28, 0x6B})), std::string::npos) << "no QR unless asked";
}

TEST(Receipt, EscposQrUsesModelTwoErrorCorrectionMAndStoreLength) {
  const std::string data(200, 'Q');
  const std::string doc = escposDocument("Struk\n", std::string_view(data));
  const std::string expected = bytes({0x1B, 0x61, 0x01}) +                                        // centre
                               bytes({0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00}) +  // model 2
                               bytes({0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06}) +        // module size
                               bytes({0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31}) +        // EC level M
                               bytes({0x1D, 0x28, 0x6B, 203, 0x00, 0x31, 0x50, 0x30}) + data +  // store
                               bytes({0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30});         // print
  EXPECT_NE(doc.find(expected), std::string::npos);
  EXPECT_LT(doc.find("Struk"), doc.find(expected));
}

TEST(Receipt, EscposQrStoreLengthUsesHighByteForLongData) {
  const std::string data(300, 'Q');
  const std::string doc = escposDocument("", std::string_view(data));
  EXPECT_NE(doc.find(bytes({0x1D, 0x28, 0x6B, 0x2F, 0x01, 0x31, 0x50, 0x30}) + data), std::string::npos);
}

TEST(Receipt, EscposPrintsLatinLettersInTheSelectedCodePage) {
  const std::string doc = escposDocument("Caf\xC3\xA9 \xE2\x82\xAC\n");
  EXPECT_NE(doc.find("Caf\xE9 \x80\n"), std::string::npos);
  EXPECT_EQ(doc.find("\xC3\xA9"), std::string::npos);
}

TEST(Receipt, EscposTextCannotSmuggleCommands) {
  const std::string doc = escposDocument(std::string("A\x1D\x56\x00" "B\x1B@C\n", 9));
  EXPECT_EQ(doc.find(bytes({0x1D, 0x56, 0x00})), std::string::npos);
  EXPECT_EQ(std::count(doc.begin(), doc.end(), '\x1B'), 3) << "init, code page and feed only";
}

}  // namespace
}  // namespace pameran::core
