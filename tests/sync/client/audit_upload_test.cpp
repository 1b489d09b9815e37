// Issue 8 §1: the kiosk's audit log leaves the device. Its entries travel with the sales, exactly
// once (replays answer duplicate), to the real server on loopback; the server recomputes every
// link, stores a wrong one anyway and names it; a gap is "unknown" until filled; version-1 kiosks
// keep working; a restored server gets what it lost again (P24).
#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdio>

#include "client_fixtures.hpp"
#include "pameran/core/ids.hpp"

namespace pameran::sync {
namespace {

using namespace std::chrono_literals;
using namespace pameran::sync::testing;
using nlohmann::json;

DrainResult drainAll(Uploader& uploader, core::Store& store) {
  Backoff backoff(10, 100, 7);
  return drain(uploader, store, backoff, 20'000, [](std::int64_t ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return true;
  });
}

DeviceStatus onlyDevice(ServerStore& store) {
  auto list = store.devices(kEventCode);
  EXPECT_TRUE(list && list->size() == 1u);
  return list && !list->empty() ? list->front() : DeviceStatus{};
}

httplib::Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

// An enrolled kiosk that sold (with refunds and voids, each audited) and staff changes.
struct SoldKiosk {
  std::unique_ptr<core::Store> store;
  core::SimulationSummary sold;
  std::int64_t entries = 0;
};

SoldKiosk soldKiosk(const std::string& path, LoopbackServer& server, const std::string& url, std::int64_t sales = 12) {
  SoldKiosk k;
  k.store = openKiosk(path);
  enrollKiosk(*k.store, url, server.enrollmentCode());
  k.sold = sell(*k.store, sales, 42);
  k.entries = static_cast<std::int64_t>(k.store->audit().entries(100'000).size());
  return k;
}

// A chain of `n` entries as a kiosk makes them.
std::vector<core::AuditEntry> chain(int n) {
  std::vector<core::AuditEntry> out;
  std::string prev = core::auditGenesisHash();
  for (int i = 1; i <= n; ++i) {
    core::AuditEntry e{i, 1'795'000'000'000 + i, "Supervisor Demo", i % 2 ? "refund" : "void", "DEPOK-K01-00000" + std::to_string(i),
                       "rusak", "{}", prev, {}};
    e.hash = core::auditHash(e);
    prev = e.hash;
    out.push_back(e);
  }
  return out;
}

TEST(AuditUpload, AKioskUploadsItsAuditLogOnceAndTheServerSaysOk) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  SoldKiosk k = soldKiosk(dir.file("kiosk.db"), server, server.url());
  ASSERT_GE(k.sold.refunds + k.sold.voids, 1);
  ASSERT_GE(k.entries, 2) << "refunds and voids are audited";
  std::set<std::string> actions;
  for (const core::AuditEntry& e : k.store->audit().entries(1000)) actions.insert(e.action);
  EXPECT_TRUE(actions.count("refund") || actions.count("void"));
  const core::OutboxStats before = k.store->outbox().stats();
  const std::int64_t records = static_cast<std::int64_t>(kioskIds(dir.file("kiosk.db"), "sale").size() + kioskIds(dir.file("kiosk.db"), "refund").size());
  EXPECT_GE(before.pending, records + k.entries) << "the pending count includes the audit entries";

  auto http = deviceClient(*k.store, server.url());
  Uploader uploader(*k.store, *http, UploadLimits{5, 1u << 20});  // small batches: entries ride along with records
  const DrainResult drained = drainAll(uploader, *k.store);
  EXPECT_EQ(drained.pendingLeft, 0) << drained.error;
  EXPECT_EQ(k.store->audit().uploadedThrough(), k.entries);
  EXPECT_EQ(k.store->audit().pendingUpload(), 0);
  EXPECT_EQ(uploader.sendBatch().sent, 0u) << "nothing is sent twice";

  EXPECT_EQ(server.store().countRows("audit_entries").value_or(-1), k.entries);
  const DeviceStatus d = onlyDevice(server.store());
  EXPECT_EQ(d.audit, "ok");
  EXPECT_EQ(d.auditFirstBad, 0);
  EXPECT_EQ(d.auditHeld, k.entries);

  // The organizer's views: /devices, and the device's actions newest first with an ETag.
  httplib::Client c("127.0.0.1", server.port());
  const std::string organizer = server.organizerToken();
  auto devices = c.Get("/api/v1/events/" + kEventCode + "/devices", bearer(organizer));
  ASSERT_TRUE(devices && devices->status == 200);
  const json dj = json::parse(devices->body);
  EXPECT_EQ(dj["devices"][0]["audit"], "ok");
  EXPECT_TRUE(dj["devices"][0]["audit_first_bad"].is_null());
  const std::string path = "/api/v1/events/" + kEventCode + "/devices/" + d.code + "/audit?limit=2";
  auto list = c.Get(path, bearer(organizer));
  ASSERT_TRUE(list && list->status == 200) << (list ? list->body : "no answer");
  const json lj = json::parse(list->body);
  ASSERT_EQ(lj["entries"].size(), 2u);
  const std::vector<core::AuditEntry> newest = k.store->audit().entries(2);
  EXPECT_EQ(lj["entries"][0]["id"], newest[0].id);
  EXPECT_EQ(lj["entries"][1]["id"], newest[1].id);
  EXPECT_EQ(lj["entries"][0]["action"], newest[0].action);
  EXPECT_EQ(lj["entries"][0]["staff"], newest[0].staff);
  EXPECT_EQ(lj["entries"][0]["hash"], newest[0].hash);
  EXPECT_EQ(lj["entries"][0]["intact"], true);
  const std::string etag = list->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  httplib::Headers again = bearer(organizer);
  again.emplace("If-None-Match", etag);
  auto unchanged = c.Get(path, again);
  ASSERT_TRUE(unchanged);
  EXPECT_EQ(unchanged->status, 304);
  EXPECT_EQ(c.Get("/api/v1/events/" + kEventCode + "/devices/K99/audit", bearer(organizer))->status, 404);
  EXPECT_EQ(c.Get(path.substr(0, path.find('?')) + "?limit=0", bearer(organizer))->status, 422);
  EXPECT_EQ(c.Get(path, bearer(k.store->settings().device().token))->status, 403) << "organizers only";
}

TEST(AuditUpload, ATamperedEntryIsStoredMarksTheDeviceBrokenFromItAndSalesStillCount) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  SoldKiosk k = soldKiosk(dir.file("kiosk.db"), server, server.url());
  ASSERT_GE(k.entries, 2);
  {
    SQLite::Database db(dir.file("kiosk.db"), SQLite::OPEN_READWRITE);
    db.exec("DROP TRIGGER audit_log_no_update");  // what someone editing the file by hand does first
    ASSERT_EQ(db.exec("UPDATE audit_log SET reason = 'tidak ada apa-apa' WHERE id = 2"), 1);
  }
  EXPECT_EQ(k.store->audit().check()->firstBad, 2);
  auto http = deviceClient(*k.store, server.url());
  Uploader uploader(*k.store, *http);
  const DrainResult drained = drainAll(uploader, *k.store);
  EXPECT_EQ(drained.pendingLeft, 0) << drained.error;
  EXPECT_EQ(drained.quarantined, 0);

  EXPECT_EQ(server.store().countRows("audit_entries").value_or(-1), k.entries) << "every entry stored, the bad one too";
  const DeviceStatus d = onlyDevice(server.store());
  EXPECT_EQ(d.audit, "broken");
  EXPECT_EQ(d.auditFirstBad, 2);
  EXPECT_EQ(serverIds(server.dbPath(), "sales").rows, static_cast<std::int64_t>(kioskIds(dir.file("kiosk.db"), "sale").size()));

  httplib::Client c("127.0.0.1", server.port());
  const std::string organizer = server.organizerToken();
  auto list = c.Get("/api/v1/events/" + kEventCode + "/devices/" + d.code + "/audit", bearer(organizer));
  ASSERT_TRUE(list && list->status == 200);
  const json lj = json::parse(list->body);
  EXPECT_EQ(lj["audit"], "broken");
  EXPECT_EQ(lj["audit_first_bad"], 2);
  for (const json& e : lj["entries"]) EXPECT_EQ(e["intact"], e["id"].get<std::int64_t>() < 2) << e.dump();
  auto devices = c.Get("/api/v1/events/" + kEventCode + "/devices", bearer(organizer));
  ASSERT_TRUE(devices && devices->status == 200);
  EXPECT_EQ(json::parse(devices->body)["devices"][0]["audit_first_bad"], 2);

#ifdef PAMERAN_SERVER_EXE
  // `pameran-server device list` says so too.
  const std::string command = std::string(PAMERAN_SERVER_EXE) + " device list --db " + server.dbPath() + " --event " + kEventCode;
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe)) out += buf;
  EXPECT_EQ(::pclose(pipe), 0) << out;
  EXPECT_NE(out.find("audit=broken@2"), std::string::npos) << out;
