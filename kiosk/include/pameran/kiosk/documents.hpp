#pragma once
// PDF documents (libharu, DejaVu fonts, UTF-8): receipts, refund slips, return slips, shift reports,
// intake manifests; and sheets of price tags.
#include <string>
#include <vector>

#include "pameran/core/error.hpp"
#include "pameran/core/price_tag.hpp"

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

/// Writes price tags on A4 label sheets (`layout` 3x7 or 3x8; Invalid for the roll): per label the
/// name, the vendor, the price and the EAN-13 as bars with its digits below, at the standard module
/// of 0.33 mm, pages filled row by row. Fails like writePdf.
core::Result<void> writeLabelsPdf(const std::string& path, const std::vector<core::PriceTag>& tags, core::LabelLayout layout,
                                  const std::string& fontDir);

/// Where the DejaVu TTF files are: $PAMERAN_FONT_DIR, else Debian's fonts-dejavu-core folder.
std::string fontDirectory();

/// Splits text into lines (without the '\n').
std::vector<std::string> splitLines(const std::string& text);

}  // namespace pameran::kiosk
