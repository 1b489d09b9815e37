// The organizer dashboard's server side (not a test): what one poll of an open page costs a real
// pameran-server over loopback HTTP with the session cookie, on an event of 20,000 stored sales
// (PAMERAN_BENCH_SALES to change). The page polls GET /api/v1/events with If-None-Match every
// 2 s and fetches the event's figures only when its tag moved; this is why a poll holds a worker
// for microseconds and an idle page holds none, where a server-sent-events stream would hold one
// of the fixed pool's workers for as long as the page stays open.
//  - poll, nothing new: GET /api/v1/events -> 304, and GET .../totals -> 304
//  - poll after an upload: GET .../totals -> 200 (the report is built)
//  - sign-in: POST /api/v1/session (a durable write of the session's hash)
// (bench/dashboard_page_bench.sh measures the page in Chromium: weight, first render, and the
// time from a kiosk's upload to the figure changing on the page.)
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <httplib.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <regex>
#include <thread>

#include "pameran/core/ids.hpp"
#include "pameran/core/records.hpp"
#include "pameran/sync/protocol.hpp"
#include "pameran/sync/server.hpp"
#include "pameran/sync/server_store.hpp"

namespace {

namespace core = pameran::core;
namespace sync = pameran::sync;

constexpr const char* kEvent = "BENCH-2026";

struct Bench {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("pameran-dash-bench-" + core::randomHex(6));
  std::unique_ptr<sync::ServerStore> store;
  std::unique_ptr<sync::Server> server;
  std::thread thread;
  int port = 0;
  std::string token;
  std::string cookie;

