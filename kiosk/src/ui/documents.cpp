#include "pameran/kiosk/documents.hpp"

#include <hpdf.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

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

core::Result<void> writePdf(const std::string& path, const TextDocument& doc, const std::string& fontDir) {
  namespace fs = std::filesystem;
  const std::string regular = fontDir + "/DejaVuSans.ttf";
  const std::string bold = fontDir + "/DejaVuSans-Bold.ttf";
  const std::string mono = fontDir + "/DejaVuSansMono.ttf";
  for (const std::string* f : {&regular, &bold, &mono})
    if (!fs::exists(*f)) return core::fail(core::Errc::Storage, "font missing: " + *f + " (install fonts-dejavu-core)");

  PdfError err;
  HPDF_Doc pdf = HPDF_New(onError, &err);
  if (!pdf) return core::fail(core::Errc::Storage, "cannot start a PDF (out of memory)");
  HPDF_UseUTFEncodings(pdf);
  HPDF_SetCurrentEncoder(pdf, "UTF-8");
  HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
  const char* regularName = HPDF_LoadTTFontFromFile(pdf, regular.c_str(), HPDF_TRUE);
  const char* boldName = HPDF_LoadTTFontFromFile(pdf, bold.c_str(), HPDF_TRUE);
  const char* monoName = HPDF_LoadTTFontFromFile(pdf, mono.c_str(), HPDF_TRUE);
  if (err.failed || !regularName || !boldName || !monoName) {
    HPDF_Free(pdf);
    return core::fail(core::Errc::Storage, fmt::format("cannot load the PDF fonts (libharu error {:#x})", err.code));
  }
  HPDF_Font fRegular = HPDF_GetFont(pdf, regularName, "UTF-8");
  HPDF_Font fBold = HPDF_GetFont(pdf, boldName, "UTF-8");
  HPDF_Font fMono = HPDF_GetFont(pdf, monoName, "UTF-8");

  if (doc.receiptPaper) {
    // A strip of paper as wide as the receipt, like the thermal printout.
    const float size = 9.0f;
    const float lineH = size * 1.3f;
    const float margin = 14.0f;
    const float width = static_cast<float>(std::max(doc.columns, 16)) * kMonoAdvance * size + 2 * margin;
    const float height = static_cast<float>(doc.lines.size()) * lineH + 2 * margin;
    HPDF_Page page = HPDF_AddPage(pdf);
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
      HPDF_Page page = HPDF_AddPage(pdf);
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

  if (err.failed) {
    HPDF_Free(pdf);
    return core::fail(core::Errc::Storage, fmt::format("cannot lay out the PDF (libharu error {:#x})", err.code));
  }
  std::error_code ec;
  const fs::path target(path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  const std::string tmp = path + ".tmp";
  const HPDF_STATUS saved = HPDF_SaveToFile(pdf, tmp.c_str());
  HPDF_Free(pdf);
  if (saved != HPDF_OK || err.failed) {
    fs::remove(tmp, ec);
    return core::fail(core::Errc::Storage, "cannot write " + path + " (is the disk full or read-only?)");
  }
  fs::rename(tmp, target, ec);
  if (ec) return core::fail(core::Errc::Storage, "cannot write " + path + ": " + ec.message());
  return {};
}

}  // namespace pameran::kiosk
