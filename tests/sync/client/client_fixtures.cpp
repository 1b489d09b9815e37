#include "client_fixtures.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <future>
#include <limits>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "pameran/assets.hpp"
#include "pameran/core/csv.hpp"
#include "pameran/core/ids.hpp"

extern char** environ;

namespace pameran::sync::testing {
namespace {

// A write to a peer that went away must be an error, not the end of the test binary.
const bool kIgnoreSigpipe = [] {
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}();

core::EpochMs nowMs() { return core::systemClock()(); }

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t arraySize(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_array() ? it->size() : 0;
}

SeenRequest describe(const httplib::Request& req) {
  SeenRequest s;
  s.method = req.method;
  s.path = req.path;
  s.contentEncoding = req.get_header_value("Content-Encoding");
  s.contentLength = req.get_header_value("Content-Length");
  s.transferEncoding = req.get_header_value("Transfer-Encoding");
  s.ifNoneMatch = req.get_header_value("If-None-Match");
  s.authorization = req.get_header_value("Authorization");
  s.body = req.body;
  s.bodyBytes = req.body.size();
  s.records = countRecords(req.body);
  return s;
}

// Serves an httplib server on its own thread at any free loopback port; returns the port.
int serveOnLoopback(httplib::Server& http, std::thread& thread) {
  const int port = http.bind_to_any_port("127.0.0.1");
  if (port <= 0) throw std::runtime_error("cannot bind a loopback port");
  thread = std::thread([&http] { http.listen_after_bind(); });
  for (int i = 0; i < 1000 && !http.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return port;
}

}  // namespace

std::filesystem::path fastScratchBase() {
  std::error_code ec;
  const std::filesystem::path shm("/dev/shm");
  if (std::filesystem::is_directory(shm, ec) && ::access(shm.c_str(), W_OK) == 0) return shm;
  return std::filesystem::temp_directory_path();
}

void copyDatabase(const std::string& from, const std::string& to) {
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
  std::error_code ec;
  if (std::filesystem::exists(from + "-wal", ec))
    std::filesystem::copy_file(from + "-wal", to + "-wal", std::filesystem::copy_options::overwrite_existing);
}

// ---- the server ------------------------------------------------------------------------------

core::CatalogFiles demoCatalog(std::int64_t stockFactor) {
  const auto vendors = assets::find("demo/vendors.csv");
  const auto products = assets::find("demo/products.csv");
  if (!vendors || !products) throw std::runtime_error("demo catalog assets missing");
  auto files = core::parseCatalog(*vendors, "demo/vendors.csv", *products, "demo/products.csv");
  if (!files) throw std::runtime_error(files.error().message);
  for (core::CatalogProductRow& p : files->products) p.stock = std::max<std::int64_t>(p.stock, 5) * stockFactor;
  return *files;
}

ServerOptions testServerOptions() {
  ServerOptions o;
  o.accessLog = "";
  o.workers = 32;
  o.requestsPerSecond = 100'000;
  o.burst = 100'000;
  o.enrollPerMinute = 100'000;
  return o;
}

std::unique_ptr<ServerStore> prepareServerDb(const std::string& path, std::int64_t stockFactor) {
  auto store = openSqliteStore(path);
  if (!store) throw std::runtime_error(store.error().message);
  seedDemoEvent(**store, stockFactor);
  return std::move(*store);
}

void seedDemoEvent(ServerStore& store, std::int64_t stockFactor) {
  if (store.event(kEventCode)) return;
  core::Event e;
  e.code = kEventCode;
  e.name = "Pameran Kriya & Kuliner Dekranasda Kota Depok 2026";
  e.venue = "Balai Kota Depok";
  e.cutoffHour = 3;
  if (auto made = store.createEvent(e); !made) throw std::runtime_error(made.error().message);
  if (auto imported = store.importCatalog(kEventCode, demoCatalog(stockFactor)); !imported)
    throw std::runtime_error(imported.error().message);
}

std::string makeEnrollmentCode(ServerStore& store, core::EpochMs expiresAt) {
  const std::string code = newEnrollmentCode();
  const EnrollmentTicket ticket{kEventCode, "Kios " + code.substr(0, 4), "B1", "", secretHash(normalizeEnrollmentCode(code)),
                                expiresAt};
  if (auto made = store.createEnrollment(ticket, nowMs()); !made) throw std::runtime_error(made.error().message);
  return code;
}

std::string makeOrganizerToken(ServerStore& store) {
  const std::string token = newToken();
  if (auto ok = store.createToken(core::Role::Organizer, "Panitia " + token.substr(0, 6), secretHash(token), nowMs()); !ok)
    throw std::runtime_error(ok.error().message);
  return token;
}

LoopbackServer::LoopbackServer(const std::string& dbPath, ServerOptions options, std::int64_t stockFactor)
    : m_dbPath(dbPath), m_store(prepareServerDb(dbPath, stockFactor)) {
  options.host = "127.0.0.1";
  options.port = 0;
  m_server = std::make_unique<Server>(*m_store, options);
  auto port = m_server->bind();
  if (!port) throw std::runtime_error(port.error().message);
  m_port = *port;
  m_thread = std::thread([this] { m_server->run(); });
  for (int i = 0; i < 1000 && !m_server->isRunning(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

LoopbackServer::~LoopbackServer() { stop(); }

void LoopbackServer::stop() {
  if (!m_server) return;
  m_server->stop();
  if (m_thread.joinable()) m_thread.join();
  m_server.reset();
}

StoredIds serverIds(const std::string& serverDb, const std::string& table) {
  SQLite::Database db(serverDb, SQLite::OPEN_READWRITE);
  db.setBusyTimeout(10'000);
  StoredIds out;
  SQLite::Statement s(db, "SELECT uuid FROM " + table);
  while (s.executeStep()) {
    ++out.rows;
    out.ids.insert(s.getColumn(0).getString());
  }
  return out;
}

nlohmann::json fetchTotals(const std::string& baseUrl, const std::string& organizerToken) {
  httplib::Client c(baseUrl);
  c.set_read_timeout(30);
  auto res = c.Get("/api/v1/events/" + kEventCode + "/totals", {{"Authorization", "Bearer " + organizerToken}});
  if (!res) throw std::runtime_error("totals: no answer");
  if (res->status != 200) throw std::runtime_error("totals: HTTP " + std::to_string(res->status) + " " + res->body);
  return nlohmann::json::parse(res->body);
}

// ---- kiosks ----------------------------------------------------------------------------------

std::unique_ptr<core::Store> openKiosk(const std::string& path, core::StoreOptions options) {
  auto store = core::Store::open(path, std::move(options));
  if (!store) throw std::runtime_error(path + ": " + store.error().message);
  return std::move(*store);
}

std::unique_ptr<core::Store> seededKiosk(const std::string& path, std::int64_t sales, std::uint64_t seed,
                                         core::StoreOptions options) {
  auto store = openKiosk(path, std::move(options));
  const core::CatalogFiles catalog = demoCatalog(200);
  auto seeded = core::seedDemo(*store, core::writeVendorsCsv(catalog.vendors), core::writeProductsCsv(catalog.products));
  if (!seeded) throw std::runtime_error("seed: " + seeded.error().message);
  if (sales > 0)
    if (auto sum = core::simulateSales(*store, sales, seed); !sum) throw std::runtime_error("simulate: " + sum.error().message);
  return store;
}

void enrollKiosk(core::Store& store, const std::string& url, const std::string& code, const std::string& name) {
  auto answer = enroll(store, url, code, name);
  if (!answer) throw std::runtime_error("enroll: " + answer.error().message);
}

core::SimulationSummary sell(core::Store& store, std::int64_t sales, std::uint64_t seed) {
  auto sum = core::simulateSales(store, sales, seed);
  if (!sum) throw std::runtime_error("simulate: " + sum.error().message);
  auto event = store.catalog().currentEvent();
  if (!event) throw std::runtime_error(event.error().message);
  std::optional<core::Staff> cashier, supervisor;
  for (const core::Staff& s : store.staff().list()) {
    if (s.role == core::Role::Cashier && !cashier) cashier = s;
    if (s.role == core::Role::Supervisor && !supervisor) supervisor = s;
  }
  if (!cashier || !supervisor) throw std::runtime_error("simulate made no staff");
  for (const core::SaleSummary& s : store.sales().list(event->id, 0, std::numeric_limits<core::EpochMs>::max(), 20)) {
    if (s.voided || s.refunded.idr() > 0) continue;
    core::RefundDraft refund;
    refund.saleUuid = s.uuid;
    refund.lines.push_back({1, 1, true});
    refund.reason = "Jahitan lepas";
    refund.staff = *cashier;
    core::approve(refund, *supervisor);
    if (store.sales().refund(refund)) {
      ++sum->refunds;
      return *sum;
    }
  }
  throw std::runtime_error("no sale could be refunded");
}

std::unique_ptr<HttpClient> deviceClient(const core::Store& store, const std::string& url, long timeoutMs) {
  auto http = std::make_unique<HttpClient>(HttpOptions{url, "", std::min(timeoutMs, 3000L), timeoutMs});
  http->setToken(store.settings().device().token);
  return http;
}

std::set<std::string> kioskIds(const std::string& kioskDb, const std::string& table) {
  SQLite::Database db(kioskDb, SQLite::OPEN_READWRITE);
  db.setBusyTimeout(10'000);
  std::set<std::string> out;
  SQLite::Statement s(db, "SELECT uuid FROM " + table);
  while (s.executeStep()) out.insert(s.getColumn(0).getString());
  return out;
}

std::map<std::string, std::string> kioskSettings(const std::string& kioskDb) {
  SQLite::Database db(kioskDb, SQLite::OPEN_READWRITE);
  db.setBusyTimeout(10'000);
  std::map<std::string, std::string> out;
  SQLite::Statement s(db, "SELECT key, value FROM setting");
  while (s.executeStep()) out[s.getColumn(0).getString()] = s.getColumn(1).getString();
  return out;
}

void expectTotalsMatch(const nlohmann::json& server, const std::vector<core::Report>& local) {
  struct VendorSum {
    std::int64_t sales = 0, items = 0, net = 0;
    bool operator==(const VendorSum&) const = default;
  };
  std::int64_t sales = 0, items = 0, gross = 0, discount = 0, refund = 0, net = 0;
  std::map<std::string, VendorSum> vendors;
  std::map<std::string, std::int64_t> sectors, payments, days;
  std::map<int, std::int64_t> hours;
  for (const core::Report& r : local) {
    sales += r.salesCount;
    items += r.items;
    gross += r.gross.idr();
    discount += r.discount.idr();
    refund += r.refund.idr();
    net += r.net.idr();
    for (const core::VendorTotals& v : r.byVendor) {
      VendorSum& s = vendors[v.vendorCode];
      s.sales += v.salesCount;
      s.items += v.items;
      s.net += v.net.idr();
    }
    for (const auto& [sector, amount] : r.bySector) sectors[std::string(core::toString(sector))] += amount.idr();
    for (const auto& [method, amount] : r.byPayment) payments[std::string(core::toString(method))] += amount.idr();
    for (const auto& [day, amount] : r.byDay) days[day] += amount.idr();
    for (const auto& [hour, amount] : r.byHour) hours[hour] += amount.idr();
  }
  EXPECT_EQ(server.at("sales_count").get<std::int64_t>(), sales);
  EXPECT_EQ(server.at("items_sold").get<std::int64_t>(), items);
  EXPECT_EQ(server.at("gross_idr").get<std::int64_t>(), gross);
  EXPECT_EQ(server.at("discount_idr").get<std::int64_t>(), discount);
  EXPECT_EQ(server.at("refund_idr").get<std::int64_t>(), refund);
  EXPECT_EQ(server.at("net_idr").get<std::int64_t>(), net);

  // Entries with nothing in them may be listed on one side only: absent counts as zero.
  std::map<std::string, VendorSum> serverVendors;
  for (const auto& v : server.at("by_vendor"))
    serverVendors[v.at("vendor_code").get<std::string>()] =
        VendorSum{v.at("sales_count").get<std::int64_t>(), v.at("items_sold").get<std::int64_t>(), v.at("net_idr").get<std::int64_t>()};
  auto nonZero = [](std::map<std::string, VendorSum> m) {
    std::erase_if(m, [](const auto& kv) { return kv.second == VendorSum{}; });
    return m;
  };
  auto nonZeroAmounts = [](auto m) {
    std::erase_if(m, [](const auto& kv) { return kv.second == 0; });
    return m;
  };
  const auto sv = nonZero(serverVendors);
  const auto lv = nonZero(vendors);
  EXPECT_EQ(sv.size(), lv.size());
  for (const auto& [code, sum] : lv) {
    const auto it = sv.find(code);
    if (it == sv.end()) {
      ADD_FAILURE() << "vendor " << code << " missing from the server's totals";
      continue;
    }
    EXPECT_EQ(it->second.sales, sum.sales) << code;
    EXPECT_EQ(it->second.items, sum.items) << code;
    EXPECT_EQ(it->second.net, sum.net) << code;
  }
  std::map<std::string, std::int64_t> serverSectors, serverPayments, serverDays;
  std::map<int, std::int64_t> serverHours;
  for (const auto& s : server.at("by_sector")) serverSectors[s.at("sector").get<std::string>()] = s.at("net_idr").get<std::int64_t>();
  for (const auto& p : server.at("by_payment")) serverPayments[p.at("method").get<std::string>()] = p.at("amount_idr").get<std::int64_t>();
  for (const auto& d : server.at("by_day")) serverDays[d.at("date").get<std::string>()] = d.at("net_idr").get<std::int64_t>();
  for (const auto& h : server.at("by_hour")) serverHours[h.at("hour").get<int>()] = h.at("net_idr").get<std::int64_t>();
  EXPECT_EQ(nonZeroAmounts(serverSectors), nonZeroAmounts(sectors));
  EXPECT_EQ(nonZeroAmounts(serverPayments), nonZeroAmounts(payments));
  EXPECT_EQ(nonZeroAmounts(serverDays), nonZeroAmounts(days));
  EXPECT_EQ(nonZeroAmounts(serverHours), nonZeroAmounts(hours));
}

// ---- HTTP on the wire --------------------------------------------------------------------------

std::size_t countRecords(const std::string& body) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) return 0;
  return arraySize(j, "sales") + arraySize(j, "refunds") + arraySize(j, "shift_closes") + arraySize(j, "stock_movements");
}

std::vector<std::pair<std::string, RecordType>> recordIds(const std::string& body) {
  std::vector<std::pair<std::string, RecordType>> out;
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) return out;
  const std::pair<const char*, RecordType> kinds[] = {
      {"sales", RecordType::Sale}, {"refunds", RecordType::Refund}, {"shift_closes", RecordType::ShiftClose},
      {"stock_movements", RecordType::StockMovement}};
  for (const auto& [key, type] : kinds)
    if (j.contains(key))
      for (const auto& r : j.at(key)) out.emplace_back(r.at("id").get<std::string>(), type);
  // Audit entries (protocol version 2) are answered by their number.
  if (j.contains("audit"))
    for (const auto& e : j.at("audit")) out.emplace_back(std::to_string(e.at("id").get<std::int64_t>()), RecordType::Audit);
  return out;
}

std::string answerAllStored(const std::string& requestBody) {
  BatchResponse response;
  response.serverTimeMs = nowMs();
  for (const auto& [id, type] : recordIds(requestBody)) response.results.push_back(RecordResult{id, type, RecordStatus::Stored, "", false});
  return encodeBatchResponse(response);
}

bool dropConnection(int localPort, int remotePort) {
  DIR* dir = ::opendir("/proc/self/fd");
  if (!dir) return false;
  bool dropped = false;
  while (const dirent* entry = ::readdir(dir)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0') continue;
    sockaddr_in local{}, peer{};
    socklen_t len = sizeof local;
    if (::getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&local), &len) != 0 || local.sin_family != AF_INET) continue;
    if (ntohs(local.sin_port) != localPort) continue;
    len = sizeof peer;
    if (::getpeername(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&peer), &len) != 0) continue;
    if (ntohs(peer.sin_port) != remotePort) continue;
    ::shutdown(static_cast<int>(fd), SHUT_RDWR);
    dropped = true;
    break;
  }
  ::closedir(dir);
  return dropped;
}

FaultProxy::FaultProxy(int upstreamPort, Plan plan, std::chrono::milliseconds delay, std::size_t threads)
    : m_upstream(upstreamPort), m_delay(delay), m_plan(std::move(plan)) {
  m_http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // Like the real server: one request per connection. (On a reused connection that closes with no
  // answer, libcurl resends the request by itself once, which would hide a dropped answer.)
  m_http.set_keep_alive_max_count(1);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); };
  m_http.Get(".*", handler);
  m_http.Post(".*", handler);
  m_port = serveOnLoopback(m_http, m_thread);
}

