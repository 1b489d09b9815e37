#include "pdf.hpp"

#include <fmt/format.h>
#include <hpdf.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <vector>

namespace pameran::sync {
namespace {

constexpr const char* kRegular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

// libharu reports errors through a callback; it records the first and the builder checks it.
void onError(HPDF_STATUS error, HPDF_STATUS detail, void* user) {
  auto* message = static_cast<std::string*>(user);
  if (message->empty()) *message = fmt::format("PDF error {:#x} (detail {})", error, detail);
}

class Doc {
 public:
  Doc() : m_pdf(HPDF_New(onError, &m_error)) {
    if (!m_pdf) {
      m_error = "libharu could not start";
      return;
    }
    HPDF_UseUTFEncodings(m_pdf);
    HPDF_SetCurrentEncoder(m_pdf, "UTF-8");
    HPDF_SetCompressionMode(m_pdf, HPDF_COMP_ALL);
    const char* regular = HPDF_LoadTTFontFromFile(m_pdf, kRegular, HPDF_TRUE);
    const char* bold = HPDF_LoadTTFontFromFile(m_pdf, kBold, HPDF_TRUE);
    if (regular && bold) {
      m_regular = HPDF_GetFont(m_pdf, regular, "UTF-8");
      m_bold = HPDF_GetFont(m_pdf, bold, "UTF-8");
    }
    if (!m_regular || !m_bold) {
      if (m_error.empty()) m_error = std::string("cannot load the fonts ") + kRegular;
      return;
    }
    m_page = HPDF_AddPage(m_pdf);
    HPDF_Page_SetSize(m_page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  }
  ~Doc() {
    if (m_pdf) HPDF_Free(m_pdf);
  }
  Doc(const Doc&) = delete;
  Doc& operator=(const Doc&) = delete;

  bool ok() const { return m_error.empty() && m_page; }
  /// Starts another A4 page; drawing goes there from now on.
  void newPage() {
    if (!ok()) return;
    m_page = HPDF_AddPage(m_pdf);
    HPDF_Page_SetSize(m_page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  }
  float width() const { return HPDF_Page_GetWidth(m_page); }
  float height() const { return HPDF_Page_GetHeight(m_page); }

  void text(float x, float y, const std::string& s, float size, bool bold = false, float gray = 0.0f) {
    if (!ok()) return;
    HPDF_Page_SetGrayFill(m_page, gray);
    HPDF_Page_BeginText(m_page);
    HPDF_Page_SetFontAndSize(m_page, bold ? m_bold : m_regular, size);
    HPDF_Page_TextOut(m_page, x, y, s.c_str());
    HPDF_Page_EndText(m_page);
    HPDF_Page_SetGrayFill(m_page, 0.0f);
  }
  void textRight(float right, float y, const std::string& s, float size, bool bold = false) {
    if (!ok()) return;
    HPDF_Page_SetFontAndSize(m_page, bold ? m_bold : m_regular, size);
    text(right - HPDF_Page_TextWidth(m_page, s.c_str()), y, s, size, bold);
  }
  /// Cuts text to fit a width, ending with an ellipsis.
  std::string fit(const std::string& s, float maxWidth, float size) {
    if (!ok()) return s;
    HPDF_Page_SetFontAndSize(m_page, m_regular, size);
    if (HPDF_Page_TextWidth(m_page, s.c_str()) <= maxWidth) return s;
    std::string cut = s;
    while (!cut.empty()) {
      do cut.pop_back();  // drop whole UTF-8 sequences
      while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xc0) == 0x80);
      if (!cut.empty()) cut.pop_back();
      if (HPDF_Page_TextWidth(m_page, (cut + "…").c_str()) <= maxWidth) return cut + "…";
    }
    return "…";
  }
  void line(float x1, float y1, float x2, float y2, float widthPt = 0.5f, float gray = 0.6f) {
    if (!ok()) return;
    HPDF_Page_SetLineWidth(m_page, widthPt);
    HPDF_Page_SetGrayStroke(m_page, gray);
    HPDF_Page_MoveTo(m_page, x1, y1);
    HPDF_Page_LineTo(m_page, x2, y2);
    HPDF_Page_Stroke(m_page);
  }
  void box(float x, float y, float w, float h, float r, float g, float b) {
    if (!ok() || w <= 0 || h <= 0) return;
    HPDF_Page_SetRGBFill(m_page, r, g, b);
    HPDF_Page_Rectangle(m_page, x, y, w, h);
    HPDF_Page_Fill(m_page);
    HPDF_Page_SetRGBFill(m_page, 0, 0, 0);
  }

