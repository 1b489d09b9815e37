// The store front (server_store.hpp): each public operation checks its input against the rulebook,
// then runs its statements of the one SQL description on the backend's session, once for both
// databases. Backends only provide sessions and transactions (run) and the group commit (doIngest).
// The organizer dashboard's part (sessions, change counters, targets) is in store_dashboard.cpp.
//
// Sections: plumbing · events and catalog · devices and tokens · uploads · figures
#include <fmt/format.h>

#include <map>
#include <mutex>
#include <unordered_map>

#include "ingest_run.hpp"
#include "pameran/core/ids.hpp"
#include "pameran/sync/server_store.hpp"
#include "store_barcodes.hpp"
#include "store_front.hpp"
#include "store_sql.hpp"

namespace pameran::sync {

using core::Errc;
using core::fail;
using core::Result;
using sql::Row;
using sql::Stmt;

// ---- plumbing --------------------------------------------------------------------------------

struct ServerStore::Caches {
  std::mutex mutex;
  std::unordered_map<std::string, DeviceProfile> devices;  // fixed at enrollment
  std::unordered_map<std::int64_t, std::shared_ptr<const rules::CatalogIndex>> catalogs;
};

ServerStore::ServerStore(StoreLimits limits) : m_limits(limits), m_caches(std::make_unique<Caches>()) {}

ServerStore::~ServerStore() = default;

namespace {

using front::eventIdOf;
using front::noEvent;

Result<core::Event> oneEvent(sql::Session& s, Stmt stmt, sql::Value key, core::Failure missing) {
  std::optional<core::Event> e;
  s.query(stmt, {key}, [&](const Row& r) { e = sql::readEvent(r); });
  if (!e) return missing;
  return std::move(*e);
}

core::EpochMs now() { return core::systemClock()(); }

}  // namespace

// ---- events and catalog ----------------------------------------------------------------------

Result<core::Event> ServerStore::createEvent(const core::Event& e) {
  if (auto ok = rules::checkEvent(e); !ok) return ok.failure();
  return unit<core::Event>(Access::Write, [&](sql::Session& s) -> Result<core::Event> {
    const auto id = s.int64(Stmt::CreateEvent, {e.code, e.name, e.venue, e.startDate, e.endDate, e.tzOffsetMinutes, e.cutoffHour,
                                                e.organizerQris, e.qrisViaOrganizer, static_cast<std::int64_t>(now())});
    if (!id) return fail(Errc::Conflict, "event " + e.code + " already exists");
    core::Event out = e;
    out.id = *id;
    out.open = true;
    return out;
  });
}

Result<core::Event> ServerStore::event(std::string_view code) {
  return unit<core::Event>(Access::Read, [&](sql::Session& s) { return oneEvent(s, Stmt::EventByCode, code, noEvent(code)); });
}

Result<core::Event> ServerStore::eventById(std::int64_t id) {
  return unit<core::Event>(Access::Read, [&](sql::Session& s) {
    return oneEvent(s, Stmt::EventById, id, fail(Errc::NotFound, "no such event"));
  });
}

std::vector<core::Event> ServerStore::events() {
  auto all = unit<std::vector<core::Event>>(Access::Read, [&](sql::Session& s) -> Result<std::vector<core::Event>> {
    std::vector<core::Event> out;
    s.query(Stmt::Events, {}, [&](const Row& r) { out.push_back(sql::readEvent(r)); });
    return out;
  });
  return all ? std::move(*all) : std::vector<core::Event>{};
}

Result<void> ServerStore::setEventOpen(std::string_view code, bool open) {
  return unit<void>(Access::Write, [&](sql::Session& s) -> Result<void> {
    const sql::Value closedAt = open ? sql::Value() : sql::Value(static_cast<std::int64_t>(now()));
    if (s.exec(Stmt::SetEventOpen, {open, closedAt, code}) == 0) return noEvent(code);
    return {};
  });
}

Result<CatalogImportSummary> ServerStore::importCatalog(std::string_view eventCode, const core::CatalogFiles& files) {
  std::int64_t eventId = 0;
  auto done = unit<CatalogImportSummary>(Access::Write, [&](sql::Session& s) -> Result<CatalogImportSummary> {
    auto ev = eventIdOf(s, Stmt::LockEvent, eventCode);
    if (!ev) return ev.failure();
    eventId = *ev;
    for (const core::CatalogVendorRow& v : files.vendors)
      s.exec(Stmt::UpsertVendor, {*ev, v.code, v.name, core::toString(v.sector), v.owner, v.phone, v.qris});
    const std::vector<core::CatalogProductRow> products = front::keepingInStoreBarcodes(s, *ev, files.products);
    s.exec(Stmt::ClearProducts, {*ev});
    for (const core::CatalogProductRow& p : products) {
      s.exec(Stmt::InsertProduct, {*ev, p.sku, p.barcode, p.vendorCode, p.name, p.priceIdr, p.stock, p.lowStock});
      s.exec(Stmt::RememberProduct, {*ev, p.sku, p.vendorCode});
    }
    s.exec(Stmt::BumpCatalog, {*ev});
    return CatalogImportSummary{static_cast<std::int64_t>(files.vendors.size()), static_cast<std::int64_t>(files.products.size())};
  });
  if (done) {
    std::lock_guard<std::mutex> lock(m_caches->mutex);
    m_caches->catalogs.erase(eventId);
  }
  return done;
}

Result<void> ServerStore::setCommission(std::string_view eventCode, std::string_view vendorCode, std::int32_t bp) {
  if (auto ok = rules::checkCommission(bp); !ok) return ok.failure();
  return unit<void>(Access::Write, [&](sql::Session& s) -> Result<void> {
    auto ev = eventIdOf(s, Stmt::LockEvent, eventCode);
    if (!ev) return ev.failure();
    const std::int64_t changed = vendorCode.empty() ? s.exec(Stmt::SetCommissionAll, {bp, *ev})
                                                    : s.exec(Stmt::SetCommissionOne, {bp, *ev, vendorCode});
    if (changed == 0)
      return fail(Errc::NotFound, vendorCode.empty() ? "the event has no vendors"
                                                     : "no vendor " + std::string(vendorCode).substr(0, 40) + " in the event");
    s.exec(Stmt::BumpCatalog, {*ev});
    return {};
  });
}

Result<std::int64_t> ServerStore::catalogVersion(std::int64_t eventId) {
  return unit<std::int64_t>(Access::Read, [&](sql::Session& s) -> Result<std::int64_t> {
    if (const auto v = s.int64(Stmt::CatalogVersion, {eventId})) return *v;
    return fail(Errc::NotFound, "no such event");
  });
}

Result<CatalogPayload> ServerStore::catalog(std::int64_t eventId) {
  return unit<CatalogPayload>(Access::Snapshot, [&](sql::Session& s) -> Result<CatalogPayload> {
    CatalogPayload c;
    const std::size_t found = s.query(Stmt::CatalogEvent, {eventId}, [&](const Row& r) {
      c.event = sql::readEvent(r);
      c.version = r.int64(11);
    });
    if (found == 0) return fail(Errc::NotFound, "no such event");
    s.query(Stmt::CatalogVendors, {eventId}, [&](const Row& r) { c.vendors.push_back(sql::readCatalogVendor(r)); });
    s.query(Stmt::CatalogProducts, {eventId}, [&](const Row& r) { c.products.push_back(sql::readCatalogProduct(r)); });
    return c;
  });
}

Result<std::shared_ptr<const rules::CatalogIndex>> ServerStore::catalogIndex(std::int64_t eventId, bool refresh) {
  {
    std::lock_guard<std::mutex> lock(m_caches->mutex);
    const auto it = m_caches->catalogs.find(eventId);
    if (it != m_caches->catalogs.end() && !refresh) return it->second;
  }
  auto index = unit<rules::CatalogIndex>(Access::Snapshot, [&](sql::Session& s) -> Result<rules::CatalogIndex> {
    rules::CatalogIndex c;
    const auto version = s.int64(Stmt::CatalogVersion, {eventId});
    if (!version) return fail(Errc::NotFound, "no such event");
    c.version = *version;
    s.query(Stmt::EventVendorCodes, {eventId}, [&](const Row& r) { c.vendors.insert(r.text(0)); });
    s.query(Stmt::KnownProducts, {eventId}, [&](const Row& r) { c.products[r.text(0)].push_back(r.text(1)); });
    return c;
  });
  if (!index) return index.failure();
  auto shared = std::make_shared<const rules::CatalogIndex>(std::move(*index));
  std::lock_guard<std::mutex> lock(m_caches->mutex);
  auto& slot = m_caches->catalogs[eventId];
  if (!slot || slot->version <= shared->version) slot = shared;
  return slot;
}

// ---- devices and tokens ----------------------------------------------------------------------

Result<CreatedDevice> ServerStore::createEnrollment(const EnrollmentTicket& t, core::EpochMs at) {
  if (auto ok = rules::checkEnrollment(t); !ok) return ok.failure();
  return unit<CreatedDevice>(Access::Write, [&](sql::Session& s) -> Result<CreatedDevice> {
    // The event's row lock makes enrollments of one event take turns: no code is handed out twice.
    auto ev = eventIdOf(s, Stmt::LockEvent, t.eventCode);
    if (!ev) return ev.failure();
    if (!t.vendorCode.empty() && !s.int64(Stmt::VendorExists, {*ev, t.vendorCode}))
      return fail(Errc::NotFound, "no vendor " + t.vendorCode + " in event " + t.eventCode);
    std::int64_t next = s.int64(Stmt::DeviceCount, {*ev}).value_or(0) + 1;
    CreatedDevice d;
    d.deviceId = core::newUuid();
    // Short codes read aloud from receipts (EVENT-K01-000123); skip any taken by hand-made rows.
    for (;; ++next) {
      d.deviceCode = fmt::format("K{:02}", next);
      if (!s.int64(Stmt::DeviceCodeTaken, {*ev, d.deviceCode})) break;
    }
    s.exec(Stmt::InsertDevice, {d.deviceId, *ev, d.deviceCode, t.name, t.booth, t.vendorCode, t.codeHash,
                                static_cast<std::int64_t>(t.expiresAt), static_cast<std::int64_t>(at)});
    s.exec(Stmt::BumpChange, {*ev});
    return d;
  });
}

Result<EnrollResponse> ServerStore::redeemEnrollment(std::string_view codeHash, std::string_view kioskName,
                                                     std::string_view tokenHash, core::EpochMs at) {
  return unit<EnrollResponse>(Access::Write, [&](sql::Session& s) -> Result<EnrollResponse> {
    std::optional<EnrollResponse> found;
    bool revoked = false, used = false;
    core::EpochMs expiresAt = 0;
    std::int64_t eventId = 0;
    s.query(Stmt::EnrollmentByCode, {codeHash}, [&](const Row& r) {
      found = sql::readEnrollment(r);
      expiresAt = r.int64(5);
      used = !r.isNull(6);
      revoked = !r.isNull(7);
      eventId = r.int64(8);
    });
    if (!found) return fail(Errc::Unauthorized, "unknown enrollment code");
    if (revoked) return fail(Errc::Unauthorized, "this device was revoked");
    if (used) return fail(Errc::Unauthorized, "enrollment code already used");
    if (expiresAt <= at) return fail(Errc::Unauthorized, "enrollment code expired");
    if (s.exec(Stmt::RedeemDevice, {static_cast<std::int64_t>(at), tokenHash, kioskName, found->deviceId}) != 1)
      return fail(Errc::Unauthorized, "enrollment code already used");
    s.exec(Stmt::BumpChange, {eventId});
    auto ev = oneEvent(s, Stmt::EventById, eventId, fail(Errc::NotFound, "the device's event is gone"));
    if (!ev) return ev.failure();
    found->event = std::move(*ev);
    return std::move(*found);
  });
}

Result<void> ServerStore::revokeDevice(std::string_view eventCode, std::string_view deviceCode, core::EpochMs at) {
  return unit<void>(Access::Write, [&](sql::Session& s) -> Result<void> {
    auto ev = eventIdOf(s, Stmt::EventId, eventCode);
    if (!ev) return ev.failure();
    if (s.exec(Stmt::RevokeDevice, {static_cast<std::int64_t>(at), *ev, deviceCode}) == 0)
      return fail(Errc::NotFound, "no live device " + std::string(deviceCode).substr(0, 40));
    s.exec(Stmt::BumpChange, {*ev});
    return {};
  });
}

Result<void> ServerStore::createToken(core::Role role, std::string_view name, std::string_view tokenHash, core::EpochMs at) {
  if (auto ok = rules::checkOrganizerToken(role, name); !ok) return ok.failure();
  return unit<void>(Access::Write, [&](sql::Session& s) -> Result<void> {
    s.exec(Stmt::InsertToken, {name, tokenHash, static_cast<std::int64_t>(at)});
    return {};
  });
}

Result<std::int64_t> ServerStore::revokeToken(std::string_view name, core::EpochMs at) {
  return unit<std::int64_t>(Access::Write, [&](sql::Session& s) -> Result<std::int64_t> {
    const std::int64_t n = s.exec(Stmt::RevokeToken, {static_cast<std::int64_t>(at), name});
    if (n == 0) return fail(Errc::NotFound, "no live token named " + std::string(name).substr(0, 40));
    return n;
  });
}

Result<Principal> ServerStore::authenticate(std::string_view tokenHash) {
  return unit<Principal>(Access::Read, [&](sql::Session& s) -> Result<Principal> {
    std::optional<Principal> p;
    s.query(Stmt::DeviceByToken, {tokenHash}, [&](const Row& r) {
      p = Principal{Principal::Kind::Device, r.text(0), r.text(1), r.int64(2), r.text(3), {r.int32(4), r.int32(5)}};
    });
    if (!p)
      s.query(Stmt::OrganizerByToken, {tokenHash}, [&](const Row& r) {
        p = Principal{Principal::Kind::Organizer, std::to_string(r.int64(0)), r.text(1), 0, {}, {}};
      });
    if (!p) return fail(Errc::Unauthorized, "unknown or revoked token");
    return std::move(*p);
  });
}

Result<DeviceProfile> ServerStore::deviceProfile(const std::string& deviceId) {
  {
    std::lock_guard<std::mutex> lock(m_caches->mutex);
    const auto it = m_caches->devices.find(deviceId);
    if (it != m_caches->devices.end()) return it->second;
  }
  auto profile = unit<DeviceProfile>(Access::Read, [&](sql::Session& s) -> Result<DeviceProfile> {
    std::optional<DeviceProfile> d;
    s.query(Stmt::DeviceProfile, {deviceId}, [&](const Row& r) {
      d = DeviceProfile{deviceId, r.int64(0), r.text(1), r.text(2), {r.int32(3), r.int32(4)}};
    });
    if (!d) return fail(Errc::NotFound, "no device " + deviceId.substr(0, 40));
    return std::move(*d);
  });
  if (!profile) return profile;
  std::lock_guard<std::mutex> lock(m_caches->mutex);
  if (m_caches->devices.size() > 100'000) m_caches->devices.clear();  // bounded, whatever the number of devices
  m_caches->devices.emplace(deviceId, *profile);
  return profile;
}

// ---- uploads ---------------------------------------------------------------------------------

IngestItem ingestItem(const core::SaleRecord& sale) {
  IngestItem item{RecordType::Sale, sale.uuid, {}, encodeSale(sale), &sale, nullptr, nullptr, std::nullopt, {}};
  item.hash = core::sha256Hex(item.body);
  return item;
}

IngestItem ingestItem(const core::RefundRecord& refund) {
  IngestItem item{RecordType::Refund, refund.uuid, {}, encodeRefund(refund), nullptr, &refund, nullptr, std::nullopt, {}};
  item.hash = core::sha256Hex(item.body);
  return item;
}

IngestItem ingestItem(const core::ShiftRecord& shift) {
  IngestItem item{RecordType::ShiftClose, shift.uuid, {}, encodeShift(shift), nullptr, nullptr, &shift, std::nullopt, {}};
  item.hash = core::sha256Hex(item.body);
  return item;
}

IngestItem ingestItem(const core::StockMovementRecord& movement) {
  IngestItem item{RecordType::StockMovement, movement.uuid, {}, encodeMovement(movement), nullptr, nullptr, nullptr, std::nullopt, {}};
  item.movement = &movement;
  item.hash = core::sha256Hex(item.body);
  return item;
}

Result<void> ServerStore::admit(IngestRequest& req) {
  auto device = deviceProfile(req.deviceId);
  if (!device) return device.failure();
  if (device->eventId != req.eventId) return fail(Errc::Invalid, "the request's event is not its device's event");
  auto catalog = catalogIndex(device->eventId, false);
  if (!catalog) return catalog.failure();
  auto verdictOf = [&](const IngestItem& item, const rules::CatalogIndex& index) {
    switch (item.type) {
      case RecordType::Sale: return rules::admitSale(*item.sale, *device, index);
      case RecordType::Refund: return rules::admitRefund(*item.refund, *device);
      case RecordType::ShiftClose: return rules::admitShift(*item.shift, *device);
      case RecordType::Audit: break;  // audit entries are not items (IngestRequest::audit)
      case RecordType::StockMovement: return rules::admitMovement(*item.movement, *device, index);
    }
    return rules::Verdict{"unknown record type"};
  };
  bool refreshed = false;
  for (IngestItem& item : req.items) {
    rules::Verdict v = verdictOf(item, **catalog);
    // The index only ever grows: a name it lacks may come from an import after it was read.
    if (v.unknownToCatalog && !refreshed) {
      refreshed = true;
      auto version = catalogVersion(device->eventId);
      if (!version) return version.failure();
      if (*version != (*catalog)->version) {
        catalog = catalogIndex(device->eventId, true);
        if (!catalog) return catalog.failure();
        v = verdictOf(item, **catalog);
      }
    }
    item.rejected = std::move(v.reason);
    if (item.rejected.empty() && item.type == RecordType::Sale && !item.delta) {
      item.delta = core::deltaForSale(*item.sale, device->clock);
      item.delta->device.key = req.deviceId;  // the uploader, whatever the record names
    }
  }
  req.admittedBy = this;
  return {};
}

IngestResults ServerStore::ingest(const std::vector<const IngestRequest*>& requests) {
  std::vector<std::optional<Result<std::vector<RecordResult>>>> out(requests.size());
  // Requests nobody admitted yet are admitted here, on copies (the caller's stay as they are).
  std::vector<IngestRequest> copies;
  copies.reserve(requests.size());
  std::vector<const IngestRequest*> admitted;
  std::vector<std::size_t> slots;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const IngestRequest* req = requests[i];
    if (req->admittedBy != this) {
      copies.push_back(*req);
      if (auto ok = admit(copies.back()); !ok) {
        out[i] = ok.failure();
        continue;
      }
      req = &copies.back();
    }
    admitted.push_back(req);
    slots.push_back(i);
  }
  if (!admitted.empty()) {
    IngestResults stored = doIngest(admitted);
    for (std::size_t k = 0; k < slots.size(); ++k) out[slots[k]] = std::move(stored[k]);
  }
  IngestResults results;
  results.reserve(out.size());
  for (auto& r : out) results.push_back(std::move(*r));
  return results;
}

// ---- figures ---------------------------------------------------------------------------------

namespace {

struct Rollups {
  std::int64_t salesCount = 0;
  std::vector<core::RollupCell> cells;
  std::vector<core::PaymentCell> payments;
  std::vector<core::DirectCell> direct;
  std::unordered_map<std::string, core::VendorInfo> vendors;
  core::Breakdowns breakdowns;
  std::unordered_map<std::string, core::KioskInfo> kiosks;
  std::map<std::pair<std::string, std::string>, std::string> productNames;

