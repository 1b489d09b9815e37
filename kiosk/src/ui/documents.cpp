#include "pameran/kiosk/documents.hpp"

#include <hpdf.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "pameran/core/text.hpp"

namespace pameran::kiosk {
namespace {

struct PdfError {
  bool failed = false;
  unsigned long code = 0;
};

void onError(HPDF_STATUS error, HPDF_STATUS detail, void* user) {
  auto* e = static_cast<PdfError*>(user);
  e->failed = true;
  e->code = error;
  (void)detail;
}

// DejaVu Sans Mono advances every glyph by 1233/2048 em.
constexpr float kMonoAdvance = 1233.0f / 2048.0f;

}  // namespace

std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) {
      out.push_back(text.substr(pos));
      break;
    }
    out.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return out;
}

std::string fontDirectory() {
  if (const char* dir = std::getenv("PAMERAN_FONT_DIR"); dir && *dir) return dir;
  return "/usr/share/fonts/truetype/dejavu";
}

namespace {

// A PDF with the three DejaVu fonts loaded, freed when it goes out of scope.
struct Pdf {
  PdfError err;
  HPDF_Doc doc = nullptr;
  HPDF_Font regular = nullptr, bold = nullptr, mono = nullptr;
  Pdf() = default;
  Pdf(const Pdf&) = delete;
  Pdf& operator=(const Pdf&) = delete;
  ~Pdf() {
    if (doc) HPDF_Free(doc);
  }
};

core::Result<void> openPdf(Pdf& pdf, const std::string& fontDir) {
  namespace fs = std::filesystem;
  const std::string regular = fontDir + "/DejaVuSans.ttf";
  const std::string bold = fontDir + "/DejaVuSans-Bold.ttf";
  const std::string mono = fontDir + "/DejaVuSansMono.ttf";
  for (const std::string* f : {&regular, &bold, &mono})
    if (!fs::exists(*f)) return core::fail(core::Errc::Storage, "font missing: " + *f + " (install fonts-dejavu-core)");
  pdf.doc = HPDF_New(onError, &pdf.err);
  if (!pdf.doc) return core::fail(core::Errc::Storage, "cannot start a PDF (out of memory)");
  HPDF_UseUTFEncodings(pdf.doc);
  HPDF_SetCurrentEncoder(pdf.doc, "UTF-8");
  HPDF_SetCompressionMode(pdf.doc, HPDF_COMP_ALL);
  const char* regularName = HPDF_LoadTTFontFromFile(pdf.doc, regular.c_str(), HPDF_TRUE);
  const char* boldName = HPDF_LoadTTFontFromFile(pdf.doc, bold.c_str(), HPDF_TRUE);
  const char* monoName = HPDF_LoadTTFontFromFile(pdf.doc, mono.c_str(), HPDF_TRUE);
  if (pdf.err.failed || !regularName || !boldName || !monoName)
    return core::fail(core::Errc::Storage, fmt::format("cannot load the PDF fonts (libharu error {:#x})", pdf.err.code));
  pdf.regular = HPDF_GetFont(pdf.doc, regularName, "UTF-8");
  pdf.bold = HPDF_GetFont(pdf.doc, boldName, "UTF-8");
  pdf.mono = HPDF_GetFont(pdf.doc, monoName, "UTF-8");
  return {};
}

// Through a temporary file and a rename: a reader never sees half a PDF.
core::Result<void> savePdf(Pdf& pdf, const std::string& path) {
  namespace fs = std::filesystem;
  if (pdf.err.failed) return core::fail(core::Errc::Storage, fmt::format("cannot lay out the PDF (libharu error {:#x})", pdf.err.code));
  std::error_code ec;
  const fs::path target(path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  const std::string tmp = path + ".tmp";
  const HPDF_STATUS saved = HPDF_SaveToFile(pdf.doc, tmp.c_str());
  if (saved != HPDF_OK || pdf.err.failed) {
    fs::remove(tmp, ec);
    return core::fail(core::Errc::Storage, "cannot write " + path + " (is the disk full or read-only?)");
  }
  fs::rename(tmp, target, ec);
  if (ec) return core::fail(core::Errc::Storage, "cannot write " + path + ": " + ec.message());
  return {};
}

}  // namespace

core::Result<void> writePdf(const std::string& path, const TextDocument& doc, const std::string& fontDir) {
  Pdf pdf;
  if (auto ok = openPdf(pdf, fontDir); !ok) return ok;
  HPDF_Font fRegular = pdf.regular, fBold = pdf.bold, fMono = pdf.mono;

  if (doc.receiptPaper) {
    // A strip of paper as wide as the receipt, like the thermal printout.
    const float size = 9.0f;
    const float lineH = size * 1.3f;
    const float margin = 14.0f;
    const float width = static_cast<float>(std::max(doc.columns, 16)) * kMonoAdvance * size + 2 * margin;
    const float height = static_cast<float>(doc.lines.size()) * lineH + 2 * margin;
    HPDF_Page page = HPDF_AddPage(pdf.doc);
    HPDF_Page_SetWidth(page, width);
    HPDF_Page_SetHeight(page, std::max(height, 100.0f));
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, fMono, size);
    float y = std::max(height, 100.0f) - margin - size;
    for (const std::string& line : doc.lines) {
      HPDF_Page_TextOut(page, margin, y, line.c_str());
      y -= lineH;
    }
    HPDF_Page_EndText(page);
  } else {
    const float pageW = 595.0f, pageH = 842.0f, margin = 48.0f;
    const float size = 9.5f, lineH = size * 1.35f;
    std::size_t next = 0;
    int pageNo = 0;
    do {
      ++pageNo;
      HPDF_Page page = HPDF_AddPage(pdf.doc);
      HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
      float y = pageH - margin;
      HPDF_Page_BeginText(page);
      HPDF_Page_SetFontAndSize(page, fBold, 15);
      HPDF_Page_TextOut(page, margin, y - 15, doc.title.c_str());
      y -= 24;
      if (!doc.subtitle.empty()) {
        HPDF_Page_SetFontAndSize(page, fRegular, 10);
        HPDF_Page_TextOut(page, margin, y - 10, doc.subtitle.c_str());
        y -= 16;
      }
      HPDF_Page_EndText(page);
      y -= 6;
      HPDF_Page_SetLineWidth(page, 0.8f);
      HPDF_Page_MoveTo(page, margin, y);
      HPDF_Page_LineTo(page, pageW - margin, y);
      HPDF_Page_Stroke(page);
      y -= 10;
      HPDF_Page_BeginText(page);
      HPDF_Page_SetFontAndSize(page, fMono, size);
      while (next < doc.lines.size() && y - size > margin + 20) {
        HPDF_Page_TextOut(page, margin, y - size, doc.lines[next].c_str());
        y -= lineH;
        ++next;
      }
      HPDF_Page_SetFontAndSize(page, fRegular, 8);
      HPDF_Page_TextOut(page, pageW - margin - 30, margin - 10, fmt::format("{}", pageNo).c_str());
      HPDF_Page_EndText(page);
    } while (next < doc.lines.size());
  }

