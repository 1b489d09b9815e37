// Figures over several events (figures.hpp).
#include "figures.hpp"

#include <algorithm>
#include <map>

namespace pameran::sync {

using core::Errc;
using core::fail;
using core::Result;

namespace {

bool isYear(std::string_view y) {
  return y.size() == 4 && std::all_of(y.begin(), y.end(), [](char c) { return c >= '0' && c <= '9'; }) && y >= "1900";
}

// The reports of the events of `year` (none is an empty list).
Result<std::vector<core::EventReport>> reportsOf(ServerStore& store, const std::vector<core::Event>& events, std::string_view year) {
  std::vector<core::EventReport> out;
  for (const core::Event& e : events) {
    if (core::yearOf(e) != year) continue;
    auto r = store.report(e.code);
    if (!r) return r.failure();
    out.push_back({e, std::move(*r)});
  }
  return out;
}

Result<std::vector<core::Event>> eventsOfYear(ServerStore& store, std::string_view year) {
  if (!isYear(year)) return fail(Errc::Invalid, "a year is four digits, such as 2026");
  std::vector<core::Event> all = store.events();
  if (std::none_of(all.begin(), all.end(), [&](const core::Event& e) { return core::yearOf(e) == year; }))
    return fail(Errc::NotFound, "no event starts in " + std::string(year) + " (an event's year is that of its start date)");
  return all;
}

}  // namespace

Result<core::Report> yearReport(ServerStore& store, std::string_view year) {
  auto all = eventsOfYear(store, year);
  if (!all) return all.failure();
  auto events = reportsOf(store, *all, year);
  if (!events) return events.failure();
  auto before = reportsOf(store, *all, std::to_string(std::stoi(std::string(year)) - 1));
  if (!before) return before.failure();
  return core::combineYear(std::string(year), *events, *before);
}

Result<core::Settlement> yearSettlement(ServerStore& store, std::string_view year) {
  auto all = eventsOfYear(store, year);
  if (!all) return all.failure();
  std::map<std::string, core::SettlementRow> rows;
  for (const core::Event& e : *all) {
    if (core::yearOf(e) != year) continue;
    auto s = store.settlement(e.code);
    if (!s) return s.failure();
    for (const core::SettlementRow& v : s->vendors) {
      core::SettlementRow& t = rows[v.vendorCode];
      t.vendorCode = v.vendorCode;
      t.name = v.name;
      t.sector = v.sector;
      t.commissionBp = v.commissionBp;  // the latest event's rate; the amounts are as each event charged
      t.salesCount += v.salesCount;
      t.items += v.items;
      t.gross += v.gross;
      t.discount += v.discount;
      t.refund += v.refund;
      t.net += v.net;
      t.commission += v.commission;
      t.paidDirect += v.paidDirect;
      t.owedToVendor += v.owedToVendor;
    }
  }
  core::Settlement out;
  out.event = std::string(year);
  for (auto& [code, row] : rows) out.vendors.push_back(std::move(row));
  return out;
}

Result<core::Comparison> compareEvents(ServerStore& store, std::string_view a, std::string_view b) {
  auto ra = store.report(a);
  if (!ra) return ra.failure();
  auto rb = store.report(b);
  if (!rb) return rb.failure();
  return core::compareReports(std::move(*ra), std::move(*rb));
}

Result<WorkbookContent> eventWorkbook(ServerStore& store, std::string_view eventCode, core::EpochMs now) {
  WorkbookContent c;
  auto event = store.event(eventCode);
  if (!event) return event.failure();
  auto report = store.report(eventCode);
  if (!report) return report.failure();
  auto settlement = store.settlement(eventCode);
  if (!settlement) return settlement.failure();
  return WorkbookContent{std::move(*event), std::move(*report), std::move(*settlement), now};
}

Result<WorkbookContent> yearWorkbook(ServerStore& store, std::string_view year, core::EpochMs now) {
  auto report = yearReport(store, year);
  if (!report) return report.failure();
  auto settlement = yearSettlement(store, year);
  if (!settlement) return settlement.failure();
  core::Event e;
  e.code = std::string(year);
  e.name = "All events of " + std::string(year);
  e.startDate = std::string(year) + "-01-01";
  e.endDate = std::string(year) + "-12-31";
  return WorkbookContent{std::move(e), std::move(*report), std::move(*settlement), now};
}

}  // namespace pameran::sync
