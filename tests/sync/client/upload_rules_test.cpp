// What the uploader does with each kind of answer (P6, P7, P9), what it puts on the wire (gzip,
// Content-Length, batch bounds, no PIN hashes: P16) and the catalog pull's ETag.
#include <SQLiteCpp/SQLiteCpp.h>

#include <ctime>

#include "client_fixtures.hpp"
#include "pameran/core/ids.hpp"

namespace pameran::sync {
namespace {

using namespace std::chrono_literals;
using namespace pameran::sync::testing;

std::int64_t pendingOf(core::Store& store) { return store.outbox().stats().pending; }

bool reply(httplib::Response& res, int status, const std::string& body, const char* retryAfter = nullptr) {
  res.status = status;
  if (retryAfter) res.set_header("Retry-After", retryAfter);
  res.set_content(body, "application/json");
  return true;
}

// ---- P6: same id, different body -----------------------------------------------------------------

TEST(Conflict, ChangedCopyOfAStoredSaleIsQuarantinedAndTheStoredRowStays) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  FaultProxy proxy(server.port());
  const std::string kioskDb = dir.file("kiosk.db");
  auto store = openKiosk(kioskDb);
  enrollKiosk(*store, server.url(), server.enrollmentCode());
  sell(*store, 5, 3);
  auto http = deviceClient(*store, proxy.url());
  Uploader uploader(*store, *http);
  RecordingSleep sleep;
  Backoff backoff(10, 100, 1);
  ASSERT_EQ(drain(uploader, *store, backoff, 1000, sleep.fn()).pendingLeft, 0);

  const std::string uuid = *kioskIds(kioskDb, "sale").begin();
  auto storedRow = [&] {
    SQLite::Database db(server.dbPath(), SQLite::OPEN_READONLY);
    SQLite::Statement s(db, "SELECT body_hash || ' ' || body FROM sales WHERE uuid = ?");
    s.bind(1, uuid);
    return s.executeStep() ? s.getColumn(0).getString() : std::string("missing");
  };
  const std::string before = storedRow();
  const std::int64_t storedSales = serverIds(server.dbPath(), "sales").rows;
  {
    // A changed copy under the same id: another cashier name (the sale's identity and total are
    // guarded by triggers), queued again as if it had never been sent.
    SQLite::Database db(kioskDb, SQLite::OPEN_READWRITE);
    SQLite::Statement change(db, "UPDATE sale SET cashier = 'Kasir Pengganti' WHERE uuid = ?");
    change.bind(1, uuid);
    ASSERT_EQ(change.exec(), 1);
    SQLite::Statement requeue(db, "UPDATE outbox SET state = 'pending' WHERE kind = 'sale' AND uuid = ?");
    requeue.bind(1, uuid);
    ASSERT_EQ(requeue.exec(), 1);
  }
  ASSERT_EQ(pendingOf(*store), 1);

  const BatchOutcome out = uploader.sendBatch();
  EXPECT_EQ(out.verdict, Verdict::Results);
  EXPECT_EQ(out.sent, 1u);
  EXPECT_EQ(out.quarantined, 1u);
  EXPECT_EQ(out.synced, 0u);
  EXPECT_EQ(proxy.seen().back().status, 409);

