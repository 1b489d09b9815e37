// console_bench: the organizer console's refresh over loopback (not a test). A real pameran-server
// thread holds an event whose sales came from a kiosk through the real commit and upload path
// (PAMERAN_BENCH_SALES, default 20,000; the server's report is built from rollups, so its cost does
// not grow with the sales: server_bench times the report over 1,000,000 stored sales).
//  - refresh after a change: a new sale is uploaded (untimed), then from the console asking to the
//    frame drawn with the new figures: GET events, totals, devices, settlement; parse; view models;
//    one headless frame of the vendors' table.
//  - idle poll: what one poll costs when nothing changed: requests and body bytes (a 304, no body).
#include <benchmark/benchmark.h>

#include <chrono>
#include <thread>

#include "../tests/kiosk/kiosk_fixtures.hpp"
#include "../tests/sync/client/client_fixtures.hpp"
#include "pameran/kiosk/organizer/client.hpp"

namespace {

namespace core = pameran::core;
namespace sync = pameran::sync;
namespace org = pameran::kiosk::organizer;
using namespace std::chrono_literals;
using sync::testing::TempDir;

void upload(core::Store& store, const std::string& url) {
  auto http = sync::testing::deviceClient(store, url);
  sync::Uploader uploader(store, *http);
  sync::Backoff backoff(10, 100, 1);
  sync::drain(uploader, store, backoff, 60'000, [](std::int64_t ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return true;
  });
}

struct World {
  TempDir dir;
  std::unique_ptr<sync::testing::LoopbackServer> server;
  std::unique_ptr<core::Store> kiosk;
  std::string token;
  std::int64_t sales = 0;
  std::uint64_t seed = 100;

  World() {
    const char* env = std::getenv("PAMERAN_BENCH_SALES");
    const std::int64_t n = env ? std::max<std::int64_t>(100, std::atoll(env)) : 20'000;
    server = std::make_unique<sync::testing::LoopbackServer>(dir.file("server.db"), sync::testing::testServerOptions(), 2000);
    kiosk = sync::testing::openKiosk(dir.file("kiosk.db"));
    sync::testing::enrollKiosk(*kiosk, server->url(), server->enrollmentCode());
    sync::testing::sell(*kiosk, n, 1);
    upload(*kiosk, server->url());
    token = server->organizerToken();
    sales = sync::testing::fetchTotals(server->url(), token)["sales_count"].get<std::int64_t>();
  }
};

World& world() {
  static World w;
  return w;
}

// The organizer API comes with the dashboard's server side.
bool hasOrganizerApi(World& w) {
  sync::HttpClient http({w.server->url(), {}, 2000, 5000});
  http.setToken(w.token);
  return http.get("/api/v1/events").status != 404;
}

org::ClientOptions options(World& w, core::EpochMs pollMs) {
  org::ClientOptions o;
  o.server = w.server->url();
  o.token = w.token;
  o.pollMs = pollMs;
  o.cachePath = w.dir.file("cache.json");
  o.downloadDir = w.dir.file("downloads");
  return o;
}

void BM_RefreshAfterChangeToDrawnFrame(benchmark::State& state) {
  World& w = world();
  if (!hasOrganizerApi(w)) return state.SkipWithError("this server has no organizer API (GET /api/v1/events is 404)");
  org::OrganizerClient client(options(w, 3'600'000));
  client.start();
  org::ConsoleData data;
  org::ConsoleState view;
  view.view = org::View::Vendors;
  const pameran::kiosk::Translator tr = pameran::kiosk::Translator::builtIn(pameran::kiosk::Language::Id);
  std::vector<org::ConsoleAction> actions;
  pameran::kiosk::testing::Headless ui([] {}, [&] { org::drawConsole({view, data, tr, 0, actions}); }, [&] { actions.clear(); });
  auto waitForSales = [&](std::int64_t n) {
    while (!(data.report && data.report->report.salesCount >= n)) {
      if (!client.takeUpdate(data)) std::this_thread::sleep_for(100us);
    }
  };
  waitForSales(w.sales);
  double worstMs = 0;
  for (auto _ : state) {
    state.PauseTiming();
    sync::testing::sell(*w.kiosk, 1, ++w.seed);
    upload(*w.kiosk, w.server->url());
    const std::int64_t expected = sync::testing::fetchTotals(w.server->url(), w.token)["sales_count"].get<std::int64_t>();
    state.ResumeTiming();
    const auto start = std::chrono::steady_clock::now();
    client.refreshNow();
    waitForSales(expected);
    ui.frame();
    worstMs = std::max(worstMs, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  state.counters["stored_sales"] = static_cast<double>(data.report->report.salesCount);
  state.counters["vendors"] = static_cast<double>(data.report->report.byVendor.size());
  state.counters["worst_ms"] = worstMs;
  state.counters["target_ms"] = 200;
}
BENCHMARK(BM_RefreshAfterChangeToDrawnFrame)->Unit(benchmark::kMillisecond)->Iterations(20);

void BM_IdlePoll(benchmark::State& state) {
  World& w = world();
  if (!hasOrganizerApi(w)) return state.SkipWithError("this server has no organizer API (GET /api/v1/events is 404)");
  org::OrganizerClient client(options(w, 20));
  client.start();
  org::ConsoleData data;
  while (!(client.takeUpdate(data), data.report)) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(100ms);
  const org::ClientStats before = client.stats();
  for (auto _ : state) {
    const std::int64_t polls = client.stats().polls;
    while (client.stats().polls == polls) std::this_thread::sleep_for(100us);
  }
  const org::ClientStats after = client.stats();
  const double polls = static_cast<double>(after.polls - before.polls);
  state.counters["requests_per_poll"] = static_cast<double>(after.requests - before.requests) / polls;
  state.counters["not_modified_per_poll"] = static_cast<double>(after.notModified - before.notModified) / polls;
  state.counters["body_bytes_per_poll"] = static_cast<double>(after.bodyBytes - before.bodyBytes) / polls;
}
BENCHMARK(BM_IdlePoll)->Unit(benchmark::kMillisecond)->Iterations(50);

}  // namespace

BENCHMARK_MAIN();
