#pragma once
// RFC 4180 CSV, and the catalog files of DESIGN.md (vendors.csv, products.csv).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pameran/core/domain.hpp"
#include "pameran/core/error.hpp"

namespace pameran::core {

struct CsvRow {
  int line = 0;                      // 1-based physical line where the record starts
  std::vector<std::string> fields;
};

/// Parses RFC 4180 text (quoted fields with commas, quotes and newlines; CRLF or LF; a UTF-8 BOM
/// is skipped). Fails with `file:line: reason` on an unterminated quote, stray quote or bad UTF-8.
Result<std::vector<CsvRow>> parseCsv(std::string_view text, std::string_view fileName);
/// A text cell, safe to open in a spreadsheet: text that starts with `= + - @`, a tab, a carriage
/// return or an apostrophe gets an apostrophe in front, so no spreadsheet runs it as a formula
/// (the apostrophe in front of an apostrophe keeps the rule reversible); quoted when it holds a
/// comma, quote, CR or LF. Numbers are written as numbers, never through this.
std::string csvField(std::string_view value);
/// The text a cell written by csvField stands for: one leading apostrophe is dropped when the
/// next character is one that csvField guards. Exact inverse: csvTextValue(csvField(x)) == x once
/// the quoting is read.
std::string csvTextValue(std::string_view cell);
/// A record of text cells (csvField each), ended with CRLF.
std::string csvRecord(const std::vector<std::string>& fields);

inline constexpr std::string_view kVendorsHeader = "code,name,sector,owner,phone,qris";
inline constexpr std::string_view kProductsHeader = "sku,barcode,vendor_code,name,price_idr,stock,low_stock";

struct CatalogVendorRow {
  int line = 0;                      // where it stood in its file (0: not from a file)
  std::string code, name;
  Sector sector = Sector::Kriya;
  std::string owner, phone, qris;
};

struct CatalogProductRow {
  int line = 0;
  std::string sku, barcode, vendorCode, name;
  std::int64_t priceIdr = 0;
  std::int64_t stock = 0;
  std::int64_t lowStock = 0;
};

struct CatalogFiles {
  std::string vendorsFile, productsFile;  // names for `file:line: reason` errors
  std::vector<CatalogVendorRow> vendors;
  std::vector<CatalogProductRow> products;
};

/// Parses and validates both files as one unit; any bad row fails the whole with
/// `file:line: reason`: wrong header, wrong field count, bad or duplicate code/SKU/barcode,
/// bad sector, invalid QRIS, unknown vendor, negative, non-integer or too large price or stock,
/// empty or overlong names, bad UTF-8. A 13-digit barcode must be a valid EAN-13.
Result<CatalogFiles> parseCatalog(std::string_view vendorsText, std::string_view vendorsFile,
                                  std::string_view productsText, std::string_view productsFile);

std::string writeVendorsCsv(const std::vector<CatalogVendorRow>& vendors);
std::string writeProductsCsv(const std::vector<CatalogProductRow>& products);

}  // namespace pameran::core