  EXPECT_EQ(storedRow(), before) << "the stored sale was overwritten";
  EXPECT_EQ(serverIds(server.dbPath(), "sales").rows, storedSales);
  const core::OutboxStats stats = store->outbox().stats();
  EXPECT_EQ(stats.pending, 0);
  EXPECT_EQ(stats.quarantined, 1);
  const auto set = store->outbox().quarantined();
  ASSERT_EQ(set.size(), 1u);
  EXPECT_EQ(set[0].uuid, uuid);
  EXPECT_NE(set[0].reason.find("conflict"), std::string::npos) << set[0].reason;
  auto sale = store->sales().byUuid(uuid);
  ASSERT_TRUE(sale) << "sync deleted a local sale";
  EXPECT_EQ(sale->cashier, "Kasir Pengganti");
  // Later drains leave it set aside and do not send it again.
  const std::size_t requests = proxy.seen().size();
  EXPECT_EQ(drain(uploader, *store, backoff, 1000, sleep.fn()).pendingLeft, 0);
  EXPECT_EQ(proxy.seen().size(), requests);
}

// ---- refunds the server cannot take yet ------------------------------------------------------

// Marks a kiosk's sale as already delivered without sending it, so the server never gets it and
// answers `retry` to every refund of it.
void pretendSynced(const std::string& kioskDb, const std::string& saleUuid, const char* state) {
  SQLite::Database db(kioskDb, SQLite::OPEN_READWRITE);
  SQLite::Statement s(db, "UPDATE outbox SET state = ? WHERE kind = 'sale' AND uuid = ?");
  s.bind(1, state);
  s.bind(2, saleUuid);
  ASSERT_EQ(s.exec(), 1);
}

std::string refundedSaleOf(core::Store& store, const std::string& kioskDb) {
  const std::string refundId = *kioskIds(kioskDb, "refund").begin();
  return store.sales().refundByUuid(refundId)->saleUuid;
}

TEST(QueueHead, RefundTheServerCannotTakeYetDoesNotHoldUpTheSalesBehindIt) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  const std::string kioskDb = dir.file("kiosk.db");
  auto store = openKiosk(kioskDb);
  enrollKiosk(*store, server.url(), server.enrollmentCode());
  sell(*store, 1, 5);  // one sale and a refund of it
  const std::string saleUuid = refundedSaleOf(*store, kioskDb);
  pretendSynced(kioskDb, saleUuid, "synced");
  sell(*store, 6, 6);  // queued behind the refund
  recordsOnly(*store);
  auto http = deviceClient(*store, server.url());
  // One record a batch: without skipping past it, the refund at the head would be sent forever.
  Uploader uploader(*store, *http, UploadLimits{1, 1u << 20});
  RecordingSleep sleep;
  Backoff backoff(10, 100, 1);
  const DrainResult r = drain(uploader, *store, backoff, 500, sleep.fn());
  EXPECT_EQ(r.pendingLeft, 1) << "only the refund should be left waiting";
  EXPECT_EQ(serverIds(server.dbPath(), "sales").rows, static_cast<std::int64_t>(kioskIds(kioskDb, "sale").size()) - 1);
  EXPECT_TRUE(r.gaveUp);
}

TEST(QueueHead, RefundOfASaleSetAsideIsSetAsideWithItAndNotSent) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  FaultProxy proxy(server.port());
  const std::string kioskDb = dir.file("kiosk.db");
  auto store = openKiosk(kioskDb);
  enrollKiosk(*store, server.url(), server.enrollmentCode());
  {
    // What enrollment left to send (its audit entries) goes first; this test is about the refund.
    auto direct = deviceClient(*store, server.url());
    Uploader first(*store, *direct);
    while (first.sendBatch().synced > 0) {
    }
    ASSERT_EQ(store->outbox().stats().pending, 0);
  }
  sell(*store, 1, 7);
  const std::string saleUuid = refundedSaleOf(*store, kioskDb);
  pretendSynced(kioskDb, saleUuid, "quarantined");
  recordsOnly(*store);
  auto http = deviceClient(*store, proxy.url());
  Uploader uploader(*store, *http);
  const BatchOutcome out = uploader.sendBatch();
  EXPECT_EQ(out.quarantined, 1u);
  EXPECT_EQ(out.sent, 0u);
  EXPECT_TRUE(proxy.seen().empty()) << "the refund went to the server";
  const auto set = store->outbox().quarantined();
  ASSERT_EQ(set.size(), 2u);
  EXPECT_NE(set[1].reason.find("set aside"), std::string::npos) << set[1].reason;
  EXPECT_TRUE(store->sales().refundByUuid(set[1].uuid)) << "sync deleted a local refund";
}

// ---- P7: only a 2xx naming the id counts -------------------------------------------------------

struct FakeAnswer {
  const char* name;
  int status;
  const char* contentType;
  std::function<std::string(const std::string& requestBody)> body;
};

void PrintTo(const FakeAnswer& answer, std::ostream* os) { *os << answer.name; }

class NotAProperAnswer : public ::testing::TestWithParam<FakeAnswer> {};

