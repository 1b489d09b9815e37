#include "pameran/core/price_tag.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "pameran/core/store.hpp"

namespace pameran::core {
namespace {

// The seven modules of each digit in the L set; R is L inverted, G is R reversed (GS1 General
// Specifications 5.2.1.2).
constexpr const char* kSetL[10] = {"0001101", "0011001", "0010011", "0111101", "0100011",
                                   "0110001", "0101111", "0111011", "0110111", "0001011"};
// For each first digit, which of the six left digits use G (1) rather than L (0).
constexpr const char* kParity[10] = {"000000", "001011", "001101", "001110", "010011",
                                     "011001", "011100", "010101", "010110", "011010"};

void put(std::array<bool, 95>& m, std::size_t& at, std::string_view bits) {
  for (char b : bits) m[at++] = b == '1';
}

std::string inverted(std::string_view bits) {
  std::string out(bits);
  for (char& c : out) c = c == '1' ? '0' : '1';
  return out;
}

}  // namespace

Result<std::array<bool, 95>> ean13Modules(std::string_view code) {
  if (!isValidEan13(code)) return fail(Errc::Invalid, "'" + std::string(code) + "' is not an EAN-13 (13 digits with a right check digit)");
  std::array<bool, 95> m{};
  std::size_t at = 0;
  put(m, at, "101");
  const char* parity = kParity[code[0] - '0'];
  for (std::size_t i = 1; i <= 6; ++i) {
    const std::string_view l = kSetL[code[i] - '0'];
    if (parity[i - 1] == '1') {
      std::string g = inverted(l);
      std::reverse(g.begin(), g.end());
      put(m, at, g);
    } else {
      put(m, at, l);
    }
  }
  put(m, at, "01010");
  for (std::size_t i = 7; i <= 12; ++i) put(m, at, inverted(kSetL[code[i] - '0']));
  put(m, at, "101");
  return m;
}

bool isInStoreEan13(std::string_view code) { return isValidEan13(code) && code[0] == '2'; }

std::string inStoreEan13(std::string_view key, std::uint32_t attempt) {
  // FNV-1a over the key and the attempt: the same on every machine and every build.
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](unsigned char c) {
    h ^= c;
    h *= 1099511628211ull;
  };
  for (char c : key) mix(static_cast<unsigned char>(c));
  mix(0);
  for (int i = 0; i < 4; ++i) mix(static_cast<unsigned char>((attempt >> (8 * i)) & 0xff));
  const std::string first12 = fmt::format("2{:011}", h % 100'000'000'000ull);
  return first12 + ean13CheckDigit(first12);
}

std::string_view toString(LabelLayout layout) {
  switch (layout) {
    case LabelLayout::Sheet3x7: return "3x7";
    case LabelLayout::Sheet3x8: return "3x8";
    case LabelLayout::Roll58: return "roll58";
  }
  return "3x7";
}

std::optional<LabelLayout> parseLabelLayout(std::string_view text) {
  for (LabelLayout l : {LabelLayout::Sheet3x7, LabelLayout::Sheet3x8, LabelLayout::Roll58})
    if (toString(l) == text) return l;
  return std::nullopt;
}

std::optional<LabelSheet> labelSheet(LabelLayout layout) {
  // A4 is 210 x 297 mm; both sheets keep 2.5 mm between columns and none between rows.
  switch (layout) {
    case LabelLayout::Sheet3x7: return LabelSheet{3, 7, 63.5, 38.1, 7.25, 15.15, 66.0, 38.1};
    case LabelLayout::Sheet3x8: return LabelSheet{3, 8, 63.5, 33.9, 7.25, 12.9, 66.0, 33.9};
    case LabelLayout::Roll58: return std::nullopt;
  }
  return std::nullopt;
}

Result<std::vector<PriceTag>> preparePriceTags(Store& store, const std::vector<std::int64_t>& productIds, int copies,
                                               std::string_view staff) {
  if (productIds.empty()) return fail(Errc::Invalid, "no products to make price tags for");
  if (copies < 1 || copies > kMaxLabelCopies) return fail(Errc::Invalid, fmt::format("copies must be 1 to {}", kMaxLabelCopies));
  auto products = store.catalog().assignBarcodes(productIds, staff);
  if (!products) return products.failure();
  std::vector<PriceTag> tags;
  tags.reserve(products->size() * static_cast<std::size_t>(copies));
  for (const Product& p : *products) {
    if (!isValidEan13(p.barcode))
      return fail(Errc::Invalid, fmt::format("{} ({}) has the barcode {}, which is not an EAN-13; a tag needs one", p.name, p.sku, p.barcode),
                  {p.sku});
    auto vendor = store.catalog().vendor(p.vendorCode);
    if (!vendor) return vendor.failure();
    for (int i = 0; i < copies; ++i) tags.push_back(PriceTag{p.sku, p.name, vendor->name, formatRupiah(p.price), p.barcode});
  }
  return tags;
}

Result<void> markTagsPrinted(Store& store, const std::vector<PriceTag>& tags) {
  std::vector<PendingBarcode> printed;
  printed.reserve(tags.size());
  for (const PriceTag& t : tags) printed.push_back({t.sku, t.barcode});
  return store.catalog().tagsPrinted(printed);
}

}  // namespace pameran::core
