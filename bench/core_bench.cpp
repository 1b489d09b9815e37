// Kiosk core benchmarks (not tests), each printed beside its target:
//  (a) the durable commit of a 3-line cash sale through Sales::commit with 100,000 sales already
//      stored, beside a raw single-row durable SQLite insert (WAL, synchronous=FULL) in the same
//      directory in the same run: the floor. Target: at most 1.5 x the floor.
//  (b) ProductIndex::search over 20,000 products by name prefix, name substring, SKU and barcode.
//      Target: at most 1 ms a query.
//  (c) Reports::report over 100,000 sales. Target: at most 50 ms.
// The 100,000-sale database is made once through the real sale path (simulateSales) with fsync
// skipped by a seeding-only SQLite VFS, and cached as a template under the build directory
// (PAMERAN_BENCH_DIR moves it and the working files elsewhere, e.g. onto the disk to measure).
// Every measured commit is a real durable one on a fresh copy of the template.
#include <SQLiteCpp/SQLiteCpp.h>
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "pameran/assets.hpp"
#include "pameran/core/demo.hpp"
#include "pameran/core/ids.hpp"
#include "pameran/core/product_index.hpp"
#include "pameran/core/store.hpp"

namespace {

namespace core = pameran::core;
namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

constexpr std::int64_t kSales = 100'000;
constexpr double kCommitTargetRatio = 1.5;
constexpr double kSearchTargetUs = 1'000;
constexpr double kReportTargetMs = 50;
constexpr double kAuditCheckTargetMs = 50;  // at start-up, before the first frame

// ---- seeding without fsync ----------------------------------------------------------------------
// A VFS that is the default one except that sync does nothing, for building the template and for
// the CPU-only figure: the real unix file methods are kept, with xSync swapped out. Connections
// opened while it is registered keep it; later ones get the real default again.
sqlite3_vfs* g_realVfs = nullptr;
sqlite3_vfs g_noSyncVfs;
// One copy per set of real methods: database files and journals have different ones (only the
// former can share memory for WAL).
std::map<const sqlite3_io_methods*, sqlite3_io_methods> g_noSyncIo;

int noSync(sqlite3_file*, int) { return SQLITE_OK; }

int noSyncOpen(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* outFlags) {
  const int rc = g_realVfs->xOpen(g_realVfs, name, file, flags, outFlags);
  if (rc == SQLITE_OK && file->pMethods) {
    auto [it, added] = g_noSyncIo.try_emplace(file->pMethods, *file->pMethods);
    it->second.xSync = noSync;
    file->pMethods = &it->second;
  }
  return rc;
}

struct NoSyncVfs {
  NoSyncVfs() {
    g_realVfs = sqlite3_vfs_find(nullptr);
    g_noSyncVfs = *g_realVfs;
    g_noSyncVfs.zName = "pameran-bench-nosync";
    g_noSyncVfs.pNext = nullptr;
    g_noSyncVfs.xOpen = noSyncOpen;
    sqlite3_vfs_register(&g_noSyncVfs, 1);
  }
  ~NoSyncVfs() {
    sqlite3_vfs_register(g_realVfs, 1);
    sqlite3_vfs_unregister(&g_noSyncVfs);
  }
};

fs::path benchDir() {
  if (const char* env = std::getenv("PAMERAN_BENCH_DIR")) return env;
  return fs::path(PAMERAN_BINARY_DIR) / "bench-data";
}

void check(bool ok, const std::string& what) {
  if (!ok) {
    std::fprintf(stderr, "core_bench: %s\n", what.c_str());
    std::exit(1);
  }
}

// The demo exhibition with 100,000 simulated sales spread over four days of 10:00-22:00 selling.
fs::path templateDb() {
  const fs::path path = benchDir() / ("core_bench_100k_v" + std::to_string(core::kSchemaVersion) + ".db");
  if (fs::exists(path)) return path;
  fs::create_directories(path.parent_path());
  const fs::path building = path.string() + ".building";
  fs::remove(building);
  std::printf("building %s (once; about a minute)...\n", path.c_str());
  std::fflush(stdout);
  const auto started = SteadyClock::now();
  {
    NoSyncVfs noSync;
    // Roughly 10 clock reads a sale: 250,000 reads make a 12-hour selling day.
    std::int64_t reads = 0;
    core::StoreOptions options;
    const core::EpochMs firstDay = 1'795'748'400'000;  // 2026-11-27 10:00 WIB
    options.clock = [&reads, firstDay] {
      const std::int64_t r = reads++;
      return firstDay + (r / 250'000) * 86'400'000 + (r % 250'000) * (12 * 3'600'000 / 250'000);
    };
    auto store = core::Store::open(building.string(), options);
    check(bool(store), store ? "" : "open template: " + store.error().message);
    auto seeded = core::seedDemo(**store, *pameran::assets::find("demo/vendors.csv"), *pameran::assets::find("demo/products.csv"));
    check(seeded && *seeded, "seed demo");
    const core::Event event = *(*store)->catalog().currentEvent();
    for (const core::Product& p : (*store)->catalog().products(event.id, true))
      check(bool((*store)->stock().intake(event.id, p.id, core::kMaxQuantity, "bench", "bench stock")), "intake");
    auto sim = core::simulateSales(**store, kSales, 2026);
    check(bool(sim), sim ? "" : "simulate: " + sim.error().message);
    for (const core::Product& p : (*store)->catalog().products(event.id, true))
      check(bool((*store)->stock().intake(event.id, p.id, core::kMaxQuantity, "bench", "bench stock")), "intake");
  }
  fs::rename(building, path);
  std::printf("built in %.0f s\n", std::chrono::duration<double>(SteadyClock::now() - started).count());
  return path;
}

// A fresh copy of the template, deleted afterwards.
struct WorkCopy {
  fs::path path;
  explicit WorkCopy(const char* name) : path(benchDir() / (std::string(name) + "-" + core::randomHex(4) + ".db")) {
    fs::copy_file(templateDb(), path);
  }
  ~WorkCopy() {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix, ec);
  }
};

struct Seller {
  std::unique_ptr<core::Store> store;
  core::SaleDraft draft;

