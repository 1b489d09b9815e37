#include "pameran/core/csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "pameran/core/qris.hpp"
#include "pameran/core/text.hpp"

namespace pameran::core {
namespace {

// Pieces counted on a shelf; far below anything that could overflow a sum over a catalog.
constexpr std::int64_t kMaxStock = 1'000'000'000;

Failure failAt(std::string_view fileName, int line, std::string_view reason) {
  return fail(Errc::Invalid, fmt::format("{}:{}: {}", fileName, line, reason));
}

// Structure only: fields may legitimately hold newlines, so control characters are judged later,
// per field, by isCleanUtf8. Returns the offset of the first bad byte, or npos.
std::size_t firstBadUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::optional<CodePoint> cp = decodeUtf8(text, i);
    if (!cp) return i;
    i += cp->length;
  }
  return std::string_view::npos;
}

int lineOfOffset(std::string_view text, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
    else if (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n')) ++line;
  }
  return line;
}

std::string_view trimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Shortened and made printable so an error message never carries a whole bad field.
std::string quoteForMessage(std::string_view value) {
  std::string out;
  for (char c : value.substr(0, 40)) out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
  if (value.size() > 40) out += "...";
  return "'" + out + "'";
}

// Digits only: a catalog holds whole rupiah and whole pieces, so `15.000`, `15000,50` and `1e3`
// are mistakes to report, not formats to guess.
Result<std::int64_t> parseWholeNumber(std::string_view raw, std::string_view column, std::int64_t min, std::int64_t max) {
  const std::string_view text = trimSpaces(raw);
  if (text.empty()) return fail(Errc::Invalid, fmt::format("{} is empty", column));
  std::string_view digits = text;
  const bool negative = digits.front() == '-';
  if (negative || digits.front() == '+') digits.remove_prefix(1);
  if (digits.empty()) return fail(Errc::Invalid, fmt::format("{} {} is not a whole number", column, quoteForMessage(text)));
  std::int64_t value = 0;
  bool tooLarge = false;
  for (char c : digits) {
    if (c < '0' || c > '9')
      return fail(Errc::Invalid, fmt::format("{} {} is not a whole number", column, quoteForMessage(text)));
    if (!tooLarge && value > (max - (c - '0')) / 10) tooLarge = true;
    if (!tooLarge) value = value * 10 + (c - '0');
  }
  if (negative && (value != 0 || tooLarge)) return fail(Errc::Invalid, fmt::format("{} {} is negative", column, quoteForMessage(text)));
  if (tooLarge) return fail(Errc::Invalid, fmt::format("{} {} is above the limit {}", column, quoteForMessage(text), max));
  if (value < min) return fail(Errc::Invalid, fmt::format("{} must be at least {}", column, min));
  return value;
}

Result<void> checkName(std::string_view value, std::string_view column, bool required) {
  if (required && value.empty()) return fail(Errc::Invalid, fmt::format("{} is empty", column));
  if (value.size() > kMaxNameLength)
    return fail(Errc::Invalid, fmt::format("{} is longer than {} bytes", column, kMaxNameLength));
  if (!isCleanUtf8(value)) return fail(Errc::Invalid, fmt::format("{} has control characters or bad UTF-8", column));
  return {};
}

// Looks codes up the way ProductIndex::findByCode does, so two SKUs a scanner cannot tell apart
// are duplicates.
std::string codeKey(std::string_view code) { return asciiLower(code); }

bool isAllDigits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

// The records after a header that must match `header`; a file without a header is an error.
Result<std::vector<CsvRow>> readTable(std::string_view text, std::string_view fileName, std::string_view header) {
  auto rows = parseCsv(text, fileName);
  if (!rows) return rows.failure();
  if (rows->empty()) return failAt(fileName, 1, fmt::format("empty file, expected the header `{}`", header));
  const CsvRow& head = rows->front();
  std::string joined;
  for (std::size_t i = 0; i < head.fields.size(); ++i) {
    if (i > 0) joined += ',';
    joined += trimSpaces(head.fields[i]);
  }
  if (joined != header)
    return failAt(fileName, head.line, fmt::format("wrong header {}, expected `{}`", quoteForMessage(joined), header));
  const auto columns = static_cast<std::size_t>(std::count(header.begin(), header.end(), ',') + 1);
  std::vector<CsvRow> records(std::make_move_iterator(rows->begin() + 1), std::make_move_iterator(rows->end()));
  for (const CsvRow& row : records)
    if (row.fields.size() != columns)
      return failAt(fileName, row.line, fmt::format("expected {} fields, found {}", columns, row.fields.size()));
  return records;
}

}  // namespace