#endif
}

TEST(AuditUpload, ReplayedBatchesStoreEachEntryOnce) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  // Every other answer is lost after the server committed, and requests are repeated.
  FaultProxy proxy(server.port(), [](std::size_t i, const httplib::Request& r) {
    if (r.path != "/api/v1/sales") return Fault::None;
    return i % 3 == 0 ? Fault::DropResponse : i % 3 == 1 ? Fault::RepeatRequest : Fault::ErrorAfterCommit;
  }, 500ms);
  SoldKiosk k = soldKiosk(dir.file("kiosk.db"), server, server.url());
  auto http = deviceClient(*k.store, proxy.url(), 2000);
  Uploader uploader(*k.store, *http, UploadLimits{4, 1u << 20});
  const DrainResult drained = drainAll(uploader, *k.store);
  EXPECT_EQ(drained.pendingLeft, 0) << drained.error;
  proxy.stop();
  EXPECT_EQ(server.store().countRows("audit_entries").value_or(-1), k.entries);
  EXPECT_EQ(onlyDevice(server.store()).audit, "ok");
  std::int64_t duplicates = 0;
  for (const SeenRequest& s : proxy.seen())
    for (const std::string& answer : s.upstreamAnswers)
      if (auto decoded = decodeBatchResponse(answer))
        for (const RecordResult& r : decoded->results) duplicates += r.type == RecordType::Audit && r.status == RecordStatus::Duplicate;
  EXPECT_GT(duplicates, 0) << "no audit entry travelled twice: the test proved nothing";
}