  return savePdf(pdf, path);
}

// ---- Price tags ------------------------------------------------------------------------------

namespace {

constexpr float kPtPerMm = 72.0f / 25.4f;
constexpr float kModuleMm = 0.33f;  // the EAN-13 nominal module (100 % magnification)

// The longest start of `text` that fits `width` points in the page's current font, with an ellipsis
// when it was cut.
std::string fitText(HPDF_Page page, const std::string& text, float width) {
  if (HPDF_Page_TextWidth(page, text.c_str()) <= width) return text;
  std::size_t cols = core::columns(text);
  while (cols > 1) {
    --cols;
    std::string cut = text.substr(0, core::bytesOfColumns(text, cols)) + "\u2026";
    if (HPDF_Page_TextWidth(page, cut.c_str()) <= width) return cut;
  }
  return {};
}

// One label with its top left corner at (x, top) in points from the bottom left of the page.
void drawTag(HPDF_Page page, const Pdf& pdf, const core::PriceTag& tag, const std::array<bool, 95>& modules, float x, float top,
             float w, float h) {
  const float pad = 2.5f * kPtPerMm;
  const float inner = w - 2 * pad;
  float y = top - pad;
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, pdf.bold, 8.5f);
  y -= 8.5f;
  HPDF_Page_TextOut(page, x + pad, y, fitText(page, tag.name, inner).c_str());
  HPDF_Page_SetFontAndSize(page, pdf.regular, 6.5f);
  y -= 8.0f;
  HPDF_Page_TextOut(page, x + pad, y, fitText(page, tag.vendor, inner).c_str());
  HPDF_Page_SetFontAndSize(page, pdf.bold, 12.0f);
  y -= 13.0f;
  HPDF_Page_TextOut(page, x + pad, y, tag.price.c_str());
  HPDF_Page_EndText(page);

