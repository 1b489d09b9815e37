#pragma once
// PDF documents (libharu, DejaVu fonts, UTF-8): receipts, refund slips, return slips, shift reports.
#include <string>
#include <vector>

#include "pameran/core/error.hpp"

namespace pameran::kiosk {

struct TextDocument {
  std::string title;                // bold heading (A4 documents only)
  std::string subtitle;
  std::vector<std::string> lines;   // monospaced body, already laid out in columns
  bool receiptPaper = false;        // true: a narrow page the width of the text (a receipt)
  int columns = 32;                 // receipt paper: characters per line
};

/// Writes the document as a PDF (through a temporary file and a rename). Fails (Storage) when the
/// fonts are missing or the file cannot be written.
core::Result<void> writePdf(const std::string& path, const TextDocument& doc, const std::string& fontDir);

/// Where the DejaVu TTF files are: $PAMERAN_FONT_DIR, else Debian's fonts-dejavu-core folder.
std::string fontDirectory();

/// Splits text into lines (without the '\n').
std::vector<std::string> splitLines(const std::string& text);

}  // namespace pameran::kiosk
