// Contents: helpers · the event list · figures of one event · downloads · target.
#include "organizer_api.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "pameran/core/ids.hpp"
#include "pameran/sync/protocol.hpp"
#include "pdf.hpp"

namespace pameran::sync {

namespace {

constexpr std::size_t kTargetMaxBody = 256;

std::string eventTag(const EventCounter& e, std::string_view tag) {
  return fmt::format("\"e{}-{}-{}\"", e.eventId, e.changeSeq, tag);
}

// Current first: open events whose dates include today (in the event's zone), then the rest by
// start date, newest first (events without dates last), then by code.
void sortCurrentFirst(std::vector<EventOverview>& list, core::EpochMs now) {
  auto isCurrent = [now](const core::Event& e) {
    if (!e.open) return false;
    const std::string today = core::localDate(now, e.tzOffsetMinutes);
    return (e.startDate.empty() || e.startDate <= today) && (e.endDate.empty() || today <= e.endDate) &&
           !(e.startDate.empty() && e.endDate.empty());
  };
  std::stable_sort(list.begin(), list.end(), [&](const EventOverview& a, const EventOverview& b) {
    const bool ca = isCurrent(a.event), cb = isCurrent(b.event);
    if (ca != cb) return ca;
    if (a.event.startDate != b.event.startDate) return a.event.startDate > b.event.startDate;
    return a.event.code < b.event.code;
  });
}

std::string eventsJson(const std::vector<EventOverview>& list, core::EpochMs now) {
  nlohmann::json events = nlohmann::json::array();
  for (const EventOverview& o : list) {
    const core::Event& e = o.event;
    events.push_back({{"code", e.code},
                      {"name", e.name},
                      {"venue", e.venue},
                      {"start_date", e.startDate},
                      {"end_date", e.endDate},
                      {"tz_offset_minutes", e.tzOffsetMinutes},
                      {"cutoff_hour", e.cutoffHour},
                      {"open", e.open},
                      {"target_idr", o.targetIdr},
                      {"change_seq", o.changeSeq},
                      {"sales_count", o.salesCount},
                      {"net_idr", o.net.idr()},
                      {"devices", o.devices}});
  }
  return nlohmann::json{{"server_time_ms", now}, {"events", std::move(events)}}.dump();
}

}  // namespace

OrganizerApi::OrganizerApi(ServerStore& store, const ServerOptions& options) : m_store(store), m_options(options) {}

bool OrganizerApi::unchanged(HandlerCall& c, std::string_view tag) {
  auto counter = m_store.eventCounter(c.params.at(0));
  if (!counter) {
    sendFailure(c.res, counter.error());
    return true;
  }
  return answeredNotModified(c.req, c.res, eventTag(*counter, tag));
}

bool OrganizerApi::unchangedOver(HandlerCall& c, std::string_view tag, const std::vector<std::string>& codes) {
  std::string etag;
  if (codes.empty()) {
    auto counters = m_store.eventCounters();
    if (!counters) {
      sendFailure(c.res, counters.error());
      return true;
    }
    std::string all;
    for (const EventCounter& e : *counters) all += fmt::format("{}:{};", e.eventId, e.changeSeq);
    etag = fmt::format("\"y{}-{}\"", tag, core::sha256Hex(all).substr(0, 24));
  } else {
    etag = "\"k";
    for (const std::string& code : codes) {
      auto counter = m_store.eventCounter(code);
      if (!counter) {
        sendFailure(c.res, counter.error());
        return true;
      }
      etag += fmt::format("{}-{}-", counter->eventId, counter->changeSeq);
    }
    etag += std::string(tag) + "\"";
  }
  return answeredNotModified(c.req, c.res, etag);
}

void OrganizerApi::download(HandlerCall& c, std::string body, const char* type, const std::string& fileName) {
  c.res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"", fileName));
  c.res.set_header("X-Content-Type-Options", "nosniff");
  c.res.status = 200;
  c.res.set_content(std::move(body), type);
}

