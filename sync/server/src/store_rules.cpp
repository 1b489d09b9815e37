// The rulebook (store_rules.hpp). Pure functions: no database, no clock, no I/O.
//
// Sections: limits and admin input · admission · against what is stored · sequence ranges ·
// rollup sums
#include "pameran/sync/store_rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "pameran/core/ids.hpp"
#include "pameran/core/time.hpp"
#include "pameran/sync/server_store.hpp"

namespace pameran::sync {

using core::Errc;
using core::fail;

namespace {

// a + b into `out`; false (out untouched) when it overflows int64.
bool sum(std::int64_t a, std::int64_t b, std::int64_t& out) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) return false;
  out = r;
  return true;
}

bool isCleanName(std::string_view text, bool required) {
  return (!required || !text.empty()) && text.size() <= core::kMaxNameLength && core::isCleanUtf8(text);
}

}  // namespace

// ---- limits and admin input ----------------------------------------------------------------

core::Result<void> checkLimits(const StoreLimits& limits) {
  if (limits.eventCeilingIdr < 1 || limits.eventCeilingIdr > kMaxEventCeilingIdr)
    return fail(Errc::Invalid, fmt::format("the event money ceiling must be Rp 1 to {}", core::formatRupiah(core::Rupiah(kMaxEventCeilingIdr))));
  if (limits.seqWindow < 1 || limits.seqWindow > (std::int64_t{1} << 53))
    return fail(Errc::Invalid, "the sequence window must be 1 to 2^53");
  return {};
}