Result<std::vector<CsvRow>> parseCsv(std::string_view text, std::string_view fileName) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (const std::size_t bad = firstBadUtf8(text); bad != std::string_view::npos)
    return failAt(fileName, lineOfOffset(text, bad), "bad UTF-8 (save the file as UTF-8)");

  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  int line = 1;
  std::size_t i = 0;
  const std::size_t n = text.size();
  bool rowStarted = false;

  // A line break is CRLF, LF or a lone CR (old spreadsheet exports); returns its length or 0.
  auto breakAt = [&](std::size_t at) -> std::size_t {
    if (at >= n) return 0;
    if (text[at] == '\n') return 1;
    if (text[at] == '\r') return at + 1 < n && text[at + 1] == '\n' ? 2 : 1;
    return 0;
  };
  auto endRecord = [&] {
    row.fields.push_back(std::move(field));
    field.clear();
    rows.push_back(std::move(row));
    row = CsvRow{};
    rowStarted = false;
  };

  while (i < n) {
    if (!rowStarted) {
      // A line with nothing on it carries no record.
      if (const std::size_t br = breakAt(i)) {
        i += br;
        ++line;
        continue;
      }
      row.line = line;
      rowStarted = true;
    }
    if (text[i] == '"') {
      if (!field.empty()) return failAt(fileName, line, "stray quote inside an unquoted field");
      const int openedAt = line;
      ++i;
      for (;;) {
        if (i >= n) return failAt(fileName, openedAt, "unterminated quoted field");
        if (text[i] == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (const std::size_t br = breakAt(i)) {
          field.append(text.substr(i, br));
          i += br;
          ++line;
          continue;
        }
        field.push_back(text[i++]);
      }
      if (i < n && text[i] != ',' && breakAt(i) == 0)
        return failAt(fileName, line, "unexpected text after a closing quote");
    }
    if (i >= n) break;
    if (text[i] == ',') {
      row.fields.push_back(std::move(field));
      field.clear();
      ++i;
      continue;
    }
    if (const std::size_t br = breakAt(i)) {
      endRecord();
      i += br;
      ++line;
      continue;
    }
    if (text[i] == '"') return failAt(fileName, line, "stray quote inside an unquoted field");
    field.push_back(text[i++]);
  }
  if (rowStarted) endRecord();
  return rows;
}

namespace {
// What a spreadsheet may take for the start of a formula, and the apostrophe that guards it.
bool isGuarded(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\''; }
}  // namespace

std::string csvField(std::string_view value) {
  const bool guard = !value.empty() && isGuarded(value.front());
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return guard ? "'" + std::string(value) : std::string(value);
  std::string out = guard ? "\"'" : "\"";
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string csvTextValue(std::string_view cell) {
  if (cell.size() >= 2 && cell.front() == '\'' && isGuarded(cell[1])) cell.remove_prefix(1);
  return std::string(cell);
}

std::string csvRecord(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += csvField(fields[i]);
  }
  out += "\r\n";
  return out;
}