TEST_P(NotAProperAnswer, LeavesTheSalesPending) {
  const FakeAnswer answer = GetParam();
  TempDir dir;
  ScriptedServer fake([&](std::size_t, const httplib::Request& req, httplib::Response& res) {
    res.status = answer.status;
    res.set_content(answer.body(req.body), answer.contentType);
    return true;
  });
  auto store = seededKiosk(dir.file("kiosk.db"), 6, 5);
  recordsOnly(*store);
  const std::int64_t pending = pendingOf(*store);
  ASSERT_GT(pending, 0);
  HttpClient http(HttpOptions{fake.url(), "", 2000, 2000});
  http.setToken(core::randomHex(32));
  Uploader uploader(*store, http);

  const BatchOutcome out = uploader.sendBatch();
  EXPECT_EQ(out.verdict, Verdict::RetryLater);
  EXPECT_EQ(out.sent, static_cast<std::size_t>(pending));
  EXPECT_EQ(out.synced, 0u);
  EXPECT_EQ(out.quarantined, 0u);
  EXPECT_FALSE(out.error.empty());

  RecordingSleep sleep;
  Backoff backoff(100, 1000, 9);
  const DrainResult r = drain(uploader, *store, backoff, 3000, sleep.fn());
  EXPECT_TRUE(r.gaveUp);
  EXPECT_EQ(r.synced, 0);
  EXPECT_EQ(r.pendingLeft, pending);
  EXPECT_FALSE(sleep.delays.empty()) << "an improper answer must be waited out, not hammered";
  const core::OutboxStats stats = store->outbox().stats();
  EXPECT_EQ(stats.pending, pending);
  EXPECT_EQ(stats.synced, 0);
  EXPECT_EQ(stats.quarantined, 0);
  EXPECT_EQ(kioskIds(dir.file("kiosk.db"), "sale").size(), 6u) << "sync deleted a local sale";
}

std::string wrongIds(const std::string& requestBody) {
  BatchResponse r;
  for (const auto& [id, type] : recordIds(requestBody)) r.results.push_back({core::newUuid(), type, RecordStatus::Stored, "", false});
  return encodeBatchResponse(r);
}

INSTANTIATE_TEST_SUITE_P(
    P7, NotAProperAnswer,
    ::testing::Values(
        FakeAnswer{"EmptyBody", 200, "application/json", [](const std::string&) { return std::string(); }},
        FakeAnswer{"WrongIds", 200, "application/json", wrongIds},
        FakeAnswer{"HtmlPage", 200, "text/html",
                   [](const std::string&) {
                     return std::string("<!DOCTYPE html><html><body><h1>Wi-Fi Gratis</h1>Masuk dulu</body></html>");
                   }},
        FakeAnswer{"MalformedJson", 200, "application/json",
                   [](const std::string& body) { return answerAllStored(body).substr(0, 40); }},
        FakeAnswer{"EmptyResults", 200, "application/json",
                   [](const std::string&) { return std::string(R"({"server_time_ms":1,"results":[]})"); }},
        FakeAnswer{"UnknownStatusWord", 200, "application/json",
                   [](const std::string& body) {
                     std::string text = answerAllStored(body);
                     for (std::size_t at = text.find("\"stored\""); at != std::string::npos; at = text.find("\"stored\""))
                       text.replace(at, 8, "\"ok\"");
                     return text;
                   }},
        FakeAnswer{"NoContent", 204, "application/json", [](const std::string&) { return std::string(); }}),
    [](const ::testing::TestParamInfo<FakeAnswer>& p) { return std::string(p.param.name); });

// ---- P9: decisions and delays --------------------------------------------------------------------

