// The audit log on both server stores (SQLite and PostgreSQL): entries stored once per device,
// every link recomputed, a wrong one stored and named, a gap unknown until filled, the list newest
// first (issue 8 §1; the rules themselves: rules::advanceAudit).
#include "store_backends.hpp"

namespace pameran::sync {
namespace {

using namespace pameran::sync::testing;

class AuditStore : public StoreContract {};
INSTANTIATE_TEST_SUITE_P(Backends, AuditStore, ::testing::Values(Backend::Sqlite, Backend::Postgres), backendName);

std::vector<core::AuditEntry> chain(int n) {
  std::vector<core::AuditEntry> out;
  std::string prev = core::auditGenesisHash();
  for (int i = 1; i <= n; ++i) {
    core::AuditEntry e{i, 1'795'000'000'000 + i, "Supervisor", "price_override", "SKU-" + std::to_string(i), "rusak", "", prev, {}};
    e.hash = core::auditHash(e);
    prev = e.hash;
    out.push_back(e);
  }
  return out;
}

std::vector<RecordResult> uploadAudit(ServerStore& store, const Device& device, const std::vector<core::AuditEntry>& entries) {
  IngestRequest req{device.id, device.eventId, 1'795'000'500'000, {}, nullptr};
  for (const core::AuditEntry& e : entries) req.audit.push_back(&e);
  auto results = store.ingest({&req});
  if (results.size() != 1 || !results[0]) {
    ADD_FAILURE() << "ingest failed";
    return {};
  }
  return std::move(*results[0]);
}

TEST_P(AuditStore, EntriesAreStoredOnceAndTheChainIsOk) {
  const Device dev = enrollDevice(store());
  const Device other = enrollDevice(store());
  const auto entries = chain(4);
  EXPECT_EQ(status(dev).audit, "unknown");
  EXPECT_EQ(statusesOf(uploadAudit(store(), dev, entries)), std::vector<RecordStatus>(4, RecordStatus::Stored));
  EXPECT_EQ(statusesOf(uploadAudit(store(), dev, entries)), std::vector<RecordStatus>(4, RecordStatus::Duplicate));
  // Another device numbers its own log from 1.
  EXPECT_EQ(statusesOf(uploadAudit(store(), other, {entries[0]})), std::vector<RecordStatus>{RecordStatus::Stored});
  EXPECT_EQ(store().countRows("audit_entries").value_or(-1), 5);
  const DeviceStatus s = status(dev);
  EXPECT_EQ(s.audit, "ok");
  EXPECT_EQ(s.auditHeld, 4);
  EXPECT_EQ(s.auditFirstBad, 0);
  auto list = store().deviceAudit(kEvent, dev.code, 3);
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->entries.size(), 3u);
  EXPECT_EQ(list->entries[0].id, 4);
  EXPECT_EQ(list->entries[2].id, 2);
  EXPECT_EQ(list->entries[0].hash, entries[3].hash);
  EXPECT_EQ(list->device.audit, "ok");
  EXPECT_FALSE(store().deviceAudit(kEvent, "K99", 3));
}

TEST_P(AuditStore, AWrongLinkIsStoredAndBreaksTheChainFromThere) {
  const Device dev = enrollDevice(store());
  auto entries = chain(5);
  entries[2].reason = "diubah";  // entry 3 no longer matches its hash
  uploadAudit(store(), dev, {entries[0], entries[1]});
  EXPECT_EQ(status(dev).audit, "ok");
  EXPECT_EQ(statusesOf(uploadAudit(store(), dev, {entries[2], entries[3], entries[4]})),
            std::vector<RecordStatus>(3, RecordStatus::Stored));
  const DeviceStatus s = status(dev);
  EXPECT_EQ(s.audit, "broken");
  EXPECT_EQ(s.auditFirstBad, 3);
  EXPECT_EQ(s.auditHeld, 5) << "uploads go on after the bad entry";
  EXPECT_EQ(store().countRows("audit_entries").value_or(-1), 5);
}

TEST_P(AuditStore, AGapIsUnknownUntilFilledAndARewriteIsAConflict) {
  const Device dev = enrollDevice(store());
  const auto entries = chain(3);
  uploadAudit(store(), dev, {entries[0], entries[2]});
  EXPECT_EQ(status(dev).audit, "unknown");
  EXPECT_EQ(status(dev).auditHeld, 1);
  uploadAudit(store(), dev, {entries[1]});
  EXPECT_EQ(status(dev).audit, "ok");
  EXPECT_EQ(status(dev).auditHeld, 3);
  core::AuditEntry rewritten = entries[1];
  rewritten.staff = "Orang Lain";
  rewritten.hash = core::auditHash(rewritten);
  const auto results = uploadAudit(store(), dev, {rewritten});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status, RecordStatus::Conflict);
  EXPECT_EQ(results[0].type, RecordType::Audit);
  EXPECT_EQ(results[0].id, "2");
  EXPECT_EQ(status(dev).audit, "ok") << "the stored entry is kept";
}

}  // namespace
}  // namespace pameran::sync