  Bench() {
    std::filesystem::create_directories(dir);
    sync::SqliteStoreOptions options;
    options.durable = false;  // seeding speed; the figures measured are reads
    auto opened = sync::openSqliteStore((dir / "bench.db").string(), options);
    if (!opened) std::abort();
    store = std::move(*opened);
    core::Event e;
    e.code = kEvent;
    e.name = "Benchmark";
    core::CatalogFiles catalog;
    const core::Sector sectors[] = {core::Sector::Fesyen, core::Sector::Kriya, core::Sector::Kuliner};
    for (int v = 0; v < 30; ++v) {
      core::CatalogVendorRow vendor;
      vendor.code = fmt::format("V{:02}", v);
      vendor.name = fmt::format("Vendor {}", v);
      vendor.sector = sectors[v % 3];
      catalog.vendors.push_back(vendor);
      for (int p = 0; p < 10; ++p) {
        core::CatalogProductRow product;
        product.sku = fmt::format("V{:02}-P{}", v, p);
        product.vendorCode = vendor.code;
        product.name = "Produk";
        product.priceIdr = 25'000 + 5'000 * p;
        product.stock = 1000;
        catalog.products.push_back(product);
      }
    }
    if (!store->createEvent(e) || !store->importCatalog(kEvent, catalog)) std::abort();
    seed(catalog);
    token = sync::newToken();
    if (!store->createToken(core::Role::Organizer, "Bench", sync::secretHash(token), 1)) std::abort();
    sync::ServerOptions o;
    o.port = 0;
    o.accessLog = "";
    o.requestsPerSecond = 1e6;
    o.burst = 1e6;
    o.enrollPerMinute = 1e6;
    server = std::make_unique<sync::Server>(*store, o);
    port = *server->bind();
    thread = std::thread([this] { server->run(); });
    while (!server->isRunning()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    cookie = signIn();
  }
  ~Bench() {
    server->stop();
    thread.join();
    server.reset();
    store.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  void seed(const core::CatalogFiles& catalog) {
    const char* env = std::getenv("PAMERAN_BENCH_SALES");
    const std::int64_t total = env ? std::max<std::int64_t>(100, std::atoll(env)) : 20'000;
    const std::string code = sync::newEnrollmentCode();
    sync::EnrollmentTicket t{kEvent, "Kios", "", "", sync::secretHash(sync::normalizeEnrollmentCode(code)), 4'000'000'000'000};
    if (!store->createEnrollment(t, 1)) std::abort();
    auto device = store->redeemEnrollment(t.codeHash, "bench", sync::secretHash(sync::newToken()), 2);
    if (!device) std::abort();
    std::mt19937_64 rng(5);
    std::vector<core::SaleRecord> sales;
    sales.reserve(static_cast<std::size_t>(total));
    for (std::int64_t i = 0; i < total; ++i) {
      const auto& p = catalog.products[rng() % catalog.products.size()];
      core::SaleRecord s;
      s.uuid = core::newUuid();
      s.seq = i + 1;
      s.receiptNo = core::formatReceiptNo(kEvent, device->deviceCode, i + 1);
      s.eventCode = kEvent;
      s.deviceId = device->deviceId;
      s.deviceCode = device->deviceCode;
      s.createdAt = 1'795'464'000'000 + (i % 5) * 86'400'000 + (i * 7'919'000) % 43'200'000;
      core::SaleLine line;
      line.lineNo = 1;
      line.sku = p.sku;
      line.name = p.name;
      line.vendorCode = p.vendorCode;
      line.sector = sectors(p.vendorCode);
      line.listPrice = line.unitPrice = core::Rupiah(p.priceIdr);
      line.quantity = 1;
      line.gross = line.net = core::Rupiah(p.priceIdr);
      s.lines = {line};
      s.gross = s.total = core::Rupiah(p.priceIdr);
      core::SalePayment pay;
      pay.method = core::PaymentMethod::Cash;
      pay.amount = s.total;
      s.payments = {pay};
      sales.push_back(std::move(s));
    }
    sync::IngestRequest req;
    req.deviceId = device->deviceId;
    req.eventId = device->event.id;
    req.receivedAt = 1;
    for (const auto& s : sales) req.items.push_back(sync::ingestItem(s));
    for (const auto& r : store->ingest({&req}))
      if (!r) std::abort();
  }
  static core::Sector sectors(const std::string& vendor) {
    const core::Sector all[] = {core::Sector::Fesyen, core::Sector::Kriya, core::Sector::Kuliner};
    return all[std::atoi(vendor.c_str() + 1) % 3];
  }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_keep_alive(true);
    return c;
  }
  std::string signIn() const {
    auto c = client();
    auto res = c.Post("/api/v1/session", "{\"token\":\"" + token + "\"}", "application/json");
    if (!res || res->status != 200) std::abort();
    std::smatch m;
    const std::string set = res->get_header_value("Set-Cookie");
    if (!std::regex_search(set, m, std::regex("pameran_session=[0-9a-f]{64}"))) std::abort();
    return m[0];
  }
};

Bench& bench() {
  static Bench b;
  return b;
}

void pollLoop(benchmark::State& state, const std::string& path, bool conditional, int wantStatus) {
  Bench& b = bench();
  auto c = b.client();
  httplib::Headers h{{"Cookie", b.cookie}};
  if (conditional) h.emplace("If-None-Match", c.Get(path.c_str(), h)->get_header_value("ETag"));
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto res = c.Get(path.c_str(), h);
    if (!res || res->status != wantStatus) {
      state.SkipWithError("unexpected answer");
      return;
    }
    bytes = res->body.size();
  }
  state.counters["body_bytes"] = static_cast<double>(bytes);
}

void BM_PollEventListUnchanged(benchmark::State& state) { pollLoop(state, "/api/v1/events", true, 304); }
BENCHMARK(BM_PollEventListUnchanged)->Unit(benchmark::kMicrosecond)->MinTime(1.0);

void BM_PollTotalsUnchanged(benchmark::State& state) {
  pollLoop(state, fmt::format("/api/v1/events/{}/totals", kEvent), true, 304);
}
BENCHMARK(BM_PollTotalsUnchanged)->Unit(benchmark::kMicrosecond)->MinTime(1.0);

void BM_TotalsAfterAnUpload(benchmark::State& state) {
  pollLoop(state, fmt::format("/api/v1/events/{}/totals", kEvent), false, 200);
  state.counters["stored_sales"] = static_cast<double>(bench().store->countRows("sales").value_or(0));
}
BENCHMARK(BM_TotalsAfterAnUpload)->Unit(benchmark::kMicrosecond)->MinTime(1.0);

void BM_EventListAfterAnUpload(benchmark::State& state) { pollLoop(state, "/api/v1/events", false, 200); }
BENCHMARK(BM_EventListAfterAnUpload)->Unit(benchmark::kMicrosecond)->MinTime(1.0);

void BM_SignIn(benchmark::State& state) {
  Bench& b = bench();
  for (auto _ : state) benchmark::DoNotOptimize(b.signIn());
}
BENCHMARK(BM_SignIn)->Unit(benchmark::kMillisecond)->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