// ---- the event list ----------------------------------------------------------------------------

void OrganizerApi::events(HandlerCall& c) {
  auto counters = m_store.eventCounters();
  if (!counters) return sendFailure(c.res, counters.error());
  std::string all;
  for (const EventCounter& e : *counters) all += fmt::format("{}:{};", e.eventId, e.changeSeq);
  if (answeredNotModified(c.req, c.res, "\"l" + core::sha256Hex(all).substr(0, 24) + "\"")) return;
  auto list = m_store.eventOverview();
  if (!list) return sendFailure(c.res, list.error());
  const core::EpochMs now = m_options.clock();
  sortCurrentFirst(*list, now);
  c.res.status = 200;
  c.res.set_content(eventsJson(*list, now), kJson);
}

// ---- figures of one event ----------------------------------------------------------------------

void OrganizerApi::totals(HandlerCall& c) {
  if (unchanged(c, "totals")) return;
  auto report = m_store.report(c.params.at(0));
  if (!report) return sendFailure(c.res, report.error());
  c.res.status = 200;
  c.res.set_content(core::reportToJson(*report), kJson);
}

void OrganizerApi::devices(HandlerCall& c) {
  if (unchanged(c, "devices")) return;
  auto list = m_store.devices(c.params.at(0));
  if (!list) return sendFailure(c.res, list.error());
  c.res.status = 200;
  c.res.set_content(encodeDeviceList(c.params.at(0), m_options.clock(), *list), kJson);
}

void OrganizerApi::settlement(HandlerCall& c) {
  const std::string format = c.req.get_param_value("format");
  if (!format.empty() && format != "json" && format != "csv") return sendError(c.res, 422, "format must be json or csv");
  if (unchanged(c, format == "csv" ? "settlement-csv" : "settlement")) return;
  auto s = m_store.settlement(c.params.at(0));
  if (!s) return sendFailure(c.res, s.error());
  if (format == "csv") return download(c, core::settlementToCsv(*s), "text/csv; charset=utf-8", s->event + "-settlement.csv");
  auto goods = m_store.stockLedger(c.params.at(0));
  if (!goods) return sendFailure(c.res, goods.error());
  c.res.status = 200;
  c.res.set_content(core::settlementToJson(*s, *goods), kJson);
}

// ---- downloads ---------------------------------------------------------------------------------

void OrganizerApi::vendorStatement(HandlerCall& c) {
  const std::string& file = c.params.at(1);
  constexpr std::string_view kPdf = ".pdf";
  if (file.size() <= kPdf.size() || file.substr(file.size() - kPdf.size()) != kPdf)
    return sendError(c.res, 404, "ask for VENDOR.pdf");
  const std::string vendor = file.substr(0, file.size() - kPdf.size());
  auto event = m_store.event(c.params.at(0));
  if (!event) return sendFailure(c.res, event.error());
  auto s = m_store.settlement(c.params.at(0));
  if (!s) return sendFailure(c.res, s.error());
  const auto row = std::find_if(s->vendors.begin(), s->vendors.end(), [&](const auto& r) { return r.vendorCode == vendor; });
  if (row == s->vendors.end()) return sendError(c.res, 404, "no vendor " + vendor + " in " + event->code);
  auto goods = m_store.stockLedger(c.params.at(0));
  if (!goods) return sendFailure(c.res, goods.error());
  auto pdf = settlementPdf(*row, *event, m_options.clock(), &*goods);
  if (!pdf) return sendFailure(c.res, pdf.error());
  download(c, std::move(*pdf), "application/pdf", fmt::format("{}-{}.pdf", event->code, vendor));
}

