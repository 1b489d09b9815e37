#include <gtest/gtest.h>

#include "pameran/core/catalog_changes.hpp"

namespace pameran::core {
namespace {

Product product(std::string sku, std::string name, std::int64_t price, bool active = true) {
  Product p;
  p.sku = std::move(sku);
  p.name = std::move(name);
  p.price = Rupiah(price);
  p.active = active;
  return p;
}

TEST(CatalogChanges, PricesNewAndGoneProductsAreListedByName) {
  const std::vector<Product> before = {product("A", "Tas", 100'000), product("B", "Batik", 250'000), product("C", "Nastar", 30'000),
                                       product("D", "Kopi", 20'000, false)};
  const std::vector<Product> after = {product("A", "Tas", 120'000), product("B", "Batik", 250'000), product("E", "Bakul", 45'000),
                                      product("D", "Kopi", 20'000), product("C", "Nastar", 30'000, false)};
  const CatalogChanges c = diffCatalog(before, after);
  ASSERT_EQ(c.prices.size(), 1u);
  EXPECT_EQ(c.prices[0].sku, "A");
  EXPECT_EQ(c.prices[0].before, Rupiah(100'000));
  EXPECT_EQ(c.prices[0].after, Rupiah(120'000));
  ASSERT_EQ(c.added.size(), 2u);  // a product back on sale counts as new
  EXPECT_EQ(c.added[0].name, "Bakul");
  EXPECT_EQ(c.added[1].name, "Kopi");
  ASSERT_EQ(c.removed.size(), 1u);
  EXPECT_EQ(c.removed[0].sku, "C");
  EXPECT_EQ(c.size(), 4u);
  EXPECT_TRUE(diffCatalog(after, after).empty());
}

TEST(CatalogChanges, TwoRefreshesMergeIntoWhatChangedOverBoth) {
  const std::vector<Product> one = {product("A", "Tas", 100'000), product("B", "Batik", 250'000)};
  const std::vector<Product> two = {product("A", "Tas", 120'000), product("B", "Batik", 260'000), product("E", "Bakul", 45'000)};
  const std::vector<Product> three = {product("A", "Tas", 130'000), product("B", "Batik", 250'000), product("E", "Bakul", 50'000)};
  const CatalogChanges merged = mergeCatalogChanges(diffCatalog(one, two), diffCatalog(two, three));
  ASSERT_EQ(merged.prices.size(), 1u) << "Batik went back to its price";
  EXPECT_EQ(merged.prices[0].before, Rupiah(100'000));
  EXPECT_EQ(merged.prices[0].after, Rupiah(130'000));
  ASSERT_EQ(merged.added.size(), 1u);
  EXPECT_EQ(merged.added[0].price, Rupiah(50'000));
  const CatalogChanges gone = mergeCatalogChanges(diffCatalog(one, two), diffCatalog(two, one));
  EXPECT_TRUE(gone.empty()) << "added then removed, raised then lowered back";
}

}  // namespace
}  // namespace pameran::core