TEST(AuditUpload, VersionOneBatchesStillWorkAndGapsAreUnknownUntilFilled) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  SoldKiosk k = soldKiosk(dir.file("kiosk.db"), server, server.url(), 2);
  const core::DeviceInfo device = k.store->settings().device();
  httplib::Client c("127.0.0.1", server.port());
  const auto post = [&](const std::string& body) { return c.Post("/api/v1/sales", bearer(device.token), body, "application/json"); };
  // A version-1 kiosk: its sales as before, no audit array.
  auto sale = k.store->sales().byUuid(*kioskIds(dir.file("kiosk.db"), "sale").begin());
  ASSERT_TRUE(sale);
  const std::string v1 = encodeBatch(Batch{device.deviceId, {*sale}, {}, {}});
  ASSERT_NE(v1.find("\"protocol_version\":1"), std::string::npos);
  auto stored = post(v1);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, 200) << stored->body;
  EXPECT_EQ(onlyDevice(server.store()).audit, "unknown") << "nothing reported yet";
  // Version 1 cannot carry the log: the field is unknown there.
  json withAudit = json::parse(v1);
  withAudit["audit"] = json::array();
  auto refused = post(withAudit.dump());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 422);
  EXPECT_NE(refused->body.find("audit"), std::string::npos) << refused->body;

  // Version 2: entries 1 and 3 first (2 is missing: unknown), then 2 (ok), a replay (duplicate)
  // and a rewrite (conflict, the stored one kept).
  const std::vector<core::AuditEntry> entries = chain(3);
  Batch batch{device.deviceId, {}, {}, {}, {entries[0], entries[2]}};
  auto first = post(encodeBatch(batch));
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  auto answer = decodeBatchResponse(first->body);
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->results.size(), 2u);
  EXPECT_EQ(answer->results[0].type, RecordType::Audit);
  EXPECT_EQ(answer->results[0].id, "1");
  EXPECT_EQ(answer->results[1].id, "3");
  EXPECT_EQ(answer->results[1].status, RecordStatus::Stored);
  DeviceStatus d = onlyDevice(server.store());
  EXPECT_EQ(d.audit, "unknown");
  EXPECT_EQ(d.auditHeld, 1);
  batch.audit = {entries[1]};
  ASSERT_EQ(post(encodeBatch(batch))->status, 200);
  d = onlyDevice(server.store());
  EXPECT_EQ(d.audit, "ok");
  EXPECT_EQ(d.auditHeld, 3);
  auto replay = decodeBatchResponse(post(encodeBatch(batch))->body);
  ASSERT_TRUE(replay);
  EXPECT_EQ(replay->results.at(0).status, RecordStatus::Duplicate);
  batch.audit[0].reason = "lain";
  auto rewrite = post(encodeBatch(batch));
  EXPECT_EQ(rewrite->status, 409);
  EXPECT_EQ(decodeBatchResponse(rewrite->body)->results.at(0).status, RecordStatus::Conflict);
  EXPECT_EQ(onlyDevice(server.store()).audit, "ok") << "the stored entry is kept";
  EXPECT_EQ(server.store().countRows("audit_entries").value_or(-1), 3);
  // A version-2 entry without a whole-number id has nobody to answer: the batch is refused.
  json bad = json::parse(encodeBatch(batch));
  bad["audit"][0]["id"] = "2";
  EXPECT_EQ(post(bad.dump())->status, 422);
}

