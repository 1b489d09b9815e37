// sync_bench: drains 10,000 queued sales from one kiosk database to pameran-server on loopback
// (an in-process server thread, real HTTP through libcurl, durable commits on both sides), timed
// from the first send to an empty outbox. Target (issue 4): at least 5,000 sales/s.
//
// The queue is built once (enrolled kiosk, simulated sales through the real commit path on tmpfs
// for speed) and copied to disk for every run, so each run drains the same queue into a fresh
// server database.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <thread>

#include "pameran/assets.hpp"
#include "pameran/core/csv.hpp"
#include "pameran/core/demo.hpp"
#include "pameran/core/ids.hpp"
#include "pameran/core/store.hpp"
#include "pameran/sync/client.hpp"
#include "pameran/sync/server.hpp"
#include "pameran/sync/server_store.hpp"

namespace {

namespace core = pameran::core;
namespace sync = pameran::sync;
namespace fs = std::filesystem;

constexpr double kTargetSalesPerSecond = 5000.0;

template <class T>
T orThrow(core::Result<T> r, const char* what) {
  if (!r) throw std::runtime_error(std::string(what) + ": " + r.error().message);
  return std::move(*r);
}

fs::path freshDir(const fs::path& base) {
  fs::path dir = base / ("pameran-sync-bench-" + core::randomHex(6));
  fs::create_directories(dir);
  return dir;
}

// The real server on a loopback thread over a durable SQLite file.
class LoopbackServer {
 public:
  explicit LoopbackServer(const std::string& db) : m_store(orThrow(sync::openSqliteStore(db), "server store")) {
    sync::ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.accessLog = std::getenv("SYNC_BENCH_ACCESS_LOG") ? std::getenv("SYNC_BENCH_ACCESS_LOG") : "";  // per-request ms
    o.requestsPerSecond = 1e6;
    o.burst = 1e6;
    o.enrollPerMinute = 1e6;
    m_server = std::make_unique<sync::Server>(*m_store, o);
    m_port = orThrow(m_server->bind(), "bind");
    m_thread = std::thread([this] { m_server->run(); });
    while (!m_server->isRunning()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LoopbackServer() {
    m_server->stop();
    m_thread.join();
  }
  sync::ServerStore& store() { return *m_store; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

 private:
  std::unique_ptr<sync::ServerStore> m_store;
  std::unique_ptr<sync::Server> m_server;
  std::thread m_thread;
  int m_port = 0;
};

// A server database with the demo event (stock for any number of sales) and one enrolled kiosk
// holding `sales` queued sales.
struct Queue {
  fs::path dir;
  std::string serverDb, kioskDb;
  std::int64_t sales = 0;
  std::int64_t records = 0;  // sales plus the simulator's refunds and voids
};

std::map<std::int64_t, Queue> g_queues;

const Queue& queueOf(std::int64_t sales) {
  std::map<std::int64_t, Queue>& built = g_queues;
  if (auto it = built.find(sales); it != built.end()) return it->second;
  Queue q;
  q.dir = freshDir(fs::temp_directory_path());
  q.serverDb = (q.dir / "server.db").string();
  q.kioskDb = (q.dir / "kiosk.db").string();
  const fs::path scratch = freshDir(fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path());
  const std::string seedDb = (scratch / "kiosk.db").string();
  {
    LoopbackServer server(q.serverDb);
    core::Event event;
    event.code = std::string(core::kDemoEventCode);
    event.name = "Pameran Kriya & Kuliner Dekranasda Kota Depok 2026";
    orThrow(server.store().createEvent(event), "event");
    auto files = orThrow(core::parseCatalog(*pameran::assets::find("demo/vendors.csv"), "vendors.csv",
                                            *pameran::assets::find("demo/products.csv"), "products.csv"),
                         "catalog");
    for (auto& p : files.products) p.stock = std::max<std::int64_t>(p.stock, 5) * 1000;
    orThrow(server.store().importCatalog(event.code, files), "import");
    const std::string code = sync::newEnrollmentCode();
    orThrow(server.store().createEnrollment({event.code, "Kios Bench", "B1", "", sync::secretHash(sync::normalizeEnrollmentCode(code)),
                                             4'000'000'000'000},
                                            core::systemClock()()),
            "enrollment");
    auto kiosk = orThrow(core::Store::open(seedDb), "kiosk store");
    orThrow(sync::enroll(*kiosk, server.url(), code, "Kios Bench"), "enroll");
    orThrow(core::simulateSales(*kiosk, sales, 4), "simulate");
    q.sales = sales;
    q.records = kiosk->outbox().stats().pending;
  }
  fs::copy_file(seedDb, q.kioskDb);
  fs::remove_all(scratch);
  return built.emplace(sales, std::move(q)).first->second;
}

struct Result {
  std::int64_t sales = 0;
  std::int64_t records = 0;
  double seconds = 0;
};
std::vector<Result> g_results;

void BM_DrainQueuedSales(benchmark::State& state) {
  const Queue& q = queueOf(state.range(0));
  for (auto _ : state) {
    const fs::path run = freshDir(fs::temp_directory_path());
    const std::string serverDb = (run / "server.db").string();
    const std::string kioskDb = (run / "kiosk.db").string();
    fs::copy_file(q.serverDb, serverDb);
    fs::copy_file(q.kioskDb, kioskDb);
    {
      LoopbackServer server(serverDb);
      auto kiosk = orThrow(core::Store::open(kioskDb), "kiosk");
      auto http = orThrow(sync::clientFor(*kiosk, server.url()), "client");
      sync::Uploader uploader(*kiosk, *http);
      sync::Backoff backoff(10, 100, 1);
      const auto start = std::chrono::steady_clock::now();
      const sync::DrainResult r = sync::drain(uploader, *kiosk, backoff, 60'000, [](std::int64_t ms) {
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        return true;
      });
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (r.pendingLeft != 0 || r.synced != q.records) {
        state.SkipWithError(fmt::format("drain left {} pending: {}", r.pendingLeft, r.error).c_str());
        break;
      }
      state.SetIterationTime(seconds);
      g_results.push_back({q.sales, r.synced, seconds});
    }
    fs::remove_all(run);
  }
  state.counters["records"] = static_cast<double>(q.records);
  state.counters["sales_per_s"] =
      benchmark::Counter(static_cast<double>(q.sales) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DrainQueuedSales)->Arg(10'000)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  for (const auto& [sales, q] : g_queues) fs::remove_all(q.dir);
  if (g_results.empty()) return 1;
  double best = 0;
  for (const Result& r : g_results) {
    const double rate = static_cast<double>(r.sales) / r.seconds;
    best = std::max(best, rate);
    std::printf("drain: %lld sales (%lld records) in %.2f s = %.0f sales/s\n", static_cast<long long>(r.sales),
                static_cast<long long>(r.records), r.seconds, rate);
  }
  std::printf("sync drain: best %.0f sales/s (target >= %.0f sales/s): %s\n", best, kTargetSalesPerSecond,
              best >= kTargetSalesPerSecond ? "met" : "NOT met");
  return 0;
}
