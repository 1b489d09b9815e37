// console_bench: the organizer console's refresh over loopback (not a test). A real pameran-server
// (sync::Server on a thread) serves a SQLite file holding an event with 1,000,000 sales from 100
// kiosks, seeded fast through the store's ingest API by the seeder server_bench uses
// (seeded_event.hpp; PAMERAN_BENCH_SALES overrides the million, e.g. 100000 for a quick look).
//  - refresh after a change: one more sale is stored (untimed), then from the console asking to
//    the frame drawn with the new figures: GET events, totals, devices, settlement over loopback;
//    parse; view models; one headless frame of the vendors' table. Target: under 200 ms.
//  - idle poll: what one poll costs when nothing changed: requests, 304s and body bytes per poll.
#include <benchmark/benchmark.h>

#include <chrono>
#include <thread>

#include "../tests/kiosk/kiosk_fixtures.hpp"
#include "../tests/sync/client/client_fixtures.hpp"
#include "pameran/kiosk/organizer/client.hpp"
#include "seeded_event.hpp"

namespace {

namespace core = pameran::core;
namespace sync = pameran::sync;
namespace org = pameran::kiosk::organizer;
namespace seed = pameran::bench;
using namespace std::chrono_literals;

constexpr double kTargetMs = 200;

struct World {
  seed::Dir dir;
  std::unique_ptr<sync::ServerStore> store;
  std::vector<seed::Device> devices;
  std::unique_ptr<sync::Server> server;
  std::thread serving;
  std::string url, token;
  std::int64_t sales = 0;
  std::int64_t nextSeq = 0;  // device 0's next sequence number
  double seedSeconds = 0;
  std::mt19937_64 rng{99};

  World() {
    const char* env = std::getenv("PAMERAN_BENCH_SALES");
    const std::int64_t total = env ? std::max<std::int64_t>(1000, std::atoll(env)) : 1'000'000;
    store = seed::freshStore(dir.file("server.db"), false);
    for (int i = 0; i < seed::kSeededKiosks; ++i) devices.push_back(seed::enrollDirect(*store, i));
    const auto start = std::chrono::steady_clock::now();
    seed::seedSales(*store, devices, total, 11);
    seedSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    sales = store->countRows("sales").value_or(0);
    nextSeq = (total + seed::kSeededKiosks - 1) / seed::kSeededKiosks + 1;
    token = sync::testing::makeOrganizerToken(*store);
    sync::ServerOptions options;
    options.port = 0;
    options.accessLog = "";
    options.requestsPerSecond = 10'000;
    options.burst = 10'000;
    server = std::make_unique<sync::Server>(*store, options);
    const int port = server->bind().value_or(0);
    serving = std::thread([this] { server->run(); });
    while (!server->isRunning()) std::this_thread::sleep_for(1ms);
    url = "http://127.0.0.1:" + std::to_string(port);
  }
  ~World() {
    server->stop();
    serving.join();
  }

  // One more sale from device 0, stored the way an upload stores it.
  void storeOneSale() {
    sync::IngestRequest req{devices[0].id, devices[0].eventId, 1, {}, nullptr};
    const core::SaleRecord sale = seed::randomSale(rng, devices[0].id, nextSeq++, 1);
    req.items.push_back(sync::ingestItem(sale));
    if (!store->admit(req)) std::abort();
    for (const auto& r : store->ingest({&req}))
      if (!r) std::abort();
    ++sales;
  }
};

World& world() {
  static World w;
  return w;
}

org::ClientOptions options(World& w, core::EpochMs pollMs) {
  org::ClientOptions o;
  o.server = w.url;
  o.token = w.token;
  o.pollMs = pollMs;
  o.cachePath = w.dir.file("cache.json");
  o.downloadDir = w.dir.file("downloads");
  return o;
}

void BM_RefreshAfterChangeToDrawnFrame(benchmark::State& state) {
  World& w = world();
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
  std::vector<double> ms;
  const org::ClientStats before = client.stats();
  for (auto _ : state) {
    state.PauseTiming();
    w.storeOneSale();
    state.ResumeTiming();
    const auto start = std::chrono::steady_clock::now();
    client.refreshNow();
    waitForSales(w.sales);
    ui.frame();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  const org::ClientStats after = client.stats();
  const double n = static_cast<double>(ms.size());
  state.counters["stored_sales"] = static_cast<double>(data.report->report.salesCount);
  state.counters["kiosks"] = data.report->byDevice ? static_cast<double>(data.report->byDevice->size()) : 0;
  state.counters["vendors"] = static_cast<double>(data.report->report.byVendor.size());
  state.counters["median_ms"] = ms[ms.size() / 2];
  state.counters["worst_ms"] = ms.back();
  state.counters["target_ms"] = kTargetMs;
  state.counters["requests_per_refresh"] = static_cast<double>(after.requests - before.requests) / n;
  state.counters["body_bytes_per_refresh"] = static_cast<double>(after.bodyBytes - before.bodyBytes) / n;
  state.counters["seed_s"] = w.seedSeconds;
}
BENCHMARK(BM_RefreshAfterChangeToDrawnFrame)->Unit(benchmark::kMillisecond)->Iterations(20);

void BM_IdlePoll(benchmark::State& state) {
  World& w = world();
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
