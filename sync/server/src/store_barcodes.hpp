#pragma once
// In-store barcodes on the server (PROTOCOL.md 3.12): what the catalog import keeps of them.
#include <cstdint>
#include <vector>

#include "pameran/core/csv.hpp"
#include "store_sql.hpp"

namespace pameran::sync::front {

/// The import's products, where a product the file gives no barcode keeps the in-store code
/// (prefix 20-29) a kiosk gave it, unless the file gives that code to another product.
std::vector<core::CatalogProductRow> keepingInStoreBarcodes(sql::Session& s, std::int64_t eventId,
                                                            const std::vector<core::CatalogProductRow>& products);

}  // namespace pameran::sync::front