FaultProxy::~FaultProxy() { stop(); }

void FaultProxy::stop() {
  m_http.stop();
  if (m_thread.joinable()) m_thread.join();
}

void FaultProxy::setPlan(Plan plan) {
  std::lock_guard lock(m_mutex);
  m_plan = std::move(plan);
}

std::vector<SeenRequest> FaultProxy::seen() const {
  std::lock_guard lock(m_mutex);
  return m_seen;
}

std::map<Fault, int> FaultProxy::faults() const {
  std::lock_guard lock(m_mutex);
  return m_faults;
}

FaultProxy::Upstream FaultProxy::forward(const httplib::Request& req) const {
  httplib::Client c("127.0.0.1", m_upstream.load());
  c.set_connection_timeout(5);
  c.set_read_timeout(60);
  c.set_write_timeout(60);
  httplib::Headers headers;
  for (const char* name : {"Authorization", "If-None-Match", "Accept"})
    if (req.has_header(name)) headers.emplace(name, req.get_header_value(name));
  httplib::Result res{nullptr, httplib::Error::Unknown};
  if (req.method == "POST") {
    // httplib undid the client's gzip; the server gets the body gzipped again, as the client sent it.
    if (req.get_header_value("Content-Encoding") == "gzip") {
      headers.emplace("Content-Encoding", "gzip");
      res = c.Post(req.path, headers, gzipCompress(req.body), "application/json");
    } else {
      res = c.Post(req.path, headers, req.body, "application/json");
    }
  } else {
    res = c.Get(req.path, headers);
  }
  Upstream up;
  if (!res) return up;
  up.status = res->status;
  up.body = res->body;
  up.contentType = res->get_header_value("Content-Type");
  up.etag = res->get_header_value("ETag");
  up.retryAfter = res->get_header_value("Retry-After");
  return up;
}

