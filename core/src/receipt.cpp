// Printed documents: receipts, refund slips, return slips and shift reports as text in columns for
// 58 mm (32) and 80 mm (48) paper or a PDF page, and the ESC/POS bytes a thermal printer takes.
//
// Index
//   Page ............ wrapping, centring and left/right columns on a page of fixed width
//   Receipt ......... renderReceipt, renderRefundSlip
//   Return slip ..... renderReturnSlip, renderIntakeManifest
//   Shift report .... renderShiftReport
//   ESC/POS ......... toCp1252, escposDocument, escposPriceTags
#include "pameran/core/receipt.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

#include "pameran/core/text.hpp"
#include "pameran/core/time.hpp"

namespace pameran::core {
namespace {

constexpr int kMinWidth = 16;
constexpr int kMaxWidth = 200;
// Byte-mode capacity of a version 40 QR at error correction M; beyond it no printer can draw it.
constexpr std::size_t kMaxQrBytes = 2331;

// Names end up in ESC/POS bytes: a control character in a name must never become a command.
std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u == 0x7f ? ' ' : c);
  }
  return out;
}

// ---- Page -----------------------------------------------------------------------------------

// Leading spaces are an indent kept on every wrapped line (sub-lines such as `  2 x Rp 5.000`).
std::vector<std::string> wrap(std::string_view rawText, std::size_t fullWidth) {
  const std::string text = printable(rawText);
  const std::size_t firstWord = text.find_first_not_of(' ');
  const std::size_t indent = firstWord == std::string::npos ? 0 : std::min(firstWord, fullWidth / 2);
  const std::size_t width = fullWidth - indent;
  std::vector<std::string> lines;
  std::string current;
  std::size_t currentCols = 0;
  auto flush = [&] {
    if (!current.empty()) lines.push_back(std::move(current));
    current.clear();
    currentCols = 0;
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == ' ') {
      ++pos;
      continue;
    }
    std::size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view word(text.data() + pos, end - pos);
    pos = end;
    std::size_t wordCols = columns(word);
    if (currentCols > 0 && currentCols + 1 + wordCols <= width) {
      current += ' ';
      current += word;
      currentCols += 1 + wordCols;
      continue;
    }
    flush();
    while (wordCols > width) {
      const std::size_t cut = bytesOfColumns(word, width);
      lines.emplace_back(word.substr(0, cut));
      word.remove_prefix(cut);
      wordCols -= width;
    }
    current = std::string(word);
    currentCols = wordCols;
  }
  flush();
  if (indent > 0)
    for (std::string& line : lines) line.insert(0, indent, ' ');
  return lines;
}

class Page {
 public:
  explicit Page(int width) : m_width(static_cast<std::size_t>(std::clamp(width, kMinWidth, kMaxWidth))) {}

  void text(std::string_view s) {
    for (const std::string& line : wrap(s, m_width)) put(line);
  }
  void centered(std::string_view s) {
    for (const std::string& line : wrap(s, m_width)) put(std::string((m_width - columns(line)) / 2, ' ') + line);
  }
  // Several paragraphs, e.g. a footer typed over two lines.
  void centeredParagraphs(std::string_view s) {
    while (!s.empty()) {
      const std::size_t nl = s.find('\n');
      centered(s.substr(0, nl));
      if (nl == std::string_view::npos) break;
      s.remove_prefix(nl + 1);
    }
  }
  // `left` wraps as needed; `right` sits right-aligned on its last line, or below when it does not fit.
  void leftRight(std::string_view left, std::string_view right) {
    std::vector<std::string> lines = wrap(left, m_width);
    const std::string r = printable(right);
    const std::size_t rightCols = columns(r);
    if (lines.empty()) lines.emplace_back();
    const std::string last = lines.back();
    lines.pop_back();
    for (const std::string& line : lines) put(line);
    const std::size_t lastCols = columns(last);
    if (lastCols + (lastCols > 0 ? 1 : 0) + rightCols <= m_width) {
      put(last + std::string(m_width - lastCols - rightCols, ' ') + r);
    } else {
      put(last);
      put(std::string(m_width - std::min(m_width, rightCols), ' ') + r);
    }
  }
  void rule(char c = '-') { put(std::string(m_width, c)); }
  // A line laid out by the caller, cut to the page.
  void raw(std::string_view s) { put(s.substr(0, bytesOfColumns(s, m_width))); }
  void blank() { put({}); }
  std::size_t width() const { return m_width; }
  std::string str() && { return std::move(m_out); }

