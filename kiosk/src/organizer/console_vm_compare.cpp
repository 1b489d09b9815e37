// The comparison's and the year's view models: this event against an earlier one, and every event
// of a year for the work meeting. The change in percent is core's rule (changeBp, formatBp); the
// comparison itself is core::compareReports over the two reports the server sent.
#include <algorithm>
#include <cctype>
#include <set>

#include "pameran/core/money.hpp"
#include "pameran/kiosk/organizer/console.hpp"
#include "vm_text.hpp"

namespace pameran::kiosk::organizer {
namespace {

using core::Rupiah;
using vm::money;
using vm::num;

std::string changeText(const std::optional<std::int64_t>& bp, const Translator& tr) {
  return bp ? core::formatBp(*bp) : tr(T::OrgNoBase);
}

Tone changeTone(const std::optional<std::int64_t>& bp) {
  if (!bp || *bp == 0) return Tone::Neutral;
  return *bp > 0 ? Tone::Good : Tone::Bad;
}

ChangeRowVm changeRow(std::string key, std::string label, const core::Change& c, bool isMoney, const Translator& tr) {
  ChangeRowVm row;
  row.key = std::move(key);
  row.label = std::move(label);
  row.a = isMoney ? money(Rupiah(c.a)) : num(c.a);
  row.b = isMoney ? money(Rupiah(c.b)) : num(c.b);
  row.change = changeText(c.bp, tr);
  row.tone = changeTone(c.bp);
  return row;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string eventTitle(const ConsoleData& data, const std::string& code) {
  for (const EventInfo& e : data.events)
    if (e.code == code) return e.name.empty() ? e.code : e.name;
  return code;
}

}  // namespace

std::string yearOf(const EventInfo& event) {
  core::Event e;
  e.startDate = event.startDate;
  e.endDate = event.endDate;
  return core::yearOf(e);
}

std::string defaultCompareWith(const std::vector<EventInfo>& events, const std::string& code) {
  const EventInfo* self = nullptr;
  for (const EventInfo& e : events)
    if (e.code == code) self = &e;
  const EventInfo* best = nullptr;
  for (const EventInfo& e : events) {
    if (e.code == code) continue;
    // Earlier than this one (or any, when this one has no date), latest first.
    if (self && !self->startDate.empty() && !(e.startDate < self->startDate)) continue;
    if (!best || e.startDate > best->startDate) best = &e;
  }
  if (!best)
    for (const EventInfo& e : events)
      if (e.code != code) return e.code;  // none earlier: the next in the server's order
  return best ? best->code : std::string();
}

CompareVm buildCompareVm(const ConsoleData& data, const Translator& tr) {
  CompareVm vm;
  vm.with = data.compareWith;
  if (!data.comparison || data.comparison->a.event != data.eventCode || data.comparison->b.event != data.compareWith) return vm;
  const core::Comparison& c = *data.comparison;
  vm.has = true;
  vm.titleA = eventTitle(data, c.a.event);
  vm.titleB = eventTitle(data, c.b.event);
  vm.figures = {changeRow("net_idr", tr(T::OrgNet), c.net, true, tr), changeRow("gross_idr", tr(T::OrgGross), c.gross, true, tr),
                changeRow("sales_count", tr(T::OrgSales), c.sales, false, tr), changeRow("items_sold", tr(T::OrgItems), c.items, false, tr),
                changeRow("vendors", tr(T::OrgVendorsSelling), c.vendors, false, tr)};
  for (const core::KeyedChange& k : c.bySector) {
    const auto sector = core::parseSector(k.key);
    ChangeRowVm row = changeRow(k.key, sector ? tr(vm::sectorText(*sector)) : k.key, k.change, true, tr);
    row.colour = sector ? static_cast<int>(*sector) : -1;
    vm.sectors.push_back(std::move(row));
  }
  for (const core::KeyedChange& k : c.topVendors)
    vm.topVendors.push_back(changeRow(k.key, k.name.empty() ? k.key : k.name, k.change, true, tr));
  return vm;
}

YearVm buildYearVm(const ConsoleData& data, const Translator& tr) {
  YearVm vm;
  vm.year = data.year;
  std::set<std::string, std::greater<>> years;
  for (const EventInfo& e : data.events)
    if (const std::string y = yearOf(e); !y.empty()) years.insert(y);
  vm.years.assign(years.begin(), years.end());
  if (!data.yearReport || data.yearReport->event != data.year) return vm;
  const core::Report& r = *data.yearReport;
  vm.has = true;
  vm.figures = {{T::OrgNet, money(r.net), "net_idr"},
                {T::OrgSales, num(r.salesCount), "sales_count"},
                {T::OrgItems, num(r.items), "items_sold"},
                {T::OrgYearEvents, num(static_cast<std::int64_t>(r.byEvent.size())), "events"},
                {T::OrgYearIkm, num(static_cast<std::int64_t>(r.byIkm.size())), "ikm"}};
  const std::int64_t whole = r.net.idr();
  for (const core::EventTotals& e : r.byEvent)
    vm.events.push_back({e.event, e.name.empty() ? e.event : e.name,
                         e.event + " · " + e.startDate + " · " + num(e.salesCount) + " " + lower(tr(T::OrgSales)), money(e.net),
                         percentText(e.net.idr(), whole)});
  for (const auto& [sector, net] : r.bySector)
    vm.sectors.push_back({std::string(core::toString(sector)), tr(vm::sectorText(sector)), {}, money(net), percentText(net.idr(), whole),
                          static_cast<int>(sector)});
  for (const core::IkmTotals& v : r.byIkm) {
    IkmRowVm row;
    row.code = v.vendorCode;
    row.name = v.name;
    row.sectorValue = v.sector;
    row.sector = tr(vm::sectorText(v.sector));
    row.events = num(v.events);
    row.net = money(v.net);
    row.growth = changeText(v.growthBp, tr);
    row.tone = changeTone(v.growthBp);
    vm.ikm.push_back(std::move(row));
  }
  return vm;
}

}  // namespace pameran::kiosk::organizer
