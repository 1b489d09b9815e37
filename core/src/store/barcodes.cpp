// In-store barcodes for products that came without one (price tags, price_tag.hpp), and their way
// to the server: each code given here is pending (a `barcode.pending.<SKU>` setting, so the schema
// stays as it is) until the server has it (sync/PROTOCOL.md 3.12). A code the server gave another
// product is replaced, and the product's printed tags are then wrong: it waits as a
// `barcode.reprint.<SKU>` setting until its tags are printed again or a supervisor dismisses it.
#include <fmt/format.h>

#include "db.hpp"
#include "pameran/core/price_tag.hpp"

namespace pameran::core {
namespace {

constexpr std::string_view kPendingPrefix = "barcode.pending.";
constexpr std::string_view kReprintPrefix = "barcode.reprint.";

// Settings keyed `<prefix><SKU>` holding a barcode: one list per prefix.
void putKeyed(detail::Db& db, std::string_view prefix, const std::string& sku, const std::string& barcode) {
  auto s = db.stmt("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  s.bind(1, std::string(prefix) + sku);
  s.bind(2, barcode);
  s.exec();
}

std::vector<PendingBarcode> keyed(detail::Db& db, std::string_view prefix) {
  // Keys sort by SKU after the prefix; '/' follows '.' in ASCII, so the range is the prefix's.
  auto s = db.stmt("SELECT substr(key, ?), value FROM setting WHERE key > ? AND key < ? ORDER BY key");
  s.bind(1, static_cast<int>(prefix.size()) + 1);
  s.bind(2, std::string(prefix));
  s.bind(3, std::string(prefix.substr(0, prefix.size() - 1)) + "/");
  std::vector<PendingBarcode> out;
  while (s.executeStep()) out.push_back(PendingBarcode{s.getColumn(0).getString(), s.getColumn(1).getString()});
  return out;
}

// Drops the rows whose SKU still holds that very code (one given since stays), inside the
// caller's transaction.
void dropKeyed(detail::Db& db, std::string_view prefix, const std::vector<PendingBarcode>& rows) {
  for (const PendingBarcode& b : rows) {
    auto s = db.stmt("DELETE FROM setting WHERE key = ? AND value = ?");
    s.bind(1, std::string(prefix) + b.sku);
    s.bind(2, b.barcode);
    s.exec();
  }
}

Result<void> dropKeyedNow(detail::Db& db, std::string_view prefix, const std::vector<PendingBarcode>& rows) {
  return db.write([&]() -> Result<void> {
    dropKeyed(db, prefix, rows);
    return {};
  });
}

// `SKU=code, SKU=code...` for the audit log's details, or the count and the first when too long.
std::string auditList(const std::vector<std::string>& items) {
  std::string details;
  for (const std::string& g : items) details += (details.empty() ? "" : ", ") + g;
  if (details.size() > kMaxTextLength) details = fmt::format("{} products, first {}", items.size(), items.front());
  return details;
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
        putKeyed(m_db, kPendingPrefix, p->sku, p->barcode);
        given.push_back(p->sku + "=" + p->barcode);
      }
      out.push_back(std::move(*p));
    }
    if (!given.empty()) {
      m_db.audit(staff, "barcode_assign", fmt::format("{} products", given.size()), "in-store EAN-13 for price tags", auditList(given));
      m_db.bumpCatalogVersion();
    }
    return out;
  });
}

std::vector<PendingBarcode> Catalog::pendingBarcodes() const { return keyed(m_db, kPendingPrefix); }

Result<void> Catalog::settleBarcodes(const std::vector<PendingBarcode>& settled) { return dropKeyedNow(m_db, kPendingPrefix, settled); }

std::vector<PendingBarcode> Catalog::tagsToReprint() const { return keyed(m_db, kReprintPrefix); }

Result<void> Catalog::tagsPrinted(const std::vector<PendingBarcode>& printed) { return dropKeyedNow(m_db, kReprintPrefix, printed); }

Result<void> Catalog::dismissReprints(std::string_view supervisor) {
  return m_db.write([&]() -> Result<void> {
    const std::vector<PendingBarcode> waiting = keyed(m_db, kReprintPrefix);
    if (waiting.empty()) return {};
    std::vector<std::string> items;
    for (const PendingBarcode& r : waiting) items.push_back(r.sku + "=" + r.barcode);
    dropKeyed(m_db, kReprintPrefix, waiting);
    m_db.audit(supervisor, "tag_reprint_dismiss", fmt::format("{} products", waiting.size()), "old price tags dealt with without printing",
               auditList(items));
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
    putKeyed(m_db, kPendingPrefix, p->sku, p->barcode);
    putKeyed(m_db, kReprintPrefix, p->sku, p->barcode);
    m_db.bumpCatalogVersion();
    return *p;
  });
}

}  // namespace pameran::core
