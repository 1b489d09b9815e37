// The store front's part for in-store barcodes (PROTOCOL.md 3.12): a kiosk tags a product that
// came without a barcode, the server keeps the code on the product, and the catalog version moves
// so every other kiosk scans it too. The statements are the one SQL description's.
#include "store_barcodes.hpp"

#include <fmt/format.h>

#include <unordered_map>
#include <unordered_set>

#include "pameran/core/price_tag.hpp"
#include "pameran/sync/server_store.hpp"
#include "store_front.hpp"

namespace pameran::sync {

using core::Errc;
using core::fail;
using core::Result;
using sql::Row;
using sql::Stmt;

Result<std::vector<BarcodeResult>> ServerStore::assignBarcodes(std::string_view eventCode,
                                                               const std::vector<BarcodeAssignment>& rows) {
  if (rows.size() > kMaxBarcodeRows) return fail(Errc::Invalid, fmt::format("more than {} barcodes in one request", kMaxBarcodeRows));
  for (const BarcodeAssignment& r : rows) {
    if (!core::isValidCode(r.sku)) return fail(Errc::Invalid, "'" + r.sku.substr(0, 40) + "' is not a product code");
    if (!core::isInStoreEan13(r.barcode))
      return fail(Errc::Invalid, "'" + r.barcode.substr(0, 40) + "' is not an in-store EAN-13 (prefix 20-29)");
  }
  return unit<std::vector<BarcodeResult>>(Access::Write, [&](sql::Session& s) -> Result<std::vector<BarcodeResult>> {
    auto ev = front::eventIdOf(s, Stmt::LockEvent, eventCode);
    if (!ev) return ev.failure();
    std::vector<BarcodeResult> out;
    out.reserve(rows.size());
    bool changed = false;
    for (const BarcodeAssignment& r : rows) {
      BarcodeResult x{r.sku, r.barcode, BarcodeStatus::Stored, {}};
      const auto current = s.text(Stmt::ProductBarcode, {*ev, r.sku});
      if (!current) {
        x.status = BarcodeStatus::UnknownProduct;
        x.reason = "the event's catalog has no product " + r.sku;
      } else if (*current == r.barcode) {
        x.status = BarcodeStatus::Duplicate;
      } else if (!current->empty()) {
        x.status = BarcodeStatus::Superseded;
        x.reason = "the product already has the barcode " + *current;
      } else if (const auto owner = s.text(Stmt::BarcodeOwner, {*ev, r.barcode, r.sku})) {
        x.status = BarcodeStatus::Taken;
        x.reason = "the barcode belongs to " + *owner;
      } else {
        s.exec(Stmt::SetProductBarcode, {r.barcode, *ev, r.sku});
        changed = true;
      }
      out.push_back(std::move(x));
    }
    if (changed) s.exec(Stmt::BumpCatalog, {*ev});
    return out;
  });
}

namespace front {

std::vector<core::CatalogProductRow> keepingInStoreBarcodes(sql::Session& s, std::int64_t eventId,
                                                            const std::vector<core::CatalogProductRow>& products) {
  std::unordered_map<std::string, std::string> given;  // sku -> in-store code it has now
  s.query(Stmt::EventBarcodes, {eventId}, [&](const Row& r) {
    std::string code = r.text(1);
    if (core::isInStoreEan13(code)) given.emplace(r.text(0), std::move(code));
  });
  std::vector<core::CatalogProductRow> out = products;
  if (given.empty()) return out;
  std::unordered_set<std::string> inFile;
  for (const core::CatalogProductRow& p : products)
    if (!p.barcode.empty()) inFile.insert(p.barcode);
  for (core::CatalogProductRow& p : out) {
    if (!p.barcode.empty()) continue;
    const auto it = given.find(p.sku);
    if (it != given.end() && !inFile.contains(it->second)) p.barcode = it->second;
  }
  return out;
}

}  // namespace front
}  // namespace pameran::sync