HttpResponse answerOf(long status, std::string body = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

TEST(RetryDiscipline, ClassifyRetriesStopsOrRefusesByStatus) {
  const std::string results = encodeBatchResponse({1, {{core::newUuid(), RecordType::Sale, RecordStatus::Conflict, "x", false}}});
  const std::string error = encodeError("bad");
  HttpResponse network;
  network.error = "connection refused";
  HttpResponse tls;
  tls.tlsFailure = true;
  EXPECT_EQ(classify(network), Verdict::RetryLater);
  EXPECT_EQ(classify(tls), Verdict::RetryLater);
  for (long s : {408L, 429L, 500L, 502L, 503L, 504L}) EXPECT_EQ(classify(answerOf(s, error)), Verdict::RetryLater) << s;
  for (long s : {200L, 201L, 204L}) EXPECT_EQ(classify(answerOf(s)), Verdict::Success) << s;
  for (long s : {401L, 403L}) EXPECT_EQ(classify(answerOf(s, error)), Verdict::Stop) << s;
  for (long s : {400L, 413L, 422L}) EXPECT_EQ(classify(answerOf(s, error)), Verdict::Refused) << s;
  EXPECT_EQ(classify(answerOf(409, results)), Verdict::Results);
  EXPECT_EQ(classify(answerOf(422, results)), Verdict::Results);
  EXPECT_EQ(classify(answerOf(409, error)), Verdict::Refused);
}

TEST(RetryDiscipline, BackoffIsCappedExponentialWithFullJitter) {
  constexpr std::int64_t kBase = 100, kCap = 5000;
  std::map<int, std::set<std::int64_t>> seenAt;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    Backoff b(kBase, kCap, seed);
    for (int n = 0; n < 20; ++n) {
      const std::int64_t d = b.nextDelayMs();
      EXPECT_GE(d, 0);
      EXPECT_LE(d, std::min(kCap, kBase << n)) << "attempt " << n;
      seenAt[n].insert(d);
    }
  }
  // Full jitter: the waits spread over the window instead of all landing on its edge.
  EXPECT_GT(seenAt[6].size(), 40u);
  EXPECT_GT(*seenAt[19].rbegin(), kCap / 2);
  EXPECT_LT(*seenAt[19].begin(), kCap / 2);
  // A fixed seed gives the same waits; reset() starts the window again.
  Backoff a(kBase, kCap, 77), b(kBase, kCap, 77);
  for (int n = 0; n < 10; ++n) EXPECT_EQ(a.nextDelayMs(), b.nextDelayMs());
  a.reset();
  EXPECT_EQ(a.attempts(), 0);
  EXPECT_LE(a.nextDelayMs(), kBase);
  // Retry-After is a floor, even past the cap.
  Backoff c(kBase, kCap, 5);
  EXPECT_GE(c.nextDelayMs(2000), 2000);
  EXPECT_GE(c.nextDelayMs(9000), 9000);
}

// A kiosk with sales and a fake server playing a script of answers.
struct ScriptedRun {
  TempDir dir;
  std::unique_ptr<core::Store> store;
  std::unique_ptr<ScriptedServer> fake;
  std::unique_ptr<HttpClient> http;
  RecordingSleep sleep;

  ScriptedRun(std::int64_t sales, ScriptedServer::Answer answer) {
    store = seededKiosk(dir.file("kiosk.db"), sales, 11);
    recordsOnly(*store);
    fake = std::make_unique<ScriptedServer>(std::move(answer));
    http = std::make_unique<HttpClient>(HttpOptions{fake->url(), "", 2000, 2000});
    http->setToken(core::randomHex(32));
  }
  DrainResult drainWith(Backoff& backoff, std::int64_t budgetMs = 60'000) {
    Uploader uploader(*store, *http);
    return drain(uploader, *store, backoff, budgetMs, sleep.fn());
  }
};

TEST(RetryDiscipline, ServerErrorsAndRateLimitsAreRetriedWithBackoffHonouringRetryAfter) {
  ScriptedRun run(4, [](std::size_t i, const httplib::Request& req, httplib::Response& res) {
    switch (i) {
      case 0: return reply(res, 503, encodeError("busy"));
      case 1: return reply(res, 503, encodeError("busy"));
      case 2: return reply(res, 429, encodeError("slow down"), "2");
      default: return reply(res, 200, answerAllStored(req.body));
    }
  });
  Backoff backoff(100, 1000, 7);
  const DrainResult r = run.drainWith(backoff);
  EXPECT_EQ(r.pendingLeft, 0);
  EXPECT_EQ(r.quarantined, 0);
  Backoff replay(100, 1000, 7);
  const std::vector<std::int64_t> expected{replay.nextDelayMs(), replay.nextDelayMs(), replay.nextDelayMs(2000)};
  EXPECT_EQ(run.sleep.delays, expected);
  ASSERT_EQ(run.sleep.delays.size(), 3u);
  EXPECT_LE(run.sleep.delays[0], 100);
  EXPECT_LE(run.sleep.delays[1], 200);
  EXPECT_GE(run.sleep.delays[2], 2000);
  const auto seen = run.fake->seen();
  ASSERT_EQ(seen.size(), 4u);
  for (const SeenRequest& s : seen) EXPECT_EQ(s.body, seen[0].body) << "a retry resends the same batch";
}