  core::DeviceLookup kioskLookup() const {
    return [this](const std::string& id) {
      const auto it = kiosks.find(id);
      return it == kiosks.end() ? core::KioskInfo{} : it->second;
    };
  }
  core::ProductLookup productLookup() const {
    return [this](const std::string& sku, const std::string& vendor) {
      const auto it = productNames.find({sku, vendor});
      return it == productNames.end() ? std::string() : it->second;
    };
  }

  core::VendorLookup lookup() const {
    return [this](const std::string& code) {
      const auto it = vendors.find(code);
      return it == vendors.end() ? core::VendorInfo{} : it->second;
    };
  }
};

// The event's rollups in one snapshot: payments for reports, paid-direct money for settlements.
Result<Rollups> readRollups(sql::Session& s, std::string_view code, bool payments, bool direct) {
  Rollups r;
  std::optional<std::int64_t> id;
  s.query(Stmt::EventSalesCount, {code}, [&](const Row& row) {
    id = row.int64(0);
    r.salesCount = row.int64(1);
  });
  if (!id) return noEvent(code);
  s.query(Stmt::RollupCells, {*id}, [&](const Row& row) { r.cells.push_back(sql::readCell(row)); });
  if (payments)
    s.query(Stmt::RollupPayments, {*id}, [&](const Row& row) {
      if (auto m = core::parsePaymentMethod(row.text(0))) r.payments.push_back({*m, core::Rupiah(row.int64(1))});
    });
  if (direct)
    s.query(Stmt::RollupDirect, {*id}, [&](const Row& row) { r.direct.push_back({row.text(0), core::Rupiah(row.int64(1))}); });
  s.query(Stmt::VendorNames, {*id}, [&](const Row& row) { r.vendors[row.text(0)] = core::VendorInfo{row.text(1), row.int32(2)}; });
  if (payments) {  // reports only: settlements have no use for them
    s.query(Stmt::RollupDevices, {*id}, [&](const Row& row) {
      r.breakdowns.devices.push_back({row.text(0), row.int64(1), core::Rupiah(row.int64(2))});
      r.kiosks[row.text(0)] = core::KioskInfo{row.text(3), row.text(4), row.text(5)};
    });
    s.query(Stmt::RollupCashiers, {*id}, [&](const Row& row) {
      r.breakdowns.cashiers.push_back({row.text(0), row.int64(1), core::Rupiah(row.int64(2))});
    });
    s.query(Stmt::RollupProducts, {*id}, [&](const Row& row) {
      r.breakdowns.products.push_back({row.text(0), row.text(1), row.int64(2), core::Rupiah(row.int64(3))});
      if (std::string name = row.text(4); !name.empty()) r.productNames[{row.text(0), row.text(1)}] = std::move(name);
    });
  }
  return r;
}

}  // namespace

Result<core::Report> ServerStore::report(std::string_view eventCode) {
  return unit<core::Report>(Access::Snapshot, [&](sql::Session& s) -> Result<core::Report> {
    auto r = readRollups(s, eventCode, true, false);
    if (!r) return r.failure();
    core::Report report = core::buildReport(std::string(eventCode), r->salesCount, r->cells, r->payments, r->lookup());
    core::addBreakdowns(report, r->breakdowns, r->kioskLookup(), r->productLookup());
    return report;
  });
}

Result<core::Settlement> ServerStore::settlement(std::string_view eventCode) {
  return unit<core::Settlement>(Access::Snapshot, [&](sql::Session& s) -> Result<core::Settlement> {
    auto r = readRollups(s, eventCode, false, true);
    if (!r) return r.failure();
    return core::buildSettlement(std::string(eventCode), r->cells, r->direct, r->lookup());
  });
}

Result<std::vector<DeviceStatus>> ServerStore::devices(std::string_view eventCode) {
  return unit<std::vector<DeviceStatus>>(Access::Snapshot, [&](sql::Session& s) -> Result<std::vector<DeviceStatus>> {
    auto ev = eventIdOf(s, Stmt::EventId, eventCode);
    if (!ev) return ev.failure();
    std::vector<DeviceStatus> out;
    std::unordered_map<std::string, std::vector<SeqRange>> received;
    s.query(Stmt::DevicesOfEvent, {*ev}, [&](const Row& r) { out.push_back(sql::readDevice(r)); });
    s.query(Stmt::RangesOfEvent, {*ev}, [&](const Row& r) { received[r.text(0)].push_back({r.int64(1), r.int64(2)}); });
    for (DeviceStatus& d : out) {
      rules::Gaps gaps = rules::gapsOf(received[d.deviceId]);
      d.missing = std::move(gaps.missing);
      d.missingCount = gaps.count;
      d.audit = std::string(rules::auditState({d.auditHeld, {}, d.auditFirstBad, d.auditHighest}));
    }
    return out;
  });
}

Result<DeviceAudit> ServerStore::deviceAudit(std::string_view eventCode, std::string_view deviceCode, std::size_t limit) {
  auto list = devices(eventCode);
  if (!list) return list.failure();
  DeviceAudit out;
  bool found = false;
  for (DeviceStatus& d : *list)
    if (d.code == deviceCode) {
      out.device = std::move(d);
      found = true;
    }
  if (!found) return fail(Errc::NotFound, "no device " + std::string(deviceCode).substr(0, 40) + " in event " + std::string(eventCode).substr(0, 40));
  auto entries = unit<std::vector<core::AuditEntry>>(Access::Read, [&](sql::Session& s) -> Result<std::vector<core::AuditEntry>> {
    std::vector<core::AuditEntry> e;
    s.query(Stmt::AuditOfDevice, {out.device.deviceId, static_cast<std::int64_t>(limit)},
            [&](const Row& r) { e.push_back(sql::readAudit(r)); });
    return e;
  });
  if (!entries) return entries.failure();
  out.entries = std::move(*entries);
  return out;
}

Result<std::int64_t> ServerStore::countRows(std::string_view table) {
  if (auto ok = rules::checkCountedTable(table); !ok) return ok.failure();
  return unit<std::int64_t>(Access::Read, [&](sql::Session& s) -> Result<std::int64_t> {
    std::int64_t n = 0;
    s.queryText("SELECT COUNT(*) FROM " + std::string(table), [&](const Row& r) { n = r.int64(0); });
    return n;
  });
}

Result<void> ServerStore::ping() {
  return unit<void>(Access::Read, [&](sql::Session& s) -> Result<void> {
    s.query(Stmt::Ping, {}, [](const Row&) {});
    return {};
  });
}

}  // namespace pameran::sync