void OrganizerApi::statements(HandlerCall& c) {
  auto event = m_store.event(c.params.at(0));
  if (!event) return sendFailure(c.res, event.error());
  auto s = m_store.settlement(c.params.at(0));
  if (!s) return sendFailure(c.res, s.error());
  auto goods = m_store.stockLedger(c.params.at(0));
  if (!goods) return sendFailure(c.res, goods.error());
  auto pdf = settlementsPdf(*s, *event, m_options.clock(), &*goods);
  if (!pdf) return sendFailure(c.res, pdf.error());
  download(c, std::move(*pdf), "application/pdf", event->code + "-statements.pdf");
}

void OrganizerApi::reportCsv(HandlerCall& c) {
  auto report = m_store.report(c.params.at(0));
  if (!report) return sendFailure(c.res, report.error());
  download(c, core::reportToCsv(*report), "text/csv; charset=utf-8", report->event + "-report.csv");
}

void OrganizerApi::reportPdf(HandlerCall& c) {
  auto event = m_store.event(c.params.at(0));
  if (!event) return sendFailure(c.res, event.error());
  auto report = m_store.report(c.params.at(0));
  if (!report) return sendFailure(c.res, report.error());
  auto pdf = sync::reportPdf(*report, *event, m_options.clock());
  if (!pdf) return sendFailure(c.res, pdf.error());
  download(c, std::move(*pdf), "application/pdf", event->code + "-report.pdf");
}

// ---- target ------------------------------------------------------------------------------------

void OrganizerApi::setTarget(HandlerCall& c) {
  std::string body;
  if (!readBody(*c.reader, kTargetMaxBody, body, c.res)) return;
  const nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object() || doc.size() != 1 || !doc.contains("target_idr") || !doc["target_idr"].is_number_integer())
    return sendError(c.res, 422, "the body must be {\"target_idr\":N} with N an integer number of rupiah");
  // The range is the rulebook's (rules::checkTarget): out of it, the store answers Invalid (422).
  if (auto done = m_store.setTarget(c.params.at(0), doc["target_idr"].get<std::int64_t>()); !done)
    return sendFailure(c.res, done.error());
  c.res.status = 204;
}

// ---- a device's audit log -----------------------------------------------------------------------

void OrganizerApi::deviceAudit(HandlerCall& c) {
  const std::string& device = c.params.at(1);
  if (!core::isValidCode(device)) return sendError(c.res, 404, "no device " + device.substr(0, 40));
  std::int64_t limit = 200;
  if (const std::string text = c.req.get_param_value("limit"); !text.empty()) {
    const bool digits = text.size() <= 4 && std::all_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    limit = digits ? std::stoll(text) : 0;
    if (limit < 1 || limit > 1000) return sendError(c.res, 422, "limit must be a whole number from 1 to 1000");
  }
  // New entries move the event's change counter (the upload that brings them does).
  if (unchanged(c, fmt::format("audit-{}-{}", device, limit))) return;
  auto audit = m_store.deviceAudit(c.params.at(0), device, static_cast<std::size_t>(limit));
  if (!audit) return sendFailure(c.res, audit.error());
  c.res.status = 200;
  c.res.set_content(encodeAuditList(c.params.at(0), audit->device, audit->entries), kJson);
}

// ---- the consignment ledger (issue 11) --------------------------------------------------------

void OrganizerApi::stock(HandlerCall& c) {
  const std::string format = c.req.get_param_value("format");
  if (!format.empty() && format != "json" && format != "csv") return sendError(c.res, 422, "format must be json or csv");
  if (unchanged(c, format == "csv" ? "stock-csv" : "stock")) return;
  auto ledger = m_store.stockLedger(c.params.at(0));
  if (!ledger) return sendFailure(c.res, ledger.error());
  if (format == "csv") return download(c, core::stockLedgerToCsv(*ledger), "text/csv; charset=utf-8", ledger->event + "-stock.csv");
  c.res.status = 200;
  c.res.set_content(core::stockLedgerToJson(*ledger), kJson);
}

}  // namespace pameran::sync