 private:
  void put(std::string_view line) {
    m_out += line;
    m_out += '\n';
  }
  std::size_t m_width;
  std::string m_out;
};

std::string money(Rupiah r) { return formatRupiah(r); }
std::string minus(Rupiah r) { return formatRupiah(-r); }

const std::string& methodLabel(PaymentMethod m, const ReceiptLabels& labels) {
  switch (m) {
    case PaymentMethod::Cash: return labels.cash;
    case PaymentMethod::Qris: return labels.qris;
    case PaymentMethod::Card: return labels.card;
    case PaymentMethod::Transfer: return labels.transfer;
    case PaymentMethod::Ewallet: return labels.ewallet;
  }
  return labels.cash;
}

std::string copyMark(const ReceiptOptions& options) { return "*** " + options.labels.copy + " ***"; }

void header(Page& page, const ReceiptOptions& options) {
  if (options.copy) page.centered(copyMark(options));
  if (!options.eventName.empty()) page.centered(options.eventName);
  if (!options.venue.empty()) page.centered(options.venue);
}

void footer(Page& page, const ReceiptOptions& options, bool thanks) {
  if (thanks && !options.labels.thanks.empty()) page.centered(options.labels.thanks);
  if (!options.footer.empty()) page.centeredParagraphs(options.footer);
  if (options.copy) page.centered(copyMark(options));
}

std::string when(EpochMs at, const ReceiptOptions& options) {
  return localDateTime(at, options.tzOffsetMinutes) + " " + zoneName(options.tzOffsetMinutes);
}

void itemLines(Page& page, const SaleLine& line, const ReceiptLabels& labels) {
  const std::string name = line.custom ? line.name + " " + labels.custom : line.name;
  if (line.quantity == 1) {
    page.leftRight(name, money(line.gross));
  } else {
    page.text(name);
    page.leftRight(fmt::format("  {} x {}", line.quantity, money(line.unitPrice)), money(line.gross));
  }
  if (line.lineDiscount.idr() != 0) page.leftRight("  " + labels.discount, minus(line.lineDiscount));
}

struct VendorGroup {
  std::string code;
  std::string name;
  std::vector<const SaleLine*> lines;
};

// Lines keep their order within a vendor; vendors come in order of first appearance.
std::vector<VendorGroup> groupByVendor(const std::vector<SaleLine>& lines) {
  std::vector<VendorGroup> groups;
  for (const SaleLine& line : lines) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const VendorGroup& g) { return g.code == line.vendorCode; });
    if (it == groups.end()) {
      groups.push_back(VendorGroup{line.vendorCode, line.vendorName.empty() ? line.vendorCode : line.vendorName, {}});
      it = std::prev(groups.end());
    }
    it->lines.push_back(&line);
  }
  return groups;
}

}  // namespace

// ---- Receipt --------------------------------------------------------------------------------

std::string renderReceipt(const SaleRecord& sale, const ReceiptOptions& options) {
  const ReceiptLabels& labels = options.labels;
  Page page(options.width);
  header(page, options);
  page.leftRight(labels.receipt, sale.receiptNo);
  page.text(when(sale.createdAt, options));
  if (!sale.cashier.empty()) page.leftRight(labels.cashier, sale.cashier);
  if (!sale.approvedBy.empty()) page.leftRight(labels.approvedBy, sale.approvedBy);

  const std::vector<VendorGroup> groups = groupByVendor(sale.lines);
  const bool severalVendors = groups.size() > 1;
  for (const VendorGroup& group : groups) {
    page.rule();
    if (!group.name.empty()) page.text(group.name);
    Rupiah net;
    Rupiah cartShare;
    for (const SaleLine* line : group.lines) {
      itemLines(page, *line, labels);
      net += line->net;
      cartShare += line->cartDiscount;
    }
    // Each vendor block adds up on paper, and its subtotal is what that vendor's QRIS is paid.
    if (severalVendors) {
      if (cartShare.idr() != 0) page.leftRight(labels.discount, minus(cartShare));
      page.leftRight(labels.vendorSubtotal, money(net));
    }
  }

  page.rule();
  if (sale.discount.idr() != 0) {
    page.leftRight(labels.subtotal, money(sale.gross));
    page.leftRight(labels.discount, minus(sale.discount));
  }
  page.leftRight(labels.total, money(sale.total));

  if (!sale.payments.empty()) page.rule();
  for (const SalePayment& p : sale.payments) {
    std::string label = methodLabel(p.method, labels);
    if (p.method == PaymentMethod::Qris && !p.vendorCode.empty()) label += " " + p.vendorCode;
    const bool cashWithTender = p.method == PaymentMethod::Cash && p.tendered.idr() > 0;
    page.leftRight(label, money(cashWithTender ? p.tendered : p.amount));
    if (p.method == PaymentMethod::Cash) {
      const Rupiah change = cashWithTender ? p.tendered - p.amount : p.change;
      if (change.idr() > 0) page.leftRight(labels.change, money(change));
    }
    if (!p.reference.empty()) page.text("  Ref: " + p.reference);
  }

  page.rule();
  footer(page, options, true);
  return std::move(page).str();
}