void FaultProxy::handle(const httplib::Request& req, httplib::Response& res) {
  Fault fault = Fault::None;
  std::size_t slot = 0;
  {
    std::lock_guard lock(m_mutex);
    const std::size_t index = m_count++;
    // Only uploads get faults: enrollment and catalog pulls are not what these tests are about.
    if (m_plan && req.method == "POST" && req.path == "/api/v1/sales") fault = m_plan(index, req);
    ++m_faults[fault];
    slot = m_seen.size();
    m_seen.push_back(describe(req));
    if (!m_keepBodies) m_seen.back().body.clear();
  }
  auto answered = [&](int status) {
    std::lock_guard lock(m_mutex);
    m_seen[slot].status = status;
  };
  auto forwarded = [&](Upstream up) {
    std::lock_guard lock(m_mutex);
    if (m_keepBodies) m_seen[slot].upstreamAnswers.push_back(up.body);
    return up;
  };
  auto relay = [&](const Upstream& up) {
    if (up.status == 0) {
      res.status = 502;
      res.set_content(encodeError("upstream unreachable"), "application/json");
      answered(502);
      return;
    }
    res.status = up.status;
    if (!up.etag.empty()) res.set_header("ETag", up.etag);
    if (!up.retryAfter.empty()) res.set_header("Retry-After", up.retryAfter);
    if (up.status != 304) res.set_content(up.body, up.contentType.empty() ? "application/json" : up.contentType);
    answered(up.status);
  };

  switch (fault) {
    case Fault::None:
      relay(forwarded(forward(req)));
      return;
    case Fault::Unavailable:
      res.status = 503;
      res.set_header("Retry-After", "1");
      res.set_content(encodeError("maintenance"), "application/json");
      answered(503);
      return;
    case Fault::DropRequest:
      dropConnection(req.local_port, req.remote_port);
      return;
    case Fault::DropResponse:
      (void)forwarded(forward(req));
      dropConnection(req.local_port, req.remote_port);
      return;
    case Fault::DelayAfterForward: {
      const Upstream up = forwarded(forward(req));
      std::this_thread::sleep_for(m_delay);
      relay(up);
      return;
    }
    case Fault::DelayBeforeForward:
      std::this_thread::sleep_for(m_delay);
      relay(forwarded(forward(req)));
      return;
    case Fault::ErrorAfterCommit:
      (void)forwarded(forward(req));
      res.status = 500;
      res.set_content(encodeError("internal server error"), "application/json");
      answered(500);
      return;
    case Fault::RepeatRequest: {
      auto first = std::async(std::launch::async, [&] { return forward(req); });
      auto second = std::async(std::launch::async, [&] { return forward(req); });
      const Upstream a = forwarded(first.get());
      (void)forwarded(second.get());
      relay(a);
      return;
    }
  }
}

