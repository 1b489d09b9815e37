// In-store barcodes for products that came without one (price tags, price_tag.hpp).
#include <fmt/format.h>

#include "db.hpp"
#include "pameran/core/price_tag.hpp"

namespace pameran::core {

Result<std::vector<Product>> Catalog::assignBarcodes(const std::vector<std::int64_t>& productIds, std::string_view staff) {
  return m_db.write([&]() -> Result<std::vector<Product>> {
    std::vector<Product> out;
    std::vector<std::string> given;
    for (std::int64_t id : productIds) {
      auto p = product(id);
      if (!p) return p.failure();
      if (p->barcode.empty()) {
        for (std::uint32_t attempt = 0;; ++attempt) {
          if (attempt == 1000) return fail(Errc::Conflict, "no free in-store barcode found for " + p->sku);
          std::string code = inStoreEan13(p->sku, attempt);
          auto taken = m_db.stmt("SELECT 1 FROM product WHERE barcode = ?");
          taken.bind(1, code);
          if (taken.executeStep()) continue;
          taken.reset();
          auto up = m_db.stmt("UPDATE product SET barcode = ? WHERE id = ? AND barcode IS NULL");
          up.bind(1, code);
          up.bind(2, id);
          up.exec();
          p->barcode = std::move(code);
          given.push_back(p->sku + "=" + p->barcode);
          break;
        }
      }
      out.push_back(std::move(*p));
    }
    if (!given.empty()) {
      std::string details;
      for (const std::string& g : given) details += (details.empty() ? "" : ", ") + g;
      if (details.size() > kMaxTextLength) details = fmt::format("{} products, first {}", given.size(), given.front());
      m_db.audit(staff, "barcode_assign", fmt::format("{} products", given.size()), "in-store EAN-13 for price tags", details);
      m_db.bumpCatalogVersion();
    }
    return out;
  });
}

}  // namespace pameran::core
