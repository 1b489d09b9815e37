// The kiosk's audit log on the wire (PROTOCOL.md 4.4): entries in a version-2 batch, and the
// organizer's list of a device's entries (13). Entries are read leniently on purpose: a doctored
// entry still reaches the server, whose link check (rules::advanceAudit) then names it.
#include <cstdint>
#include <exception>
#include <string>

#include "json_io.hpp"
#include "pameran/core/time.hpp"
#include "pameran/sync/protocol.hpp"

namespace pameran::sync {
namespace detail {

void writeAudit(JsonWriter& w, const core::AuditEntry& e) {
  w.beginObject();
  w.field("id", e.id);
  w.field("at_ms", e.at);
  w.field("staff", e.staff);
  w.field("action", e.action);
  w.field("subject", e.subject);
  w.field("reason", e.reason);
  w.field("details", e.details);
  w.field("prev_hash", e.prevHash);
  w.field("hash", e.hash);
  w.endObject();
}

namespace {

// A string as it came (the parser already made sure it is well-formed UTF-8), within the limit.
std::string anyText(Reader& rd, const JsonNode& obj, const char* key, const Path& path) {
  const JsonNode* v = rd.field(obj, key, path, true);
  if (!v) return {};
  if (!v->isString()) {
    rd.failAt(Path(path, key), "must be a string");
    return {};
  }
  if (v->str.size() > rd.limits().maxStringBytes) {
    rd.failAt(Path(path, key), "longer than " + std::to_string(rd.limits().maxStringBytes) + " bytes");
    return {};
  }
  return std::string(v->str);
}

}  // namespace

core::AuditEntry readAudit(Reader& rd, const JsonNode& j, const Path& path) {
  core::AuditEntry e;
  if (!rd.object(j, path, {"id", "at_ms", "staff", "action", "subject", "reason", "details", "prev_hash", "hash"})) return e;
  e.id = rd.integer(j, "id", path, 1, kMaxSeq);
  e.at = rd.integer(j, "at_ms", path, 0, kMaxTimestampMs);
  e.staff = anyText(rd, j, "staff", path);
  e.action = anyText(rd, j, "action", path);
  e.subject = anyText(rd, j, "subject", path);
  e.reason = anyText(rd, j, "reason", path);
  e.details = anyText(rd, j, "details", path);
  e.prevHash = anyText(rd, j, "prev_hash", path);
  e.hash = anyText(rd, j, "hash", path);
  return e;
}

bool decodeAuditEntries(const JsonNode& array, const Limits& limits, std::vector<Decoded<core::AuditEntry>>& out,
                        BatchFailure& failure) {
  out.reserve(array.count);
  const Path root("audit");
  std::size_t i = 0;
  for (const JsonNode* it = array.begin(); it != array.end(); it = it->next(), ++i) {
    const Path p(root, i);
    const JsonNode* id = it->isObject() ? it->find("id") : nullptr;
    if (!id || id->type != JsonType::Unsigned || id->uinteger < 1 || id->uinteger > static_cast<std::uint64_t>(kMaxSeq)) {
      failure = {BatchError::Invalid, p.str() + ".id: is required and must be a positive integer"};
      return false;
    }
    Decoded<core::AuditEntry> d;
    d.id = std::to_string(id->uinteger);
    Reader rd(limits);
    core::AuditEntry e = readAudit(rd, *it, p);
    if (rd.ok()) d.record = std::move(e);
    else d.error = rd.error();
    out.push_back(std::move(d));
  }
  return true;
}

}  // namespace detail

std::string encodeAudit(const core::AuditEntry& entry) {
  std::string out;
  detail::JsonWriter w(out);
  detail::writeAudit(w, entry);
  return out;
}

core::Result<core::AuditEntry> decodeAudit(std::string_view json, const Limits& limits) {
  detail::JsonDoc doc;
  if (std::string why = doc.parse(json, limits.maxDepth, limits.maxValues); !why.empty())
    return core::fail(core::Errc::Invalid, why);
  try {
    detail::Reader rd(limits);
    core::AuditEntry e = detail::readAudit(rd, doc.root(), detail::Path());
    if (!rd.ok()) return core::fail(core::Errc::Invalid, rd.error());
    return e;
  } catch (const std::exception& e) {
    return core::fail(core::Errc::Invalid, std::string("audit entry could not be read: ") + e.what());
  }
}

std::string encodeAuditList(std::string_view eventCode, const DeviceStatus& device, const std::vector<core::AuditEntry>& entries) {
  std::string out;
  out.reserve(256 + entries.size() * 400);
  detail::JsonWriter w(out);
  w.beginObject();
  w.text("event", eventCode);
  w.text("device_code", device.code);
  w.text("name", device.name);
  w.field("audit", device.audit);
  w.key("audit_first_bad");
  if (device.auditFirstBad > 0) w.value(device.auditFirstBad);
  else w.rawValue("null");
  w.field("audit_held", device.auditHeld);
  w.key("entries");
  w.beginArray();
  for (const core::AuditEntry& e : entries) {
    w.beginObject();
    w.field("id", e.id);
    w.field("at_ms", e.at);
    w.field("at", core::isoUtc(e.at));
    w.text("staff", e.staff);
    w.text("action", e.action);
    w.text("subject", e.subject);
    w.text("reason", e.reason);
    w.text("details", e.details);
    w.text("prev_hash", e.prevHash);
    w.text("hash", e.hash);
    w.field("intact", device.auditFirstBad == 0 || e.id < device.auditFirstBad);
    w.endObject();
  }
  w.endArray();
  w.endObject();
  return out;
}

}  // namespace pameran::sync