  core::Result<std::string> bytes() {
    if (!ok()) return core::fail(core::Errc::Storage, m_error.empty() ? "PDF could not be made" : m_error);
    if (HPDF_SaveToStream(m_pdf) != HPDF_OK) return core::fail(core::Errc::Storage, "PDF could not be written: " + m_error);
    HPDF_ResetStream(m_pdf);
    std::string out;
    std::vector<HPDF_BYTE> buf(64 * 1024);
    for (;;) {
      HPDF_UINT32 n = static_cast<HPDF_UINT32>(buf.size());
      const HPDF_STATUS st = HPDF_ReadFromStream(m_pdf, buf.data(), &n);
      out.append(reinterpret_cast<const char*>(buf.data()), n);
      if (st == HPDF_STREAM_EOF || n == 0) break;
      if (st != HPDF_OK) return core::fail(core::Errc::Storage, "PDF stream error");
    }
    return out;
  }

 private:
  std::string m_error;
  HPDF_Doc m_pdf = nullptr;
  HPDF_Font m_regular = nullptr;
  HPDF_Font m_bold = nullptr;
  HPDF_Page m_page = nullptr;
};

std::string sectorName(core::Sector s) {
  switch (s) {
    case core::Sector::Fesyen: return "Fesyen";
    case core::Sector::Kriya: return "Kriya";
    case core::Sector::Kuliner: return "Kuliner";
  }
  return "Kriya";
}

std::string methodName(core::PaymentMethod m) {
  switch (m) {
    case core::PaymentMethod::Cash: return "Tunai";
    case core::PaymentMethod::Qris: return "QRIS";
    case core::PaymentMethod::Card: return "Kartu debit/kredit";
    case core::PaymentMethod::Transfer: return "Transfer bank";
    case core::PaymentMethod::Ewallet: return "Dompet digital";
  }
  return "";
}

std::string eventLine(const core::Event& e) {
  std::string s = e.venue;
  if (!e.startDate.empty()) s += (s.empty() ? "" : " · ") + e.startDate + (e.endDate.empty() || e.endDate == e.startDate ? "" : " s.d. " + e.endDate);
  return s;
}

std::string percent(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return "";
  const std::int64_t tenths = core::mulDiv(part, 1000, whole);
  return fmt::format("{},{}%", tenths / 10, std::abs(tenths % 10));
}

}  // namespace

core::Result<std::string> reportPdf(const core::Report& r, const core::Event& event, core::EpochMs generatedAt) {
  Doc doc;
  const float left = 50;
  const float right = doc.width() - 50;
  float y = doc.height() - 60;
  doc.text(left, y, "Laporan Penjualan Pameran", 18, true);
  y -= 22;
  doc.text(left, y, doc.fit(event.name + " (" + event.code + ")", right - left, 12), 12);
  y -= 15;
  if (const std::string where = eventLine(event); !where.empty()) {
    doc.text(left, y, doc.fit(where, right - left, 9), 9, false, 0.35f);
    y -= 13;
  }
  doc.text(left, y,
           "Dibuat " + core::localDateTime(generatedAt, event.tzOffsetMinutes) + " " + core::zoneName(event.tzOffsetMinutes) +
               (event.open ? "" : " · pameran sudah ditutup"),
           9, false, 0.35f);
  y -= 12;
  doc.line(left, y, right, y, 1.0f, 0.2f);
  y -= 22;

  // Headline figures in two columns.
  const std::vector<std::pair<std::string, std::string>> figures = {
      {"Transaksi", core::formatThousands(r.salesCount)},
      {"Barang terjual", core::formatThousands(r.items)},
      {"Penjualan kotor", core::formatRupiah(r.gross)},
      {"Diskon", core::formatRupiah(r.discount)},
      {"Retur", core::formatRupiah(r.refund)},
      {"Penjualan bersih", core::formatRupiah(r.net)},
  };
  const float mid = (left + right) / 2;
  for (std::size_t i = 0; i < figures.size(); ++i) {
    const float x = i % 2 == 0 ? left : mid + 10;
    const float colRight = i % 2 == 0 ? mid - 10 : right;
    const float rowY = y - static_cast<float>(i / 2) * 18;
    const bool net = figures[i].first == "Penjualan bersih";
    doc.text(x, rowY, figures[i].first, 10, net);
    doc.textRight(colRight, rowY, figures[i].second, 10, true);
  }
  y -= 3 * 18 + 14;

  auto heading = [&](const std::string& title) {
    doc.text(left, y, title, 12, true);
    y -= 6;
    doc.line(left, y, right, y);
    y -= 14;
  };
  const std::int64_t net = r.net.idr();
  auto barRow = [&](const std::string& label, std::int64_t amount) {
    doc.text(left, y, doc.fit(label, 150, 9), 9);
    const float barLeft = left + 160;
    const float barWidth = 170;
    if (net > 0 && amount > 0)
      doc.box(barLeft, y - 1, barWidth * static_cast<float>(std::min<std::int64_t>(amount, net)) / static_cast<float>(net),
              8, 0.18f, 0.45f, 0.62f);
    doc.textRight(right - 60, y, core::formatRupiah(core::Rupiah(amount)), 9);
    doc.textRight(right, y, percent(amount, net), 9);
    y -= 13;
  };

  heading("Per sektor");
  for (const auto& [s, amount] : r.bySector) barRow(sectorName(s), amount.idr());
  y -= 8;
  heading("Per metode pembayaran");
  for (const auto& [m, amount] : r.byPayment) barRow(methodName(m), amount.idr());
  y -= 8;

  heading("Per vendor (IKM)");
  doc.text(left, y, "Vendor", 8, true, 0.35f);
  doc.text(left + 250, y, "Sektor", 8, true, 0.35f);
  doc.textRight(left + 345, y, "Transaksi", 8, true);
  doc.textRight(left + 400, y, "Barang", 8, true);
  doc.textRight(right, y, "Bersih", 8, true);
  y -= 12;
  const std::size_t dayRows = std::min<std::size_t>(r.byDay.size(), 10);
  // Rows the page still has room for, keeping space for the days and the footer.
  const float reserved = 60 + 34 + static_cast<float>(dayRows) * 13;
  std::size_t vendorRows = static_cast<std::size_t>(std::max(0.0f, (y - reserved) / 12));
  if (vendorRows < r.byVendor.size() && vendorRows > 0) --vendorRows;  // one row for "others"
  std::size_t shown = std::min(vendorRows, r.byVendor.size());
  for (std::size_t i = 0; i < shown; ++i) {
    const core::VendorTotals& v = r.byVendor[i];
    doc.text(left, y, doc.fit(v.name + " (" + v.vendorCode + ")", 240, 9), 9);
    doc.text(left + 250, y, sectorName(v.sector), 9);
    doc.textRight(left + 345, y, core::formatThousands(v.salesCount), 9);
    doc.textRight(left + 400, y, core::formatThousands(v.items), 9);
    doc.textRight(right, y, core::formatRupiah(v.net), 9);
    y -= 12;
  }
  if (shown < r.byVendor.size()) {
    core::Rupiah rest;
    for (std::size_t i = shown; i < r.byVendor.size(); ++i) rest += r.byVendor[i].net;
    doc.text(left, y, fmt::format("… dan {} vendor lain", r.byVendor.size() - shown), 9, false, 0.35f);
    doc.textRight(right, y, core::formatRupiah(rest), 9);
    y -= 12;
  }
  y -= 8;
  heading("Per hari");
  for (std::size_t i = 0; i < dayRows; ++i) barRow(r.byDay[i].first, r.byDay[i].second.idr());
  if (r.byDay.size() > dayRows) {
    doc.text(left, y, fmt::format("… dan {} hari lain", r.byDay.size() - dayRows), 9, false, 0.35f);
    y -= 13;
  }

  doc.line(left, 62, right, 62);
  doc.text(left, 48,
           "Semua angka dalam rupiah. Jumlah per sektor, metode pembayaran, vendor dan hari masing-masing sama dengan "
           "penjualan bersih.",
           7.5f, false, 0.35f);
  doc.text(left, 38, "Sumber: pameran-server, data semua kios yang sudah tersinkron.", 7.5f, false, 0.35f);
  return doc.bytes();
}

namespace {

// One vendor's statement on the document's current page.
// The vendor's line of the consignment ledger (zeros when it has none).
core::StockLedgerVendor goodsOf(const core::StockLedger* ledger, const std::string& vendorCode) {
  core::StockLedgerVendor out;
  out.vendorCode = vendorCode;
  if (ledger)
    for (const core::StockLedgerVendor& g : ledger->vendors)
      if (g.vendorCode == vendorCode) out = g;
  return out;
}

void drawStatement(Doc& doc, const core::SettlementRow& v, const core::Event& event, core::EpochMs generatedAt,
                   const core::StockLedger* ledger) {
  const float left = 60;
  const float right = doc.width() - 60;
  float y = doc.height() - 70;
  doc.text(left, y, "Pernyataan Penyelesaian Vendor", 18, true);
  y -= 22;
  doc.text(left, y, doc.fit(event.name + " (" + event.code + ")", right - left, 11), 11);
  y -= 14;
  if (const std::string where = eventLine(event); !where.empty()) {
    doc.text(left, y, doc.fit(where, right - left, 9), 9, false, 0.35f);
    y -= 13;
  }
  doc.text(left, y, "Dibuat " + core::localDateTime(generatedAt, event.tzOffsetMinutes) + " " + core::zoneName(event.tzOffsetMinutes),
           9, false, 0.35f);
  y -= 12;
  doc.line(left, y, right, y, 1.0f, 0.2f);
  y -= 28;
  doc.text(left, y, "Vendor", 10, false, 0.35f);
  doc.text(left + 120, y, doc.fit(v.name, right - left - 120, 12), 12, true);
  y -= 16;
  doc.text(left, y, "Kode", 10, false, 0.35f);
  doc.text(left + 120, y, v.vendorCode, 10);
  y -= 16;
  doc.text(left, y, "Sektor", 10, false, 0.35f);
  doc.text(left + 120, y, sectorName(v.sector), 10);
  y -= 30;

  auto row = [&](const std::string& label, const std::string& value, bool bold = false) {
    doc.text(left, y, label, 11, bold);
    doc.textRight(right, y, value, 11, bold);
    y -= 8;
    doc.line(left, y, right, y, 0.3f, 0.8f);
    y -= 14;
  };
  row("Transaksi", core::formatThousands(v.salesCount));
  row("Barang terjual (setelah retur)", core::formatThousands(v.items));
  row("Penjualan kotor", core::formatRupiah(v.gross));
  row("Diskon", "-" + core::formatRupiah(v.discount));
  row("Retur", "-" + core::formatRupiah(v.refund));
  row("Penjualan bersih", core::formatRupiah(v.net), true);
  row(fmt::format("Komisi penyelenggara ({})", percent(v.commissionBp, core::kFullBp)),
      "-" + core::formatRupiah(v.commission));
  row("Sudah diterima langsung oleh vendor", "-" + core::formatRupiah(v.paidDirect));
  doc.text(left + 12, y + 6, "(QRIS milik vendor, atau tunai yang diterima di booth vendor sendiri)", 8, false, 0.35f);
  y -= 10;
  if (v.owedToVendor.idr() >= 0) {
    row("Dibayarkan penyelenggara kepada vendor", core::formatRupiah(v.owedToVendor), true);
  } else {
    row("Dibayarkan vendor kepada penyelenggara", core::formatRupiah(-v.owedToVendor), true);
  }
  if (ledger) {
    // The goods side (issue 11): what the vendor brought to every booth and where it went, so the
    // vendor signs for the money and the goods on one page. Sold counts units put back on the
    // shelf after a refund as not sold; what is neither sold nor returned is not accounted for.
    const core::StockLedgerVendor g = goodsOf(ledger, v.vendorCode);
    y -= 12;
    doc.text(left, y, "Barang titipan (unit, semua kios)", 12, true);
    y -= 20;
    row("Dibawa vendor", core::formatThousands(g.received));
    row("Terjual (setelah retur yang kembali ke rak)", core::formatThousands(g.sold - g.refunded));
    if (g.adjusted != 0) row("Penyesuaian hitung stok", (g.adjusted > 0 ? "+" : "-") + core::formatThousands(g.adjusted > 0 ? g.adjusted : -g.adjusted));
    row("Dikembalikan kepada vendor", core::formatThousands(g.returned));
    row("Belum kembali / tidak tercatat", core::formatThousands(g.onHand), true);
  }
  y -= ledger ? 30 : 50;
  const float mid = (left + right) / 2;
  doc.text(left, y, "Penyelenggara", 10);
  doc.text(mid + 20, y, "Vendor", 10);
  y -= 60;
  doc.line(left, y, mid - 20, y, 0.6f, 0.2f);
  doc.line(mid + 20, y, right, y, 0.6f, 0.2f);
  doc.text(left, 50, "Penjualan bersih = kotor - diskon - retur. Yang dibayarkan = bersih - komisi - yang sudah diterima langsung.",
           7.5f, false, 0.35f);
  if (ledger)
    doc.text(left, 40, "Belum kembali = dibawa - terjual + penyesuaian - dikembalikan (barang di booth saat pernyataan dibuat).", 7.5f,
             false, 0.35f);
}

}  // namespace

core::Result<std::string> settlementPdf(const core::SettlementRow& v, const core::Event& event, core::EpochMs generatedAt,
                                        const core::StockLedger* ledger) {
  Doc doc;
  drawStatement(doc, v, event, generatedAt, ledger);
  return doc.bytes();
}

core::Result<std::string> settlementsPdf(const core::Settlement& s, const core::Event& event, core::EpochMs generatedAt,
                                         const core::StockLedger* ledger) {
  if (s.vendors.empty()) return core::fail(core::Errc::NotFound, "event " + event.code + " has no vendors to settle");
  Doc doc;
  for (std::size_t i = 0; i < s.vendors.size(); ++i) {
    if (i > 0) doc.newPage();
    drawStatement(doc, s.vendors[i], event, generatedAt, ledger);
  }
  return doc.bytes();
}

}  // namespace pameran::sync