TEST(RetryDiscipline, RequestTimeoutAndClosedConnectionsAreRetried) {
  ScriptedRun run(3, [](std::size_t i, const httplib::Request& req, httplib::Response& res) {
    if (i == 0) return reply(res, 408, encodeError("request timeout"));
    if (i == 1) return false;  // the connection closes with no answer
    return reply(res, 200, answerAllStored(req.body));
  });
  Backoff backoff(100, 1000, 3);
  const DrainResult r = run.drainWith(backoff);
  EXPECT_EQ(r.pendingLeft, 0);
  ASSERT_EQ(run.sleep.delays.size(), 2u);
  EXPECT_LE(run.sleep.delays[0], 100);
  EXPECT_LE(run.sleep.delays[1], 200);
  EXPECT_EQ(run.fake->seen().size(), 3u);
  EXPECT_EQ(run.fake->seen()[1].status, 0);
}

TEST(RetryDiscipline, RetryAfterAsAnHttpDateIsHonoured) {
  ScriptedServer fake([](std::size_t, const httplib::Request&, httplib::Response& res) {
    char date[64];
    const std::time_t at = std::time(nullptr) + 5;
    std::tm tm{};
    gmtime_r(&at, &tm);
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return reply(res, 503, encodeError("maintenance"), date);
  });
  HttpClient http(HttpOptions{fake.url(), "", 2000, 2000});
  const HttpResponse r = http.post("/api/v1/sales", "{}", true);
  EXPECT_EQ(r.status, 503);
  ASSERT_TRUE(r.retryAfterMs.has_value());
  EXPECT_GE(*r.retryAfterMs, 3000);
  EXPECT_LE(*r.retryAfterMs, 6000);
}

class WholeBatchRefused : public ::testing::TestWithParam<int> {};

// A batch refused as a whole is not resent as it is: its records go one by one, and only the one
// the server still refuses is set aside.
TEST_P(WholeBatchRefused, IsolatesTheBadRecordOneByOne) {
  const int status = GetParam();
  ScriptedRun run(5, [status](std::size_t i, const httplib::Request& req, httplib::Response& res) {
    if (i == 0 || i == 2) return reply(res, status, encodeError("refused as a whole"));
    return reply(res, 200, answerAllStored(req.body));
  });
  const std::int64_t pending = pendingOf(*run.store);
  ASSERT_GE(pending, 3);
  Backoff backoff(100, 1000, 3);
  const DrainResult r = run.drainWith(backoff);
  EXPECT_EQ(r.pendingLeft, 0);
  EXPECT_EQ(r.quarantined, 1);
  EXPECT_EQ(r.synced, pending - 1);
  EXPECT_TRUE(run.sleep.delays.empty()) << "isolating is not waiting";
  const auto seen = run.fake->seen();
  ASSERT_EQ(seen.size(), static_cast<std::size_t>(pending + 1));
  EXPECT_EQ(seen[0].records, static_cast<std::size_t>(pending));
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_EQ(seen[i].records, 1u) << "request " << i;
  const auto set = run.store->outbox().quarantined();
  ASSERT_EQ(set.size(), 1u);
  EXPECT_EQ(set[0].uuid, recordIds(seen[2].body).at(0).first) << "the wrong record was set aside";
  EXPECT_NE(set[0].reason.find(std::to_string(status)), std::string::npos) << set[0].reason;
}

INSTANTIATE_TEST_SUITE_P(P9, WholeBatchRefused, ::testing::Values(400, 413, 422));

class TokenRefused : public ::testing::TestWithParam<int> {};

TEST_P(TokenRefused, StopsAtOnceAndKeepsEveryRecord) {
  const int status = GetParam();
  ScriptedRun run(4, [status](std::size_t, const httplib::Request&, httplib::Response& res) {
    return reply(res, status, encodeError("unknown or revoked token"));
  });
  const std::int64_t pending = pendingOf(*run.store);
  Backoff backoff(100, 1000, 3);
  const DrainResult r = run.drainWith(backoff);
  EXPECT_TRUE(r.stopped);
  EXPECT_NE(r.error.find("enroll"), std::string::npos) << r.error;
  EXPECT_EQ(run.fake->seen().size(), 1u) << "a refused token is not retried in a loop";
  EXPECT_TRUE(run.sleep.delays.empty());
  const core::OutboxStats stats = run.store->outbox().stats();
  EXPECT_EQ(stats.pending, pending);
  EXPECT_EQ(stats.quarantined, 0);
  EXPECT_EQ(kioskIds(run.dir.file("kiosk.db"), "sale").size(), 4u);
}

