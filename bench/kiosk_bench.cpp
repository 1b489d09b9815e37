// Kiosk benchmarks (issue 3):
//  - SellFrame: CPU time to build one frame of the sell screen (ImGui::NewFrame to ImGui::Render,
//    no GL backend: a headless ImGui context) with 20,000 products in the catalog and a 30-line
//    cart. Target: under 1 ms.
//  - StartupToFirstFrame: the in-process start-up path of the window with 100,000 sales in the
//    database: Store::open + AppController (catalog, stock, staff, outbox) + fonts + the first frame.
//    Target: under 300 ms. (bench/kiosk_window_bench.sh measures the real window under Xvfb, from
//    process start to the first swap, and the idle CPU.)
// The 100,000-sale database is made once (about two minutes: every sale is a durable commit through
// the real sale path) and cached in the build folder; `kiosk_bench --prepare` only makes it.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <imgui.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <random>

#include "pameran/assets.hpp"
#include "pameran/core/csv.hpp"
#include "pameran/core/demo.hpp"
#include "pameran/core/store.hpp"
#include "pameran/kiosk/app_controller.hpp"
#include "pameran/kiosk/documents.hpp"
#include "pameran/kiosk/ui.hpp"

namespace {

namespace fs = std::filesystem;
using namespace pameran;

constexpr int kProducts = 20'000;
constexpr int kCartLines = 30;
constexpr std::int64_t kSales = 100'000;

// Scratch space on tmpfs when there is one: the benchmarks measure CPU, not the disk.
fs::path scratch() {
  const fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
  fs::path dir = base / fmt::format("pameran-kiosk-bench-{}", ::getpid());
  fs::create_directories(dir);
  return dir;
}

std::string cachePath() {
  if (const char* p = std::getenv("PAMERAN_KIOSK_BENCH_DB"); p && *p) return p;
  return std::string(PAMERAN_BINARY_DIR) + "/bench/kiosk-100k-sales.db";
}

std::unique_ptr<core::Store> open(const std::string& path) {
  auto store = core::Store::open(path);
  if (!store) throw std::runtime_error(store.error().message);
  return std::move(*store);
}

// 20,000 products over the 14 demo vendors, with EAN-13 barcodes and stock.
std::string bigProductsCsv() {
  static const char* const kVendors[] = {"BTK-SB", "TNN-MG", "HJB-SW", "RJT-CN", "ANY-LM", "GRB-CT", "UKR-BJ",
                                         "DUR-KD", "KLT-TP", "OLB-DW", "KRP-PM", "KUE-BA", "KPI-KT", "SBL-SJ"};
  static const char* const kWords[] = {"Tas", "Kain", "Batik", "Anyaman", "Bambu", "Kopi", "Keripik", "Sambal", "Gerabah",
                                       "Ukir", "Kayu", "Rajut", "Tenun", "Hijab", "Kue", "Kering", "Dompet", "Kulit",
                                       "Vas", "Piring", "Selendang", "Bros", "Gantungan", "Kunci", "Madu", "Teh"};
  std::mt19937 rng(42);
  std::string csv = "sku,barcode,vendor_code,name,price_idr,stock,low_stock\n";
  for (int i = 0; i < kProducts; ++i) {
    const std::string first12 = fmt::format("8995{:08}", i);
    const std::string name = fmt::format("{} {} {} {:05}", kWords[rng() % 26], kWords[rng() % 26], kWords[rng() % 26], i);
    csv += fmt::format("B{:05},{}{},{},{},{},{},{}\n", i, first12, core::ean13CheckDigit(first12), kVendors[i % 14], name,
                       (5 + rng() % 500) * 1000, 20 + rng() % 80, 5);
  }
  return csv;
}

struct Headless {
  explicit Headless(float w, float h) {
    ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(w, h);
    io.DeltaTime = 1.0f / 60.0f;
    kiosk::setupKeyMap();
    kiosk::setupFontsAndTheme(kiosk::scaleFor(static_cast<int>(w), static_cast<int>(h)), kiosk::fontDirectory());
    unsigned char* pixels = nullptr;
    int tw = 0, th = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);
  }
  ~Headless() { ImGui::DestroyContext(ctx); }
  ImGuiContext* ctx;
};

void frame(kiosk::AppController& app) {
  ImGui::NewFrame();
  kiosk::drawFrame(app);
  ImGui::Render();
}