namespace rules {

core::Result<void> checkEvent(const core::Event& e) {
  if (!core::isValidCode(e.code)) return fail(Errc::Invalid, "event code must be 1-32 of A-Z a-z 0-9 - _ .");
  if (!isCleanName(e.name, true)) return fail(Errc::Invalid, "event name must be 1-120 bytes of clean UTF-8");
  if (!isCleanName(e.venue, false)) return fail(Errc::Invalid, "bad venue");
  for (const std::string* d : {&e.startDate, &e.endDate})
    if (!d->empty() && !core::isIsoDate(*d)) return fail(Errc::Invalid, "dates are YYYY-MM-DD");
  if (!e.startDate.empty() && !e.endDate.empty() && e.endDate < e.startDate)
    return fail(Errc::Invalid, "the event ends before it starts");
  if (e.tzOffsetMinutes < -720 || e.tzOffsetMinutes > 840) return fail(Errc::Invalid, "time zone offset out of range");
  if (e.cutoffHour < 0 || e.cutoffHour > 23) return fail(Errc::Invalid, "cutoff hour must be 0-23");
  if (e.organizerQris.size() > 512 || !core::isCleanUtf8(e.organizerQris)) return fail(Errc::Invalid, "bad organizer QRIS");
  return {};
}

core::Result<void> checkEnrollment(const EnrollmentTicket& t) {
  if (!isCleanName(t.name, true)) return fail(Errc::Invalid, "device name must be 1-120 bytes of clean UTF-8");
  if (!isCleanName(t.booth, false)) return fail(Errc::Invalid, "bad booth");
  if (!t.vendorCode.empty() && !core::isValidCode(t.vendorCode)) return fail(Errc::Invalid, "bad vendor code");
  return {};
}

core::Result<void> checkOrganizerToken(core::Role role, std::string_view name) {
  if (role != core::Role::Organizer) return fail(Errc::Invalid, "only organizer tokens are made here; devices enroll");
  if (!isCleanName(name, true)) return fail(Errc::Invalid, "token name must be 1-120 bytes of clean UTF-8");
  return {};
}

core::Result<void> checkCommission(std::int32_t bp) {
  if (bp < 0 || bp > core::kFullBp) return fail(Errc::Invalid, "commission must be 0-100 %");
  return {};
}

core::Result<void> checkTarget(std::int64_t targetIdr) {
  if (targetIdr < 0 || targetIdr > core::kMaxIdr) return fail(Errc::Invalid, fmt::format("target_idr must be 0 (none) to {}", core::kMaxIdr));
  return {};
}

core::Result<std::int64_t> sessionTokenId(const Principal& organizer, core::EpochMs now, core::EpochMs expiresAt) {
  if (organizer.kind != Principal::Kind::Organizer) return fail(Errc::Invalid, "only an organizer signs in to the dashboard");
  std::int64_t id = 0;
  const char* end = organizer.id.data() + organizer.id.size();
  const auto [at, ec] = std::from_chars(organizer.id.data(), end, id);
  if (ec != std::errc() || at != end || id < 1) return fail(Errc::Invalid, "the organizer has no token row");
  if (expiresAt <= now) return fail(Errc::Invalid, "a session must end after it starts");
  return id;
}

core::Result<void> checkCountedTable(std::string_view table) {
  static const std::set<std::string, std::less<>> kTables = {"sales", "refunds", "shift_closes", "devices", "tokens",
                                                             "events", "vendors", "products", "audit_entries", "stock_movements"};
  if (!kTables.count(table)) return fail(Errc::Invalid, "unknown table");
  return {};
}

// ---- admission -----------------------------------------------------------------------------

bool CatalogIndex::hasProduct(const std::string& sku, const std::string& vendorCode) const {
  const auto it = products.find(sku);
  return it != products.end() && std::find(it->second.begin(), it->second.end(), vendorCode) != it->second.end();
}

bool isCanonicalId(std::string_view id) {
  if (!core::isUuid(id)) return false;
  return std::none_of(id.begin(), id.end(), [](char c) { return c >= 'A' && c <= 'F'; });
}

namespace {

Verdict refuse(std::string reason, bool unknown = false) { return Verdict{std::move(reason), unknown}; }

std::string notCanonical(std::string_view what, std::string_view id) {
  return fmt::format("{} {} is not a lowercase UUID; ids are sent in lowercase only", what, id.substr(0, 40));
}

std::string otherEvent(const std::string& eventCode, const DeviceProfile& device) {
  return "event " + eventCode.substr(0, 40) + " is not this device's event " + device.eventCode;
}

}  // namespace

Verdict admitSale(const core::SaleRecord& sale, const DeviceProfile& device, const CatalogIndex& catalog) {
  if (!isCanonicalId(sale.uuid)) return refuse(notCanonical("sale id", sale.uuid));
  if (!sale.shiftUuid.empty() && !isCanonicalId(sale.shiftUuid)) return refuse(notCanonical("shift_id", sale.shiftUuid));
  if (sale.eventCode != device.eventCode) return refuse(otherEvent(sale.eventCode, device));
  if (sale.boothVendorCode != device.boothVendorCode)
    return refuse(fmt::format("booth_vendor_code \"{}\" is not this device's booth vendor (\"{}\")", sale.boothVendorCode,
                              device.boothVendorCode));
  for (const core::SaleLine& l : sale.lines) {
    if (!catalog.hasVendor(l.vendorCode))
      return refuse(fmt::format("line {}: vendor {} is not a vendor of the event", l.lineNo, l.vendorCode), true);
    // A custom-price item is goods of a vendor of the event that are not in the catalog.
    if (!l.custom && !catalog.hasProduct(l.sku, l.vendorCode))
      return refuse(fmt::format("line {}: {} is not a product of vendor {} in the event's catalog", l.lineNo, l.sku, l.vendorCode),
                    true);
  }
  // At most 10 payments (validated): summing per payee by scanning is cheaper than a map.
  for (std::size_t i = 0; i < sale.payments.size(); ++i) {
    const core::SalePayment& p = sale.payments[i];
    if (p.method != core::PaymentMethod::Qris || p.account != core::QrisAccount::Vendor) continue;
    if (!catalog.hasVendor(p.vendorCode))
      return refuse(fmt::format("QRIS payee {} is not a vendor of the event", p.vendorCode), true);
    bool seenBefore = false;
    std::int64_t paid = 0;  // the payments add up to the total (validated): no overflow
    for (std::size_t k = 0; k < sale.payments.size(); ++k) {
      const core::SalePayment& q = sale.payments[k];
      if (q.method != core::PaymentMethod::Qris || q.account != core::QrisAccount::Vendor || q.vendorCode != p.vendorCode) continue;
      seenBefore = seenBefore || k < i;
      paid += q.amount.idr();
    }
    if (seenBefore) continue;  // this payee was summed at its first payment
    std::int64_t net = 0;      // each line at most kMaxIdr, and so is their sum (validated)
    bool sold = false;
    for (const core::SaleLine& l : sale.lines)
      if (l.vendorCode == p.vendorCode) {
        sold = true;
        net += l.net.idr();
      }
    if (!sold)
      return refuse(fmt::format("QRIS payee {} sold nothing in this sale; a vendor's QRIS takes only its own lines", p.vendorCode));
    if (paid > net) return refuse(fmt::format("QRIS payments to {} are more than its lines took", p.vendorCode));
  }
  return {};
}

Verdict admitRefund(const core::RefundRecord& refund, const DeviceProfile& device) {
  if (!isCanonicalId(refund.uuid)) return refuse(notCanonical("refund id", refund.uuid));
  if (!isCanonicalId(refund.saleUuid)) return refuse(notCanonical("sale_id", refund.saleUuid));
  if (refund.eventCode != device.eventCode) return refuse(otherEvent(refund.eventCode, device));
  return {};
}

Verdict admitShift(const core::ShiftRecord& shift, const DeviceProfile& device) {
  if (!isCanonicalId(shift.uuid)) return refuse(notCanonical("shift close id", shift.uuid));
  if (shift.eventCode != device.eventCode) return refuse(otherEvent(shift.eventCode, device));
  return {};
}

// ---- against what is stored ----------------------------------------------------------------

std::string checkRefund(const core::RefundRecord& refund, const core::SaleRecord& sale, const SaleOrigin& origin,
                        std::span<const core::RefundRecord> earlier, std::string_view deviceId, std::int64_t eventId) {
  if (origin.eventId != eventId) return "the refunded sale belongs to another event";
  if (origin.deviceId != deviceId)
    return "the refunded sale was made by another device; only the device that made a sale may refund or void it";
  std::map<int, std::int64_t> units;
  std::map<int, std::int64_t> amounts;
  bool voided = false;
  for (const core::RefundRecord& prior : earlier) {
    voided = voided || prior.isVoid;
    for (const core::RefundLine& l : prior.lines) {
      units[l.lineNo] += l.quantity;
      amounts[l.lineNo] += l.amount.idr();
    }
  }
  if (voided) return "the sale was voided; nothing more can be refunded";
  if (refund.isVoid) {
    if (!earlier.empty()) return "a sale with refunds cannot be voided";
    if (refund.total != sale.total) return "a void returns the whole sale total";
    return {};
  }
  for (const core::RefundLine& l : refund.lines) {
    if (l.lineNo < 1 || static_cast<std::size_t>(l.lineNo) > sale.lines.size())
      return fmt::format("line {} is not a line of the sale", l.lineNo);
    const core::SaleLine& line = sale.lines[static_cast<std::size_t>(l.lineNo - 1)];
    // Earlier amounts never passed the line's net (checked when each was stored): no overflow.
    units[l.lineNo] += l.quantity;
    amounts[l.lineNo] += l.amount.idr();
    if (units[l.lineNo] > line.quantity) return fmt::format("line {}: more units refunded than were sold", l.lineNo);
    if (amounts[l.lineNo] > line.net.idr()) return fmt::format("line {}: more money refunded than the line took", l.lineNo);
  }
  return {};
}

std::string checkSequence(std::int64_t seq, std::int64_t highestSent, const StoreLimits& limits) {
  std::int64_t bound = 0;
  if (!sum(std::max<std::int64_t>(highestSent, 0), limits.seqWindow, bound)) return {};
  if (seq <= bound) return {};
  return fmt::format("sequence number {} is implausibly far above the highest this device has sent ({}); at most {} above "
                     "it is accepted",
                     seq, highestSent, limits.seqWindow);
}

std::string checkCeiling(std::int64_t eventGross, core::Rupiah saleGross, const StoreLimits& limits) {
  std::int64_t after = 0;
  if (sum(eventGross, saleGross.idr(), after) && after <= limits.eventCeilingIdr) return {};
  return fmt::format("the event's sales would pass its ceiling of {} (it holds {}); a sale this large cannot be real",
                     core::formatRupiah(core::Rupiah(limits.eventCeilingIdr)), core::formatRupiah(core::Rupiah(eventGross)));
}

// ---- sequence ranges -------------------------------------------------------------------------

SeqMerge mergeSeqs(std::span<const SeqRange> nearby, std::vector<std::int64_t> seqs) {
  SeqMerge out;
  if (seqs.empty()) return out;
  std::sort(seqs.begin(), seqs.end());
  out.highest = seqs.back();
  // Every range after the merge, built from the stored ones and the new numbers in order.
  std::vector<SeqRange> merged;
  merged.reserve(nearby.size() + 1);
  auto absorb = [&](SeqRange r) {
    if (!merged.empty() && merged.back().last >= r.first - 1) merged.back().last = std::max(merged.back().last, r.last);
    else merged.push_back(r);
  };
  std::size_t k = 0;
  for (std::size_t i = 0; i < seqs.size(); ++i) {
    const std::int64_t s = seqs[i];
    while (k < nearby.size() && nearby[k].first <= s) absorb(nearby[k++]);
    const bool repeated = i > 0 && seqs[i - 1] == s;
    const bool stored = !repeated && k > 0 && nearby[k - 1].last >= s;
    if (repeated || stored) {
      ++out.collisions;
      continue;
    }
    absorb({s, s});
  }
  while (k < nearby.size()) absorb(nearby[k++]);
  // What changed: stored ranges whose first is no longer a first go; new or longer ranges are written.
  std::size_t m = 0;
  for (const SeqRange& r : nearby) {
    while (m < merged.size() && merged[m].first < r.first) ++m;
    if (m == merged.size() || merged[m].first != r.first) out.removed.push_back(r.first);
  }
  m = 0;
  for (const SeqRange& r : merged) {
    while (m < nearby.size() && nearby[m].first < r.first) ++m;
    if (m == nearby.size() || nearby[m] != r) out.written.push_back(r);
  }
  return out;
}

Gaps gapsOf(std::span<const SeqRange> received) {
  Gaps g;
  std::int64_t next = 1;
  for (const SeqRange& r : received) {
    if (r.first > next) {
      g.missing.push_back({next, r.first - 1});
      g.count += r.first - next;
    }
    next = std::max(next, r.last + 1);
  }
  return g;
}

// ---- rollup sums -----------------------------------------------------------------------------

namespace {

bool fitsInto(std::int64_t base, std::int64_t add) {
  std::int64_t r = 0;
  return sum(base, add, r);
}

bool cellFits(const core::RollupCell& base, const core::RollupCell& add) {
  return fitsInto(base.salesCount, add.salesCount) && fitsInto(base.items, add.items) &&
         fitsInto(base.gross.idr(), add.gross.idr()) && fitsInto(base.discount.idr(), add.discount.idr()) &&
         fitsInto(base.refund.idr(), add.refund.idr());
}

void addCell(core::RollupCell& into, const core::RollupCell& add) {
  into.salesCount += add.salesCount;
  into.items += add.items;
  into.gross += add.gross;
  into.discount += add.discount;
  into.refund += add.refund;
}

template <class Map, class Key>
std::int64_t valueAt(const Map& map, const Key& key) {
  const auto it = map.find(key);
  return it == map.end() ? 0 : it->second;
}

using CountSums = RollupSums::CountSums;

bool countFits(const CountSums& base, std::int64_t count, std::int64_t net) {
  return fitsInto(base.count, count) && fitsInto(base.netIdr, net);
}

void addCount(CountSums& into, std::int64_t count, std::int64_t net) {
  into.count += count;
  into.netIdr += net;
}

template <class Map, class Key>
CountSums countAt(const Map& map, const Key& key) {
  const auto it = map.find(key);
  return it == map.end() ? CountSums{} : it->second;
}

// A sale's products are one cell per (sku, vendor) (core::deltaForSale): no key twice in a delta.
bool breakdownsFit(const std::map<RollupSums::TeamKey, CountSums>& devices, const std::map<RollupSums::TeamKey, CountSums>& cashiers,
                   const std::map<RollupSums::ProductKey, CountSums>& products, std::int64_t eventId, const core::ReportDelta& d) {
  if (!countFits(countAt(devices, RollupSums::TeamKey{eventId, d.device.key}), d.device.salesCount, d.device.net.idr())) return false;
  if (!countFits(countAt(cashiers, RollupSums::TeamKey{eventId, d.cashier.key}), d.cashier.salesCount, d.cashier.net.idr()))
    return false;
  for (const core::ProductCell& p : d.products)
    if (!countFits(countAt(products, RollupSums::ProductKey{eventId, p.sku, p.vendorCode}), p.items, p.net.idr())) return false;
  return true;
}

std::int64_t grossOfDelta(const core::ReportDelta& d, bool& ok) {
  std::int64_t g = 0;
  for (const core::RollupCell& c : d.cells) ok = ok && sum(g, c.gross.idr(), g);
  return g;
}

}  // namespace

bool RollupSums::fits(std::int64_t eventId, const core::ReportDelta& d) const {
  for (const core::RollupCell& c : d.cells) {
    const auto it = m_cells.find(CellKey{eventId, c.vendorCode, c.sector, c.date, c.hour});
    if (!cellFits(it == m_cells.end() ? core::RollupCell{} : it->second, c)) return false;
  }
  for (const core::PaymentCell& p : d.payments)
    if (!fitsInto(valueAt(m_payments, std::pair{eventId, p.method}), p.amount.idr())) return false;
  for (const core::DirectCell& x : d.direct)
    if (!fitsInto(valueAt(m_direct, std::pair{eventId, x.vendorCode}), x.paidDirect.idr())) return false;
  if (!breakdownsFit(m_devices, m_cashiers, m_products, eventId, d)) return false;
  bool ok = true;
  const std::int64_t gross = grossOfDelta(d, ok);
  const auto ev = m_events.find(eventId);
  const EventSums base = ev == m_events.end() ? EventSums{} : ev->second;
  return ok && fitsInto(base.sales, d.salesCount) && fitsInto(base.grossIdr, gross);
}

bool RollupSums::add(std::int64_t eventId, const core::ReportDelta& d) {
  if (!fits(eventId, d)) return false;
  // Nothing below can overflow now (core's deltas have one cell per key).
  for (const core::RollupCell& c : d.cells) addCell(m_cells[CellKey{eventId, c.vendorCode, c.sector, c.date, c.hour}], c);
  for (const core::PaymentCell& p : d.payments) m_payments[{eventId, p.method}] += p.amount.idr();
  for (const core::DirectCell& x : d.direct) m_direct[{eventId, x.vendorCode}] += x.paidDirect.idr();
  addCount(m_devices[{eventId, d.device.key}], d.device.salesCount, d.device.net.idr());
  addCount(m_cashiers[{eventId, d.cashier.key}], d.cashier.salesCount, d.cashier.net.idr());
  for (const core::ProductCell& p : d.products) addCount(m_products[{eventId, p.sku, p.vendorCode}], p.items, p.net.idr());
  bool ok = true;
  EventSums& e = m_events[eventId];
  e.sales += d.salesCount;
  e.grossIdr += grossOfDelta(d, ok);
  return true;
}

bool RollupSums::merge(const RollupSums& o) {
  for (const auto& [key, c] : o.m_cells) {
    const auto it = m_cells.find(key);
    if (!cellFits(it == m_cells.end() ? core::RollupCell{} : it->second, c)) return false;
  }
  for (const auto& [key, v] : o.m_payments)
    if (!fitsInto(valueAt(m_payments, key), v)) return false;
  for (const auto& [key, v] : o.m_direct)
    if (!fitsInto(valueAt(m_direct, key), v)) return false;
  for (const auto& [id, e] : o.m_events) {
    const auto it = m_events.find(id);
    const EventSums base = it == m_events.end() ? EventSums{} : it->second;
    if (!fitsInto(base.sales, e.sales) || !fitsInto(base.grossIdr, e.grossIdr)) return false;
  }
  for (const auto& [key, v] : o.m_devices)
    if (!countFits(countAt(m_devices, key), v.count, v.netIdr)) return false;
  for (const auto& [key, v] : o.m_cashiers)
    if (!countFits(countAt(m_cashiers, key), v.count, v.netIdr)) return false;
  for (const auto& [key, v] : o.m_products)
    if (!countFits(countAt(m_products, key), v.count, v.netIdr)) return false;
  for (const auto& [key, v] : o.m_devices) addCount(m_devices[key], v.count, v.netIdr);
  for (const auto& [key, v] : o.m_cashiers) addCount(m_cashiers[key], v.count, v.netIdr);
  for (const auto& [key, v] : o.m_products) addCount(m_products[key], v.count, v.netIdr);
  for (const auto& [key, c] : o.m_cells) addCell(m_cells[key], c);
  for (const auto& [key, v] : o.m_payments) m_payments[key] += v;
  for (const auto& [key, v] : o.m_direct) m_direct[key] += v;
  for (const auto& [id, e] : o.m_events) {
    EventSums& t = m_events[id];
    t.sales += e.sales;
    t.grossIdr += e.grossIdr;
  }
  return true;
}

std::int64_t RollupSums::grossOf(std::int64_t eventId) const {
  const auto it = m_events.find(eventId);
  return it == m_events.end() ? 0 : it->second.grossIdr;
}

}  // namespace rules
}  // namespace pameran::sync
