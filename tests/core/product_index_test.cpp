#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "pameran/core/product_index.hpp"

namespace pameran::core {
namespace {

Product product(std::int64_t id, std::string sku, std::string barcode, std::string name, bool active = true) {
  Product p;
  p.id = id;
  p.sku = std::move(sku);
  p.barcode = std::move(barcode);
  p.name = std::move(name);
  p.vendorCode = "V01";
  p.price = Rupiah(10'000 * id);
  p.active = active;
  return p;
}

std::vector<std::string> names(const std::vector<const Product*>& found) {
  std::vector<std::string> out;
  for (const Product* p : found) out.push_back(p->name);
  return out;
}

ProductIndex sampleIndex() {
  ProductIndex index;
  index.rebuild({
      product(1, "TAS-001", "8991234567891", "Tas Anyaman Bambu"),
      product(2, "TAS-002", "8991234567808", "Tas Kulit Garut"),
      product(3, "KAIN-01", "8991234567815", "Kain Batik Tulis"),
      product(4, "MINI-01", "", "Mini Tas Bambu"),
      product(5, "TOPI-01", "", "Topi Bambu", false),
      product(6, "tas", "", "Dompet Rajut"),
      product(7, "KOPI-250", "TAS-9", "Kopi Gayo 250 g"),
      product(8, "BTK-77", "", "batik cap"),
  });
  return index;
}

TEST(ProductIndex, FindsByExactBarcode) {
  const ProductIndex index = sampleIndex();
  const Product* p = index.findByCode("8991234567808");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name, "Tas Kulit Garut");
  EXPECT_EQ(index.findByCode("899123456780"), nullptr);
}

TEST(ProductIndex, FindsBySkuIgnoringCase) {
  const ProductIndex index = sampleIndex();
  const Product* p = index.findByCode("kain-01");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->id, 3);
  EXPECT_EQ(index.findByCode("KAIN-0"), nullptr);
}

TEST(ProductIndex, ScannerLineEndingsAndSpacesAreIgnored) {
  const ProductIndex index = sampleIndex();
  const Product* p = index.findByCode(" 8991234567891\r\n");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->id, 1);
  EXPECT_EQ(index.findByCode("   "), nullptr);
  EXPECT_EQ(index.findByCode(""), nullptr);
}

TEST(ProductIndex, BarcodeWinsOverAnotherProductsSku) {
  const ProductIndex index = sampleIndex();
  const Product* p = index.findByCode("TAS-9");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->id, 7);
}

TEST(ProductIndex, InactiveProductIsFoundByCodeButNotBySearch) {
  const ProductIndex index = sampleIndex();
  const Product* p = index.findByCode("TOPI-01");
  ASSERT_NE(p, nullptr);
  EXPECT_FALSE(p->active);
  EXPECT_TRUE(index.search("topi", 10).empty());
  EXPECT_TRUE(index.search("TOPI-01", 10).empty());
}

TEST(ProductIndex, FindsById) {
  const ProductIndex index = sampleIndex();
  ASSERT_NE(index.findById(4), nullptr);
  EXPECT_EQ(index.findById(4)->name, "Mini Tas Bambu");
  EXPECT_EQ(index.findById(99), nullptr);
  EXPECT_EQ(index.size(), 8u);
}

TEST(ProductIndex, SearchIgnoresCase) {
  const ProductIndex index = sampleIndex();
  EXPECT_EQ(names(index.search("BATIK", 10)), (std::vector<std::string>{"batik cap", "Kain Batik Tulis"}));
}

TEST(ProductIndex, SearchNeedsEveryWordInTheName) {
  const ProductIndex index = sampleIndex();
  EXPECT_EQ(names(index.search("bambu tas", 10)), (std::vector<std::string>{"Mini Tas Bambu", "Tas Anyaman Bambu"}));
  EXPECT_TRUE(index.search("tas garut bambu", 10).empty());
}

TEST(ProductIndex, ExactCodeFirstThenNamePrefixesThenTheRest) {
  const ProductIndex index = sampleIndex();
  // "tas" is product 6's SKU exactly; two names start with it; one more has it inside; product 1's
  // and 2's SKUs also start with it (already counted) and product 7's barcode does.
  EXPECT_EQ(names(index.search("tas", 10)),
            (std::vector<std::string>{"Dompet Rajut", "Tas Anyaman Bambu", "Tas Kulit Garut", "Kopi Gayo 250 g",
                                      "Mini Tas Bambu"}));
}

TEST(ProductIndex, SkuAndBarcodePrefixesMatch) {
  const ProductIndex index = sampleIndex();
  EXPECT_EQ(names(index.search("899123456781", 10)), (std::vector<std::string>{"Kain Batik Tulis"}));
  EXPECT_EQ(names(index.search("kopi-2", 10)), (std::vector<std::string>{"Kopi Gayo 250 g"}));
  EXPECT_EQ(names(index.search("8991234567", 10)),
            (std::vector<std::string>{"Kain Batik Tulis", "Tas Anyaman Bambu", "Tas Kulit Garut"}));
}

