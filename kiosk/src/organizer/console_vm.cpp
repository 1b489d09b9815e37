// The console's view models: figures as the organizer reads them, built from ConsoleData and the
// view state. No ImGui, no clock of its own (the frame passes `nowMs`).
//
// Index
//   helpers ............. words for methods, ages, gaps, the audit check; a vendor's row
//   status, headline .... buildStatusVm, buildHeadlineVm
//   vendors ............. buildVendorsVm, buildVendorDetailVm, vendorDetailFromReport
//   charts .............. buildChartsVm
//   health .............. buildHealthVm, buildDeviceAuditVm (a device's privileged actions)
//   settlement .......... buildSettlementVm
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

#include "pameran/core/money.hpp"
#include "pameran/kiosk/organizer/console.hpp"
#include "vm_text.hpp"

namespace pameran::kiosk::organizer {
namespace {

using core::Rupiah;
using vm::money;
using vm::num;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

T methodText(core::PaymentMethod m) {
  switch (m) {
    case core::PaymentMethod::Cash: return T::MethodCash;
    case core::PaymentMethod::Qris: return T::MethodQris;
    case core::PaymentMethod::Card: return T::MethodCard;
    case core::PaymentMethod::Transfer: return T::MethodTransfer;
    case core::PaymentMethod::Ewallet: return T::MethodEwallet;
  }
  return T::MethodCash;
}

int sectorIndex(core::Sector s) { return static_cast<int>(s); }

// "5 menit lalu", "2 jam lalu", "3 hari lalu" (never negative: clocks disagree).
std::string agoText(core::EpochMs ms, const Translator& tr) {
  const std::int64_t s = std::max<std::int64_t>(0, ms / 1000);
  if (s < 60) return tr.format(T::OrgAgoSeconds, {std::to_string(s)});
  if (s < 3600) return tr.format(T::OrgAgoMinutes, {std::to_string(s / 60)});
  if (s < 86400 * 2) return tr.format(T::OrgAgoHours, {std::to_string(s / 3600)});
  return tr.format(T::OrgAgoDays, {std::to_string(s / 86400)});
}

std::string rangesText(const std::vector<std::pair<std::int64_t, std::int64_t>>& ranges) {
  std::string out;
  std::size_t shown = 0;
  for (const auto& [first, last] : ranges) {
    if (shown == 6) {
      out += ", …";
      break;
    }
    if (!out.empty()) out += ", ";
    out += first == last ? std::to_string(first) : std::to_string(first) + "–" + std::to_string(last);
    ++shown;
  }
  return out;
}

// The server's check of a device's audit chain in words ("utuh", "RUSAK sejak no. 12") and its tone.
std::string auditText(const std::string& audit, std::int64_t firstBad, const Translator& tr, Tone& tone) {
  if (audit == "ok") {
    tone = Tone::Good;
    return tr(T::OrgAuditOk);
  }
  if (audit == "broken") {
    tone = Tone::Bad;
    return firstBad > 0 ? tr.format(T::OrgAuditBrokenAt, {num(firstBad)}) : tr(T::OrgAuditBroken);
  }
  tone = Tone::Neutral;
  return tr(T::OrgAuditUnknown);
}

const core::SettlementRow* settlementRow(const ConsoleData& data, const std::string& vendor) {
  if (!data.settlement) return nullptr;
  for (const core::SettlementRow& row : data.settlement->vendors)
    if (row.vendorCode == vendor) return &row;
  return nullptr;
}

VendorRowVm vendorRow(const core::VendorTotals* v, const core::SettlementRow* s, const Translator& tr) {
  VendorRowVm row;
  row.code = v ? v->vendorCode : s->vendorCode;
  row.name = v ? v->name : s->name;
  row.sectorValue = v ? v->sector : s->sector;
  row.sector = tr(vm::sectorText(row.sectorValue));
  row.sales = num(v ? v->salesCount : s->salesCount);
  row.items = num(v ? v->items : s->items);
  row.net = money(v ? v->net : s->net);
  if (s) {
    row.commission = money(s->commission);
    row.paidDirect = money(s->paidDirect);
    row.owed = money(s->owedToVendor);
    row.owesOrganizer = s->owedToVendor.idr() < 0;
  } else {
    row.commission = row.paidDirect = row.owed = "–";
  }
  return row;
}

}  // namespace

const EventInfo* ConsoleData::event() const {
  for (const EventInfo& e : events)
    if (e.code == eventCode) return &e;
  return nullptr;
}

std::string percentText(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return "–";
  // Tenths of a percent, rounded half up, in integers: 1 decimal with a comma (Indonesian).
  const std::int64_t tenths = core::mulDiv(part, 2000, whole);
  const std::int64_t rounded = (tenths + (tenths >= 0 ? 1 : -1)) / 2;
  return fmt::format("{}{},{} %", rounded < 0 ? "-" : "", core::formatThousands(std::abs(rounded) / 10), std::abs(rounded) % 10);
}

StatusVm buildStatusVm(const ConsoleData& data, core::EpochMs nowMs, const Translator& tr) {
  StatusVm vm;
  if (const EventInfo* e = data.event()) vm.event = e->name.empty() ? e->code : e->name + " (" + e->code + ")";
  else vm.event = data.eventCode;
  const std::string age = data.confirmedAtMs > 0 ? agoText(nowMs - data.confirmedAtMs, tr) : std::string();
  const std::string asOf = data.confirmedAtMs > 0 ? core::localDateTime(data.confirmedAtMs, core::kWibOffsetMinutes) : std::string();
  switch (data.link) {
    case Link::Connecting:
      vm.line = data.fromCache ? tr.format(T::OrgStatusCache, {asOf, age}) : tr(T::OrgStatusConnecting);
      vm.tone = data.fromCache ? Tone::Warn : Tone::Neutral;
      break;
    case Link::Online:
      vm.line = tr.format(T::OrgStatusOnline, {data.server});
      vm.tone = Tone::Good;
      break;
    case Link::Offline:
      vm.line = data.confirmedAtMs > 0 ? tr.format(T::OrgStatusOffline, {asOf, age}) : tr(T::OrgStatusOfflineNoData);
      vm.tone = Tone::Bad;
      break;
    case Link::Unauthorized:
      vm.line = tr(T::OrgStatusRefused);
      vm.problem = tr(T::OrgProblemUnauthorized);
      vm.tone = Tone::Bad;
      break;
    case Link::Forbidden:
      vm.line = tr(T::OrgStatusRefused);
      vm.problem = tr(T::OrgProblemForbidden);
      vm.tone = Tone::Bad;
      break;
  }
  if (vm.problem.empty() && !data.eventCode.empty() && !data.events.empty() && !data.event())
    vm.problem = tr.format(T::OrgProblemNoEvent, {data.eventCode});
  if (data.noticeKind != NoticeKind::None) vm.notice = tr.format(data.notice, {data.noticeArg});
  vm.noticeKind = data.noticeKind;
  return vm;
}

HeadlineVm buildHeadlineVm(const ConsoleData& data, const Translator& tr) {
  (void)tr;
  HeadlineVm vm;
  if (const EventInfo* e = data.event()) {
    vm.devices = e->devices;
    if (e->target.idr() > 0) {
      vm.hasTarget = true;
      vm.target = money(e->target);
    }
  }
  if (!data.report) return vm;
  const core::Report& r = data.report->report;
  vm.hasReport = true;
  vm.vendors = static_cast<std::int64_t>(r.byVendor.size());
  vm.figures = {{T::OrgNet, money(r.net), "net_idr"},          {T::OrgSales, num(r.salesCount), "sales_count"},
                {T::OrgItems, num(r.items), "items_sold"},      {T::OrgGross, money(r.gross), "gross_idr"},
                {T::OrgDiscounts, money(r.discount), "discount_idr"}, {T::OrgRefunds, money(r.refund), "refund_idr"}};
  if (vm.hasTarget) {
    const std::int64_t target = data.event()->target.idr();
    vm.progress = static_cast<float>(std::clamp(static_cast<double>(r.net.idr()) / static_cast<double>(target), 0.0, 1.0));
    const std::int64_t left = target - r.net.idr();
    vm.progressText = left > 0 ? tr.format(T::OrgTargetLeft, {percentText(r.net.idr(), target), money(Rupiah(left))})
                               : tr.format(T::OrgTargetReached, {percentText(r.net.idr(), target)});
  }
  return vm;
}

VendorsVm buildVendorsVm(const ConsoleState& state, const ConsoleData& data, const Translator& tr) {
  VendorsVm vm;
  if (!data.report) return vm;
  struct Keyed {
    const core::VendorTotals* v;
    const core::SettlementRow* s;
  };
  std::vector<Keyed> rows;
  const std::string needle = lower(state.search);
  for (const core::VendorTotals& v : data.report->report.byVendor) {
    ++vm.total;
    const core::SettlementRow* s = settlementRow(data, v.vendorCode);
    if (!needle.empty()) {
      const std::string hay = lower(v.vendorCode + " " + v.name + " " + std::string(core::toString(v.sector)) + " " +
                                    tr(vm::sectorText(v.sector)));
      if (hay.find(needle) == std::string::npos) continue;
    }
    rows.push_back({&v, s});
  }
  auto money0 = [](const core::SettlementRow* s, Rupiah core::SettlementRow::*field) { return s ? (s->*field).idr() : 0; };
  auto less = [&](const Keyed& a, const Keyed& b) {
    switch (state.sortBy) {
      case VendorColumn::Code: return a.v->vendorCode < b.v->vendorCode;
      case VendorColumn::Name: return lower(a.v->name) < lower(b.v->name);
      case VendorColumn::Sector: return a.v->sector < b.v->sector;
      case VendorColumn::Sales: return a.v->salesCount < b.v->salesCount;
      case VendorColumn::Items: return a.v->items < b.v->items;
      case VendorColumn::Net: return a.v->net < b.v->net;
      case VendorColumn::Commission: return money0(a.s, &core::SettlementRow::commission) < money0(b.s, &core::SettlementRow::commission);
      case VendorColumn::PaidDirect: return money0(a.s, &core::SettlementRow::paidDirect) < money0(b.s, &core::SettlementRow::paidDirect);
      case VendorColumn::Owed: return money0(a.s, &core::SettlementRow::owedToVendor) < money0(b.s, &core::SettlementRow::owedToVendor);
    }
    return false;
  };
  // Ties keep the vendor code order, whichever way the column sorts.
  std::stable_sort(rows.begin(), rows.end(), [&](const Keyed& a, const Keyed& b) {
    if (less(a, b)) return !state.sortDescending;
    if (less(b, a)) return state.sortDescending;
    return a.v->vendorCode < b.v->vendorCode;
  });
  Rupiah shown;
  for (const Keyed& k : rows) {
    vm.rows.push_back(vendorRow(k.v, k.s, tr));
    shown += k.v->net;
  }
  vm.netShown = money(shown);
  return vm;
}

VendorDetail vendorDetailFromReport(const ConsoleData& data, const std::string& vendorCode) {
  VendorDetail d;
  d.vendorCode = vendorCode;
  if (data.report) {
    for (const core::VendorTotals& v : data.report->report.byVendor) {
      if (v.vendorCode != vendorCode) continue;
      d.name = v.name;
      d.sector = v.sector;
      d.salesCount = v.salesCount;
      d.items = v.items;
      d.net = v.net;
    }
    if (data.report->topProducts)
      for (const core::ReportProductRow& p : *data.report->topProducts)
        if (p.vendorCode == vendorCode) d.products.push_back(p);
  }
  if (const core::SettlementRow* s = settlementRow(data, vendorCode)) {
    d.settlement = *s;
    if (d.name.empty()) d.name = s->name;
  }
  return d;
}

VendorDetailVm buildVendorDetailVm(const ConsoleState& state, const ConsoleData& data, const Translator& tr) {
  VendorDetailVm vm;
  if (state.openVendor.empty()) return vm;
  vm.open = true;
  const bool fetched = data.vendor && data.vendor->vendorCode == state.openVendor;
  const VendorDetail d = fetched ? *data.vendor : vendorDetailFromReport(data, state.openVendor);
  vm.loading = !fetched && data.link == Link::Online;
  vm.complete = d.complete;
  vm.title = d.name.empty() ? d.vendorCode : d.name + " (" + d.vendorCode + ")";
  vm.sector = tr(vm::sectorText(d.sector));
  vm.figures = {{T::OrgSales, num(d.salesCount)}, {T::OrgItems, num(d.items)}, {T::OrgNet, money(d.net)}};
  if (d.settlement) {
    const core::SettlementRow& s = *d.settlement;
    vm.settlement = {{T::OrgNet, money(s.net)},
                     {T::OrgCommission, money(s.commission) + " (" + percentText(s.commissionBp, core::kFullBp) + ")"},
                     {T::OrgPaidDirect, money(s.paidDirect)},
                     {s.owedToVendor.idr() < 0 ? T::OrgOwesOrganizer : T::OrgOwed, money(s.owedToVendor)}};
  }
  for (const core::ReportProductRow& p : d.products) vm.products.push_back({p.sku, p.name, num(p.items), money(p.net)});
  for (const auto& [date, net] : d.byDay) vm.days.emplace_back(date, money(net));
  for (const auto& [hour, net] : d.byHour) vm.hours.emplace_back(fmt::format("{:02}:00", hour), money(net));
  return vm;
}

ChartsVm buildChartsVm(const ConsoleData& data, const Translator& tr) {
  ChartsVm vm;
  if (!data.report) return vm;
  const core::ReportReading& rr = *data.report;
  const core::Report& r = rr.report;
  auto bar = [](std::string key, std::string label, Rupiah value, int colour = -1) {
    return Bar{std::move(key), std::move(label), value.idr(), money(value), colour};
  };
  ChartVm sector{T::OrgChartSector, {}, false};
  for (const auto& [s, net] : r.bySector)
    sector.bars.push_back(bar(std::string(core::toString(s)), tr(vm::sectorText(s)), net, sectorIndex(s)));
  vm.charts.push_back(std::move(sector));
  ChartVm payment{T::OrgChartPayment, {}, false};
  for (const auto& [m, amount] : r.byPayment) payment.bars.push_back(bar(std::string(core::toString(m)), tr(methodText(m)), amount));
  vm.charts.push_back(std::move(payment));
  ChartVm day{T::OrgChartDay, {}, false};
  for (const auto& [date, net] : r.byDay) day.bars.push_back(bar(date, date, net));
  vm.charts.push_back(std::move(day));
  ChartVm hour{T::OrgChartHour, {}, true};
  std::map<int, Rupiah> hours;
  for (const auto& [h, net] : r.byHour) hours[h] += net;
  for (int h = 0; h < 24; ++h) hour.bars.push_back(bar(fmt::format("{:02}", h), fmt::format("{:02}:00", h), hours[h]));
  vm.charts.push_back(std::move(hour));
  if (rr.byDevice) {
    ChartVm device{T::OrgChartDevice, {}, false};
    for (const core::ReportDeviceRow& d : *rr.byDevice)
      device.bars.push_back(bar(d.deviceCode, d.name.empty() ? d.deviceCode : d.deviceCode + " " + d.name, d.net));
    vm.charts.push_back(std::move(device));
  }
  if (rr.byCashier) {
    ChartVm cashier{T::OrgChartCashier, {}, false};
    for (const core::ReportCashierRow& c : *rr.byCashier)
      cashier.bars.push_back(bar(c.cashier, c.cashier.empty() ? tr(T::OrgNoCashier) : c.cashier, c.net));
    vm.charts.push_back(std::move(cashier));
  }
  if (rr.topProducts) {
    ChartVm top{T::OrgChartTopProducts, {}, false};
    for (const core::ReportProductRow& p : *rr.topProducts) {
      Bar b = bar(p.sku, p.name.empty() ? p.sku : p.name, p.net);
      b.exact += " · " + tr.format(T::OrgItemsCount, {num(p.items)});
      top.bars.push_back(std::move(b));
      if (top.bars.size() == 10) break;
    }
    vm.charts.push_back(std::move(top));
  }
  return vm;
}

HealthVm buildHealthVm(const ConsoleState& state, const ConsoleData& data, core::EpochMs nowMs, const Translator& tr) {
  HealthVm vm;
  if (!data.devices) return vm;
  vm.has = true;
  const int tz = data.event() ? data.event()->tzOffsetMinutes : core::kWibOffsetMinutes;
  // The server's clock judges silence: the kiosk's and this laptop's may both be off.
  const core::EpochMs serverNow = nowMs + data.serverClockSkewMs;
  const core::EpochMs silentMs = static_cast<core::EpochMs>(state.silentMinutes) * 60'000;
  for (const DeviceHealth& d : *data.devices) {
    if (d.revoked) continue;
    DeviceRowVm row;
    row.code = d.deviceCode;
    row.name = d.name;
    row.booth = d.booth;
    if (d.lastUploadMs > 0) {
      row.lastUpload = core::localDateTime(d.lastUploadMs, tz);
      row.ago = agoText(serverNow - d.lastUploadMs, tr);
      row.silent = serverNow - d.lastUploadMs > silentMs;
    } else {
      row.lastUpload = tr(T::OrgNever);
      row.ago = "–";
      row.silent = true;
    }
    row.missing = d.missingCount == 0 ? tr(T::OrgNoneMissing) : tr.format(T::OrgMissing, {num(d.missingCount), rangesText(d.missing)});
    row.late = num(d.lateCount);
    row.audit = auditText(d.audit, d.auditFirstBad, tr, row.auditTone);
    row.hasAudit = !d.audit.empty();
    if (row.silent) ++vm.silent;
    if (d.missingCount > 0) ++vm.withGaps;
    row.tone = row.silent || row.auditTone == Tone::Bad ? Tone::Bad : d.missingCount > 0 || d.lateCount > 0 ? Tone::Warn : Tone::Good;
    vm.rows.push_back(std::move(row));
  }
  // The booths that need a look come first.
  std::stable_sort(vm.rows.begin(), vm.rows.end(), [](const DeviceRowVm& a, const DeviceRowVm& b) {
    auto rank = [](Tone t) { return t == Tone::Bad ? 0 : t == Tone::Warn ? 1 : 2; };
    if (rank(a.tone) != rank(b.tone)) return rank(a.tone) < rank(b.tone);
    return a.code < b.code;
  });
  vm.summary = tr.format(T::OrgHealthSummary, {num(static_cast<std::int64_t>(vm.rows.size())), num(static_cast<std::int64_t>(vm.silent)),
                                               std::to_string(state.silentMinutes), num(static_cast<std::int64_t>(vm.withGaps))});
  return vm;
}

DeviceAuditVm buildDeviceAuditVm(const ConsoleState& state, const ConsoleData& data, const Translator& tr) {
  DeviceAuditVm vm;
  if (state.openAuditDevice.empty()) return vm;
  vm.open = true;
  std::string name;
  if (data.devices)
    for (const DeviceHealth& d : *data.devices)
      if (d.deviceCode == state.openAuditDevice) name = d.name;
  const bool here = data.deviceAudit && data.deviceAudit->deviceCode == state.openAuditDevice;
  if (here && !data.deviceAudit->name.empty()) name = data.deviceAudit->name;
  vm.title = tr.format(T::OrgAuditTitle, {state.openAuditDevice + (name.empty() ? "" : " " + name)});
  if (!here) {
    vm.loading = true;
    return vm;
  }
  const DeviceAudit& a = *data.deviceAudit;
  vm.state = tr.format(T::OrgAuditState, {auditText(a.audit, a.auditFirstBad, tr, vm.tone)});
  const int tz = data.event() ? data.event()->tzOffsetMinutes : core::kWibOffsetMinutes;
  for (const AuditEntryRow& e : a.entries) {
    // The reason and the details together: the details alone often say what changed (`20... -> 20...`).
    std::string detail = e.reason;
    if (!e.details.empty()) detail += (detail.empty() ? "" : " · ") + e.details;
    // The server marks the first bad entry and every one after it (`intact` false).
    vm.rows.push_back({num(e.id), e.atMs > 0 ? core::localDateTime(e.atMs, tz) : "–", e.staff, e.action, e.subject, std::move(detail), !e.intact});
  }
  return vm;
}

SettlementVm buildSettlementVm(const ConsoleData& data, const Translator& tr) {
  SettlementVm vm;
  vm.folder = data.downloadDir;
  if (!data.settlement) return vm;
  vm.has = true;
  Rupiah net, commission, direct, owed;
  for (const core::SettlementRow& s : data.settlement->vendors) {
    vm.rows.push_back(vendorRow(nullptr, &s, tr));
    net += s.net;
    commission += s.commission;
    direct += s.paidDirect;
    owed += s.owedToVendor;
  }
  vm.net = money(net);
  vm.commission = money(commission);
  vm.paidDirect = money(direct);
  vm.owed = money(owed);
  return vm;
}

}  // namespace pameran::kiosk::organizer