std::string renderRefundSlip(const RefundRecord& refund, const SaleRecord& sale, const ReceiptOptions& options) {
  const ReceiptLabels& labels = options.labels;
  Page page(options.width);
  header(page, options);
  page.centered(refund.isVoid ? labels.voided : labels.refund);
  page.leftRight(labels.receipt, refund.receiptNo.empty() ? sale.receiptNo : refund.receiptNo);
  page.text(when(refund.createdAt, options));
  if (!refund.staff.empty()) page.leftRight(labels.cashier, refund.staff);
  if (!refund.approvedBy.empty()) page.leftRight(labels.approvedBy, refund.approvedBy);
  if (!refund.reason.empty()) page.text(labels.reason + ": " + refund.reason);

  page.rule();
  for (const RefundLine& r : refund.lines) {
    auto it = std::find_if(sale.lines.begin(), sale.lines.end(), [&](const SaleLine& l) { return l.lineNo == r.lineNo; });
    page.text(it != sale.lines.end() ? it->name : fmt::format("#{}", r.lineNo));
    page.leftRight(fmt::format("  {} x", r.quantity), money(r.amount));
  }
  page.rule();
  page.leftRight(labels.total, money(refund.total));
  page.leftRight(methodLabel(refund.method, labels), money(refund.total));
  page.rule();
  footer(page, options, false);
  return std::move(page).str();
}

// ---- Return slip ----------------------------------------------------------------------------

namespace {

// Two signatures side by side under the figures: who hands the goods over, and who takes them.
void signatures(Page& page, std::string_view handedBy, std::string_view receivedBy) {
  const std::size_t half = page.width() / 2;
  page.blank();
  page.blank();
  page.raw(fitColumns(handedBy, half) + std::string(receivedBy));
  page.blank();
  page.blank();
  const std::string line = "(" + std::string(half > 6 ? half - 4 : 2, '_') + ")";
  page.raw(fitColumns(line, half) + line);
}

}  // namespace

std::string renderReturnSlip(const ReturnSlip& slip, const ReceiptOptions& options, const ReturnSlipLabels& labels) {
  Page page(options.width);
  const std::size_t width = page.width();
  // A wide page (a PDF) has the name beside six numbers; thermal paper puts the numbers under it.
  const bool wide = width >= 60;
  const std::size_t num = wide ? 7 : width / 6;
  const std::size_t nameW = wide ? width - 6 * num : width;
  auto numbers = [&](const std::array<std::string, 6>& cells) {
    std::string line;
    // A cell keeps one column of space before it, so headings never run together.
    for (const std::string& c : cells) line += fitColumns(std::string_view(c).substr(0, bytesOfColumns(c, num - 1)), num, true);
    return line;
  };
  page.text(options.eventName);
  page.text(fillPattern(labels.vendorLine, {slip.vendorName, slip.vendorCode, slip.vendorOwner}));
  page.text(fillPattern(labels.printedAt, {localDateTime(slip.printedAt, options.tzOffsetMinutes)}));
  page.blank();
  const std::array<std::string, 6> heads = {labels.brought, labels.sold, labels.refunded, labels.adjusted, labels.returned, labels.remaining};
  if (wide) {
    page.raw(fitColumns(labels.product, nameW) + numbers(heads));
  } else {
    page.raw(labels.product);
    page.raw(numbers(heads));
  }
  page.rule();
  std::int64_t brought = 0, sold = 0, remaining = 0;
  for (const ReturnSlipLine& l : slip.lines) {
    const std::array<std::string, 6> cells = {std::to_string(l.brought),  std::to_string(l.sold),     std::to_string(l.refunded),
                                              std::to_string(l.adjusted), std::to_string(l.returned), std::to_string(l.remaining)};
    if (wide) {
      page.raw(fitColumns(l.name, nameW - 1) + " " + numbers(cells));
    } else {
      page.raw(l.name);
      page.raw(numbers(cells));
    }
    brought += l.brought;
    sold += l.sold;
    remaining += l.remaining;
  }
  page.rule();
  page.text(fillPattern(labels.totals, {formatThousands(brought), formatThousands(sold), formatThousands(remaining)}));
  signatures(page, labels.handedBy, labels.receivedBy);
  return std::move(page).str();
}