TEST(ProductIndex, ExactBarcodeComesFirst) {
  const ProductIndex index = sampleIndex();
  const auto found = index.search("8991234567808", 10);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->id, 2);
}

TEST(ProductIndex, AProductAppearsOnceEvenWhenMatchingSeveralWays) {
  ProductIndex index;
  index.rebuild({product(1, "batik", "", "Batik Tulis"), product(2, "X1", "", "Batik Cap")});
  EXPECT_EQ(names(index.search("batik", 10)), (std::vector<std::string>{"Batik Tulis", "Batik Cap"}));
}

TEST(ProductIndex, LimitCapsTheResults) {
  const ProductIndex index = sampleIndex();
  EXPECT_EQ(names(index.search("tas", 2)), (std::vector<std::string>{"Dompet Rajut", "Tas Anyaman Bambu"}));
  EXPECT_TRUE(index.search("tas", 0).empty());
}

TEST(ProductIndex, EmptyQueryListsActiveProductsInNameOrder) {
  const ProductIndex index = sampleIndex();
  EXPECT_EQ(names(index.search("  ", 3)), (std::vector<std::string>{"batik cap", "Dompet Rajut", "Kain Batik Tulis"}));
  EXPECT_EQ(index.search("", 100).size(), 7u);
}

TEST(ProductIndex, NoMatchGivesNothing) { EXPECT_TRUE(sampleIndex().search("sepatu", 10).empty()); }

TEST(ProductIndex, RebuildReplacesTheCatalog) {
  ProductIndex index = sampleIndex();
  index.rebuild({product(42, "NEW-1", "123", "Gelang Perak")});
  EXPECT_EQ(index.size(), 1u);
  EXPECT_EQ(index.findByCode("TAS-001"), nullptr);
  EXPECT_EQ(index.findById(1), nullptr);
  ASSERT_NE(index.findByCode("new-1"), nullptr);
  EXPECT_EQ(names(index.search("gelang", 5)), (std::vector<std::string>{"Gelang Perak"}));
}

TEST(ProductIndex, SharedBarcodePrefersTheActiveProduct) {
  ProductIndex index;
  index.rebuild({product(1, "OLD", "555", "Aaa Lama", false), product(2, "NEW", "555", "Bbb Baru")});
  ASSERT_NE(index.findByCode("555"), nullptr);
  EXPECT_EQ(index.findByCode("555")->id, 2);
}

// 20,000 products named like a real catalog; each search must stay far below a frame's budget.
TEST(ProductIndex, SearchOverTwentyThousandProductsTakesWellUnderAMillisecond) {
  const char* kinds[] = {"Tas", "Kain", "Batik", "Kopi", "Keripik", "Gelang", "Syal", "Dompet", "Topi", "Sambal"};
  const char* traits[] = {"Anyaman", "Tulis", "Cap", "Gayo", "Pedas", "Perak", "Rajut", "Kulit", "Bambu", "Tenun"};
  const char* places[] = {"Depok", "Garut", "Pekalongan", "Aceh", "Bandung", "Solo", "Bali", "Lombok"};
  std::vector<Product> products;
  for (int i = 0; i < 20'000; ++i) {
    products.push_back(product(i + 1, "SKU-" + std::to_string(i), std::to_string(8'990'000'000'000LL + i),
                               std::string(kinds[i % 10]) + " " + traits[(i / 10) % 10] + " " + places[(i / 100) % 8] +
                                   " No " + std::to_string(i)));
  }
  ProductIndex index;
  index.rebuild(std::move(products));
  const std::vector<std::string> queries = {"tas",   "kain tulis", "pekalongan", "sku-1999", "8990000001", "zzz",
                                            "a",     "batik cap solo", "no 19999", "gelang perak bali", "k", "SKU-7"};
  std::size_t found = 0;
  const int rounds = 20;
  const auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r)
    for (const std::string& q : queries) found += index.search(q, 50).size();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  const double perQueryMs =
      std::chrono::duration<double, std::milli>(elapsed).count() / static_cast<double>(rounds * queries.size());
#if defined(__SANITIZE_ADDRESS__)
  const double budgetMs = 5.0;
#else
  const double budgetMs = 1.0;
#endif
  EXPECT_LT(perQueryMs, budgetMs);
  EXPECT_GT(found, 0u);
  ASSERT_EQ(index.search("no 19999", 5).size(), 1u);
  EXPECT_EQ(index.search("no 19999", 5)[0]->sku, "SKU-19999");
  EXPECT_EQ(index.search("SKU-7", 1)[0]->sku, "SKU-7");
}

}  // namespace
}  // namespace pameran::core
