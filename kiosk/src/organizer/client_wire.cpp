// The organizer client's wire and cache formats (client_wire.hpp): the answers of the organizer
// endpoints read into the console's data, and the cache file's JSON.
#include "client_wire.hpp"

#include <fmt/format.h>

namespace pameran::kiosk::organizer::wire {

using nlohmann::json;


namespace {

std::int64_t integer(const json& o, const char* name) {
  auto it = o.find(name);
  return it != o.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}
std::string text(const json& o, const char* name) {
  auto it = o.find(name);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::optional<std::vector<EventInfo>> parseEvents(const std::string& body, core::EpochMs& serverTime) {
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("events") || !j["events"].is_array()) return std::nullopt;
  serverTime = integer(j, "server_time_ms");
  std::vector<EventInfo> out;
  for (const json& e : j["events"]) {
    if (!e.is_object()) return std::nullopt;
    EventInfo info;
    info.code = text(e, "code");
    info.name = text(e, "name");
    info.venue = text(e, "venue");
    info.startDate = text(e, "start_date");
    info.endDate = text(e, "end_date");
    info.tzOffsetMinutes = e.contains("tz_offset_minutes") ? static_cast<int>(integer(e, "tz_offset_minutes")) : core::kWibOffsetMinutes;
    info.cutoffHour = static_cast<int>(integer(e, "cutoff_hour"));
    info.open = !e.contains("open") || (e["open"].is_boolean() && e["open"].get<bool>());
    info.target = core::Rupiah(integer(e, "target_idr"));
    info.changeSeq = integer(e, "change_seq");
    info.salesCount = integer(e, "sales_count");
    info.net = core::Rupiah(integer(e, "net_idr"));
    info.devices = integer(e, "devices");
    if (info.code.empty()) return std::nullopt;
    out.push_back(std::move(info));
  }
  return out;
}

std::optional<std::vector<DeviceHealth>> parseDevices(const std::string& body, core::EpochMs& serverTime) {
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("devices") || !j["devices"].is_array()) return std::nullopt;
  serverTime = integer(j, "server_time_ms");
  std::vector<DeviceHealth> out;
  for (const json& d : j["devices"]) {
    if (!d.is_object()) return std::nullopt;
    DeviceHealth h;
    h.deviceCode = text(d, "device_code");
    h.name = text(d, "name");
    h.booth = text(d, "booth");
    h.vendorCode = text(d, "vendor_code");
    h.revoked = d.contains("revoked") && d["revoked"].is_boolean() && d["revoked"].get<bool>();
    h.lastUploadMs = integer(d, "last_upload_ms");
    h.highestSeq = integer(d, "highest_seq");
    h.salesCount = integer(d, "sales_count");
    h.lateCount = integer(d, "late_count");
    h.missingCount = integer(d, "missing_count");
    h.seqCollisions = integer(d, "seq_collisions");
    if (d.contains("missing") && d["missing"].is_array())
      for (const json& r : d["missing"]) h.missing.emplace_back(integer(r, "first"), integer(r, "last"));
    h.audit = text(d, "audit");
    h.auditFirstBad = integer(d, "audit_first_bad");
    out.push_back(std::move(h));
  }
  return out;
}

std::optional<VendorDetail> parseVendor(const std::string& body) {
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("vendor_code")) return std::nullopt;
  VendorDetail d;
  d.vendorCode = text(j, "vendor_code");
  d.name = text(j, "name");
  d.sector = core::parseSector(text(j, "sector")).value_or(core::Sector::Kriya);
  d.salesCount = integer(j, "sales_count");
  d.items = integer(j, "items_sold");
  d.net = core::Rupiah(integer(j, "net_idr"));
  if (j.contains("by_day") && j["by_day"].is_array())
    for (const json& r : j["by_day"]) d.byDay.emplace_back(text(r, "date"), core::Rupiah(integer(r, "net_idr")));
  if (j.contains("by_hour") && j["by_hour"].is_array())
    for (const json& r : j["by_hour"]) d.byHour.emplace_back(static_cast<int>(integer(r, "hour")), core::Rupiah(integer(r, "net_idr")));
  if (j.contains("products") && j["products"].is_array())
    for (const json& p : j["products"])
      d.products.push_back({text(p, "sku"), text(p, "name"), d.vendorCode, integer(p, "items_sold"), core::Rupiah(integer(p, "net_idr"))});
  if (j.contains("settlement") && j["settlement"].is_object()) {
    auto s = core::settlementFromJson(json{{"event", text(j, "event")}, {"vendors", json::array({j["settlement"]})}}.dump());
    if (s && !s->vendors.empty()) d.settlement = s->vendors.front();
  }
  d.complete = true;
  return d;
}