  explicit Seller(const fs::path& path) {
    auto opened = core::Store::open(path.string());
    check(bool(opened), "open work copy");
    store = std::move(*opened);
    const core::Event event = *store->catalog().currentEvent();
    std::map<std::int64_t, core::Vendor> vendors;
    for (const core::Vendor& v : store->catalog().vendors(event.id)) vendors[v.id] = v;
    // Three lines from three vendors: the multi-vendor cart of an organizer's till.
    std::vector<std::int64_t> used;
    for (const core::Product& p : store->catalog().products(event.id, true)) {
      if (std::find(used.begin(), used.end(), p.vendorId) != used.end()) continue;
      core::addToCart(draft.cart, p, vendors.at(p.vendorId), 1 + static_cast<std::int64_t>(used.size()) % 2);
      used.push_back(p.vendorId);
      if (used.size() == 3) break;
    }
    const core::Rupiah total = core::computeTotals(draft.cart).total;
    draft.tenders = {core::Tender::cash(total, core::Rupiah((total.idr() / 50'000 + 1) * 50'000))};
    for (const core::Staff& s : store->staff().list())
      if (s.role == core::Role::Cashier) draft.cashier = s;
    check(draft.cart.lines.size() == 3 && draft.cashier.id != 0, "bench cart");
  }
  void sell() {
    auto sale = store->sales().commit(draft);
    if (!sale) check(false, "commit: " + sale.error().message);
    benchmark::DoNotOptimize(sale->seq);
  }
};

// The floor: one row, one durable commit, nothing else.
struct RawInsert {
  fs::path path = benchDir() / ("floor-" + core::randomHex(4) + ".db");
  std::unique_ptr<SQLite::Database> db;
  std::unique_ptr<SQLite::Statement> insert;
  std::int64_t n = 0;
  RawInsert() {
    db = std::make_unique<SQLite::Database>(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db->exec("PRAGMA journal_mode = WAL");
    db->exec("PRAGMA synchronous = FULL");
    db->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
    insert = std::make_unique<SQLite::Statement>(*db, "INSERT INTO t (v) VALUES (?)");
  }
  ~RawInsert() {
    insert.reset();
    db.reset();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix, ec);
  }
  void once() {
    insert->reset();
    insert->bind(1, ++n);
    insert->exec();
  }
};

void BM_RawDurableInsert(benchmark::State& state) {
  RawInsert raw;
  for (auto _ : state) raw.once();
}

void BM_SaleCommit100k(benchmark::State& state) {
  WorkCopy copy("commit");
  Seller seller(copy.path);
  seller.sell();  // warm the statement cache and open the shift
  for (auto _ : state) seller.sell();
  state.SetLabel("3-line cash sale, 100,000 sales stored");
}

// The same commit with fsync skipped: the CPU and write() part of it, which the store controls.
void BM_SaleCommitNoSync(benchmark::State& state) {
  WorkCopy copy("nosync");
  std::unique_ptr<Seller> seller;
  {
    NoSyncVfs noSync;
    seller = std::make_unique<Seller>(copy.path);
  }
  seller->sell();
  for (auto _ : state) seller->sell();
  state.SetLabel("as above without fsync (not durable): the store's own cost");
}

// Both in turns, so they share the disk's mood: the ratio is the figure to read.
void BM_CommitVersusFloor(benchmark::State& state) {
  WorkCopy copy("ratio");
  Seller seller(copy.path);
  RawInsert raw;
  seller.sell();
  raw.once();
  double commitUs = 0, floorUs = 0;
  for (auto _ : state) {
    auto t0 = SteadyClock::now();
    raw.once();
    auto t1 = SteadyClock::now();
    seller.sell();
    auto t2 = SteadyClock::now();
    floorUs += std::chrono::duration<double, std::micro>(t1 - t0).count();
    commitUs += std::chrono::duration<double, std::micro>(t2 - t1).count();
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["floor_us"] = floorUs / n;
  state.counters["commit_us"] = commitUs / n;
  state.counters["ratio"] = commitUs / floorUs;
  state.counters["target_ratio"] = kCommitTargetRatio;
}

// ---- (b) catalog search ---------------------------------------------------------------------------
std::string barcodeOf(int i) {
  const std::string stem = std::to_string(899'100'000'000 + i);
  return stem + core::ean13CheckDigit(stem);
}

const core::ProductIndex& bigIndex() {
  static const core::ProductIndex index = [] {
    const char* kinds[] = {"Tas", "Kain", "Kemeja", "Selendang", "Dompet", "Topi", "Kue", "Keripik", "Sambal", "Kopi",
                           "Gantungan Kunci", "Vas", "Tikar", "Sepatu", "Syal", "Bantal", "Piring", "Mangkuk", "Madu", "Dodol"};
    const char* crafts[] = {"Anyaman", "Batik Tulis", "Batik Cap", "Tenun", "Rajut", "Kulit", "Bambu", "Rotan", "Lapis",
                            "Tempe", "Gayo", "Pandan", "Eceng Gondok", "Gerabah", "Songket", "Sulam", "Kayu Jati", "Lidi"};
    const char* places[] = {"Belimbing", "Depok", "Sawangan", "Cinere", "Margonda", "Beji", "Cimanggis", "Limo", "Tapos",
                            "Sukmajaya", "Pancoran Mas", "Bojongsari"};
    const char* sizes[] = {"Kecil", "Sedang", "Besar", "Merah", "Biru", "Hijau", "Cokelat", "Hitam", "Putih", "Emas"};
    std::mt19937_64 rng(20'000);
    auto pick = [&](auto& list) { return list[std::uniform_int_distribution<std::size_t>(0, std::size(list) - 1)(rng)]; };
    std::vector<core::Product> products;
    for (int i = 0; i < 20'000; ++i) {
      core::Product p;
      p.id = i + 1;
      p.vendorId = 1 + i % 300;
      p.vendorCode = "V" + std::to_string(p.vendorId);
      p.sku = "V" + std::to_string(100 + p.vendorId) + "-" + std::to_string(10'000 + i);
      p.barcode = barcodeOf(i);
      p.name = std::string(pick(kinds)) + " " + pick(crafts) + " " + pick(places) + " " + pick(sizes);
      p.price = core::Rupiah(1'000 * (1 + i % 900));
      p.active = i % 50 != 0;
      products.push_back(std::move(p));
    }
    core::ProductIndex idx;
    idx.rebuild(std::move(products));
    return idx;
  }();
  return index;
}

void search(benchmark::State& state, const std::string& query) {
  const core::ProductIndex& index = bigIndex();
  std::size_t found = 0;
  for (auto _ : state) {
    auto hits = index.search(query, 50);
    found = hits.size();
    benchmark::DoNotOptimize(hits.data());
  }
  state.counters["hits"] = static_cast<double>(found);
  state.SetLabel("\"" + query + "\" over 20,000 products, target <= 1000 us");
}

void BM_SearchNamePrefix(benchmark::State& state) { search(state, "tas anyam"); }
void BM_SearchNameSubstring(benchmark::State& state) { search(state, "bambu"); }
void BM_SearchRareSubstring(benchmark::State& state) { search(state, "gondok sukmajaya emas"); }
void BM_SearchSkuPrefix(benchmark::State& state) { search(state, "V257-1"); }
void BM_SearchBarcode(benchmark::State& state) { search(state, barcodeOf(12'345)); }
void BM_SearchOneLetter(benchmark::State& state) { search(state, "a"); }

void BM_FindByBarcode(benchmark::State& state) {
  const core::ProductIndex& index = bigIndex();
  const std::string code = barcodeOf(12'345);
  for (auto _ : state) benchmark::DoNotOptimize(index.findByCode(code));
}

// ---- (c) the local report -------------------------------------------------------------------------
void BM_Report100k(benchmark::State& state) {
  WorkCopy copy("report");
  auto store = core::Store::open(copy.path.string());
  check(bool(store), "open report copy");
  std::int64_t sales = 0;
  for (auto _ : state) {
    auto report = (*store)->reports().report(core::kDemoEventCode);
    if (!report) check(false, "report: " + report.error().message);
    sales = report->salesCount;
    benchmark::DoNotOptimize(report->net);
  }
  state.counters["sales"] = static_cast<double>(sales);
  state.SetLabel("event report over 100,000 sales, target <= 50 ms");
}

// ---- (d) the audit chain the kiosk checks at start-up ------------------------------------------------
void BM_AuditCheck100k(benchmark::State& state) {
  WorkCopy copy("audit");
  auto store = core::Store::open(copy.path.string());
  check(bool(store), "open audit copy");
  std::int64_t entries = 0;
  for (auto _ : state) {
    auto verdict = (*store)->audit().check();
    if (!verdict || !verdict->intact()) check(false, "audit check");
    entries = verdict->entries;
  }
  state.counters["entries"] = static_cast<double>(entries);
  state.SetLabel("the whole hash chain of a 100,000-sale kiosk, target <= 50 ms");
}

BENCHMARK(BM_RawDurableInsert)->Unit(benchmark::kMicrosecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_SaleCommit100k)->Unit(benchmark::kMicrosecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_SaleCommitNoSync)->Unit(benchmark::kMicrosecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_CommitVersusFloor)->Unit(benchmark::kMicrosecond)->UseRealTime()->MinTime(4.0);
BENCHMARK(BM_SearchNamePrefix)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SearchNameSubstring)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SearchRareSubstring)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SearchSkuPrefix)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SearchBarcode)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SearchOneLetter)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FindByBarcode)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Report100k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AuditCheck100k)->Unit(benchmark::kMillisecond);

// Prints each result's verdict against its target after the usual table.
class VerdictReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      if (r.run_type != Run::RT_Iteration || r.error_occurred) continue;
      const std::string name = r.benchmark_name();
      const double us = r.GetAdjustedRealTime() * (r.time_unit == benchmark::kMillisecond ? 1'000 : 1);
      m_us[name] = us;
      if (name.rfind("BM_CommitVersusFloor", 0) == 0) {
        m_ratio = r.counters.at("ratio").value;
        m_floorUs = r.counters.at("floor_us").value;
        m_commitUs = r.counters.at("commit_us").value;
      }
    }
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    auto get = [&](const char* prefix) {
      for (const auto& [name, us] : m_us)
        if (name.rfind(prefix, 0) == 0) return us;
      return -1.0;
    };
    std::printf("\nVerdicts\n");
    if (m_ratio > 0)
      std::printf("  durable sale commit (100k stored) %8.0f us vs raw durable insert %6.0f us: %.2fx  (target <= %.1fx) %s\n",
                  m_commitUs, m_floorUs, m_ratio, kCommitTargetRatio, m_ratio <= kCommitTargetRatio ? "OK" : "OVER");
    if (m_ratio > 0 && m_floorUs > 2'000)
      std::printf("  (the floor is %.1f ms, not the ~0.4 ms of an idle disk: the disk is busy or throttled and the ratio says\n"
                  "   little; run again on a quiet machine)\n",
                  m_floorUs / 1'000);
    if (const double us = get("BM_SaleCommitNoSync"); us >= 0)
      std::printf("  the same commit without fsync     %8.0f us  (the store's CPU and write() part)\n", us);
    for (const char* b : {"BM_SearchNamePrefix", "BM_SearchNameSubstring", "BM_SearchRareSubstring", "BM_SearchSkuPrefix",
                          "BM_SearchBarcode", "BM_SearchOneLetter"}) {
      const double us = get(b);
      if (us >= 0) std::printf("  %-24s %8.1f us  (target <= %.0f us) %s\n", b + 3, us, kSearchTargetUs, us <= kSearchTargetUs ? "OK" : "OVER");
    }
    if (const double us = get("BM_Report100k"); us >= 0)
      std::printf("  report over 100k sales   %8.2f ms  (target <= %.0f ms) %s\n", us / 1'000, kReportTargetMs,
                  us / 1'000 <= kReportTargetMs ? "OK" : "OVER");
    if (const double us = get("BM_AuditCheck100k"); us >= 0)
      std::printf("  audit chain check        %8.2f ms  (target <= %.0f ms) %s\n", us / 1'000, kAuditCheckTargetMs,
                  us / 1'000 <= kAuditCheckTargetMs ? "OK" : "OVER");
  }

 private:
  std::map<std::string, double> m_us;
  double m_ratio = -1, m_floorUs = 0, m_commitUs = 0;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  templateDb();  // build the cached 100k database before any timing
  VerdictReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
