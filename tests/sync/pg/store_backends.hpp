#pragma once
// Server stores of either backend for the contract tests: a temp-file SQLite store, or a fresh
// database in this process's throwaway PostgreSQL cluster; plus small helpers that drive the
// ServerStore interface the way the HTTP server does.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "../client/client_fixtures.hpp"
#include "../record_fixtures.hpp"
#include "pameran/sync/pg_store.hpp"
#include "pameran/sync/server.hpp"
#include "pg_cluster.hpp"

namespace pameran::sync::testing {

enum class Backend { Sqlite, Postgres };

inline std::string backendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::Sqlite ? "Sqlite" : "Postgres";
}

inline std::unique_ptr<ServerStore> orThrow(core::Result<std::unique_ptr<ServerStore>> store) {
  if (!store) throw std::runtime_error(store.error().message);
  return std::move(*store);
}

/// An empty store of the backend: a file in `dir`, or a new database of the cluster. `where`
/// gets the file's path or the database's URI.
inline std::unique_ptr<ServerStore> openEmptyStore(Backend backend, const TempDir& dir, std::string* where = nullptr,
                                                   StoreLimits limits = {}) {
  if (backend == Backend::Sqlite) {
    const std::string path = dir.file("server-" + core::randomHex(4) + ".db");
    if (where) *where = path;
    SqliteStoreOptions options;
    options.limits = limits;
    return orThrow(openSqliteStore(path, options));
  }
  const std::string uri = pgCluster().createDatabase(uniqueDatabaseName("contract"));
  if (where) *where = uri;
  PgStoreOptions options;
  options.limits = limits;
  return orThrow(openPgStore(uri, options));
}

/// A store holding the event kEvent (record_fixtures) with the small three-vendor catalog.
inline std::unique_ptr<ServerStore> openSeededStore(Backend backend, const TempDir& dir) {
  auto store = openEmptyStore(backend, dir);
  core::Event e;
  e.code = kEvent;
  e.name = "Pameran Kriya Depok";
  if (auto made = store->createEvent(e); !made) throw std::runtime_error(made.error().message);
  if (auto imported = store->importCatalog(kEvent, demoCatalog()); !imported) throw std::runtime_error(imported.error().message);
  return store;
}

struct Device {
  std::string id;
  std::string code;
  std::string tokenHash;
  std::int64_t eventId = 0;
};

/// Creates and redeems an enrollment, as `device enroll` and POST /enroll do.
inline Device enrollDevice(ServerStore& store, const std::string& vendor = "", core::EpochMs now = 1'000) {
  const std::string code = newEnrollmentCode();
  // Named by its booth vendor, not by the random code: both stores must answer alike.
  const EnrollmentTicket ticket{kEvent, "Kios " + (vendor.empty() ? std::string("Panitia") : vendor), "B1", vendor,
                                secretHash(normalizeEnrollmentCode(code)),
                                4'000'000'000'000};
  if (auto made = store.createEnrollment(ticket, now); !made) throw std::runtime_error(made.error().message);
  const std::string tokenHash = secretHash(newToken());
  auto enrolled = store.redeemEnrollment(ticket.codeHash, "tablet", tokenHash, now + 1);
  if (!enrolled) throw std::runtime_error(enrolled.error().message);
  return {enrolled->deviceId, enrolled->deviceCode, tokenHash, enrolled->event.id};
}

/// One upload request; the records must outlive the call (the request points at them).
struct Upload {
  std::vector<core::SaleRecord> sales;
  std::vector<core::RefundRecord> refunds;
  std::vector<core::ShiftRecord> shifts;
};

inline IngestRequest toRequest(const Device& device, const Upload& upload, core::EpochMs receivedAt) {
  IngestRequest req{device.id, device.eventId, receivedAt, {}, nullptr};
  for (const auto& s : upload.sales) req.items.push_back(ingestItem(s));
  for (const auto& r : upload.refunds) req.items.push_back(ingestItem(r));
  for (const auto& x : upload.shifts) req.items.push_back(ingestItem(x));
  return req;
}

/// Stores one request on its own; fails the test when the store answers with an error.
inline std::vector<RecordResult> upload(ServerStore& store, const Device& device, const Upload& records,
                                        core::EpochMs receivedAt = 1'795'000'500'000) {
  const IngestRequest req = toRequest(device, records, receivedAt);
  auto results = store.ingest({&req});
  if (results.size() != 1 || !results[0]) {
    ADD_FAILURE() << "ingest failed: " << (results.empty() ? std::string("no result") : results[0].error().message);
    return {};
  }
  return std::move(*results[0]);
}

inline std::vector<RecordStatus> statusesOf(const std::vector<RecordResult>& results) {
  std::vector<RecordStatus> out;
  for (const RecordResult& r : results) out.push_back(r.status);
  return out;
}

inline core::ShiftRecord makeShift(const std::string& deviceId, std::int64_t counted = 200'000) {
  core::ShiftRecord shift;
  shift.uuid = core::newUuid();
  shift.eventCode = kEvent;
  shift.deviceId = deviceId;
  shift.openedAt = kSaleTime - 3'600'000;
  shift.closedAt = kSaleTime;
  shift.openedBy = "Kasir Uji";
  shift.openingFloat = core::Rupiah(200'000);
  shift.expectedCash = core::Rupiah(200'000);
  shift.countedCash = core::Rupiah(counted);
  shift.variance = core::Rupiah(counted - 200'000);
  return shift;
}

/// A seeded store of the test's backend, and its figures read back.
class StoreContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { m_store = openSeededStore(GetParam(), m_dir); }
  ServerStore& store() { return *m_store; }
  nlohmann::json report() {
    auto r = m_store->report(kEvent);
    if (!r) {
      ADD_FAILURE() << r.error().message;
      return nlohmann::json();
    }
    return nlohmann::json::parse(core::reportToJson(*r));
  }
  DeviceStatus status(const Device& d) {
    auto list = m_store->devices(kEvent);
    if (list) {
      for (const DeviceStatus& s : *list) {
        if (s.deviceId == d.id) return s;
      }
    }
    ADD_FAILURE() << "device " << d.code << " not listed";
    return {};
  }

  TempDir m_dir;
  std::unique_ptr<ServerStore> m_store;
};

}  // namespace pameran::sync::testing
