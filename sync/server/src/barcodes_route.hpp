#pragma once
// POST /api/v1/barcodes (PROTOCOL.md 3.12): a kiosk's in-store barcodes for products that came
// without one. The request is read whole and refused whole (400/413/422); a barcode that another
// product has is answered per row (409).
#include "handler_call.hpp"

namespace pameran::sync {

class BarcodesRoute {
 public:
  explicit BarcodesRoute(ServerStore& store) : m_store(store) {}
  void barcodes(HandlerCall& c);  // POST /api/v1/barcodes (device)

 private:
  ServerStore& m_store;
};

}  // namespace pameran::sync
