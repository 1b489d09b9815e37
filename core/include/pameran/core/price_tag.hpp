#pragma once
// Price tags that scan: the EAN-13 symbol as bars, in-store codes (prefixes 20-29) for products
// that came without a barcode, the label layouts (A4 sheets 3x7 and 3x8, the 58 mm roll) and the
// tags of a set of products. Drawing them is the caller's (a PDF, or ESC/POS in receipt.hpp).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pameran/core/error.hpp"

namespace pameran::core {

class Store;

/// The 95 modules of an EAN-13 symbol, true for a dark bar: start guard, six digits in the L/G
/// sets the first digit chooses, centre guard, six digits in the R set, end guard. Invalid when
/// the code is not 13 digits with a right check digit.
Result<std::array<bool, 95>> ean13Modules(std::string_view code);

/// True for a valid EAN-13 of the in-store range (GS1 prefixes 20-29, "restricted circulation").
bool isInStoreEan13(std::string_view code);

/// The in-store EAN-13 for `key` (a SKU), try `attempt` (0, 1, ... when an earlier one is taken):
/// '2', eleven digits from a hash of key and attempt, the check digit. The same SKU gets the same
/// first try on every kiosk, so two kiosks tagging one product print one code.
std::string inStoreEan13(std::string_view key, std::uint32_t attempt = 0);

enum class LabelLayout { Sheet3x7, Sheet3x8, Roll58 };
/// "3x7" | "3x8" | "roll58"
std::string_view toString(LabelLayout layout);
std::optional<LabelLayout> parseLabelLayout(std::string_view text);

/// Where the labels of an A4 sheet sit, in millimetres from the page's top left corner.
struct LabelSheet {
  int columns = 3, rows = 7;
  double labelW = 0, labelH = 0;   // one label
  double left = 0, top = 0;        // the first label's corner
  double pitchX = 0, pitchY = 0;   // from one label's corner to the next
  int perPage() const { return columns * rows; }
};
/// The sheet of an A4 layout (3x7: 63.5 x 38.1 mm as Avery L7160; 3x8: 63.5 x 33.9 mm as L7159);
/// nullopt for the roll.
std::optional<LabelSheet> labelSheet(LabelLayout layout);

struct PriceTag {
  std::string sku;
  std::string name;
  std::string vendor;     // the vendor's name
  std::string price;      // `Rp 125.000`
  std::string barcode;    // a valid EAN-13
};

/// The tags of these products, `copies` of each in the order given. Products without a barcode get
/// an in-store one first (Catalog::assignBarcodes, kept in the catalog); a product whose barcode is
/// not an EAN-13 cannot be tagged (Invalid naming it). NotFound for an unknown product.
Result<std::vector<PriceTag>> preparePriceTags(Store& store, const std::vector<std::int64_t>& productIds, int copies,
                                               std::string_view staff);
inline constexpr int kMaxLabelCopies = 500;
/// These tags are on paper now: their products no longer wait for a reprint (Catalog::tagsPrinted).
Result<void> markTagsPrinted(Store& store, const std::vector<PriceTag>& tags);

}  // namespace pameran::core
