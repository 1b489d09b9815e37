#include "store_shared.hpp"

#include <fmt/format.h>

#include "pameran/core/ids.hpp"

namespace pameran::sync::detail {

using core::Errc;
using core::fail;

core::Result<void> checkEvent(const core::Event& e) {
  if (!core::isValidCode(e.code)) return fail(Errc::Invalid, "event code must be 1-32 of A-Z a-z 0-9 - _ .");
  if (e.name.empty() || e.name.size() > core::kMaxNameLength || !core::isCleanUtf8(e.name))
    return fail(Errc::Invalid, "event name must be 1-120 bytes of clean UTF-8");
  if (e.venue.size() > core::kMaxNameLength || !core::isCleanUtf8(e.venue)) return fail(Errc::Invalid, "bad venue");
  for (const std::string* d : {&e.startDate, &e.endDate})
    if (!d->empty() && !core::isIsoDate(*d)) return fail(Errc::Invalid, "dates are YYYY-MM-DD");
  if (!e.startDate.empty() && !e.endDate.empty() && e.endDate < e.startDate)
    return fail(Errc::Invalid, "the event ends before it starts");
  if (e.tzOffsetMinutes < -720 || e.tzOffsetMinutes > 840) return fail(Errc::Invalid, "time zone offset out of range");
  if (e.cutoffHour < 0 || e.cutoffHour > 23) return fail(Errc::Invalid, "cutoff hour must be 0-23");
  if (e.organizerQris.size() > 512 || !core::isCleanUtf8(e.organizerQris)) return fail(Errc::Invalid, "bad organizer QRIS");
  return {};
}

core::Failure noEvent(std::string_view code) { return fail(Errc::NotFound, "no event " + std::string(code).substr(0, 40)); }

void RollupSums::add(std::int64_t eventId, const core::ReportDelta& d) {
  eventSales[eventId] += d.salesCount;
  for (const core::RollupCell& c : d.cells) addCell(CellKey{eventId, c.vendorCode, c.sector, c.date, c.hour}, c);
  for (const core::PaymentCell& p : d.payments) payments[{eventId, p.method}] += p.amount.idr();
  for (const core::DirectCell& x : d.direct) direct[{eventId, x.vendorCode}] += x.paidDirect.idr();
}

void RollupSums::merge(const RollupSums& o) {
  for (const auto& [k, c] : o.cells) addCell(k, c);
  for (const auto& [k, v] : o.payments) payments[k] += v;
  for (const auto& [k, v] : o.direct) direct[k] += v;
  for (const auto& [k, v] : o.eventSales) eventSales[k] += v;
}

void RollupSums::addCell(const CellKey& key, const core::RollupCell& c) {
  core::RollupCell& t = cells[key];
  t.salesCount += c.salesCount;
  t.items += c.items;
  t.gross += c.gross;
  t.discount += c.discount;
  t.refund += c.refund;
}

RecordResult sameOrConflict(const IngestItem& item, const std::string& storedHash) {
  RecordResult r{item.id, item.type, RecordStatus::Duplicate, {}, false};
  if (storedHash != item.hash) {
    r.status = RecordStatus::Conflict;
    r.reason = fmt::format("a different {} with this id is already stored; the stored one is kept", toString(item.type));
  }
  return r;
}

}  // namespace pameran::sync::detail