ScriptedServer::ScriptedServer(Answer answer) : m_answer(std::move(answer)) {
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    std::size_t index = 0;
    {
      std::lock_guard lock(m_mutex);
      index = m_seen.size();
      m_seen.push_back(describe(req));
    }
    const bool replied = m_answer(index, req, res);
    if (!replied) dropConnection(req.local_port, req.remote_port);
    std::lock_guard lock(m_mutex);
    m_seen[index].status = replied ? res.status : 0;
  };
  m_http.set_keep_alive_max_count(1);
  m_http.Get(".*", handler);
  m_http.Post(".*", handler);
  m_port = serveOnLoopback(m_http, m_thread);
}

ScriptedServer::~ScriptedServer() {
  m_http.stop();
  if (m_thread.joinable()) m_thread.join();
}

std::vector<SeenRequest> ScriptedServer::seen() const {
  std::lock_guard lock(m_mutex);
  return m_seen;
}

// ---- child processes ---------------------------------------------------------------------------

ChildProcess::ChildProcess(const std::vector<std::string>& args, const std::string& outputFile) : m_outputFile(outputFile) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outputFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const int rc = posix_spawn(&m_pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
}

ChildProcess::~ChildProcess() {
  if (!m_status) {
    kill(SIGKILL);
    (void)wait(std::chrono::seconds(10));
  }
}

