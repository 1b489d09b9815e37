#pragma once
// In-memory catalog index: instant lookup by barcode or SKU and search by name over tens of
// thousands of products, without touching SQLite.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pameran/core/domain.hpp"

namespace pameran::core {

class ProductIndex {
 public:
  /// Replaces the indexed products (inactive ones are kept out of search but found by code).
  void rebuild(std::vector<Product> products);
  /// Exact barcode, else exact SKU (case-insensitive); nullptr when none.
  const Product* findByCode(std::string_view code) const;
  const Product* findById(std::int64_t id) const;
  /// Active products matching every word of `query` in the name (case-insensitive substring), or
  /// with a SKU or barcode starting with it; exact code first, then name prefixes, then the rest,
  /// each in name order. At most `limit` results.
  std::vector<const Product*> search(std::string_view query, std::size_t limit) const;
  const std::vector<Product>& all() const { return m_products; }
  std::size_t size() const { return m_products.size(); }

 private:
  std::vector<Product> m_products;
  std::vector<std::string> m_lowerNames;
  std::vector<std::string> m_lowerSkus;
  std::unordered_map<std::string, std::size_t> m_byBarcode;
  std::unordered_map<std::string, std::size_t> m_bySku;
  std::unordered_map<std::int64_t, std::size_t> m_byId;
  // Search accelerators, in name order like m_products: a 128-bit filter of the byte pairs in
  // each lowercase name, and every lowercase SKU and barcode sorted for prefix lookups.
  std::vector<std::array<std::uint64_t, 2>> m_nameBigrams;
  std::vector<std::pair<std::string, std::size_t>> m_sortedCodes;
};

}  // namespace pameran::core
