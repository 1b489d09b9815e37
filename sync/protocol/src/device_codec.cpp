// The devices as the server reports them: to organizers (`/events/{code}/devices`, PROTOCOL.md
// 3.6) and to each device about itself (`/device`, 3.11, P24). One writer for both.
#include <cstdint>
#include <limits>

#include "json_io.hpp"
#include "pameran/core/time.hpp"
#include "pameran/sync/protocol.hpp"

namespace pameran::sync {

namespace {

void writeDevice(detail::JsonWriter& w, const DeviceStatus& d) {
  w.beginObject();
  w.text("device_id", d.deviceId);
  w.text("device_code", d.code);
  w.text("name", d.name);
  w.text("booth", d.booth);
  w.text("vendor_code", d.vendorCode);
  w.text("kiosk_name", d.kioskName);
  w.field("enrolled", d.enrolled);
  w.field("revoked", d.revoked);
  w.field("last_upload_at", d.lastUploadAt == 0 ? std::string{} : core::isoUtc(d.lastUploadAt));
  w.field("last_upload_ms", d.lastUploadAt);
  w.field("highest_seq", d.maxSeq);
  w.field("sales_count", d.salesCount);
  w.field("refunds_count", d.refundsCount);
  w.field("shift_closes_count", d.shiftsCount);
  w.field("late_count", d.lateCount);
  w.field("seq_collisions", d.seqCollisions);
  w.field("missing_count", d.missingCount);
  w.key("missing");
  w.beginArray();
  for (const SeqRange& r : d.missing) {
    w.beginObject();
    w.field("first", r.first);
    w.field("last", r.last);
    w.endObject();
  }
  w.endArray();
  w.field("audit", d.audit);
  w.key("audit_first_bad");
  if (d.auditFirstBad > 0) w.value(d.auditFirstBad);
  else w.rawValue("null");
  w.field("audit_held", d.auditHeld);
  w.field("stock_movements_count", d.movementsCount);
  w.field("highest_movement_seq", d.maxMovementSeq);
  w.endObject();
}

// A count the kiosk relies on: a non-negative integer, present.
bool readCount(const detail::JsonNode& obj, std::string_view name, std::int64_t& out) {
  const detail::JsonNode* n = obj.find(name);
  if (!n || n->type != detail::JsonType::Unsigned || n->uinteger > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return false;
  out = static_cast<std::int64_t>(n->uinteger);
  return true;
}

}  // namespace

std::string encodeDeviceList(std::string_view eventCode, std::int64_t serverTimeMs, const std::vector<DeviceStatus>& devices) {
  std::string out;
  out.reserve(128 + devices.size() * 512);
  detail::JsonWriter w(out);
  w.beginObject();
  w.text("event", eventCode);
  w.field("server_time_ms", serverTimeMs);
  w.key("devices");
  w.beginArray();
  for (const DeviceStatus& d : devices) writeDevice(w, d);
  w.endArray();
  w.endObject();
  return out;
}

std::string encodeDeviceSelf(std::int64_t serverTimeMs, const DeviceStatus& device) {
  std::string out;
  out.reserve(512 + device.missing.size() * 32);
  detail::JsonWriter w(out);
  w.beginObject();
  w.field("protocol_version", kProtocolVersion);
  w.field("server_time_ms", serverTimeMs);
  w.key("device");
  writeDevice(w, device);
  w.endObject();
  return out;
}

core::Result<DeviceStatus> decodeDeviceSelf(std::string_view json) {
  detail::JsonDoc doc;
  if (std::string why = doc.parse(json, 8); !why.empty()) return core::fail(core::Errc::Invalid, why);
  const detail::JsonNode& root = doc.root();
  const detail::JsonNode* d = root.isObject() ? root.find("device") : nullptr;
  if (!d || !d->isObject()) return core::fail(core::Errc::Invalid, "the answer has no device object");
  DeviceStatus out;
  if (const detail::JsonNode* id = d->find("device_id"); id && id->isString()) out.deviceId = std::string(id->str);
  if (const detail::JsonNode* code = d->find("device_code"); code && code->isString()) out.code = std::string(code->str);
  if (!readCount(*d, "highest_seq", out.maxSeq) || !readCount(*d, "sales_count", out.salesCount) ||
      !readCount(*d, "refunds_count", out.refundsCount) || !readCount(*d, "shift_closes_count", out.shiftsCount))
    return core::fail(core::Errc::Invalid, "the device's counts are missing or not whole numbers");
  // A server from before stock movements does not send their counts: -1 says "unknown".
  if (!readCount(*d, "stock_movements_count", out.movementsCount) || !readCount(*d, "highest_movement_seq", out.maxMovementSeq)) {
    out.movementsCount = -1;
    out.maxMovementSeq = 0;
  }
  const detail::JsonNode* missing = d->find("missing");
  if (!missing || !missing->isArray()) return core::fail(core::Errc::Invalid, "the device has no missing array");
  std::int64_t after = 0;  // ranges ascend, apart, within 1..highest_seq
  for (const detail::JsonNode* r = missing->begin(); r != missing->end(); r = r->next()) {
    SeqRange range;
    if (!r->isObject() || !readCount(*r, "first", range.first) || !readCount(*r, "last", range.last) ||
        range.first <= after || range.last < range.first || range.last > out.maxSeq)
      return core::fail(core::Errc::Invalid, "a missing range is malformed or out of order");
    after = range.last;
    out.missingCount += range.last - range.first + 1;
    out.missing.push_back(range);
  }
  // A server older than the audit upload does not say: -1, and the kiosk resends nothing.
  out.auditHeld = -1;
  if (d->find("audit_held") && !readCount(*d, "audit_held", out.auditHeld))
    return core::fail(core::Errc::Invalid, "the device's audit_held is not a whole number");
  return out;
}

}  // namespace pameran::sync