void ChildProcess::kill(int signal) {
  if (!m_status) ::kill(m_pid, signal);
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
  if (m_status) return m_status;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    rusage usage{};
    const pid_t done = ::wait4(m_pid, &status, WNOHANG, &usage);
    if (done == m_pid) {
      m_maxRssKb = usage.ru_maxrss;
      m_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return m_status;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

std::string ChildProcess::output() const { return slurp(m_outputFile); }

ServerProcess::ServerProcess(std::string exe, std::string dbPath, std::string logDir)
    : ServerProcess(std::move(exe), std::vector<std::string>{"--db", std::move(dbPath)}, std::move(logDir)) {}

ServerProcess::ServerProcess(std::string exe, std::vector<std::string> storeArgs, std::string logDir)
    : m_exe(std::move(exe)), m_storeArgs(std::move(storeArgs)), m_logDir(std::move(logDir)) {}

ServerProcess::~ServerProcess() {
  if (m_child) m_child->kill(SIGKILL);
}

void ServerProcess::start() {
  const std::string log = m_logDir + "/server-" + std::to_string(m_starts++) + ".log";
  std::vector<std::string> args{m_exe, "serve"};
  args.insert(args.end(), m_storeArgs.begin(), m_storeArgs.end());
  args.insert(args.end(), {"--listen", "127.0.0.1:" + std::to_string(m_port), "--rate", "100000", "--burst", "100000",
                           "--access-log", ""});
  m_child = std::make_unique<ChildProcess>(args, log);
  // The server prints its port once it listens; after that a health check proves it answers.
  static const std::regex kListening(R"(listening on 127\.0\.0\.1:(\d+))");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    const std::string out = slurp(log);
    if (std::regex_search(out, m, kListening)) {
      m_port = std::stoi(m[1].str());
      httplib::Client c("127.0.0.1", m_port);
      c.set_connection_timeout(1);
      if (auto r = c.Get("/api/v1/health"); r && r->status == 200) return;
    }
    if (m_child->wait(std::chrono::milliseconds(0))) throw std::runtime_error("pameran-server exited: " + out);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  throw std::runtime_error("pameran-server did not start: " + slurp(log));
}

void ServerProcess::kill9() {
  if (!m_child) return;
  m_child->kill(SIGKILL);
  (void)m_child->wait(std::chrono::seconds(10));
}

void ServerProcess::stop() {
  if (!m_child) return;
  m_child->kill(SIGTERM);
  if (!m_child->wait(std::chrono::seconds(15))) kill9();
}

long peakRssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

void resetPeakRss() { std::ofstream("/proc/self/clear_refs") << "5"; }

DrainResult drainFor(Uploader& uploader, core::Store& store, Backoff& backoff, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  DrainResult result;
  do {
    result = drain(uploader, store, backoff, 5'000, [](std::int64_t ms) {
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      return true;
    });
  } while (result.pendingLeft > 0 && std::chrono::steady_clock::now() < deadline);
  return result;
}

}  // namespace pameran::sync::testing
