// In-store barcodes for products that came without one (price tags, price_tag.hpp), and their way
// to the server: each code given here is pending (a `barcode.pending.<SKU>` setting, so the schema
// stays as it is) until the server has it (sync/PROTOCOL.md 3.12).
#include <fmt/format.h>

#include "db.hpp"
#include "pameran/core/price_tag.hpp"

namespace pameran::core {
namespace {

constexpr std::string_view kPendingPrefix = "barcode.pending.";

void markPending(detail::Db& db, const std::string& sku, const std::string& barcode) {
  auto s = db.stmt("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  s.bind(1, std::string(kPendingPrefix) + sku);
  s.bind(2, barcode);
  s.exec();
}

bool isTaken(detail::Db& db, const std::string& code) {
  auto taken = db.stmt("SELECT 1 FROM product WHERE barcode = ?");
  taken.bind(1, code);
  return taken.executeStep();
}

// The first in-store code for `sku` from try `from` on that no product here has.
Result<std::string> freeCode(detail::Db& db, const std::string& sku, std::uint32_t from) {
  for (std::uint32_t attempt = from; attempt < from + 1000; ++attempt) {
    std::string code = inStoreEan13(sku, attempt);
    if (!isTaken(db, code)) return code;
  }
  return fail(Errc::Conflict, "no free in-store barcode found for " + sku);
}

}  // namespace

Result<std::vector<Product>> Catalog::assignBarcodes(const std::vector<std::int64_t>& productIds, std::string_view staff) {
  return m_db.write([&]() -> Result<std::vector<Product>> {
    std::vector<Product> out;
    std::vector<std::string> given;
    for (std::int64_t id : productIds) {
      auto p = product(id);
      if (!p) return p.failure();
      if (p->barcode.empty()) {
        auto code = freeCode(m_db, p->sku, 0);
        if (!code) return code.failure();
        auto up = m_db.stmt("UPDATE product SET barcode = ? WHERE id = ? AND barcode IS NULL");
        up.bind(1, *code);
        up.bind(2, id);
        up.exec();
        p->barcode = std::move(*code);
        markPending(m_db, p->sku, p->barcode);
        given.push_back(p->sku + "=" + p->barcode);
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

std::vector<PendingBarcode> Catalog::pendingBarcodes() const {
  // Keys sort by SKU after the prefix; '/' follows '.' in ASCII, so the range is the prefix's.
  auto s = m_db.stmt("SELECT substr(key, ?), value FROM setting WHERE key > ? AND key < ? ORDER BY key");
  s.bind(1, static_cast<int>(kPendingPrefix.size()) + 1);
  s.bind(2, std::string(kPendingPrefix));
  s.bind(3, std::string(kPendingPrefix.substr(0, kPendingPrefix.size() - 1)) + "/");
  std::vector<PendingBarcode> out;
  while (s.executeStep()) out.push_back(PendingBarcode{s.getColumn(0).getString(), s.getColumn(1).getString()});
  return out;
}

Result<void> Catalog::settleBarcodes(const std::vector<PendingBarcode>& settled) {
  return m_db.write([&]() -> Result<void> {
    for (const PendingBarcode& b : settled) {
      auto s = m_db.stmt("DELETE FROM setting WHERE key = ? AND value = ?");
      s.bind(1, std::string(kPendingPrefix) + b.sku);
      s.bind(2, b.barcode);
      s.exec();
    }
    return {};
  });
}

Result<Product> Catalog::reassignBarcode(std::string_view sku, std::string_view staff) {
  return m_db.write([&]() -> Result<Product> {
    auto p = productBySku(sku);
    if (!p) return p.failure();
    if (!isInStoreEan13(p->barcode))
      return fail(Errc::Invalid, fmt::format("{} has no in-store barcode to replace", p->sku), {p->sku});
    // The next try after the one the product has, so two kiosks that both hit the clash land on
    // the same new code.
    std::uint32_t attempt = 0;
    while (attempt < 1000 && inStoreEan13(p->sku, attempt) != p->barcode) ++attempt;
    auto code = freeCode(m_db, p->sku, attempt + 1);
    if (!code) return code.failure();
    auto up = m_db.stmt("UPDATE product SET barcode = ? WHERE id = ?");
    up.bind(1, *code);
    up.bind(2, p->id);
    up.exec();
    m_db.audit(staff, "barcode_reassign", p->sku, "the server has the old code on another product",
               fmt::format("{} -> {}", p->barcode, *code));
    p->barcode = std::move(*code);
    markPending(m_db, p->sku, p->barcode);
    m_db.bumpCatalogVersion();
    return *p;
  });
}

}  // namespace pameran::core
