// pameran-server over real HTTP on loopback: enrollment, uploads, idempotency, conflicts, late
// sales, limits, rate limits, gaps, totals.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

#include "sync_fixtures.hpp"

namespace pameran::sync {
namespace {

using namespace pameran::sync::testing;
using nlohmann::json;

std::string gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

httplib::Result post(const RunningServer& s, const std::string& token, const std::string& body,
                     httplib::Headers extra = {}) {
  auto c = s.client();
  httplib::Headers h = bearer(token);
  for (auto& kv : extra) h.insert(kv);
  return c.Post("/api/v1/sales", h, body, "application/json");
}

json totals(const RunningServer& s, const std::string& organizer) {
  auto c = s.client();
  auto res = c.Get((std::string("/api/v1/events/") + kEvent + "/totals").c_str(), bearer(organizer));
  if (!res || res->status != 200) return json();
  return json::parse(res->body);
}

std::vector<RecordStatus> statuses(const std::string& body) {
  auto r = decodeBatchResponse(body);
  std::vector<RecordStatus> out;
  if (r)
    for (auto& x : r->results) out.push_back(x.status);
  return out;
}

long rssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

// Every breakdown of a report adds up to its net.
void expectAddsUp(const json& r) {
  const std::int64_t net = r["net_idr"];
  EXPECT_EQ(net, r["gross_idr"].get<std::int64_t>() - r["discount_idr"].get<std::int64_t>() - r["refund_idr"].get<std::int64_t>());
  for (const char* key : {"by_vendor", "by_sector", "by_day", "by_hour", "by_device", "by_cashier"}) {
    EXPECT_TRUE(r.contains(key)) << key;
    std::int64_t sum = 0;
    for (const auto& x : r[key]) sum += x["net_idr"].get<std::int64_t>();
    EXPECT_EQ(sum, net) << key;
  }
  std::int64_t pay = 0;
  for (const auto& x : r["by_payment"]) pay += x["amount_idr"].get<std::int64_t>();
  EXPECT_EQ(pay, net) << "by_payment";
}

TEST(Server, HealthAnswersWithoutAToken) {
  RunningServer s;
  auto res = s.client().Get("/api/v1/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(json::parse(res->body)["protocol_version"], 1);
}

TEST(Server, UnknownEndpointIs404WithJsonError) {
  RunningServer s;
  auto res = s.client().Get("/api/v1/nothing");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_FALSE(decodeError(res->body).empty());
}

TEST(Server, EnrollmentCodeWorksOnceAndGivesTheEvent) {
  RunningServer s;
  const std::string code = s.enrollmentCode();
  auto c = s.client();
  auto first = c.Post("/api/v1/enroll", encodeEnrollRequest({code, "tablet"}), "application/json");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  auto r = decodeEnrollResponse(first->body);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->event.code, kEvent);
  EXPECT_EQ(r->token.size(), 64u);
  EXPECT_TRUE(core::isUuid(r->deviceId));
  // Lower case and without dashes is the same code, and it is spent.
  std::string sloppy;
  for (char ch : code)
    if (ch != '-') sloppy += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto again = c.Post("/api/v1/enroll", encodeEnrollRequest({sloppy, "tablet"}), "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 401);
  EXPECT_NE(decodeError(again->body).find("already used"), std::string::npos);
}

TEST(Server, ExpiredEnrollmentCodeIsRefused) {
  FakeClock fake;
  ServerOptions o = RunningServer::quietOptions();
  o.clock = fake.clock();
  RunningServer s(o);
  const std::string code = s.enrollmentCode(fake.now->load() + 60'000);
  fake.now->fetch_add(61'000);
  auto res = s.client().Post("/api/v1/enroll", encodeEnrollRequest({code, "tablet"}), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_NE(decodeError(res->body).find("expired"), std::string::npos);
}

TEST(Server, MissingWrongAndRevokedTokensAreRefused) {
  RunningServer s;
  const Enrolled dev = s.enroll();
  const std::string body = batchOf(dev.deviceId, {simpleSale(dev.deviceId, 1)});
  auto c = s.client();
  auto none = c.Post("/api/v1/sales", body, "application/json");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(post(s, std::string(64, 'f'), body)->status, 401);
  // An organizer token is not a device token, and the other way round.
  const std::string org = s.organizerToken();
  EXPECT_EQ(post(s, org, body)->status, 403);
  auto t = c.Get((std::string("/api/v1/events/") + kEvent + "/totals").c_str(), bearer(dev.token));
  EXPECT_EQ(t->status, 403);
  ASSERT_TRUE(s.store().revokeDevice(kEvent, dev.deviceCode, 5));
  EXPECT_EQ(post(s, dev.token, body)->status, 401);
  EXPECT_EQ(s.store().countRows("sales").value_or(-1), 0);
  ASSERT_TRUE(s.store().revokeToken("Panitia", 5));
  EXPECT_EQ(c.Get((std::string("/api/v1/events/") + kEvent + "/totals").c_str(), bearer(org))->status, 401);
}

TEST(Server, UploadsAreStoredOnceWhateverTheRetries) {
  RunningServer s;
  const Enrolled dev = s.enroll();
  std::vector<core::SaleRecord> sales;
  for (int i = 1; i <= 20; ++i) sales.push_back(simpleSale(dev.deviceId, i));
  const std::string body = batchOf(dev.deviceId, sales);
  auto first = post(s, dev.token, body);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  EXPECT_EQ(statuses(first->body), std::vector<RecordStatus>(20, RecordStatus::Stored));
  for (int retry = 0; retry < 3; ++retry) {
    auto again = post(s, dev.token, body);
    ASSERT_EQ(again->status, 200);
    EXPECT_EQ(statuses(again->body), std::vector<RecordStatus>(20, RecordStatus::Duplicate));
  }
  EXPECT_EQ(s.store().countRows("sales").value_or(-1), 20);
  const json t = totals(s, s.organizerToken());
  EXPECT_EQ(t["sales_count"], 20);
  EXPECT_EQ(t["net_idr"], 20 * 90'000);
}

TEST(Server, SameIdWithADifferentBodyIsAConflictAndKeepsTheStoredRow) {
  RunningServer s;
  const Enrolled dev = s.enroll();
  const core::SaleRecord sale = simpleSale(dev.deviceId, 1);
  ASSERT_EQ(post(s, dev.token, batchOf(dev.deviceId, {sale}))->status, 200);
  const std::string org = s.organizerToken();
  const json before = totals(s, org);
  core::SaleRecord changed = makeSale(dev.deviceId, 1, {{"V01", core::Sector::Fesyen, 999'000, 1}});
  changed.uuid = sale.uuid;
  const core::SaleRecord other = simpleSale(dev.deviceId, 2);
  auto res = post(s, dev.token, batchOf(dev.deviceId, {changed, other}));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 409);
  EXPECT_EQ(statuses(res->body), (std::vector<RecordStatus>{RecordStatus::Conflict, RecordStatus::Stored}));
  json after = totals(s, org);
  EXPECT_EQ(after["net_idr"].get<std::int64_t>(), before["net_idr"].get<std::int64_t>() + 90'000);
  EXPECT_EQ(after["sales_count"], 2);
  // The original body still answers as a duplicate: the row was not overwritten.
  EXPECT_EQ(statuses(post(s, dev.token, batchOf(dev.deviceId, {sale}))->body),
            std::vector<RecordStatus>{RecordStatus::Duplicate});
}

TEST(Server, SalesOfAClosedEventAreStoredAndFlaggedLate) {
  RunningServer s;
  const Enrolled dev = s.enroll();
  ASSERT_TRUE(s.store().setEventOpen(kEvent, false));
  auto res = post(s, dev.token, batchOf(dev.deviceId, {simpleSale(dev.deviceId, 1)}));
  ASSERT_EQ(res->status, 200) << res->body;
  auto r = decodeBatchResponse(res->body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->results[0].status, RecordStatus::Stored);
  EXPECT_TRUE(r->results[0].late);
  EXPECT_EQ(totals(s, s.organizerToken())["sales_count"], 1);
  auto devices = s.store().devices(kEvent);
  ASSERT_TRUE(devices);
  EXPECT_EQ(devices->at(0).lateCount, 1);
}

TEST(Server, ASaleForAnotherEventIsRejectedWithAReason) {
  RunningServer s;
  const Enrolled dev = s.enroll();
  const auto sale = makeSale(dev.deviceId, 1, {{"V01", core::Sector::Fesyen, 10'000, 1}}, core::PaymentMethod::Cash,
                             kSaleTime, "OTHER-2026");
  auto res = post(s, dev.token, batchOf(dev.deviceId, {sale}));
  EXPECT_EQ(res->status, 422);
  auto r = decodeBatchResponse(res->body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->results[0].status, RecordStatus::Rejected);
  EXPECT_NE(r->results[0].reason.find("not this device's event"), std::string::npos);
  EXPECT_EQ(s.store().countRows("sales").value_or(-1), 0);
}

TEST(Server, MaliciousBodiesGet4xxAndChangeNothing) {
  RunningServer s;
  const Enrolled dev = s.enroll();
  const json good = json::parse(encodeSale(simpleSale(dev.deviceId, 1)));
  auto with = [&](auto edit) {
    json sale = good;
    edit(sale);
    return json{{"protocol_version", 1}, {"sales", json::array({sale})}}.dump();
  };
  std::string deep = R"({"protocol_version":1,"sales":[)";
  for (int i = 0; i < 100000; ++i) deep += "[";
  std::string huge = R"({"protocol_version":1,"sales":[)";
  for (int i = 0; i < 3000; ++i) huge += std::string(i ? "," : "") + good.dump();
  huge += "]}";
  std::string longArray = R"({"protocol_version":1,"sales":[)";
  for (int i = 0; i < 400000; ++i) longArray += "1,";
  longArray += "1]}";
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"deep nesting", deep},
      {"float money", with([](json& j) { j["total_idr"] = 90000.5; })},
      {"string money", with([](json& j) { j["lines"][0]["net_idr"] = "50000"; })},
      {"money out of range", with([](json& j) { j["gross_idr"] = 9'000'000'000'000'000'000ull; })},
      {"negative quantity", with([](json& j) { j["lines"][0]["quantity"] = -2; })},
      {"zero quantity", with([](json& j) { j["lines"][0]["quantity"] = 0; })},
      {"bad uuid", with([](json& j) { j["id"] = "1234"; })},
      {"overlong name", with([](json& j) { j["lines"][0]["name"] = std::string(5000, 'a'); })},
      {"control characters", with([](json& j) { j["cashier"] = std::string("a\x01b"); })},
      {"bad utf-8", std::string(R"({"protocol_version":1,"sales":[{"id":")") + "\xc3\x28" + R"("}]})"},
      {"huge array", huge},
      {"many tiny values", longArray},
      {"wrong protocol_version", R"({"protocol_version":99,"sales":[]})"},
      {"not json", "{{{{"},
      {"sums do not add up", with([](json& j) { j["lines"][0]["gross_idr"] = 1; })},
      {"unknown field", with([](json& j) { j["admin"] = true; })},
      {"negative seq", with([](json& j) { j["seq"] = -1; })},
  };
  for (const auto& [name, body] : bodies) {
    auto res = post(s, dev.token, body);
    ASSERT_TRUE(res) << name;
    EXPECT_GE(res->status, 400) << name;
    EXPECT_LT(res->status, 500) << name << " " << res->body.substr(0, 200);
  }
  EXPECT_EQ(s.store().countRows("sales").value_or(-1), 0);
  EXPECT_EQ(totals(s, s.organizerToken())["sales_count"], 0);
  // And the server is still fine.
  EXPECT_EQ(post(s, dev.token, batchOf(dev.deviceId, {simpleSale(dev.deviceId, 1)}))->status, 200);
}

struct RawOutcome {
  std::string response;
  std::size_t sent = 0;
  double seconds = 0;
};

// Sends `head` on a raw socket, then pushes up to `bodyBytes` of body for as long as the server
// lets it, stopping when a response arrives: shows whether the server read the body first.
RawOutcome pushBody(int port, const std::string& head, std::size_t bodyBytes) {
  RawOutcome out;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return out;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return out;
  }
  ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  const std::string chunk(64 * 1024, 'x');
  const auto start = std::chrono::steady_clock::now();
  bool sendFailed = bodyBytes == 0;
  while (std::chrono::steady_clock::now() - start < std::chrono::seconds(10)) {
    pollfd p{fd, static_cast<short>(POLLIN | (sendFailed ? 0 : POLLOUT)), 0};
    ::poll(&p, 1, 50);
    if (p.revents & POLLIN) {
      char buf[4096];
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.response.append(buf, static_cast<std::size_t>(n));
      if (out.response.find("\r\n\r\n") != std::string::npos) break;
    }
    if (!sendFailed && (p.revents & POLLOUT)) {
      const ssize_t n = ::send(fd, chunk.data(), std::min(chunk.size(), bodyBytes - out.sent), MSG_NOSIGNAL);
      if (n > 0) out.sent += static_cast<std::size_t>(n);
      else if (errno != EAGAIN && errno != EWOULDBLOCK) sendFailed = true;
      if (out.sent >= bodyBytes) sendFailed = true;
    }
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ::close(fd);
  return out;
}

std::string postHead(const std::string& token, std::size_t length, const std::string& extra = "") {
  return "POST /api/v1/sales HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(length) + "\r\n" + extra + "\r\n";
}

TEST(Server, AHugeBodyWithABadTokenIsRefusedBeforeItIsRead) {
  RunningServer s;
  const long rssBefore = rssKb();
  const std::size_t announced = 100u << 20;
  const RawOutcome r = pushBody(s.port(), postHead(std::string(64, 'a'), announced), announced);
  EXPECT_EQ(r.response.rfind("HTTP/1.1 401", 0), 0u) << r.response.substr(0, 80);
  // The answer came while the client could still send: the server read next to nothing of it.
  EXPECT_LT(r.sent, announced / 4) << "client pushed " << r.sent << " bytes";
  EXPECT_LT(r.seconds, 5.0);
  EXPECT_LT(rssKb() - rssBefore, 50 * 1024) << "server memory grew";
}

TEST(Server, OversizedChunkedAndUnframedBodiesAreRefusedUpFront) {
  RunningServer s;
  const Enrolled dev = s.enroll();
  // Over the limit by Content-Length, valid token: 413 before the body.
  const RawOutcome big = pushBody(s.port(), postHead(dev.token, 5u << 20), 5u << 20);
  EXPECT_EQ(big.response.rfind("HTTP/1.1 413", 0), 0u) << big.response.substr(0, 80);
  EXPECT_LT(big.sent, std::size_t{5u << 20});
  // A client that asks first (Expect: 100-continue, as libcurl does for big bodies) hears the
  // refusal without sending anything.
  const RawOutcome asked = pushBody(s.port(), postHead("bad", 3u << 20, "Expect: 100-continue\r\n"), 0);
  EXPECT_EQ(asked.response.rfind("HTTP/1.1 401", 0), 0u) << asked.response.substr(0, 80);
  // No Content-Length at all.
  const RawOutcome unframed =
      pushBody(s.port(), "POST /api/v1/sales HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + dev.token + "\r\n\r\n", 0);
  EXPECT_EQ(unframed.response.rfind("HTTP/1.1 400", 0), 0u) << unframed.response.substr(0, 80);
  // Chunked: refused (httplib's payload limit would not see it).
  const RawOutcome chunked = pushBody(
      s.port(),
      "POST /api/v1/sales HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + dev.token +
          "\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
      0);
  EXPECT_EQ(chunked.response.rfind("HTTP/1.1 400", 0), 0u) << chunked.response.substr(0, 80);
  EXPECT_EQ(s.store().countRows("sales").value_or(-1), 0);
}

// Sends each message on one connection in turn, reading after each until the server closes the
// connection or has been quiet for `quiet` (httplib answers pipelined requests only one at a time).
std::string exchange(int port, const std::vector<std::string>& messages,
                     std::chrono::milliseconds quiet = std::chrono::milliseconds(500)) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return {};
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  std::string out;
  bool open = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  for (const std::string& bytes : messages) {
    if (!open || ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(bytes.size())) break;
    for (;;) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(quiet.count())) <= 0) break;
      char buf[4096];
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) {
        open = false;
        break;
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return out;
}

std::size_t countOf(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(Server, KeepsConnectionsAliveButARefusedBodyIsNeverReadAsTheNextRequest) {
  RunningServer s;
  const Enrolled dev = s.enroll();
  const std::string health = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
  // Two requests on one connection get two answers.
  EXPECT_EQ(countOf(exchange(s.port(), {health, health}), "HTTP/1.1 200"), 2u);
  // A body refused unread (bad token) that holds a request of its own: one answer, 401, and the
  // connection closes; the smuggled request is never served.
  const std::string smuggled = "GET /api/v1/catalog HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + dev.token + "\r\n\r\n";
  const std::string refused = exchange(s.port(), {postHead("bad", smuggled.size()) + smuggled, health});
  EXPECT_EQ(refused.rfind("HTTP/1.1 401", 0), 0u) << refused.substr(0, 80);
  EXPECT_EQ(countOf(refused, "HTTP/1.1 "), 1u) << refused;
  EXPECT_NE(refused.find("Connection: close"), std::string::npos) << refused;
  // The same after a malformed upload whose body was read: the next bytes are not served either.
  const std::string junk = "not json";
  const std::string bad = exchange(s.port(), {postHead(dev.token, junk.size()) + junk, health});
  EXPECT_EQ(bad.rfind("HTTP/1.1 400", 0), 0u) << bad.substr(0, 80);
  EXPECT_EQ(countOf(bad, "HTTP/1.1 "), 1u) << bad;
}

TEST(Server, GzipBodiesAreAcceptedAndBombsRefused) {
  RunningServer s;
  const Enrolled dev = s.enroll();
  std::vector<core::SaleRecord> sales;
  for (int i = 1; i <= 100; ++i) sales.push_back(simpleSale(dev.deviceId, i));
  const std::string body = batchOf(dev.deviceId, sales);
  const std::string packed = gzip(body);
  ASSERT_LT(packed.size(), body.size() / 3);
  auto res = post(s, dev.token, packed, {{"Content-Encoding", "gzip"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(statuses(res->body), std::vector<RecordStatus>(100, RecordStatus::Stored));
  // 40 MB of spaces packs into ~40 KB: under the wire limit, over the decoded one.
  const std::string bomb = gzip(R"({"protocol_version":1,"sales":[)" + std::string(40u << 20, ' ') + "]}");
  ASSERT_LT(bomb.size(), 1u << 20);
  auto refused = post(s, dev.token, bomb, {{"Content-Encoding", "gzip"}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413);
  auto garbage = post(s, dev.token, "not gzip at all", {{"Content-Encoding", "gzip"}});
  ASSERT_TRUE(garbage);
  EXPECT_EQ(garbage->status, 400);
  EXPECT_EQ(s.store().countRows("sales").value_or(-1), 100);
}

TEST(Server, AFloodingDeviceGets429WhileOthersGetThrough) {
  ServerOptions o = RunningServer::quietOptions();
  o.requestsPerSecond = 0.2;  // slow refill: the test holds however slowly the machine runs it
  o.burst = 3;
  RunningServer s(o);
  const Enrolled noisy = s.enroll();
  const Enrolled calm = s.enroll();
  int limited = 0;
  std::string retryAfter;
  for (int i = 0; i < 30; ++i) {
    auto res = post(s, noisy.token, batchOf(noisy.deviceId, {}));
    ASSERT_TRUE(res);
    if (res->status == 429) {
      ++limited;
      retryAfter = res->get_header_value("Retry-After");
    }
  }
  EXPECT_GE(limited, 20);
  ASSERT_FALSE(retryAfter.empty());
  EXPECT_GE(std::stoi(retryAfter), 1);
  auto res = post(s, calm.token, batchOf(calm.deviceId, {simpleSale(calm.deviceId, 1)}));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST(Server, DevicesListsExactlyTheMissingSequenceNumbers) {
  RunningServer s;
  const Enrolled dev = s.enroll();
  const Enrolled idle = s.enroll();
  const std::set<std::int64_t> dropped = {3, 7, 8, 9, 15, 40};
  std::vector<core::SaleRecord> batch;
  for (std::int64_t seq = 1; seq <= 42; ++seq) {
    if (dropped.count(seq)) continue;
    batch.push_back(simpleSale(dev.deviceId, seq));
    if (batch.size() == 5) {  // out of order across batches, as retries make it
      std::reverse(batch.begin(), batch.end());
      ASSERT_EQ(post(s, dev.token, batchOf(dev.deviceId, batch))->status, 200);
      batch.clear();
    }
  }
  ASSERT_EQ(post(s, dev.token, batchOf(dev.deviceId, batch))->status, 200);
  auto res = s.client().Get((std::string("/api/v1/events/") + kEvent + "/devices").c_str(), bearer(s.organizerToken()));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json j = json::parse(res->body);
  json mine, other;
  for (const auto& d : j["devices"]) (d["device_id"] == dev.deviceId ? mine : other) = d;
  EXPECT_EQ(mine["highest_seq"], 42);
  EXPECT_EQ(mine["sales_count"], 42 - 6);
  EXPECT_EQ(mine["missing_count"], 6);
  EXPECT_EQ(mine["missing"], json::parse(R"([{"first":3,"last":3},{"first":7,"last":9},{"first":15,"last":15},{"first":40,"last":40}])"));
  EXPECT_FALSE(mine["last_upload_at"].get<std::string>().empty());
  EXPECT_EQ(other["highest_seq"], 0);
  EXPECT_EQ(other["missing"], json::array());
  // Each device reads the same about itself (P24), and only about itself.
  auto self = s.client().Get("/api/v1/device", bearer(dev.token));
  ASSERT_TRUE(self);
  ASSERT_EQ(self->status, 200) << self->body;
  EXPECT_EQ(json::parse(self->body)["device"], mine);
  auto held = decodeDeviceSelf(self->body);
  ASSERT_TRUE(held) << held.error().message;
  EXPECT_EQ(held->maxSeq, 42);
  EXPECT_EQ(held->missingCount, 6);
  EXPECT_EQ(held->missing, (std::vector<SeqRange>{{3, 3}, {7, 9}, {15, 15}, {40, 40}}));
  auto idleSelf = s.client().Get("/api/v1/device", bearer(idle.token));
  ASSERT_TRUE(idleSelf);
  EXPECT_EQ(json::parse(idleSelf->body)["device"]["device_id"], idle.deviceId);
  EXPECT_EQ(s.client().Get("/api/v1/device", bearer(s.organizerToken()))->status, 403);
  EXPECT_EQ(s.client().Get("/api/v1/device")->status, 401);
  // The gaps filled later disappear.
  std::vector<core::SaleRecord> late;
  for (std::int64_t seq : dropped) late.push_back(simpleSale(dev.deviceId, seq));
  ASSERT_EQ(post(s, dev.token, batchOf(dev.deviceId, late))->status, 200);
  auto list = s.store().devices(kEvent);
  ASSERT_TRUE(list);
  for (const auto& d : *list)
    if (d.deviceId == dev.deviceId) {
      EXPECT_TRUE(d.missing.empty());
      EXPECT_EQ(d.maxSeq, 42);
    }
}

TEST(Server, ConcurrentSendersOfTheSameBatchAreCountedOnce) {
  RunningServer s;
  const Enrolled dev = s.enroll();
  std::vector<core::SaleRecord> sales;
  for (int i = 1; i <= 50; ++i) sales.push_back(simpleSale(dev.deviceId, i));
  const std::string body = batchOf(dev.deviceId, sales);
  std::vector<std::thread> threads;
  std::vector<std::string> bodies(8);
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      auto res = post(s, dev.token, body);
      if (res && res->status == 200) bodies[static_cast<std::size_t>(t)] = res->body;
    });
  for (auto& t : threads) t.join();
  std::map<std::string, int> storedTimes;
  for (const std::string& b : bodies) {
    auto r = decodeBatchResponse(b);
    ASSERT_TRUE(r) << "a sender got no 200";
    for (const auto& x : r->results) {
      EXPECT_TRUE(x.status == RecordStatus::Stored || x.status == RecordStatus::Duplicate);
      if (x.status == RecordStatus::Stored) ++storedTimes[x.id];
    }
  }
  EXPECT_EQ(storedTimes.size(), 50u);
  for (const auto& [id, n] : storedTimes) EXPECT_EQ(n, 1) << id;
  EXPECT_EQ(s.store().countRows("sales").value_or(-1), 50);
  EXPECT_EQ(totals(s, s.organizerToken())["sales_count"], 50);
}

TEST(Server, ARefundBeforeItsSaleIsToldToRetry) {
  RunningServer s;
  const Enrolled dev = s.enroll();
  const auto sale = simpleSale(dev.deviceId, 1);
  const auto refund = makeRefund(sale, 1, 1);
  auto early = post(s, dev.token, batchOf(dev.deviceId, {}, {refund}));
  ASSERT_EQ(early->status, 200);
  EXPECT_EQ(statuses(early->body), std::vector<RecordStatus>{RecordStatus::Retry});
  EXPECT_EQ(s.store().countRows("refunds").value_or(-1), 0);
  auto both = post(s, dev.token, batchOf(dev.deviceId, {sale}, {refund}));
  ASSERT_EQ(both->status, 200);
  EXPECT_EQ(statuses(both->body), (std::vector<RecordStatus>{RecordStatus::Stored, RecordStatus::Stored}));
  // Refunding more than was sold is refused.
  auto tooMuch = makeRefund(sale, 1, 2);
  auto res = post(s, dev.token, batchOf(dev.deviceId, {}, {tooMuch}));
  EXPECT_EQ(res->status, 422);
  const json t = totals(s, s.organizerToken());
  EXPECT_EQ(t["refund_idr"], 25'000);
  EXPECT_EQ(t["net_idr"], 90'000 - 25'000);
}

TEST(Server, ShiftClosesAreStoredOnce) {
  RunningServer s;
  const Enrolled dev = s.enroll();
  core::ShiftRecord shift;
  shift.uuid = core::newUuid();
  shift.eventCode = kEvent;
  shift.deviceId = dev.deviceId;
  shift.openingFloat = core::Rupiah(200'000);
  shift.expectedCash = core::Rupiah(200'000);
  shift.countedCash = core::Rupiah(200'000);
  const std::string body = batchOf(dev.deviceId, {}, {}, {shift});
  EXPECT_EQ(statuses(post(s, dev.token, body)->body), std::vector<RecordStatus>{RecordStatus::Stored});
  EXPECT_EQ(statuses(post(s, dev.token, body)->body), std::vector<RecordStatus>{RecordStatus::Duplicate});
  shift.countedCash = core::Rupiah(150'000);
  shift.variance = core::Rupiah(-50'000);
  EXPECT_EQ(post(s, dev.token, batchOf(dev.deviceId, {}, {}, {shift}))->status, 409);
  EXPECT_EQ(s.store().countRows("shift_closes").value_or(-1), 1);
}

TEST(Server, TotalsEqualTheSumOfTheRecordsDeltasAndAddUp) {
  RunningServer s;
  const Enrolled a = s.enroll();
  const Enrolled booth = s.enroll("V02");
  std::mt19937_64 rng(42);
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
  const std::vector<std::pair<std::string, core::Sector>> vendors = {
      {"V01", core::Sector::Fesyen}, {"V02", core::Sector::Kriya}, {"V03", core::Sector::Kuliner}};
  const core::EventClock clock;  // the event's: WIB, cutoff 0
  core::RollupSet expect;
  const Enrolled* dev = nullptr;
  auto absorb = [&](const core::ReportDelta& d) { expect.apply(d, dev->deviceId); };
  const auto& cells = expect.cells;
  const auto& direct = expect.direct;
  for (const Enrolled* device : {&a, &booth}) {
    dev = device;
    std::vector<core::SaleRecord> sales;
    std::vector<core::RefundRecord> refunds;
    for (std::int64_t seq = 1; seq <= 120; ++seq) {
      std::vector<LineSpec> lines;
      const auto n = pick(1, 3);
      for (std::int64_t i = 0; i < n; ++i) {
        const auto& v = vendors[static_cast<std::size_t>(pick(0, 2))];
        const std::int64_t price = pick(1, 200) * 500;
        const std::int64_t qty = pick(1, 4);
        lines.push_back({v.first, v.second, price, qty, pick(0, 3) == 0 ? price / 10 : 0});
      }
      const auto method = core::kAllPaymentMethods[static_cast<std::size_t>(pick(0, 4))];
      const core::EpochMs at = kSaleTime + pick(0, 4 * 24) * 3'600'000 + pick(0, 3'599'999);
      core::SaleRecord sale = makeSale(dev->deviceId, seq, lines, method, at);
      if (dev == &booth) sale.boothVendorCode = "V02";
      absorb(core::deltaForSale(sale, clock));
      if (seq % 17 == 0) {
        refunds.push_back(makeVoid(sale));
        absorb(core::deltaForRefund(refunds.back(), sale, clock));
      } else if (seq % 5 == 0) {
        refunds.push_back(makeRefund(sale, 1, 1, at + 600'000));
        absorb(core::deltaForRefund(refunds.back(), sale, clock));
      }
      sales.push_back(std::move(sale));
    }
    for (std::size_t i = 0; i < sales.size(); i += 40) {
      std::vector<core::SaleRecord> part(sales.begin() + static_cast<long>(i),
                                         sales.begin() + static_cast<long>(std::min(i + 40, sales.size())));
      auto res = post(s, dev->token, batchOf(dev->deviceId, part));
      ASSERT_EQ(res->status, 200) << res->body.substr(0, 300);
    }
    auto res = post(s, dev->token, batchOf(dev->deviceId, {}, refunds));
    ASSERT_EQ(res->status, 200) << res->body.substr(0, 300);
  }
  auto vendorName = demoVendor;
  auto kiosks = s.store().devices(kEvent);
  ASSERT_TRUE(kiosks);
  auto kiosk = [&](const std::string& id) {
    for (const DeviceStatus& d : *kiosks)
      if (d.deviceId == id) return core::KioskInfo{d.code, d.name, d.booth};
    return core::KioskInfo{};
  };
  const std::string expected = core::reportToJson(expect.report(kEvent, vendorName, kiosk, demoProductName));
  auto res = s.client().Get((std::string("/api/v1/events/") + kEvent + "/totals").c_str(), bearer(s.organizerToken()));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, expected);
  expectAddsUp(json::parse(res->body));
  EXPECT_EQ(json::parse(res->body)["by_device"].size(), 2u) << "each kiosk apart, by the device that uploaded";
  // Settlement: vendors' nets add up to the event net; paid-direct is what the deltas say.
  auto settlement = s.store().settlement(kEvent);
  ASSERT_TRUE(settlement);
  const core::Settlement want = core::buildSettlement(kEvent, cells, direct, vendorName);
  EXPECT_EQ(core::settlementToJson(*settlement), core::settlementToJson(want));
  std::int64_t sum = 0;
  for (const auto& v : settlement->vendors) sum += v.net.idr();
  EXPECT_EQ(sum, json::parse(res->body)["net_idr"].get<std::int64_t>());
}

TEST(Server, CatalogHasAnETagAndAnswers304WhenUnchanged) {
  RunningServer s;
  const Enrolled dev = s.enroll();
  auto c = s.client();
  auto first = c.Get("/api/v1/catalog", bearer(dev.token));
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  auto cat = decodeCatalog(first->body);
  ASSERT_TRUE(cat) << cat.error().message;
  EXPECT_EQ(cat->vendors.size(), 3u);
  EXPECT_EQ(cat->event.code, kEvent);
  const std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  httplib::Headers h = bearer(dev.token);
  h.emplace("If-None-Match", etag);
  auto same = c.Get("/api/v1/catalog", h);
  EXPECT_EQ(same->status, 304);
  ASSERT_TRUE(s.store().setCommission(kEvent, "V01", 1'000));
  auto changed = c.Get("/api/v1/catalog", h);
  ASSERT_EQ(changed->status, 200);
  EXPECT_NE(changed->get_header_value("ETag"), etag);
  EXPECT_EQ(decodeCatalog(changed->body)->vendors[0].commissionBp, 1'000);
}

TEST(Server, TheDatabaseHoldsNoPlaintextTokenOrCode) {
  RunningServer s;
  const std::string code = s.enrollmentCode();
  auto res = s.client().Post("/api/v1/enroll", encodeEnrollRequest({code, "tablet"}), "application/json");
  ASSERT_EQ(res->status, 200);
  const std::string deviceToken = decodeEnrollResponse(res->body)->token;
  const std::string organizer = s.organizerToken();
  std::string bytes;
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream in(s.dbPath() + suffix, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    bytes += ss.str();
  }
  ASSERT_GT(bytes.size(), 1000u);
  EXPECT_EQ(bytes.find(deviceToken), std::string::npos);
  EXPECT_EQ(bytes.find(organizer), std::string::npos);
  EXPECT_EQ(bytes.find(code), std::string::npos);
  EXPECT_EQ(bytes.find(normalizeEnrollmentCode(code)), std::string::npos);
  EXPECT_NE(bytes.find(secretHash(deviceToken)), std::string::npos);  // the hash is what is kept
}

TEST(Server, ManyConcurrentUploadersAllLand) {
  RunningServer s;
  std::vector<Enrolled> devs;
  for (int i = 0; i < 10; ++i) devs.push_back(s.enroll());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (const Enrolled& d : devs)
    threads.emplace_back([&, d] {
      for (int b = 0; b < 5; ++b) {
        std::vector<core::SaleRecord> sales;
        for (int i = 1; i <= 20; ++i) sales.push_back(simpleSale(d.deviceId, b * 20 + i));
        auto res = post(s, d.token, batchOf(d.deviceId, sales));
        if (!res || res->status != 200) ++failures;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(s.store().countRows("sales").value_or(-1), 1000);
  const json t = totals(s, s.organizerToken());
  EXPECT_EQ(t["sales_count"], 1000);
  EXPECT_EQ(t["net_idr"], 1000 * 90'000);
  auto devices = s.store().devices(kEvent);
  ASSERT_TRUE(devices);
  for (const auto& d : *devices) EXPECT_TRUE(d.missing.empty());
}

}  // namespace
}  // namespace pameran::sync