// The change is not read from the answer but worked out again by core's one rule.
std::optional<core::Comparison> parseComparison(const std::string& body) {
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("a") || !j.contains("b")) return std::nullopt;
  auto a = core::reportFromJson(j["a"].dump());
  auto b = core::reportFromJson(j["b"].dump());
  if (!a || !b) return std::nullopt;
  return core::compareReports(std::move(a->report), std::move(b->report));
}

std::optional<core::StockLedger> parseStock(const std::string& body) {
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("products") || !j["products"].is_array()) return std::nullopt;
  std::vector<core::StockLedgerProduct> products;
  for (const json& p : j["products"]) {
    if (!p.is_object() || text(p, "sku").empty()) return std::nullopt;
    products.push_back({text(p, "sku"), text(p, "vendor_code"), integer(p, "received"), integer(p, "sold"), integer(p, "refunded"),
                        integer(p, "adjusted"), integer(p, "returned"), text(p, "name")});
  }
  return core::buildStockLedger(text(j, "event"), std::move(products));
}

std::optional<DeviceAudit> parseDeviceAudit(const std::string& body) {
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object() || text(j, "device_code").empty() || !j.contains("entries") || !j["entries"].is_array()) return std::nullopt;
  DeviceAudit a;
  a.deviceCode = text(j, "device_code");
  a.name = text(j, "name");
  a.audit = text(j, "audit");
  a.auditFirstBad = integer(j, "audit_first_bad");
  for (const json& e : j["entries"]) {
    if (!e.is_object() || integer(e, "id") <= 0) return std::nullopt;
    a.entries.push_back({integer(e, "id"), integer(e, "at_ms"), text(e, "staff"), text(e, "action"), text(e, "subject"), text(e, "reason"),
                         text(e, "details"), !e.contains("intact") || !e["intact"].is_boolean() || e["intact"].get<bool>()});
  }
  return a;
}

std::string comparePath(const std::string& a, const std::string& b) { return "/api/v1/compare?a=" + a + "&b=" + b; }
std::string yearPath(const std::string& year) { return "/api/v1/years/" + year; }
// The server's own limit (200): the newest actions; older ones stay on the server.
std::string deviceAuditPath(const std::string& event, const std::string& device) {
  return "/api/v1/events/" + event + "/devices/" + device + "/audit";
}

// ---- The cache ---------------------------------------------------------------------------------
std::string Cache::toJson(const std::string& server) const {
  json j;
  j["server"] = server;
  j["confirmed_at_ms"] = confirmedAtMs;
  j["event_code"] = eventCode;
  j["events"] = {{"etag", events.etag}, {"body", events.body}};
  j["per_event"] = json::object();
  for (const auto& [code, routes] : perEvent)
    for (const auto& [tag, a] : routes) j["per_event"][code][tag] = {{"etag", a.etag}, {"body", a.body}};
  j["compare_with"] = compareWith;
  j["year"] = year;
  j["views"] = json::object();
  for (const auto& [path, a] : views) j["views"][path] = {{"etag", a.etag}, {"body", a.body}};
  return j.dump();
}

Cache Cache::fromJson(const std::string& raw, const std::string& server) {
  Cache c;
  const json j = json::parse(raw, nullptr, false);
  if (!j.is_object() || !j.contains("server") || j["server"] != server) return c;
  auto answer = [](const json& a) { return Answer{text(a, "etag"), text(a, "body")}; };
  c.confirmedAtMs = integer(j, "confirmed_at_ms");
  c.eventCode = text(j, "event_code");
  if (j.contains("events") && j["events"].is_object()) c.events = answer(j["events"]);
  if (j.contains("per_event") && j["per_event"].is_object())
    for (const auto& [code, routes] : j["per_event"].items())
      if (routes.is_object())
        for (const auto& [tag, a] : routes.items())
          if (a.is_object()) c.perEvent[code][tag] = answer(a);
  c.compareWith = text(j, "compare_with");
  c.year = text(j, "year");
  if (j.contains("views") && j["views"].is_object())
    for (const auto& [path, a] : j["views"].items())
      if (a.is_object()) c.views[path] = answer(a);
  return c;
}

// ---- Errors ------------------------------------------------------------------------------------
std::string errorText(const sync::HttpResponse& r) {
  if (r.status == 0) return r.error.empty() ? std::string("no answer") : r.error;
  const json j = json::parse(r.body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_string()) return fmt::format("HTTP {}: {}", r.status, j["error"].get<std::string>());
  return fmt::format("HTTP {}", r.status);
}

}  // namespace pameran::kiosk::organizer::wire
