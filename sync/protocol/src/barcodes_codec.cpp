// In-store barcodes a kiosk gave products without one, on their way to the server (PROTOCOL.md
// 3.12): the request, which is accepted whole or refused whole, and the answer, one row each.
#include <set>

#include "json_io.hpp"
#include "pameran/core/price_tag.hpp"
#include "pameran/sync/protocol.hpp"

namespace pameran::sync {

namespace {

constexpr BarcodeStatus kAllStatuses[] = {BarcodeStatus::Stored, BarcodeStatus::Duplicate, BarcodeStatus::Taken,
                                          BarcodeStatus::Superseded, BarcodeStatus::UnknownProduct};

std::optional<BarcodeStatus> parseBarcodeStatus(std::string_view text) {
  for (BarcodeStatus s : kAllStatuses)
    if (toString(s) == text) return s;
  return std::nullopt;
}

}  // namespace

std::string_view toString(BarcodeStatus s) {
  switch (s) {
    case BarcodeStatus::Stored: return "stored";
    case BarcodeStatus::Duplicate: return "duplicate";
    case BarcodeStatus::Taken: return "taken";
    case BarcodeStatus::Superseded: return "superseded";
    case BarcodeStatus::UnknownProduct: return "unknown_product";
  }
  return "stored";
}

std::string encodeBarcodeUpload(const std::vector<BarcodeAssignment>& rows) {
  std::string out;
  out.reserve(48 + rows.size() * 56);
  detail::JsonWriter w(out);
  w.beginObject();
  w.field("protocol_version", kProtocolVersion);
  w.key("barcodes");
  w.beginArray();
  for (const BarcodeAssignment& r : rows) {
    w.beginObject();
    w.text("sku", r.sku);
    w.text("barcode", r.barcode);
    w.endObject();
  }
  w.endArray();
  w.endObject();
  return out;
}

DecodeBarcodesResult decodeBarcodeUpload(std::string_view json) {
  DecodeBarcodesResult out;
  auto refuse = [&](BatchError kind, std::string message) {
    out.failure = {kind, std::move(message)};
    return out;
  };
  if (json.size() > kMaxBarcodeBodyBytes)
    return refuse(BatchError::TooLarge, "body over " + std::to_string(kMaxBarcodeBodyBytes) + " bytes");
  const Limits limits;
  detail::JsonDoc doc;
  if (std::string why = doc.parse(json, limits.maxDepth, limits.maxValues); !why.empty())
    return refuse(BatchError::Malformed, why);
  const detail::JsonNode& j = doc.root();
  if (!j.isObject()) return refuse(BatchError::Malformed, "the body is not a JSON object");
  detail::Reader rd(limits);
  if (!rd.object(j, "", {"protocol_version", "barcodes"})) return refuse(BatchError::Invalid, rd.error());
  rd.integer(j, "protocol_version", "", kProtocolVersion, kProtocolVersion);
  const detail::JsonNode* rows = rd.ok() ? rd.array(j, "barcodes", "", kMaxBarcodeRows) : nullptr;
  if (!rows) return refuse(rd.overLimit() ? BatchError::TooLarge : BatchError::Invalid, rd.error());
  std::vector<BarcodeAssignment> list;
  std::set<std::string, std::less<>> skus, codes;
  const detail::Path path("barcodes");
  std::size_t i = 0;
  for (const detail::JsonNode* it = rows->begin(); it != rows->end(); it = it->next(), ++i) {
    const detail::Path p(path, i);
    if (!rd.object(*it, p, {"sku", "barcode"})) break;
    BarcodeAssignment a;
    a.sku = rd.text(*it, "sku", p, true, core::kMaxCodeLength);
    a.barcode = rd.text(*it, "barcode", p, true, 13);
    if (!rd.ok()) break;
    if (!core::isValidCode(a.sku)) rd.failAt(detail::Path(p, "sku"), "is not a product code");
    else if (!core::isInStoreEan13(a.barcode))
      rd.failAt(detail::Path(p, "barcode"), "is not an in-store EAN-13 (13 digits, prefix 20-29, right check digit)");
    else if (!skus.insert(a.sku).second) rd.failAt(detail::Path(p, "sku"), "appears twice");
    else if (!codes.insert(a.barcode).second) rd.failAt(detail::Path(p, "barcode"), "appears twice");
    if (!rd.ok()) break;
    list.push_back(std::move(a));
  }
  if (!rd.ok()) return refuse(BatchError::Invalid, rd.error());
  out.rows = std::move(list);
  return out;
}

std::string encodeBarcodeResults(const std::vector<BarcodeResult>& results) {
  std::string out;
  out.reserve(48 + results.size() * 96);
  detail::JsonWriter w(out);
  w.beginObject();
  w.field("protocol_version", kProtocolVersion);
  w.key("results");
  w.beginArray();
  for (const BarcodeResult& r : results) {
    w.beginObject();
    w.text("sku", r.sku);
    w.text("barcode", r.barcode);
    w.field("status", toString(r.status));
    w.text("reason", r.reason);
    w.endObject();
  }
  w.endArray();
  w.endObject();
  return out;
}

core::Result<std::vector<BarcodeResult>> decodeBarcodeResults(std::string_view json) {
  detail::JsonDoc doc;
  if (std::string why = doc.parse(json, 6); !why.empty()) return core::fail(core::Errc::Invalid, why);
  const detail::JsonNode& root = doc.root();
  const detail::JsonNode* list = root.isObject() ? root.find("results") : nullptr;
  if (!list || !list->isArray()) return core::fail(core::Errc::Invalid, "the answer has no results array");
  std::vector<BarcodeResult> out;
  for (const detail::JsonNode* r = list->begin(); r != list->end(); r = r->next()) {
    const detail::JsonNode* sku = r->isObject() ? r->find("sku") : nullptr;
    const detail::JsonNode* barcode = r->isObject() ? r->find("barcode") : nullptr;
    const detail::JsonNode* status = r->isObject() ? r->find("status") : nullptr;
    if (!sku || !sku->isString() || !barcode || !barcode->isString() || !status || !status->isString())
      return core::fail(core::Errc::Invalid, "a result lacks sku, barcode or status");
    const auto s = parseBarcodeStatus(status->str);
    if (!s) return core::fail(core::Errc::Invalid, "a result has an unknown status");
    BarcodeResult x{std::string(sku->str), std::string(barcode->str), *s, {}};
    if (const detail::JsonNode* reason = r->find("reason"); reason && reason->isString()) x.reason = std::string(reason->str);
    out.push_back(std::move(x));
  }
  return out;
}

int httpStatus(const std::vector<BarcodeResult>& results) {
  for (const BarcodeResult& r : results)
    if (r.status == BarcodeStatus::Taken) return 409;
  return 200;
}

}  // namespace pameran::sync