void BM_SellFrame(benchmark::State& state) {
  const bool search = state.range(0) != 0;
  const float w = static_cast<float>(state.range(1)), h = static_cast<float>(state.range(2));
  const fs::path dir = scratch();
  const std::string db = (dir / "big.db").string();
  {
    auto store = open(db);
    auto files = core::parseCatalog(*assets::find("demo/vendors.csv"), "vendors.csv", bigProductsCsv(), "products.csv");
    if (!files) throw std::runtime_error(files.error().message);
    auto imported = store->catalog().importFiles(*files, "BENCH-2026", "Bench", "bench");
    if (!imported) throw std::runtime_error(imported.error().message);
    if (auto staff = store->staff().add("Kasir Bench", core::Role::Cashier, "1234"); !staff)
      throw std::runtime_error(staff.error().message);
  }
  kiosk::ControllerOptions options;
  options.language = kiosk::Language::Id;
  kiosk::AppController app(open(db), options);
  app.apply(kiosk::act::Login{"1234", 0});
  if (!app.data().user) throw std::runtime_error("login failed");
  const auto& all = app.data().catalog.index.all();
  for (int i = 0; i < kCartLines; ++i) app.apply(kiosk::act::AddProduct{all[static_cast<std::size_t>(i * 613)].id});
  if (app.data().sale.cart.lines.size() != kCartLines) throw std::runtime_error("cart not filled");
  if (search) app.ui().sell.query = "anyaman bambu";
  Headless ui(w, h);
  for (int i = 0; i < 5; ++i) {
    app.refresh();
    frame(app);
  }
  for (auto _ : state) {
    frame(app);
    benchmark::ClobberMemory();
  }
  state.counters["products"] = static_cast<double>(all.size());
  state.counters["grid"] = static_cast<double>(app.cart().data().grid.size());
  state.counters["cart_lines"] = static_cast<double>(app.data().sale.cart.lines.size());
  state.SetLabel(fmt::format("{}x{}{} (target < 1 ms)", w, h, search ? ", search active" : ""));
  fs::remove_all(dir);
}
BENCHMARK(BM_SellFrame)
    ->Args({0, 1280, 800})
    ->Args({1, 1280, 800})
    ->Args({0, 1920, 1080})
    ->Unit(benchmark::kMicrosecond)
    ->MinTime(1.0);

// Demo catalog with enough stock for 100,000 sales, then the sales through the real sale path.
void prepareSalesDb() {
  const std::string target = cachePath();
  if (fs::exists(target)) return;
  fs::create_directories(fs::path(target).parent_path());
  const fs::path dir = scratch();
  const std::string db = (dir / "sales.db").string();
  std::cerr << "kiosk_bench: making " << target << " with " << kSales << " sales (once; about two minutes)\n";
  const auto start = std::chrono::steady_clock::now();
  {
    auto store = open(db);
    auto seeded = core::seedDemo(*store, *assets::find("demo/vendors.csv"), *assets::find("demo/products.csv"));
    if (!seeded) throw std::runtime_error(seeded.error().message);
    const auto event = store->catalog().currentEvent();
    for (const core::Product& p : store->catalog().products(event->id, true))
      if (auto ok = store->stock().intake(event->id, p.id, 90'000, "bench"); !ok) throw std::runtime_error(ok.error().message);
    auto sum = core::simulateSales(*store, kSales, 7);
    if (!sum) throw std::runtime_error(sum.error().message);
  }
  fs::copy_file(db, target + ".tmp", fs::copy_options::overwrite_existing);
  fs::rename(target + ".tmp", target);
  fs::remove_all(dir);
  std::cerr << "kiosk_bench: made in "
            << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count() << " s\n";
}

void BM_StartupToFirstFrame(benchmark::State& state) {
  prepareSalesDb();
  const fs::path dir = scratch();
  const std::string db = (dir / "startup.db").string();
  fs::copy_file(cachePath(), db);
  std::int64_t sales = 0;
  for (auto _ : state) {
    kiosk::ControllerOptions options;
    options.language = kiosk::Language::Id;
    auto app = std::make_unique<kiosk::AppController>(open(db), options);
    Headless ui(1280, 800);
    app->refresh();
    frame(*app);
    benchmark::DoNotOptimize(ImGui::GetDrawData());
    state.PauseTiming();
    sales = app->store().sales().count(app->data().catalog.event.id);
    app.reset();
    state.ResumeTiming();
  }
  state.counters["sales_in_db"] = static_cast<double>(sales);
  state.SetLabel("open + load + fonts + first frame (target < 300 ms)");
  fs::remove_all(dir);
}
BENCHMARK(BM_StartupToFirstFrame)->Unit(benchmark::kMillisecond)->Iterations(10)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--prepare") == 0) {
      prepareSalesDb();
      std::cout << cachePath() << "\n";
      return 0;
    }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
