#pragma once
// The organizer client's wire and cache formats (private to the client): the organizer endpoints'
// answers read into the console's data (the report and settlement readers are core's), the
// request paths of the comparison and the year, and the cache file (the last answers with their
// ETags; never the token).
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pameran/kiosk/organizer/console.hpp"
#include "pameran/sync/http.hpp"

namespace pameran::kiosk::organizer::wire {

// ---- Parsing (each nullopt when the body is not of the expected shape) ----------------------------
std::optional<std::vector<EventInfo>> parseEvents(const std::string& body, core::EpochMs& serverTime);
std::optional<std::vector<DeviceHealth>> parseDevices(const std::string& body, core::EpochMs& serverTime);
std::optional<VendorDetail> parseVendor(const std::string& body);
/// GET /api/v1/compare's answer: both reports; the change is core's rule, worked out here again
/// from them (compareReports), so the console shows exactly what `pameran-server compare` says.
std::optional<core::Comparison> parseComparison(const std::string& body);

/// GET /api/v1/events/{code}/stock's answer: the products as the server counts them; the vendors'
/// lines are core's sums of them (buildStockLedger), the same rule the server sums by.
std::optional<core::StockLedger> parseStock(const std::string& body);

/// GET /api/v1/events/{code}/devices/{device}/audit's answer (PROTOCOL.md §13).
std::optional<DeviceAudit> parseDeviceAudit(const std::string& body);

std::string comparePath(const std::string& a, const std::string& b);
std::string yearPath(const std::string& year);
std::string deviceAuditPath(const std::string& event, const std::string& device);

inline constexpr const char* kTotals = "totals";
inline constexpr const char* kDevices = "devices";
inline constexpr const char* kSettlement = "settlement";
inline constexpr const char* kStock = "stock";

/// The server's words for a failed request: `HTTP 404: no event X`, or the transport's.
std::string errorText(const sync::HttpResponse& r);

// ---- The cache -------------------------------------------------------------------------------------
struct Answer {
  std::string etag;
  std::string body;
};

struct Cache {
  Answer events;
  core::EpochMs confirmedAtMs = 0;
  std::string eventCode;
  std::map<std::string, std::map<std::string, Answer>> perEvent;  // event -> route tag -> answer
  std::string compareWith, year;                                  // what the comparison and year views asked for
  std::map<std::string, Answer> views;                            // their answers, by request path

  std::string toJson(const std::string& server) const;
  /// An empty cache when `raw` is not a cache of `server`.
  static Cache fromJson(const std::string& raw, const std::string& server);
};

}  // namespace pameran::kiosk::organizer::wire
