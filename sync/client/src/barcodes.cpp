// The kiosk's in-store barcodes on their way to the server (PROTOCOL.md 3.12), so every kiosk of
// the event scans the tags this one printed.
#include <fmt/format.h>

#include <algorithm>

#include "pameran/sync/client.hpp"

namespace pameran::sync {
namespace {

constexpr int kRounds = 5;  // a clash is rare; a second one on the next code rarer still

core::Failure answerFailure(const HttpResponse& r) {
  if (r.status == 0) return core::fail(core::Errc::Storage, "barcodes: cannot reach the server (" + r.error + ")");
  const std::string message = decodeError(r.body);
  const core::Errc code = r.status == 401 || r.status == 403 ? core::Errc::Unauthorized
                          : r.status == 404                  ? core::Errc::NotFound
                          : r.status >= 500 || r.status == 429 || r.status == 408 ? core::Errc::Storage
                                                                                  : core::Errc::Invalid;
  return core::fail(code, fmt::format("barcodes: the server answered HTTP {}{}{}", r.status, message.empty() ? "" : ": ", message));
}

}  // namespace

core::Result<BarcodePush> pushBarcodes(core::Store& store, HttpClient& http) {
  BarcodePush out;
  for (int round = 0; round < kRounds; ++round) {
    std::vector<core::PendingBarcode> pending = store.catalog().pendingBarcodes();
    if (pending.empty()) break;
    if (pending.size() > kMaxBarcodeRows) pending.resize(kMaxBarcodeRows);
    std::vector<BarcodeAssignment> rows;
    rows.reserve(pending.size());
    for (const core::PendingBarcode& p : pending) rows.push_back({p.sku, p.barcode});
    const HttpResponse r = http.post("/api/v1/barcodes", encodeBarcodeUpload(rows), false);
    if (r.status != 200 && r.status != 409) return answerFailure(r);
    auto results = decodeBarcodeResults(r.body);
    if (!results) return core::fail(core::Errc::Invalid, "barcodes: the server's answer is not valid: " + results.error().message);
    out.sent += rows.size();
    std::vector<core::PendingBarcode> settled;
    std::vector<std::string> taken;
    for (const BarcodeResult& x : *results) {
      // Only a row this request sent counts (P7's rule for uploads, here too).
      if (std::find(rows.begin(), rows.end(), BarcodeAssignment{x.sku, x.barcode}) == rows.end()) continue;
      switch (x.status) {
        case BarcodeStatus::Stored:
        case BarcodeStatus::Duplicate:
          ++out.accepted;
          settled.push_back({x.sku, x.barcode});
          break;
        case BarcodeStatus::Superseded:
        case BarcodeStatus::UnknownProduct:
          ++out.dropped;
          settled.push_back({x.sku, x.barcode});
          break;
        case BarcodeStatus::Taken:
          taken.push_back(x.sku);
          break;
      }
    }
    if (auto ok = store.catalog().settleBarcodes(settled); !ok) return ok.failure();
    for (const std::string& sku : taken) {
      auto product = store.catalog().reassignBarcode(sku, "sync");
      if (!product) return product.failure();
      out.reassigned.push_back(std::move(*product));
    }
    if (taken.empty() && pending.size() < kMaxBarcodeRows) break;
  }
  return out;
}

}  // namespace pameran::sync
