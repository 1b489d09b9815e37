#pragma once
// What a catalog refresh changed for the people at the kiosk (issue 11 §6): prices, products
// added, products gone. Carts keep the prices they were rung up at; the list only tells.
#include <string>
#include <vector>

#include "pameran/core/domain.hpp"

namespace pameran::core {

struct PriceChange {
  std::string sku;
  std::string name;
  Rupiah before;
  Rupiah after;
};

struct CatalogChanges {
  std::vector<PriceChange> prices;   // by name
  std::vector<Product> added;        // by name
  std::vector<Product> removed;      // by name: gone, or no longer on sale
  bool empty() const { return prices.empty() && added.empty() && removed.empty(); }
  std::size_t size() const { return prices.size() + added.size() + removed.size(); }
};

/// The changes from `before` to `after` (products matched by SKU; an inactive product counts as
/// absent).
CatalogChanges diffCatalog(const std::vector<Product>& before, const std::vector<Product>& after);

/// `later` on top of `earlier`, as if one diff spanned both: a price changed twice shows its first
/// and last price, a change undone disappears, a product added then removed is not listed.
CatalogChanges mergeCatalogChanges(const CatalogChanges& earlier, const CatalogChanges& later);

}  // namespace pameran::core