  // The symbol: 11 modules of quiet zone, 95 of bars, 7 of quiet zone, centred on the label; the
  // guards reach 5 modules further down, between the digits.
  const float m = kModuleMm * kPtPerMm;
  const float digitSize = 7.0f;
  const float bottom = top - h + pad;
  const float barsBottom = bottom + digitSize + 1.0f;
  const float barsTop = std::min(y - 4.0f, barsBottom + 22.0f * kPtPerMm);
  const float x0 = x + (w - 113 * m) / 2 + 11 * m;
  auto isGuard = [](std::size_t i) { return i < 3 || (i >= 45 && i < 50) || i >= 92; };
  for (std::size_t i = 0; i < modules.size();) {
    if (!modules[i]) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < modules.size() && modules[j] && isGuard(j) == isGuard(i)) ++j;
    const float low = isGuard(i) ? barsBottom - 5 * m : barsBottom;
    HPDF_Page_Rectangle(page, x0 + static_cast<float>(i) * m, low, static_cast<float>(j - i) * m, barsTop - low);
    i = j;
  }
  HPDF_Page_Fill(page);
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, pdf.mono, digitSize);
  auto digitAt = [&](char d, float centre) {
    const char s[2] = {d, 0};
    HPDF_Page_TextOut(page, centre - HPDF_Page_TextWidth(page, s) / 2, bottom, s);
  };
  digitAt(tag.barcode[0], x0 - 5 * m);
  for (std::size_t k = 0; k < 6; ++k) digitAt(tag.barcode[1 + k], x0 + (3 + 7 * static_cast<float>(k) + 3.5f) * m);
  for (std::size_t k = 0; k < 6; ++k) digitAt(tag.barcode[7 + k], x0 + (50 + 7 * static_cast<float>(k) + 3.5f) * m);
  HPDF_Page_EndText(page);
}

}  // namespace

core::Result<void> writeLabelsPdf(const std::string& path, const std::vector<core::PriceTag>& tags, core::LabelLayout layout,
                                  const std::string& fontDir) {
  const auto sheet = core::labelSheet(layout);
  if (!sheet) return core::fail(core::Errc::Invalid, "the 58 mm roll prints on the printer, not as a PDF");
  if (tags.empty()) return core::fail(core::Errc::Invalid, "no price tags to print");
  std::vector<std::array<bool, 95>> symbols;
  for (const core::PriceTag& tag : tags) {
    auto modules = core::ean13Modules(tag.barcode);
    if (!modules) return modules.failure();
    symbols.push_back(*modules);
  }
  Pdf pdf;
  if (auto ok = openPdf(pdf, fontDir); !ok) return ok;
  const float pageH = 297.0f * kPtPerMm;
  HPDF_Page page = nullptr;
  for (std::size_t i = 0; i < tags.size(); ++i) {
    const int slot = static_cast<int>(i % static_cast<std::size_t>(sheet->perPage()));
    if (slot == 0) {
      page = HPDF_AddPage(pdf.doc);
      HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
      HPDF_Page_SetGrayFill(page, 0);
    }
    const float x = static_cast<float>(sheet->left + (slot % sheet->columns) * sheet->pitchX) * kPtPerMm;
    const float top = pageH - static_cast<float>(sheet->top + (slot / sheet->columns) * sheet->pitchY) * kPtPerMm;
    drawTag(page, pdf, tags[i], symbols[i], x, top, static_cast<float>(sheet->labelW) * kPtPerMm,
            static_cast<float>(sheet->labelH) * kPtPerMm);
  }
  return savePdf(pdf, path);
}

}  // namespace pameran::kiosk