INSTANTIATE_TEST_SUITE_P(P9, TokenRefused, ::testing::Values(401, 403));

// ---- on the wire ------------------------------------------------------------------------------------

TEST(Wire, BatchesAreGzippedWithContentLengthAndStayWithinBounds) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  FaultProxy proxy(server.port());
  auto store = openKiosk(dir.file("kiosk.db"));
  enrollKiosk(*store, server.url(), server.enrollmentCode());
  sell(*store, 250, 8);
  recordsOnly(*store);
  auto http = deviceClient(*store, proxy.url());
  {
    Uploader uploader(*store, *http);
    // A few batches under the record limit first...
    for (int i = 0; i < 2; ++i) ASSERT_EQ(uploader.sendBatch().verdict, Verdict::Success);
  }
  {
    // ...then the rest under a small byte limit.
    Uploader uploader(*store, *http, UploadLimits{100, 16 * 1024});
    RecordingSleep sleep;
    Backoff backoff(10, 100, 1);
    ASSERT_EQ(drain(uploader, *store, backoff, 1000, sleep.fn()).pendingLeft, 0);
  }
  std::vector<SeenRequest> uploads;
  for (const SeenRequest& s : proxy.seen())
    if (s.path == "/api/v1/sales") uploads.push_back(s);
  ASSERT_GE(uploads.size(), 4u);
  for (std::size_t i = 0; i < uploads.size(); ++i) {
    const SeenRequest& s = uploads[i];
    EXPECT_EQ(s.contentEncoding, "gzip");
    EXPECT_FALSE(s.contentLength.empty()) << "no Content-Length";
    EXPECT_EQ(s.transferEncoding, "") << "chunked upload";
    EXPECT_EQ(s.status, 200);
    EXPECT_GE(s.records, 1u);
    EXPECT_LE(s.records, 100u);
    if (i < 2) {
      EXPECT_EQ(s.records, 100u);
      EXPECT_LE(s.body.size(), std::size_t{1} << 20);
    } else {
      EXPECT_LE(s.body.size(), 16u * 1024) << "batch " << i << " is over the byte limit";
    }
    // gzip pays: what crossed the wire is well under the JSON it carried.
    EXPECT_LT(std::stoul(s.contentLength), s.body.size() / 2);
  }
}

// The byte limit holds for the whole body, envelope included, even when the records alone fit it
// exactly.
TEST(Wire, BatchBodyStaysWithinTheByteLimitWhenRecordsFillItExactly) {
  TempDir dir;
  auto store = seededKiosk(dir.file("kiosk.db"), 8, 2);
  recordsOnly(*store);
  std::size_t recordBytes = 0;
  int counted = 0;
  for (const core::OutboxItem& item : store->outbox().pending(3)) {
    if (item.kind == core::OutboxKind::Sale) recordBytes += encodeSale(*store->sales().byUuid(item.uuid)).size();
    if (item.kind == core::OutboxKind::Refund) recordBytes += encodeRefund(*store->sales().refundByUuid(item.uuid)).size();
    ++counted;
  }
  ASSERT_EQ(counted, 3);
  ScriptedServer fake([](std::size_t, const httplib::Request& req, httplib::Response& res) {
    return reply(res, 200, answerAllStored(req.body));
  });
  HttpClient http(HttpOptions{fake.url(), "", 2000, 2000});
  http.setToken(core::randomHex(32));
  Uploader uploader(*store, http, UploadLimits{100, recordBytes});
  const BatchOutcome out = uploader.sendBatch();
  EXPECT_EQ(out.verdict, Verdict::Success);
  EXPECT_GE(out.synced, 1u);
  ASSERT_EQ(fake.seen().size(), 1u);
  EXPECT_LE(fake.seen()[0].body.size(), recordBytes);
  EXPECT_EQ(fake.seen()[0].records, out.sent);
  // What went on the wire is exactly the protocol's batch of those records.
  Batch expected;
  expected.deviceId = store->settings().device().deviceId;
  for (const auto& [id, type] : recordIds(fake.seen()[0].body)) {
    if (type == RecordType::Sale) expected.sales.push_back(*store->sales().byUuid(id));
    if (type == RecordType::Refund) expected.refunds.push_back(*store->sales().refundByUuid(id));
  }
  EXPECT_EQ(fake.seen()[0].body, encodeBatch(expected));
}

