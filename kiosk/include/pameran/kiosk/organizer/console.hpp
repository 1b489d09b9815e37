#pragma once
// The organizer console (issue 9): what the organizer client knows (ConsoleData, filled on its
// thread and handed over whole), what the organizer is looking at (ConsoleState), what the screens
// ask for (ConsoleAction), the view models built from both (no ImGui), and the frame that draws
// them. The client that fills ConsoleData lives apart (organizer/client.hpp): this part knows no
// network, as the booth's screens know no libcurl.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "pameran/core/consignment.hpp"
#include "pameran/core/report.hpp"
#include "pameran/core/report_combine.hpp"
#include "pameran/core/report_json.hpp"
#include "pameran/core/time.hpp"
#include "pameran/kiosk/text.hpp"
#include "pameran/kiosk/view_models.hpp"

namespace pameran::kiosk::organizer {

// ---- What the server said --------------------------------------------------------------------
struct EventInfo {
  std::string code, name, venue, startDate, endDate;
  int tzOffsetMinutes = core::kWibOffsetMinutes;
  int cutoffHour = 0;
  bool open = true;
  core::Rupiah target;          // 0: none set
  std::int64_t changeSeq = 0;
  std::int64_t salesCount = 0;
  core::Rupiah net;
  std::int64_t devices = 0;
};

struct DeviceHealth {
  std::string deviceCode, name, booth, vendorCode;
  bool revoked = false;
  core::EpochMs lastUploadMs = 0;  // server clock; 0: never
  std::int64_t highestSeq = 0, salesCount = 0, lateCount = 0, missingCount = 0, seqCollisions = 0;
  std::vector<std::pair<std::int64_t, std::int64_t>> missing;  // inclusive ranges
  std::string audit;               // "ok" | "broken" | "unknown" | "" (server without the audit check)
  std::int64_t auditFirstBad = 0;
};

/// One device's privileged actions (GET /api/v1/events/{code}/devices/{device}/audit), newest first.
struct AuditEntryRow {
  std::int64_t id = 0;
  core::EpochMs atMs = 0;          // the kiosk's clock
  std::string staff, action, subject, reason, details;
  bool intact = true;              // false from the first entry that breaks the chain on
};
struct DeviceAudit {
  std::string deviceCode, name;
  std::string audit;               // "ok" | "broken" | "unknown"
  std::int64_t auditFirstBad = 0;
  std::vector<AuditEntryRow> entries;
};

struct VendorDetail {
  std::string vendorCode, name;
  core::Sector sector = core::Sector::Kriya;
  std::int64_t salesCount = 0, items = 0;
  core::Rupiah net;
  std::vector<std::pair<std::string, core::Rupiah>> byDay;
  std::vector<std::pair<int, core::Rupiah>> byHour;
  std::vector<core::ReportProductRow> products;
  std::optional<core::SettlementRow> settlement;
  bool complete = false;           // false: the server has no vendor route; built from the report
};

enum class Link {
  Connecting,    // no answer yet
  Online,        // the last request was answered
  Offline,       // the server cannot be reached; figures come from the last answer or the cache
  Unauthorized,  // 401: unknown or revoked token
  Forbidden,     // 403: a device token, not an organizer's
};

enum class NoticeKind { None, Info, Good, Error };

enum class Download { VendorPdf, StatementsPdf, SettlementCsv, ReportCsv, Workbook };

struct ConsoleData {
  std::string server;
  Link link = Link::Connecting;
  std::string linkDetail;              // the transport's words when offline
  core::EpochMs confirmedAtMs = 0;     // local clock: when the figures shown were last known current
  core::EpochMs offlineSinceMs = 0;    // local clock: first failed request of this outage
  bool fromCache = false;              // the figures came from the cache file, not this run
  core::EpochMs serverClockSkewMs = 0; // server clock minus local clock at the last answer
  std::vector<EventInfo> events;       // current first
  std::string eventCode;               // the chosen event
  std::optional<core::ReportReading> report;
  std::optional<core::Settlement> settlement;
  std::optional<std::vector<DeviceHealth>> devices;
  std::optional<VendorDetail> vendor;  // the open vendor's detail, when fetched
  std::string compareWith;             // the event the chosen one is compared with ("" none asked)
  std::optional<core::Comparison> comparison;  // eventCode against compareWith (GET /api/v1/compare)
  std::string year;                    // the year on show ("" none asked)
  std::optional<core::Report> yearReport;      // GET /api/v1/years/{year}
  std::optional<core::StockLedger> stock;      // GET /api/v1/events/{code}/stock (none: a server without it)
  std::string auditDevice;             // the device whose actions were asked for ("" none)
  std::optional<DeviceAudit> deviceAudit;      // its list, when fetched (or cached)
  std::string downloadDir;             // where downloads are saved
  NoticeKind noticeKind = NoticeKind::None;
  T notice = T::OrgTitle;              // last download or target result (with noticeKind != None)
  std::string noticeArg;               // fills {0}: a file path, the server's words
  std::uint64_t revision = 0;          // bumps with every change
  const EventInfo* event() const;
};

// ---- What the organizer is looking at --------------------------------------------------------
enum class View { Headline, Vendors, Charts, Health, Settlement, Compare, Year, Stock };
inline constexpr View kViews[] = {View::Headline, View::Vendors,    View::Charts, View::Health,
                                  View::Settlement, View::Compare, View::Year, View::Stock};

enum class VendorColumn { Code, Name, Sector, Sales, Items, Net, Commission, PaidDirect, Owed };

struct ConsoleState {
  View view = View::Headline;
  std::string search;                  // vendors: code, name or sector contains
  VendorColumn sortBy = VendorColumn::Net;
  bool sortDescending = true;
  std::string openVendor;              // vendor whose detail is open ("" none)
  bool pickingEvent = false;
  bool pickingCompare = false;         // the list of events to compare with is open
  std::string compareAskedFor;         // the event whose comparison was asked for
  bool yearAsked = false;
  bool editingTarget = false;
  std::string targetDigits;            // what is typed for the target
  int silentMinutes = 15;              // a booth silent longer is flagged
  Language language = Language::Id;
  std::string openStockVendor;         // vendor whose consigned products are listed ("" none)
  std::string openAuditDevice;         // device whose privileged actions are listed ("" none)
};

namespace act {
struct ChooseEvent { std::string code; };
struct OpenVendor { std::string code; };
struct OpenDeviceAudit { std::string device; };  // a device's privileged actions
struct CompareWith { std::string code; };  // compare the chosen event with this one
struct ShowYear { std::string year; };
struct SetTarget { std::int64_t idr = 0; };
struct Fetch { Download what; std::string vendor; };
struct RefreshNow {};
struct SetLanguage { Language language; };
struct Quit {};
}  // namespace act
using ConsoleAction = std::variant<act::ChooseEvent, act::OpenVendor, act::OpenDeviceAudit, act::CompareWith, act::ShowYear, act::SetTarget, act::Fetch,
                                   act::RefreshNow, act::SetLanguage, act::Quit>;

// ---- View models (console_vm.cpp) ------------------------------------------------------------
struct StatusVm {
  std::string event;                   // "Pameran Kriya Depok (DEPOK-2026)"
  std::string line;                    // online / offline with the age of the figures
  Tone tone = Tone::Neutral;
  std::string problem;                 // 401/403 in words, or the event missing
  std::string notice;
  NoticeKind noticeKind = NoticeKind::None;
};

struct Figure {
  T label;
  std::string value;                   // `Rp 2.601.985.649`, `1.234`
  const char* field;                   // the report field it shows (probe id)
};

struct HeadlineVm {
  bool hasReport = false;
  std::vector<Figure> figures;         // net first, then sales, items, gross, discounts, refunds
  bool hasTarget = false;
  std::string target;                  // `Rp 3.000.000.000`
  float progress = 0;                  // 0..1 for the bar (more than the target: 1)
  std::string progressText;            // `86,7 % dari target` / `Rp 398.014.351 lagi`
  std::int64_t vendors = 0, devices = 0;
};

struct VendorRowVm {
  std::string code, name, sector, sales, items, net, commission, paidDirect, owed;
  core::Sector sectorValue = core::Sector::Kriya;
  bool owesOrganizer = false;          // owed is negative
};
struct VendorsVm {
  std::vector<VendorRowVm> rows;       // filtered and sorted
  std::size_t total = 0;               // before the search
  std::string netShown;                // the shown rows' net together
};

struct VendorDetailVm {
  bool open = false;
  bool loading = false;
  bool complete = false;
  std::string title, sector;
  std::vector<std::pair<T, std::string>> figures;      // sales, items, net
  std::vector<std::pair<T, std::string>> settlement;   // net, commission, paid direct, owed
  struct Product { std::string sku, name, items, net; };
  std::vector<Product> products;
  std::vector<std::pair<std::string, std::string>> days;   // date, net
  std::vector<std::pair<std::string, std::string>> hours;  // "14:00", net
};

struct Bar {
  std::string key;                     // stable id part (sector code, date, device code...)
  std::string label;
  std::int64_t value = 0;              // rupiah (or items)
  std::string exact;                   // the full figure shown on hover or tap
  int colour = -1;                     // sector index for a sector's colour, -1 the primary colour
};
struct ChartVm {
  T title;
  std::vector<Bar> bars;
  bool heatStrip = false;              // hours: 24 cells
};
struct ChartsVm {
  std::vector<ChartVm> charts;         // only those the report has
};

struct DeviceRowVm {
  std::string code, name, booth, lastUpload, ago, missing, late, audit;
  Tone tone = Tone::Neutral;            // Bad: silent too long, missing numbers or a broken audit
  Tone auditTone = Tone::Neutral;
  bool silent = false;
  bool hasAudit = false;               // the server checks its audit log: its actions can be listed
};
struct HealthVm {
  bool has = false;
  std::vector<DeviceRowVm> rows;
  std::size_t silent = 0, withGaps = 0;
  std::string summary;
};

/// A device's privileged actions as the organizer reads them: altered entries marked.
struct AuditRowVm {
  std::string no, time, staff, action, subject, detail;  // detail: the reason and the details
  bool altered = false;                // the entry breaks the chain or comes after one that does
};
struct DeviceAuditVm {
  bool open = false;
  bool loading = false;                // asked for, not here yet
  std::string title;                   // "Tindakan khusus K01 Kios Pintu Utara"
  std::string state;                   // "Jejak audit: utuh" / "... RUSAK sejak no. 12"
  Tone tone = Tone::Neutral;
  std::vector<AuditRowVm> rows;        // newest first
};

struct SettlementVm {
  bool has = false;
  std::vector<VendorRowVm> rows;       // by vendor code
  std::string net, commission, paidDirect, owed;
  std::string folder;                  // where downloads go
};

/// One figure of this event against the other: both written in full, the change with its sign.
struct ChangeRowVm {
  std::string key;                     // stable id part (field, sector code, vendor code)
  std::string label;
  std::string a, b;                    // `Rp 2.601.985.649`, `2.300`
  std::string change;                  // `+12,34 %`, `-5,00 %`; `baru` when b has nothing to measure against
  Tone tone = Tone::Neutral;           // Good: up, Bad: down
  int colour = -1;                     // sector index for a sector's dot, else -1
};
struct CompareVm {
  bool has = false;                    // the comparison of the chosen event with `with` is here
  std::string with;                    // the other event's code ("" none)
  std::string titleA, titleB;          // event names
  std::vector<ChangeRowVm> figures;    // net, gross, sales, items, vendors
  std::vector<ChangeRowVm> sectors;    // all three
  std::vector<ChangeRowVm> topVendors; // this event's best, with what they made in the other
};

struct ShareRowVm {
  std::string key, label, sub, net, share;  // share: `35,2 %` of the year's net
  int colour = -1;
};
struct IkmRowVm {
  std::string code, name, sector, events, net, growth;
  core::Sector sectorValue = core::Sector::Kriya;
  Tone tone = Tone::Neutral;           // growth up Good, down Bad
};
struct YearVm {
  bool has = false;                    // the report of `year` is here
  std::string year;
  std::vector<std::string> years;      // the years of the server's events, newest first
  std::vector<Figure> figures;         // net, sales, items, events, IKM
  std::vector<ShareRowVm> events;      // by start date
  std::vector<ShareRowVm> sectors;
  std::vector<IkmRowVm> ikm;           // by net, largest first
};

/// One line of the consignment ledger: a vendor (code, name) or a product (SKU, name), in units.
struct ConsignmentRowVm {
  std::string code, name, received, sold, refunded, adjusted, returned, onHand;
  bool negative = false;               // on hand below zero: the booths' counts disagree
};
struct ConsignmentVm {
  bool has = false;                    // the server sent the ledger
  std::vector<ConsignmentRowVm> rows;        // by vendor code
  ConsignmentRowVm total;                    // every vendor together
};
struct ConsignmentVendorVm {
  bool open = false;
  std::string title;                   // "Batik Depok (V01)"
  ConsignmentRowVm total;                    // the vendor's own line
  std::vector<ConsignmentRowVm> products;    // by SKU, all six columns
};

/// The event to compare `code` with by default: the latest that started before it ("" none).
std::string defaultCompareWith(const std::vector<EventInfo>& events, const std::string& code);
/// The year (`YYYY`) of an event: of its start date, else of its end date ("" none).
std::string yearOf(const EventInfo& event);

StatusVm buildStatusVm(const ConsoleData& data, core::EpochMs nowMs, const Translator& tr);
HeadlineVm buildHeadlineVm(const ConsoleData& data, const Translator& tr);
VendorsVm buildVendorsVm(const ConsoleState& state, const ConsoleData& data, const Translator& tr);
VendorDetailVm buildVendorDetailVm(const ConsoleState& state, const ConsoleData& data, const Translator& tr);
ChartsVm buildChartsVm(const ConsoleData& data, const Translator& tr);
HealthVm buildHealthVm(const ConsoleState& state, const ConsoleData& data, core::EpochMs nowMs, const Translator& tr);
DeviceAuditVm buildDeviceAuditVm(const ConsoleState& state, const ConsoleData& data, const Translator& tr);
SettlementVm buildSettlementVm(const ConsoleData& data, const Translator& tr);
CompareVm buildCompareVm(const ConsoleData& data, const Translator& tr);
YearVm buildYearVm(const ConsoleData& data, const Translator& tr);
ConsignmentVm buildConsignmentVm(const ConsoleData& data, const Translator& tr);
ConsignmentVendorVm buildConsignmentVendorVm(const ConsoleState& state, const ConsoleData& data, const Translator& tr);

/// A vendor's detail from the report and settlement alone (a server without the vendor route).
VendorDetail vendorDetailFromReport(const ConsoleData& data, const std::string& vendorCode);
/// "Rp 1.234" or "-Rp 1.234"; percentages as "86,7 %".
std::string percentText(std::int64_t part, std::int64_t whole);

// ---- The frame (console_frame.cpp) -----------------------------------------------------------
struct ConsoleFrameInput {
  ConsoleState& state;
  const ConsoleData& data;
  const Translator& tr;
  core::EpochMs nowMs;
  std::vector<ConsoleAction>& actions;
};
/// Draws the whole console between ImGui::NewFrame() and Render(); only emits actions and edits
/// the view state.
void drawConsole(ConsoleFrameInput in);

}  // namespace pameran::kiosk::organizer