std::string renderIntakeManifest(const ReturnSlip& slip, const ReceiptOptions& options, const IntakeManifestLabels& labels) {
  Page page(options.width);
  const std::size_t width = page.width();
  const std::size_t num = 8;
  const std::size_t skuW = width >= 60 ? 18 : 0;
  const std::size_t nameW = width - num - skuW;
  page.text(options.eventName);
  page.text(fillPattern(labels.vendorLine, {slip.vendorName, slip.vendorCode, slip.vendorOwner}));
  page.text(fillPattern(labels.printedAt, {localDateTime(slip.printedAt, options.tzOffsetMinutes)}));
  page.blank();
  page.raw(fitColumns(labels.product, nameW) + fitColumns(skuW ? labels.sku : "", skuW) + fitColumns(labels.brought, num, true));
  page.rule();
  std::int64_t units = 0, products = 0;
  for (const ReturnSlipLine& l : slip.lines) {
    if (l.brought <= 0) continue;
    page.raw(fitColumns(l.name, nameW - 1) + " " + fitColumns(skuW ? l.sku : "", skuW) + fitColumns(formatThousands(l.brought), num, true));
    units += l.brought;
    ++products;
  }
  page.rule();
  page.text(fillPattern(labels.totals, {formatThousands(units), formatThousands(products)}));
  signatures(page, labels.handedBy, labels.receivedBy);
  return std::move(page).str();
}

// ---- Shift report ---------------------------------------------------------------------------

std::string renderShiftReport(const ShiftRecord& shift, const ReceiptOptions& options, const ShiftReportLabels& labels, bool heading) {
  const int tz = options.tzOffsetMinutes;
  Page page(options.width);
  if (heading) {
    page.text(labels.title);
    page.text(options.eventName);
    page.rule();
  }
  auto when = [&](const std::string& label, EpochMs at, const std::string& who) {
    const std::string stamp = localDateTime(at, tz) + " " + zoneName(tz);
    if (page.width() >= 48) {
      page.leftRight(label, stamp + " · " + who);
    } else {
      page.leftRight(label, stamp);
      page.leftRight("", who);
    }
  };
  when(labels.openedAt, shift.openedAt, shift.openedBy);
  when(labels.closedAt, shift.closedAt, shift.closedBy);
  page.leftRight(labels.salesCount, std::to_string(shift.salesCount));
  page.rule();
  page.leftRight(labels.openingFloat, money(shift.openingFloat));
  page.leftRight(labels.cashSales, money(shift.cashSales));
  page.leftRight(labels.cashRefunds, minus(shift.cashRefunds));
  page.leftRight(labels.cashIn, money(shift.cashIn));
  page.leftRight(labels.cashOut, minus(shift.cashOut));
  page.leftRight(labels.expected, money(shift.expectedCash));
  page.leftRight(labels.counted, money(shift.countedCash));
  page.leftRight(labels.variance, money(shift.variance));
  page.rule();
  page.text(labels.count);
  for (const auto& [denomination, pieces] : shift.counts)
    if (pieces > 0) page.leftRight(fmt::format("{} x {}", money(Rupiah(denomination)), pieces), money(Rupiah(denomination) * pieces));
  page.rule();
  page.text(labels.byMethod);
  for (PaymentMethod m : kAllPaymentMethods) {
    auto it = shift.totalsByMethod.find(std::string(toString(m)));
    page.leftRight(methodLabel(m, options.labels), money(Rupiah(it == shift.totalsByMethod.end() ? 0 : it->second)));
  }
  return std::move(page).str();
}

// ---- ESC/POS --------------------------------------------------------------------------------

