#include "barcodes_route.hpp"

#include "pameran/sync/protocol.hpp"

namespace pameran::sync {

void BarcodesRoute::barcodes(HandlerCall& c) {
  std::string body;
  if (!readBody(*c.reader, kMaxBarcodeBodyBytes, body, c.res)) return;
  const DecodeBarcodesResult decoded = decodeBarcodeUpload(body);
  if (!decoded.rows) return sendError(c.res, httpStatus(decoded.failure.kind), decoded.failure.message);
  auto results = m_store.assignBarcodes(c.who->eventCode, *decoded.rows);
  if (!results) return sendFailure(c.res, results.error());
  c.res.status = httpStatus(*results);
  c.res.set_content(encodeBarcodeResults(*results), kJson);
}

}  // namespace pameran::sync
