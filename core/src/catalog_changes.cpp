#include "pameran/core/catalog_changes.hpp"

#include <algorithm>
#include <map>

namespace pameran::core {
namespace {

template <class T>
void byName(std::vector<T>& list) {
  std::stable_sort(list.begin(), list.end(), [](const T& a, const T& b) { return a.name < b.name || (a.name == b.name && a.sku < b.sku); });
}

void sortAll(CatalogChanges& c) {
  byName(c.prices);
  byName(c.added);
  byName(c.removed);
}

}  // namespace

CatalogChanges diffCatalog(const std::vector<Product>& before, const std::vector<Product>& after) {
  std::map<std::string, const Product*, std::less<>> old;
  for (const Product& p : before)
    if (p.active) old.emplace(p.sku, &p);
  CatalogChanges c;
  for (const Product& p : after) {
    if (!p.active) continue;
    const auto it = old.find(p.sku);
    if (it == old.end()) {
      c.added.push_back(p);
      continue;
    }
    if (it->second->price != p.price) c.prices.push_back(PriceChange{p.sku, p.name, it->second->price, p.price});
    old.erase(it);
  }
  for (const auto& [sku, p] : old) c.removed.push_back(*p);
  sortAll(c);
  return c;
}

CatalogChanges mergeCatalogChanges(const CatalogChanges& earlier, const CatalogChanges& later) {
  CatalogChanges c = earlier;
  auto eraseSku = [](auto& list, const std::string& sku) {
    const auto it = std::find_if(list.begin(), list.end(), [&](const auto& x) { return x.sku == sku; });
    if (it == list.end()) return false;
    list.erase(it);
    return true;
  };
  for (const PriceChange& p : later.prices) {
    auto it = std::find_if(c.prices.begin(), c.prices.end(), [&](const PriceChange& x) { return x.sku == p.sku; });
    if (auto added = std::find_if(c.added.begin(), c.added.end(), [&](const Product& x) { return x.sku == p.sku; });
        added != c.added.end()) {
      added->price = p.after;  // new since the notice came up: only its price today matters
    } else if (it == c.prices.end()) {
      c.prices.push_back(p);
    } else if (it->before == p.after) {
      c.prices.erase(it);
    } else {
      it->after = p.after;
      it->name = p.name;
    }
  }
  for (const Product& p : later.added)
    if (!eraseSku(c.removed, p.sku)) c.added.push_back(p);
  for (const Product& p : later.removed) {
    eraseSku(c.prices, p.sku);
    if (!eraseSku(c.added, p.sku)) c.removed.push_back(p);
  }
  sortAll(c);
  return c;
}

}  // namespace pameran::core
