#include "pameran/sync/protocol.hpp"

#include <exception>

#include "json_io.hpp"
#include "pameran/core/ids.hpp"
#include "pameran/core/time.hpp"

namespace pameran::sync {

using detail::JsonDoc;
using detail::JsonNode;
using detail::JsonType;
using detail::Reader;

std::string_view toString(RecordType t) {
  switch (t) {
    case RecordType::Sale: return "sale";
    case RecordType::Refund: return "refund";
    case RecordType::ShiftClose: return "shift_close";
    case RecordType::Audit: return "audit";
    case RecordType::StockMovement: return "stock_movement";
  }
  return "sale";
}

std::string_view toString(RecordStatus s) {
  switch (s) {
    case RecordStatus::Stored: return "stored";
    case RecordStatus::Duplicate: return "duplicate";
    case RecordStatus::Conflict: return "conflict";
    case RecordStatus::Rejected: return "rejected";
    case RecordStatus::Retry: return "retry";
  }
  return "rejected";
}

std::optional<RecordStatus> parseRecordStatus(std::string_view text) {
  for (RecordStatus s : {RecordStatus::Stored, RecordStatus::Duplicate, RecordStatus::Conflict, RecordStatus::Rejected,
                         RecordStatus::Retry})
    if (toString(s) == text) return s;
  return std::nullopt;
}

namespace {

std::optional<RecordType> parseRecordType(std::string_view text) {
  for (RecordType t : {RecordType::Sale, RecordType::Refund, RecordType::ShiftClose, RecordType::Audit, RecordType::StockMovement})
    if (toString(t) == text) return t;
  return std::nullopt;
}

// Parses one standalone record with the same guards as a batch.
template <class T, class ReadFn>
core::Result<T> decodeOne(std::string_view json, const Limits& limits, ReadFn read) {
  if (json.size() > limits.maxDecodedBytes) return core::fail(core::Errc::Invalid, "record larger than the body limit");
  JsonDoc doc;
  if (std::string why = doc.parse(json, limits.maxDepth, limits.maxValues); !why.empty())
    return core::fail(core::Errc::Invalid, why);
  try {
    Reader rd(limits);
    T record = read(rd, doc.root(), detail::Path());
    if (!rd.ok()) return core::fail(core::Errc::Invalid, rd.error());
    return record;
  } catch (const std::exception& e) {
    return core::fail(core::Errc::Invalid, std::string("record could not be read: ") + e.what());
  }
}

// Decodes one array of records of a batch; false when the whole batch must be refused.
template <class T, class ReadFn, class ValidateFn>
bool decodeRecords(const JsonNode& array, const std::string& path, const Limits& limits, std::vector<Decoded<T>>& out,
                   BatchFailure& failure, ReadFn read, ValidateFn validate) {
  out.reserve(array.count);
  const detail::Path root(path);
  std::size_t i = 0;
  for (const JsonNode* it = array.begin(); it != array.end(); it = it->next(), ++i) {
    const JsonNode& x = *it;
    const detail::Path p(root, i);
    // Without an object and a UUID id there is nobody to answer: the batch fails as a whole.
    if (!x.isObject()) {
      failure = {BatchError::Invalid, p.str() + ": must be an object"};
      return false;
    }
    const JsonNode* id = x.find("id");
    if (!id || !id->isString() || !core::isUuid(id->str)) {
      failure = {BatchError::Invalid, p.str() + ".id: is required and must be a UUID"};
      return false;
    }
    Decoded<T> d;
    d.id = std::string(id->str);
    Reader rd(limits);
    T record = read(rd, x, p);
    if (!rd.ok()) {
      d.error = rd.error();
    } else if (auto v = validate(record); !v) {
      d.error = p.str() + ": " + v.error().message;
    } else {
      d.record = std::move(record);
    }
    out.push_back(std::move(d));
  }
  return true;
}

}  // namespace

namespace {
template <class T, class WriteFn>
std::string encodeWith(const T& record, WriteFn write) {
  std::string out;
  out.reserve(1024);
  detail::JsonWriter w(out);
  write(w, record);
  return out;
}
}  // namespace

std::string encodeSale(const core::SaleRecord& sale) { return encodeWith(sale, detail::writeSale); }
std::string encodeRefund(const core::RefundRecord& refund) { return encodeWith(refund, detail::writeRefund); }
std::string encodeShift(const core::ShiftRecord& shift) { return encodeWith(shift, detail::writeShift); }

core::Result<core::SaleRecord> decodeSale(std::string_view json, const Limits& limits) {
  return decodeOne<core::SaleRecord>(json, limits, detail::readSale);
}
core::Result<core::RefundRecord> decodeRefund(std::string_view json, const Limits& limits) {
  return decodeOne<core::RefundRecord>(json, limits, detail::readRefund);
}
core::Result<core::ShiftRecord> decodeShift(std::string_view json, const Limits& limits) {
  return decodeOne<core::ShiftRecord>(json, limits, detail::readShift);
}

std::string canonicalHash(const core::SaleRecord& sale) { return core::sha256Hex(encodeSale(sale)); }
std::string canonicalHash(const core::RefundRecord& refund) { return core::sha256Hex(encodeRefund(refund)); }
std::string canonicalHash(const core::ShiftRecord& shift) { return core::sha256Hex(encodeShift(shift)); }

std::string encodeMovement(const core::StockMovementRecord& movement) { return encodeWith(movement, detail::writeMovement); }
core::Result<core::StockMovementRecord> decodeMovement(std::string_view json, const Limits& limits) {
  return decodeOne<core::StockMovementRecord>(json, limits, detail::readMovement);
}
std::string canonicalHash(const core::StockMovementRecord& movement) { return core::sha256Hex(encodeMovement(movement)); }

namespace {

// protocol_version as written, for the refusal message.
std::string shortText(const JsonNode& v) {
  switch (v.type) {
    case JsonType::Null: return "null";
    case JsonType::False: return "false";
    case JsonType::True: return "true";
    case JsonType::Integer:
    case JsonType::Unsigned:
    case JsonType::Float: return std::string(v.str);
    case JsonType::String: {
      std::string out;
      detail::JsonWriter(out).value(v.str);
      return out;
    }
    case JsonType::Array: return v.count == 0 ? "[]" : "[...]";
    case JsonType::Object: return v.count == 0 ? "{}" : "{...}";
  }
  return "?";
}

// The batch version as a number from 1 to kBatchProtocolVersion, or 0 for anything else.
int batchVersion(const JsonNode& v) {
  for (int version = kProtocolVersion; version <= kBatchProtocolVersion; ++version)
    if ((v.type == JsonType::Unsigned && v.uinteger == static_cast<std::uint64_t>(version)) ||
        (v.type == JsonType::Integer && v.integer == version))
      return version;
  return 0;
}

}  // namespace

int httpStatus(BatchError e) {
  switch (e) {
    case BatchError::Malformed: return 400;
    case BatchError::TooLarge: return 413;
    case BatchError::Invalid: return 422;
  }
  return 400;
}

DecodeBatchResult decodeBatch(std::string_view body, const Limits& limits) {
  DecodeBatchResult out;
  auto refuse = [&](BatchError kind, std::string message) {
    out.batch.reset();
    out.failure = {kind, std::move(message)};
    return out;
  };
  if (body.size() > limits.maxDecodedBytes)
    return refuse(BatchError::TooLarge, "body larger than " + std::to_string(limits.maxDecodedBytes) + " bytes");
  // One pass: the depth and value-count limits are checked as the text is read, before anything
  // is built beyond them.
  JsonDoc doc;
  if (std::string why = doc.parse(body, limits.maxDepth, limits.maxValues); !why.empty())
    return refuse(BatchError::Malformed, why);
  const JsonNode& j = doc.root();
  if (!j.isObject()) return refuse(BatchError::Malformed, "the body must be a JSON object");
  try {
    Reader rd(limits);
    const JsonNode* version = rd.field(j, "protocol_version", "", true);
    if (!version) return refuse(BatchError::Invalid, rd.error());
    const int versionNumber = batchVersion(*version);
    if (versionNumber == 0)
      return refuse(BatchError::Invalid, "protocol_version " + shortText(*version).substr(0, 20) +
                                             " is not supported; this server speaks 1 to " +
                                             std::to_string(kBatchProtocolVersion));
    // Version 1 knows only its own arrays; version 2 may add the audit log and stock movements
    // (a version-1 batch with them is refused as carrying an unknown field).
    if (!(versionNumber == 1 ? rd.object(j, "", {"protocol_version", "device_id", "sales", "refunds", "shift_closes"})
                             : rd.object(j, "", {"protocol_version", "device_id", "sales", "refunds", "shift_closes",
                                                 "audit", "stock_movements"})))
      return refuse(BatchError::Invalid, rd.error());
    DecodedBatch batch;
    batch.protocolVersion = versionNumber;
    batch.deviceId = rd.text(j, "device_id", "", false, 64);
    const JsonNode* sales = rd.array(j, "sales", "", limits.maxRecords, true);
    const JsonNode* refunds = rd.array(j, "refunds", "", limits.maxRecords, false);
    const JsonNode* shifts = rd.array(j, "shift_closes", "", limits.maxRecords, false);
    const JsonNode* audit = rd.array(j, "audit", "", limits.maxRecords, false);
    const JsonNode* movements = rd.array(j, "stock_movements", "", limits.maxRecords, false);
    if (!rd.ok() || !sales || !refunds || !shifts || !audit || !movements) {
      return refuse(rd.overLimit() ? BatchError::TooLarge : BatchError::Invalid, rd.error());
    }
    const std::size_t count =
        std::size_t{sales->count} + refunds->count + shifts->count + audit->count + movements->count;
    if (count > limits.maxRecords)
      return refuse(BatchError::TooLarge, std::to_string(count) + " records in one batch; at most " +
                                              std::to_string(limits.maxRecords) + " (send " +
                                              std::to_string(limits.recommendedRecords) + ")");
    BatchFailure failure;
    if (!decodeRecords(*sales, "sales", limits, batch.sales, failure, detail::readSale,
                       [](const core::SaleRecord& s) { return core::validateSaleRecord(s); }) ||
        !decodeRecords(*refunds, "refunds", limits, batch.refunds, failure, detail::readRefund,
                       [](const core::RefundRecord& r) { return core::validateRefundRecord(r); }) ||
        !decodeRecords(*shifts, "shift_closes", limits, batch.shiftCloses, failure, detail::readShift,
                       [](const core::ShiftRecord& s) { return core::validateShiftRecord(s); }) ||
        !detail::decodeAuditEntries(*audit, limits, batch.audit, failure) ||
        !decodeRecords(*movements, "stock_movements", limits, batch.stockMovements, failure, detail::readMovement,
                       [](const core::StockMovementRecord& m) { return core::validateStockMovementRecord(m); }))
      return refuse(failure.kind, failure.message);
    out.batch = std::move(batch);
    return out;
  } catch (const std::exception& e) {
    return refuse(BatchError::Malformed, std::string("batch could not be read: ") + e.what());
  }
}

std::string encodeBatch(const Batch& batch) {
  std::string out;
  out.reserve(1024 * (batch.sales.size() + batch.refunds.size() + batch.shiftCloses.size()) + 64);
  detail::JsonWriter w(out);
  w.beginObject();
  w.field("protocol_version", batch.audit.empty() && batch.stockMovements.empty() ? kProtocolVersion : kBatchProtocolVersion);
  w.field("device_id", batch.deviceId);
  w.key("sales");
  w.beginArray();
  for (const auto& s : batch.sales) detail::writeSale(w, s);
  w.endArray();
  w.key("refunds");
  w.beginArray();
  for (const auto& r : batch.refunds) detail::writeRefund(w, r);
  w.endArray();
  w.key("shift_closes");
  w.beginArray();
  for (const auto& s : batch.shiftCloses) detail::writeShift(w, s);
  w.endArray();
  if (!batch.audit.empty()) {
    w.key("audit");
    w.beginArray();
    for (const auto& e : batch.audit) detail::writeAudit(w, e);
    w.endArray();
  }
  if (!batch.stockMovements.empty()) {
    w.key("stock_movements");
    w.beginArray();
    for (const auto& m : batch.stockMovements) detail::writeMovement(w, m);
    w.endArray();
  }
  w.endObject();
  return out;
}

int httpStatus(const std::vector<RecordResult>& results) {
  bool rejected = false;
  for (const RecordResult& r : results) {
    if (r.status == RecordStatus::Conflict) return 409;
    if (r.status == RecordStatus::Rejected) rejected = true;
  }
  return rejected ? 422 : 200;
}

std::string encodeBatchResponse(const BatchResponse& response) {
  // Written directly (one result per record of every batch): the same text a DOM dump gives.
  std::string out;
  out.reserve(64 + response.results.size() * 96);
  detail::JsonWriter w(out);
  w.beginObject();
  w.field("protocol_version", kProtocolVersion);
  w.field("server_time_ms", response.serverTimeMs);
  w.key("results");
  w.beginArray();
  for (const RecordResult& r : response.results) {
    w.beginObject();
    w.text("id", r.id);
    w.field("type", toString(r.type));
    w.field("status", toString(r.status));
    w.text("reason", r.reason);
    w.field("late", r.late);
    w.endObject();
  }
  w.endArray();
  w.endObject();
  return out;
}

core::Result<BatchResponse> decodeBatchResponse(std::string_view json) {
  JsonDoc doc;
  if (std::string why = doc.parse(json); !why.empty()) return core::fail(core::Errc::Invalid, why);
  const JsonNode& j = doc.root();
  try {
    if (!j.isObject()) return core::fail(core::Errc::Invalid, "response is not a JSON object");
    const JsonNode* results = j.find("results");
    if (!results || !results->isArray()) return core::fail(core::Errc::Invalid, "response has no results array");
    BatchResponse out;
    if (const JsonNode* t = j.find("server_time_ms"); t && t->isInteger())
      out.serverTimeMs = t->type == JsonType::Integer ? t->integer : static_cast<std::int64_t>(t->uinteger);
    out.results.reserve(results->count);
    for (const JsonNode* x = results->begin(); x != results->end(); x = x->next()) {
      if (!x->isObject()) return core::fail(core::Errc::Invalid, "a result is not an object");
      RecordResult r;
      const JsonNode* id = x->find("id");
      const JsonNode* type = x->find("type");
      const JsonNode* status = x->find("status");
      if (!id || !id->isString() || !type || !type->isString() || !status || !status->isString())
        return core::fail(core::Errc::Invalid, "a result lacks id, type or status");
      r.id = std::string(id->str);
      auto t = parseRecordType(type->str);
      auto s = parseRecordStatus(status->str);
      if (!t || !s) return core::fail(core::Errc::Invalid, "a result has an unknown type or status");
      r.type = *t;
      r.status = *s;
      if (const JsonNode* reason = x->find("reason"); reason && reason->isString()) r.reason = std::string(reason->str);
      if (const JsonNode* late = x->find("late"); late && late->isBoolean()) r.late = late->type == JsonType::True;
      out.results.push_back(std::move(r));
    }
    return out;
  } catch (const std::exception& e) {
    return core::fail(core::Errc::Invalid, std::string("response could not be read: ") + e.what());
  }
}

// ---- enrollment -------------------------------------------------------------------------------

std::string encodeEnrollRequest(const EnrollRequest& request) {
  std::string out;
  detail::JsonWriter w(out);
  w.beginObject();
  w.text("code", request.code);
  w.text("device_name", request.deviceName);
  w.endObject();
  return out;
}

core::Result<EnrollRequest> decodeEnrollRequest(std::string_view json) {
  const Limits limits;
  if (json.size() > 4096) return core::fail(core::Errc::Invalid, "enrollment request larger than 4096 bytes");
  JsonDoc doc;
  if (std::string why = doc.parse(json, limits.maxDepth, limits.maxValues); !why.empty())
    return core::fail(core::Errc::Invalid, why);
  const JsonNode& j = doc.root();
  try {
    Reader rd(limits);
    EnrollRequest r;
    if (rd.object(j, "", {"code", "device_name"})) {
      r.code = rd.text(j, "code", "", true, 64);
      r.deviceName = rd.text(j, "device_name", "", false, core::kMaxNameLength);
    }
    if (!rd.ok()) return core::fail(core::Errc::Invalid, rd.error());
    return r;
  } catch (const std::exception& e) {
    return core::fail(core::Errc::Invalid, std::string("request could not be read: ") + e.what());
  }
}

std::string encodeEnrollResponse(const EnrollResponse& r) {
  std::string out;
  detail::JsonWriter w(out);
  w.beginObject();
  w.field("protocol_version", kProtocolVersion);
  w.text("device_id", r.deviceId);
  w.text("device_code", r.deviceCode);
  w.text("device_name", r.deviceName);
  w.text("booth", r.booth);
  w.text("booth_vendor_code", r.boothVendorCode);
  w.text("token", r.token);
  w.key("event");
  detail::writeEvent(w, r.event);
  w.endObject();
  return out;
}

core::Result<EnrollResponse> decodeEnrollResponse(std::string_view json) {
  const Limits limits;
  JsonDoc doc;
  if (std::string why = doc.parse(json); !why.empty()) return core::fail(core::Errc::Invalid, why);
  const JsonNode& j = doc.root();
  try {
    Reader rd(limits);
    EnrollResponse r;
    if (rd.object(j, "", {"protocol_version", "device_id", "device_code", "device_name", "booth", "booth_vendor_code",
                          "token", "event"})) {
      r.deviceId = rd.text(j, "device_id", "", true, 64);
      r.deviceCode = rd.text(j, "device_code", "", true, core::kMaxCodeLength);
      r.deviceName = rd.text(j, "device_name", "", false, core::kMaxNameLength);
      r.booth = rd.text(j, "booth", "", false, core::kMaxNameLength);
      r.boothVendorCode = rd.text(j, "booth_vendor_code", "", false, core::kMaxCodeLength);
      r.token = rd.text(j, "token", "", true, 128);
      if (const JsonNode* e = rd.field(j, "event", "", true)) r.event = detail::readEvent(rd, *e, "event");
    }
    if (!rd.ok()) return core::fail(core::Errc::Invalid, rd.error());
    return r;
  } catch (const std::exception& e) {
    return core::fail(core::Errc::Invalid, std::string("response could not be read: ") + e.what());
  }
}

// ---- catalog ----------------------------------------------------------------------------------

std::string encodeCatalog(const CatalogPayload& c) {
  std::string out;
  out.reserve(512 + c.vendors.size() * 160 + c.products.size() * 160);
  detail::JsonWriter w(out);
  w.beginObject();
  w.field("protocol_version", kProtocolVersion);
  w.field("catalog_version", c.version);
  w.key("event");
  detail::writeEvent(w, c.event);
  w.key("vendors");
  w.beginArray();
  for (const CatalogVendor& v : c.vendors) {
    w.beginObject();
    w.text("code", v.row.code);
    w.text("name", v.row.name);
    w.field("sector", core::toString(v.row.sector));
    w.text("owner", v.row.owner);
    w.text("phone", v.row.phone);
    w.text("qris", v.row.qris);
    w.field("commission_bp", v.commissionBp);
    w.endObject();
  }
  w.endArray();
  w.key("products");
  w.beginArray();
  for (const core::CatalogProductRow& p : c.products) {
    w.beginObject();
    w.text("sku", p.sku);
    w.text("barcode", p.barcode);
    w.text("vendor_code", p.vendorCode);
    w.text("name", p.name);
    w.field("price_idr", p.priceIdr);
    w.field("stock", p.stock);
    w.field("low_stock", p.lowStock);
    w.endObject();
  }
  w.endArray();
  w.endObject();
  return out;
}

core::Result<CatalogPayload> decodeCatalog(std::string_view json) {
  Limits limits;
  limits.maxValues = 10'000'000;  // a catalog is the server's word, not a stranger's upload
  JsonDoc doc;
  if (std::string why = doc.parse(json); !why.empty()) return core::fail(core::Errc::Invalid, why);
  const JsonNode& j = doc.root();
  try {
    Reader rd(limits);
    CatalogPayload c;
    if (!rd.object(j, "", {"protocol_version", "catalog_version", "event", "vendors", "products"}))
      return core::fail(core::Errc::Invalid, rd.error());
    if (rd.integer(j, "protocol_version", "", kProtocolVersion, kProtocolVersion) != kProtocolVersion || !rd.ok())
      return core::fail(core::Errc::Invalid, rd.error());
    c.version = rd.integer(j, "catalog_version", "", 0, detail::kMaxSeq);
    if (const JsonNode* e = rd.field(j, "event", "", true)) c.event = detail::readEvent(rd, *e, "event");
    std::vector<std::string> codes;
    const detail::Path vendorsPath("vendors");
    if (const JsonNode* vendors = rd.array(j, "vendors", "", 100'000)) {
      std::size_t i = 0;
      for (const JsonNode* it = vendors->begin(); it != vendors->end() && rd.ok(); it = it->next(), ++i) {
        const JsonNode& x = *it;
        const detail::Path p(vendorsPath, i);
        if (!rd.object(x, p, {"code", "name", "sector", "owner", "phone", "qris", "commission_bp"})) break;
        CatalogVendor v;
        v.row.code = rd.text(x, "code", p, true, core::kMaxCodeLength);
        if (rd.ok() && !core::isValidCode(v.row.code)) rd.failAt(detail::Path(p, "code"), "is not a valid code");
        v.row.name = rd.text(x, "name", p, true, core::kMaxNameLength);
        const std::string sector = rd.text(x, "sector", p, true, 16);
        if (auto s = core::parseSector(sector)) v.row.sector = *s;
        else if (rd.ok()) rd.failAt(detail::Path(p, "sector"), "must be fesyen, kriya or kuliner");
        v.row.owner = rd.text(x, "owner", p, false, core::kMaxNameLength);
        v.row.phone = rd.text(x, "phone", p, false, 40);
        v.row.qris = rd.text(x, "qris", p, false, 512);
        v.commissionBp = static_cast<std::int32_t>(rd.integer(x, "commission_bp", p, 0, core::kFullBp));
        codes.push_back(v.row.code);
        c.vendors.push_back(std::move(v));
      }
    }
    const detail::Path productsPath("products");
    if (const JsonNode* products = rd.array(j, "products", "", 1'000'000)) {
      c.products.reserve(products->count);
      std::size_t i = 0;
      for (const JsonNode* it = products->begin(); it != products->end() && rd.ok(); it = it->next(), ++i) {
        const JsonNode& x = *it;
        const detail::Path p(productsPath, i);
        if (!rd.object(x, p, {"sku", "barcode", "vendor_code", "name", "price_idr", "stock", "low_stock"})) break;
        core::CatalogProductRow row;
        row.sku = rd.text(x, "sku", p, true, core::kMaxCodeLength);
        if (rd.ok() && !core::isValidCode(row.sku)) rd.failAt(detail::Path(p, "sku"), "is not a valid code");
        row.barcode = rd.text(x, "barcode", p, false, core::kMaxCodeLength);
        row.vendorCode = rd.text(x, "vendor_code", p, true, core::kMaxCodeLength);
        bool known = false;
        for (const std::string& code : codes)
          if (code == row.vendorCode) known = true;
        if (rd.ok() && !known) rd.failAt(detail::Path(p, "vendor_code"), "names no vendor of the catalog");
        row.name = rd.text(x, "name", p, true, core::kMaxNameLength);
        row.priceIdr = rd.integer(x, "price_idr", p, 0, core::kMaxIdr);
        row.stock = rd.integer(x, "stock", p, 0, core::kMaxIdr);
        row.lowStock = rd.integer(x, "low_stock", p, 0, core::kMaxIdr);
        c.products.push_back(std::move(row));
      }
    }
    if (!rd.ok()) return core::fail(core::Errc::Invalid, rd.error());
    return c;
  } catch (const std::exception& e) {
    return core::fail(core::Errc::Invalid, std::string("catalog could not be read: ") + e.what());
  }
}

// ---- health (the devices list: device_codec.cpp) --------------------------------------------------

std::string encodeHealth(bool databaseOk, std::int64_t serverTimeMs) {
  std::string out;
  detail::JsonWriter w(out);
  w.beginObject();
  w.field("status", databaseOk ? "ok" : "degraded");
  w.field("protocol_version", kProtocolVersion);
  w.field("server_time_ms", serverTimeMs);
  w.endObject();
  return out;
}

std::string encodeError(std::string_view message) {
  std::string out;
  detail::JsonWriter w(out);
  w.beginObject();
  w.text("error", message);
  w.endObject();
  return out;
}

std::string decodeError(std::string_view json) {
  JsonDoc doc;
  if (!doc.parse(json).empty()) return {};
  const JsonNode* e = doc.root().find("error");
  return e && e->isString() ? std::string(e->str) : std::string{};
}

std::string encodeEvent(const core::Event& event) {
  std::string out;
  detail::JsonWriter w(out);
  detail::writeEvent(w, event);
  return out;
}

}  // namespace pameran::sync