TEST(Wire, NoUploadCarriesAPinHash) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  FaultProxy proxy(server.port());
  const std::string kioskDb = dir.file("kiosk.db");
  auto store = openKiosk(kioskDb);
  enrollKiosk(*store, proxy.url(), server.enrollmentCode());
  ASSERT_TRUE(store->staff().add("Kasir Demo", core::Role::Cashier, "1234"));
  ASSERT_TRUE(store->staff().add("Supervisor Demo", core::Role::Supervisor, "432109"));
  sell(*store, 30, 4);
  const auto staff = store->staff().list();
  ASSERT_TRUE(store->shifts().close({{100'000, 3}, {5'000, 2}}, staff.front()));
  {
    SQLite::Database db(kioskDb, SQLite::OPEN_READONLY);
    ASSERT_GE(db.execAndGet("SELECT COUNT(*) FROM staff WHERE pin_hash LIKE '$argon2id$%'").getInt(), 2)
        << "the kiosk holds no PIN hashes, so this test could not fail";
  }
  auto http = deviceClient(*store, proxy.url());
  Uploader uploader(*store, *http);
  RecordingSleep sleep;
  Backoff backoff(10, 100, 1);
  ASSERT_EQ(drain(uploader, *store, backoff, 1000, sleep.fn()).pendingLeft, 0);
  bool shiftSent = false;
  bool refundSent = false;
  for (const SeenRequest& s : proxy.seen()) {
    EXPECT_EQ(s.body.find("$argon2id$"), std::string::npos) << s.method << " " << s.path;
    EXPECT_EQ(s.body.find("pin_hash"), std::string::npos) << s.method << " " << s.path;
    for (const auto& [id, type] : recordIds(s.body)) {
      shiftSent = shiftSent || type == RecordType::ShiftClose;
      refundSent = refundSent || type == RecordType::Refund;
    }
  }
  EXPECT_TRUE(shiftSent);
  EXPECT_TRUE(refundSent);
  EXPECT_EQ(serverIds(server.dbPath(), "shift_closes").rows, 1);
}

TEST(CatalogPull, SecondPullIsNotModifiedAndAChangeComesThrough) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  FaultProxy proxy(server.port());
  auto store = openKiosk(dir.file("kiosk.db"));
  enrollKiosk(*store, proxy.url(), server.enrollmentCode());  // the first pull
  auto http = deviceClient(*store, proxy.url());

  auto pulled = pullCatalog(*store, *http);
  ASSERT_TRUE(pulled) << pulled.error().message;
  EXPECT_FALSE(*pulled);
  auto catalogGets = [&] {
    std::vector<SeenRequest> out;
    for (const SeenRequest& s : proxy.seen())
      if (s.path == "/api/v1/catalog") out.push_back(s);
    return out;
  };
  ASSERT_EQ(catalogGets().size(), 2u);
  EXPECT_EQ(catalogGets()[0].ifNoneMatch, "");
  EXPECT_FALSE(catalogGets()[1].ifNoneMatch.empty());
  EXPECT_EQ(catalogGets()[0].status, 200);
  EXPECT_EQ(catalogGets()[1].status, 304);

  core::CatalogFiles changed = demoCatalog(200);
  changed.products[0].priceIdr += 1000;
  ASSERT_TRUE(server.store().importCatalog(kEventCode, changed));
  pulled = pullCatalog(*store, *http);
  ASSERT_TRUE(pulled) << pulled.error().message;
  EXPECT_TRUE(*pulled);
  auto product = store->catalog().productBySku(changed.products[0].sku);
  ASSERT_TRUE(product);
  EXPECT_EQ(product->price.idr(), changed.products[0].priceIdr);
  pulled = pullCatalog(*store, *http);
  ASSERT_TRUE(pulled);
  EXPECT_FALSE(*pulled);
  EXPECT_EQ(catalogGets().back().status, 304);
}

}  // namespace
}  // namespace pameran::sync