namespace {

// WPC1252 agrees with Latin-1 from 0xA0 up; these are the extra glyphs it puts in 0x80-0x9F.
char cp1252Extra(std::uint32_t cp) {
  switch (cp) {
    case 0x20AC: return '\x80';
    case 0x201A: return '\x82';
    case 0x2026: return '\x85';
    case 0x2018: return '\x91';
    case 0x2019: return '\x92';
    case 0x201C: return '\x93';
    case 0x201D: return '\x94';
    case 0x2022: return '\x95';
    case 0x2013: return '\x96';
    case 0x2014: return '\x97';
    default: return '?';
  }
}

// Printers do not speak UTF-8; every code point becomes one byte, matching the column count.
// Control characters other than newline are dropped so text can never smuggle in a command.
std::string toCp1252(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      if (c == '\n' || (c >= 0x20 && c != 0x7f)) out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    std::size_t len = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 1;
    std::uint32_t cp = len == 2 ? c & 0x1fu : len == 3 ? c & 0x0fu : c & 0x07u;
    bool ok = len > 1 && i + len <= text.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      if ((s[i + k] & 0xc0) != 0x80) ok = false;
      else cp = (cp << 6) | (s[i + k] & 0x3fu);
    }
    if (!ok) {
      out.push_back('?');
      ++i;
      continue;
    }
    out.push_back(cp >= 0xA0 && cp <= 0xFF ? static_cast<char>(cp) : cp1252Extra(cp));
    i += len;
  }
  return out;
}

void bytes(std::string& out, std::initializer_list<int> values) {
  for (int v : values) out.push_back(static_cast<char>(v));
}

}  // namespace

std::string escposDocument(std::string_view text, std::optional<std::string_view> qrData) {
  std::string out;
  bytes(out, {0x1B, 0x40});        // ESC @: initialise
  bytes(out, {0x1B, 0x74, 16});    // ESC t 16: WPC1252, Latin text
  const std::string body = toCp1252(text);
  out += body;
  if (!body.empty() && body.back() != '\n') out.push_back('\n');

  if (qrData && !qrData->empty() && qrData->size() <= kMaxQrBytes) {
    const std::size_t stored = qrData->size() + 3;
    // Smaller modules keep long payloads (larger QR versions) within 58 mm paper.
    const int moduleSize = qrData->size() > 250 ? 4 : 6;
    bytes(out, {0x1B, 0x61, 0x01});                                      // ESC a 1: centre
    bytes(out, {0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00});  // model 2
    bytes(out, {0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, moduleSize});  // module size
    bytes(out, {0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31});        // error correction M
    bytes(out, {0x1D, 0x28, 0x6B, static_cast<int>(stored & 0xFF), static_cast<int>(stored >> 8), 0x31, 0x50, 0x30});
    out.append(qrData->data(), qrData->size());
    bytes(out, {0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30});        // print
    bytes(out, {0x0A});
    bytes(out, {0x1B, 0x61, 0x00});                                      // ESC a 0: back to left
  }

  bytes(out, {0x1B, 0x64, 0x04});  // ESC d 4: feed past the cutter
  bytes(out, {0x1D, 0x56, 0x01});  // GS V 1: partial cut
  return out;
}

std::string escposPriceTags(const std::vector<PriceTag>& tags) {
  std::string out;
  bytes(out, {0x1B, 0x40});      // ESC @: initialise
  bytes(out, {0x1B, 0x74, 16});  // ESC t 16: WPC1252
  for (const PriceTag& tag : tags) {
    if (!isValidEan13(tag.barcode)) continue;  // preparePriceTags gives only valid codes
    bytes(out, {0x1B, 0x61, 0x01});              // centre
    bytes(out, {0x1B, 0x45, 0x01});              // bold
    out += toCp1252(printable(tag.name).substr(0, bytesOfColumns(printable(tag.name), 32))) + "\n";
    bytes(out, {0x1B, 0x45, 0x00});
    out += toCp1252(printable(tag.vendor).substr(0, bytesOfColumns(printable(tag.vendor), 32))) + "\n";
    bytes(out, {0x1D, 0x21, 0x11});              // GS ! : double width and height
    out += toCp1252(tag.price) + "\n";
    bytes(out, {0x1D, 0x21, 0x00});
    bytes(out, {0x1D, 0x68, 80});                // GS h: bars 80 dots (10 mm) high
    bytes(out, {0x1D, 0x77, 2});                 // GS w: 2 dots a module (0.25 mm)
    bytes(out, {0x1D, 0x48, 2});                 // GS H: digits below the bars
    bytes(out, {0x1D, 0x6B, 67, 13});            // GS k m=67 (EAN-13), 13 digits
    out += tag.barcode;
    bytes(out, {0x1B, 0x64, 0x03});              // feed to the gap
  }
  bytes(out, {0x1B, 0x61, 0x00});
  bytes(out, {0x1B, 0x64, 0x02});
  bytes(out, {0x1D, 0x56, 0x01});                // partial cut
  return out;
}

}  // namespace pameran::core