TEST(AuditUpload, ARestoredServerGetsTheEntriesItLostAgain) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  SoldKiosk k = soldKiosk(dir.file("kiosk.db"), server, server.url());
  ASSERT_GE(k.entries, 2);
  auto http = deviceClient(*k.store, server.url());
  Uploader uploader(*k.store, *http);
  ASSERT_EQ(drainAll(uploader, *k.store).pendingLeft, 0);
  // The server's database goes back to a moment when it held entry 1 only.
  {
    SQLite::Database db(server.dbPath(), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(5000);
    db.exec("DELETE FROM audit_entries WHERE id > 1");
    db.exec("UPDATE devices SET audit_held = 1, audit_highest = 1, audit_held_hash = (SELECT hash FROM audit_entries WHERE id = 1)");
  }
  auto requeued = requeueWhatServerLost(*k.store, *http);
  ASSERT_TRUE(requeued) << requeued.error().message;
  EXPECT_EQ(requeued->audit, k.entries - 1);
  EXPECT_EQ(k.store->outbox().stats().pending, requeued->total());
  ASSERT_EQ(drainAll(uploader, *k.store).pendingLeft, 0);
  EXPECT_EQ(server.store().countRows("audit_entries").value_or(-1), k.entries);
  EXPECT_EQ(onlyDevice(server.store()).audit, "ok");
  auto second = requeueWhatServerLost(*k.store, *http);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->total(), 0);
}

TEST(AuditUpload, AServerThatSpeaksOnlyVersionOneStillGetsEveryRecord) {
  TempDir dir;
  // What a server from before the audit upload answers: 422 for version 2, results for version 1.
  ScriptedServer old([](std::size_t, const httplib::Request& req, httplib::Response& res) {
    const json j = json::parse(req.body, nullptr, false);
    if (!j.is_object() || j.value("protocol_version", 0) != 1) {
      res.status = 422;
      res.set_content(encodeError("protocol_version 2 is not supported; this server speaks 1"), "application/json");
      return true;
    }
    res.status = 200;
    res.set_content(answerAllStored(req.body), "application/json");
    return true;
  });
  auto store = seededKiosk(dir.file("kiosk.db"), 6, 5);
  const std::int64_t entries = store->audit().pendingUpload();
  ASSERT_GT(entries, 0);
  HttpClient http(HttpOptions{old.url(), "", 2000, 2000});
  http.setToken(core::randomHex(32));
  Uploader uploader(*store, http);
  drainAll(uploader, *store);
  const core::OutboxStats after = store->outbox().stats();
  EXPECT_EQ(after.quarantined, 0) << "no record is set aside for the server's age";
  EXPECT_EQ(after.pending, entries) << "only the audit entries wait, for a newer server";
  EXPECT_EQ(store->audit().uploadedThrough(), 0);
  const auto seen = old.seen();
  ASSERT_GE(seen.size(), 2u);
  EXPECT_EQ(seen[0].status, 422);
  EXPECT_EQ(seen.back().status, 200);
}

}  // namespace
}  // namespace pameran::sync
