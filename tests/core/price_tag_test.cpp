#include "pameran/core/price_tag.hpp"

#include <gtest/gtest.h>

#include <set>

#include "pameran/core/domain.hpp"
#include "pameran/core/receipt.hpp"

namespace pameran::core {
namespace {

std::string bits(const std::array<bool, 95>& m) {
  std::string out;
  for (bool b : m) out += b ? '1' : '0';
  return out;
}

TEST(PriceTag, Ean13ModulesFollowTheStandardEncoding) {
  // 5901234123457: first digit 5 puts the left half in L G G L L G.
  auto m = ean13Modules("5901234123457");
  ASSERT_TRUE(m);
  const std::string expected = std::string("101") + "0001011" + "0100111" + "0110011" + "0010011" + "0111101" + "0011101" + "01010" +
                               "1100110" + "1101100" + "1000010" + "1011100" + "1001110" + "1000100" + "101";
  EXPECT_EQ(bits(*m), expected);
  // A first digit of 0 is all L: the symbol of a UPC-A.
  auto upc = ean13Modules("0036000291452");
  ASSERT_TRUE(upc);
  EXPECT_EQ(bits(*upc).substr(3, 7), "0001101");
}

TEST(PriceTag, Ean13ModulesRefuseWhatIsNotAnEan13) {
  EXPECT_FALSE(ean13Modules("5901234123458"));   // wrong check digit
  EXPECT_FALSE(ean13Modules("590123412345"));    // 12 digits
  EXPECT_FALSE(ean13Modules("59012341234A7"));
  EXPECT_FALSE(ean13Modules(""));
}

TEST(PriceTag, InStoreCodesAreValidInTheRestrictedRangeAndStable) {
  const std::string a = inStoreEan13("KRY-02");
  EXPECT_TRUE(isValidEan13(a)) << a;
  EXPECT_TRUE(isInStoreEan13(a));
  EXPECT_EQ(a[0], '2');
  EXPECT_EQ(inStoreEan13("KRY-02"), a);          // the same on every kiosk
  EXPECT_NE(inStoreEan13("KRY-02", 1), a);       // the next try differs
  EXPECT_NE(inStoreEan13("KRY-03"), a);
  EXPECT_FALSE(isInStoreEan13("8991000000014"));
  EXPECT_FALSE(isInStoreEan13("2000000000000"));  // wrong check digit
  std::set<std::string> seen;
  for (int i = 0; i < 20'000; ++i) {
    const std::string code = inStoreEan13("SKU-" + std::to_string(i));
    ASSERT_TRUE(isInStoreEan13(code)) << code;
    seen.insert(code);
  }
  EXPECT_EQ(seen.size(), 20'000u);
}

TEST(PriceTag, LayoutsParseAndSheetsFitOnA4) {
  for (LabelLayout l : {LabelLayout::Sheet3x7, LabelLayout::Sheet3x8, LabelLayout::Roll58})
    EXPECT_EQ(parseLabelLayout(toString(l)), l);
  EXPECT_FALSE(parseLabelLayout("4x10"));
  EXPECT_FALSE(labelSheet(LabelLayout::Roll58));
  for (LabelLayout l : {LabelLayout::Sheet3x7, LabelLayout::Sheet3x8}) {
    const LabelSheet s = *labelSheet(l);
    EXPECT_LE(s.left + (s.columns - 1) * s.pitchX + s.labelW, 210.0);
    EXPECT_LE(s.top + (s.rows - 1) * s.pitchY + s.labelH, 297.0);
    EXPECT_GE(s.pitchX, s.labelW);
    EXPECT_GE(s.pitchY, s.labelH);
    // The symbol with its quiet zones (113 modules of 0.33 mm) fits across a label.
    EXPECT_LT(113 * 0.33, s.labelW);
  }
  EXPECT_EQ(labelSheet(LabelLayout::Sheet3x7)->perPage(), 21);
  EXPECT_EQ(labelSheet(LabelLayout::Sheet3x8)->perPage(), 24);
}

TEST(PriceTag, RollTagsAskThePrinterForEachBarcode) {
  const std::vector<PriceTag> tags = {{"KRY-02", "Gantungan Kunci Bambu", "Kriya Bambu", "Rp 15.000", inStoreEan13("KRY-02")},
                                      {"BTK-01", "Kain Batik Tulis\x1b@", "Batik", "Rp 650.000", "5901234123457"}};
  const std::string bytes = escposPriceTags(tags);
  for (const PriceTag& t : tags) {
    const std::string command = std::string("\x1d\x6b\x43\x0d", 4) + t.barcode;
    EXPECT_NE(bytes.find(command), std::string::npos) << t.barcode;
  }
  EXPECT_NE(bytes.find("Rp 650.000"), std::string::npos);
  EXPECT_EQ(bytes.find("\x1b@\n"), std::string::npos);  // a name never smuggles in a command
  EXPECT_EQ(bytes.substr(bytes.size() - 3), std::string("\x1d\x56\x01"));
}

}  // namespace
}  // namespace pameran::core