Result<CatalogFiles> parseCatalog(std::string_view vendorsText, std::string_view vendorsFile,
                                  std::string_view productsText, std::string_view productsFile) {
  CatalogFiles out;
  out.vendorsFile = std::string(vendorsFile);
  out.productsFile = std::string(productsFile);

  auto vendorTable = readTable(vendorsText, vendorsFile, kVendorsHeader);
  if (!vendorTable) return vendorTable.failure();
  std::unordered_map<std::string, int> vendorLines;  // code key -> line, for duplicate messages
  std::unordered_set<std::string> vendorCodes;        // exact codes products may refer to
  for (const CsvRow& row : *vendorTable) {
    auto bad = [&](std::string_view reason) { return failAt(vendorsFile, row.line, reason); };
    CatalogVendorRow v;
    v.line = row.line;
    v.code = csvTextValue(trimSpaces(row.fields[0]));
    v.name = csvTextValue(trimSpaces(row.fields[1]));
    const std::string sectorText = asciiLower(trimSpaces(row.fields[2]));
    v.owner = csvTextValue(trimSpaces(row.fields[3]));
    v.phone = csvTextValue(trimSpaces(row.fields[4]));
    v.qris = csvTextValue(trimSpaces(row.fields[5]));

    if (!isValidCode(v.code))
      return bad(fmt::format("vendor code {} must be 1-32 letters, digits, '-', '_' or '.'", quoteForMessage(v.code)));
    if (auto [it, inserted] = vendorLines.emplace(codeKey(v.code), row.line); !inserted)
      return bad(fmt::format("duplicate vendor code {} (first on line {})", quoteForMessage(v.code), it->second));
    vendorCodes.insert(v.code);
    if (auto r = checkName(v.name, "name", true); !r) return bad(r.error().message);
    const auto sector = parseSector(sectorText);
    if (!sector)
      return bad(fmt::format("sector {} must be fesyen, kriya or kuliner", quoteForMessage(row.fields[2])));
    v.sector = *sector;
    if (auto r = checkName(v.owner, "owner", false); !r) return bad(r.error().message);
    if (auto r = checkName(v.phone, "phone", false); !r) return bad(r.error().message);
    if (!v.qris.empty()) {
      auto info = inspectQris(v.qris);
      if (!info) return bad("invalid QRIS: " + info.error().message);
      if (!info->isStatic) return bad("QRIS must be the vendor's static QRIS (01 = 11), not a dynamic one");
    }
    out.vendors.push_back(std::move(v));
  }

  auto productTable = readTable(productsText, productsFile, kProductsHeader);
  if (!productTable) return productTable.failure();
  std::unordered_map<std::string, int> skuLines;
  std::unordered_map<std::string, int> barcodeLines;
  for (const CsvRow& row : *productTable) {
    auto bad = [&](std::string_view reason) { return failAt(productsFile, row.line, reason); };
    CatalogProductRow p;
    p.line = row.line;
    p.sku = csvTextValue(trimSpaces(row.fields[0]));
    p.barcode = csvTextValue(trimSpaces(row.fields[1]));
    p.vendorCode = csvTextValue(trimSpaces(row.fields[2]));
    p.name = csvTextValue(trimSpaces(row.fields[3]));

    if (!isValidCode(p.sku))
      return bad(fmt::format("sku {} must be 1-32 letters, digits, '-', '_' or '.'", quoteForMessage(p.sku)));
    if (auto [it, inserted] = skuLines.emplace(codeKey(p.sku), row.line); !inserted)
      return bad(fmt::format("duplicate sku {} (first on line {})", quoteForMessage(p.sku), it->second));
    if (!p.barcode.empty()) {
      if (!isValidCode(p.barcode))
        return bad(fmt::format("barcode {} must be 1-32 letters, digits, '-', '_' or '.'", quoteForMessage(p.barcode)));
      if (p.barcode.size() == 13 && isAllDigits(p.barcode) && !isValidEan13(p.barcode))
        return bad(fmt::format("barcode {} has a wrong EAN-13 check digit (expected {})", quoteForMessage(p.barcode),
                               ean13CheckDigit(p.barcode)));
      if (auto [it, inserted] = barcodeLines.emplace(p.barcode, row.line); !inserted)
        return bad(fmt::format("duplicate barcode {} (first on line {})", quoteForMessage(p.barcode), it->second));
    }
    if (!vendorCodes.contains(p.vendorCode))
      return bad(fmt::format("unknown vendor_code {} (not in {})", quoteForMessage(p.vendorCode), vendorsFile));
    if (auto r = checkName(p.name, "name", true); !r) return bad(r.error().message);

    auto price = parseWholeNumber(row.fields[4], "price_idr", 1, kMaxIdr);
    if (!price) return bad(price.error().message);
    auto stock = parseWholeNumber(row.fields[5], "stock", 0, kMaxStock);
    if (!stock) return bad(stock.error().message);
    // An empty low_stock means no warning threshold.
    auto lowStock = trimSpaces(row.fields[6]).empty() ? Result<std::int64_t>(std::int64_t{0})
                                                      : parseWholeNumber(row.fields[6], "low_stock", 0, kMaxStock);
    if (!lowStock) return bad(lowStock.error().message);
    p.priceIdr = *price;
    p.stock = *stock;
    p.lowStock = *lowStock;
    out.products.push_back(std::move(p));
  }
  return out;
}

std::string writeVendorsCsv(const std::vector<CatalogVendorRow>& vendors) {
  std::string out = std::string(kVendorsHeader) + "\r\n";
  for (const CatalogVendorRow& v : vendors)
    out += csvRecord({v.code, v.name, std::string(toString(v.sector)), v.owner, v.phone, v.qris});
  return out;
}

std::string writeProductsCsv(const std::vector<CatalogProductRow>& products) {
  std::string out = std::string(kProductsHeader) + "\r\n";
  for (const CatalogProductRow& p : products)
    out += fmt::format("{},{},{},{},{},{},{}\r\n", csvField(p.sku), csvField(p.barcode), csvField(p.vendorCode),
                       csvField(p.name), p.priceIdr, p.stock, p.lowStock);
  return out;
}

}  // namespace pameran::core
