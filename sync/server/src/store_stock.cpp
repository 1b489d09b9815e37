// The consignment ledger read from the store (issue 11 §2): the event's catalog, whose stock is
// what each vendor brought as registered centrally (counted once, however many kiosks took it as
// their opening stock), plus the rollup the ingest engine feeds with every sale, refund and stock
// movement from the booths (goods brought to a booth later, corrections, returns).
#include <map>
#include <tuple>

#include "pameran/sync/server_store.hpp"
#include "store_front.hpp"
#include "store_sql.hpp"

namespace pameran::sync {

core::Result<core::StockLedger> ServerStore::stockLedger(std::string_view eventCode) {
  return unit<core::StockLedger>(Access::Snapshot, [&](sql::Session& s) -> core::Result<core::StockLedger> {
    auto ev = front::eventIdOf(s, sql::Stmt::EventId, eventCode);
    if (!ev) return ev.failure();
    std::map<std::pair<std::string, std::string>, core::StockLedgerProduct> rows;  // (vendor, sku)
    s.query(sql::Stmt::CatalogProducts, {*ev}, [&](const sql::Row& r) {
      const core::CatalogProductRow p = sql::readCatalogProduct(r);
      core::StockLedgerProduct& row = rows[{p.vendorCode, p.sku}];
      row.sku = p.sku;
      row.vendorCode = p.vendorCode;
      row.name = p.name;
      row.received = p.stock;
    });
    s.query(sql::Stmt::StockLedger, {*ev}, [&](const sql::Row& r) {
      core::StockLedgerProduct& row = rows[{r.text(1), r.text(0)}];
      row.sku = r.text(0);
      row.vendorCode = r.text(1);
      row.received += r.int64(2);
      row.sold = r.int64(3);
      row.refunded = r.int64(4);
      row.adjusted = r.int64(5);
      row.returned = r.int64(6);
    });
    std::vector<core::StockLedgerProduct> products;
    products.reserve(rows.size());
    for (auto& [key, row] : rows) products.push_back(std::move(row));
    return core::buildStockLedger(std::string(eventCode), std::move(products));
  });
}

}  // namespace pameran::sync
