#pragma once
// Shared by the kiosk tests: a demo database per test (copied from one seeded template, since
// seeding hashes PINs with Argon2), a settable clock, and a headless ImGui harness that drives the
// real frame with 1.86-style input (io.KeysDown, io.MousePos/MouseDown, one change per frame).
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "pameran/assets.hpp"
#include "pameran/core/csv.hpp"
#include "pameran/core/demo.hpp"
#include "pameran/core/store.hpp"
#include "pameran/kiosk/app_controller.hpp"
#include "pameran/kiosk/documents.hpp"
#include "pameran/kiosk/ui.hpp"
#include "pameran/kiosk/view_models.hpp"

namespace pameran::kiosk::testing {

namespace fs = std::filesystem;

inline fs::path uniqueDir(const std::string& tag) {
  static std::atomic<int> counter{0};
  fs::path dir = fs::temp_directory_path() /
                 ("pameran-kiosk-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

/// The seeded demo database, made once per test program and copied for each test.
inline const fs::path& demoTemplate() {
  static const fs::path path = [] {
    const fs::path dir = uniqueDir("template");
    const fs::path db = dir / "template.db";
    auto store = core::Store::open(db.string());
    EXPECT_TRUE(store) << (store ? "" : store.error().message);
    auto seeded = core::seedDemo(**store, *assets::find("demo/vendors.csv"), *assets::find("demo/products.csv"));
    EXPECT_TRUE(seeded && *seeded);
    return db;
  }();
  return path;
}

/// A settable clock (milliseconds since the epoch), starting at 2026-11-27 10:00 WIB.
struct TestClock {
  std::shared_ptr<std::atomic<core::EpochMs>> now = std::make_shared<std::atomic<core::EpochMs>>(1'795'748'400'000);
  core::Clock clock() const {
    auto n = now;
    return [n] { return n->load(); };
  }
  /// The machine's uptime (PIN lockouts count on it), advancing with the clock.
  core::UptimeClock uptime() const {
    auto n = now;
    return [n] { return core::Uptime{"test-boot", n->load()}; };
  }
  void advance(core::EpochMs ms) { *now += ms; }
};

class KioskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = uniqueDir("test");
    m_db = (m_dir / "kiosk.db").string();
    fs::copy_file(demoTemplate(), m_db);
  }
  void TearDown() override {
    m_app.reset();
    std::error_code ec;
    fs::remove_all(m_dir, ec);
  }

  /// Opens the store on this test's database with the test clock.
  std::unique_ptr<core::Store> openStore(int busyTimeoutMs = 5000) {
    core::StoreOptions options;
    options.clock = m_clock.clock();
    options.uptime = m_clock.uptime();
    options.busyTimeoutMs = busyTimeoutMs;
    auto store = core::Store::open(m_db, options);
    EXPECT_TRUE(store) << (store ? "" : store.error().message);
    return std::move(*store);
  }

  /// Adds vendors and products (CSV text with the header rows of DESIGN.md) to the demo event,
  /// before app() opens the kiosk.
  void addToCatalog(const std::string& vendorsCsv, const std::string& productsCsv) {
    auto store = openStore();
    auto files = core::parseCatalog(vendorsCsv, "vendors.csv", productsCsv, "products.csv");
    ASSERT_TRUE(files) << files.error().message;
    auto sum = store->catalog().importFiles(*files, core::kDemoEventCode, "", "test");
    ASSERT_TRUE(sum) << sum.error().message;
  }

  AppController& app(std::optional<Language> lang = std::nullopt, int busyTimeoutMs = 5000) {
    if (!m_app) {
      ControllerOptions options;
      options.clock = m_clock.clock();
      options.language = lang ? lang : std::optional<Language>(Language::Id);
      options.documentsDir = (m_dir / "docs").string();
      m_app = std::make_unique<AppController>(openStore(busyTimeoutMs), options);
      m_app->refresh();
    }
    return *m_app;
  }

  void login(const std::string& pin = "1234") {
    app().apply(act::Login{pin, 0});
    ASSERT_TRUE(app().data().user.has_value()) << app().ui().banner.text;
  }

  std::int64_t productId(const std::string& code) {
    const core::Product* p = app().data().catalog.index.findByCode(code);
    EXPECT_NE(p, nullptr) << code;
    return p ? p->id : 0;
  }

  std::int64_t onHand(const std::string& code) { return app().data().catalog.stock.at(productId(code)).onHand; }

  /// Waits for the print/PDF worker and takes its results into the banner.
  void waitForJobs() {
    for (int i = 0; i < 500; ++i) {
      app().refresh();
      if (app().data().jobsRunning == 0) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL() << "worker did not finish";
  }

  fs::path m_dir;
  std::string m_db;
  TestClock m_clock;
  std::unique_ptr<AppController> m_app;
};

/// One ImGui context with no window: the real frame, headless.
class Headless {
 public:
  explicit Headless(AppController& app, float width = 1280, float height = 800)
      : Headless([&app] { app.refresh(); }, [&app] { drawFrame(app); }, [&app] { app.applyFrameActions(); }, width, height) {}
  /// Any frame: `before` it (refresh), `draw` it, `after` it (apply its actions).
  Headless(std::function<void()> before, std::function<void()> draw, std::function<void()> after, float width = 1280,
           float height = 800)
      : m_before(std::move(before)), m_draw(std::move(draw)), m_after(std::move(after)) {
    m_ctx = ImGui::CreateContext();
    ImGui::SetCurrentContext(m_ctx);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = 1.0f / 60.0f;
    setupKeyMap();
    setupFontsAndTheme(scaleFor(static_cast<int>(width), static_cast<int>(height)), fontDirectory());
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    setWidgetProbe(&m_probe);
    frame();
  }
  ~Headless() {
    setWidgetProbe(nullptr);
    ImGui::DestroyContext(m_ctx);
  }
  Headless(const Headless&) = delete;
  Headless& operator=(const Headless&) = delete;

  void frame() {
    m_before();
    ImGui::NewFrame();
    m_probe = WidgetProbe{};
    m_draw();
    ImGui::Render();
    m_after();
  }
  void frames(int n) {
    for (int i = 0; i < n; ++i) frame();
  }
  /// Characters as a keyboard or a barcode scanner types them.
  void type(const std::string& text) {
    ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
    frame();
  }
  /// Press and release on separate frames (ImGui 1.86 sees key state, not events).
  void press(int key, bool ctrl = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = ctrl;
    io.KeysDown[key] = true;
    frame();
    io.KeysDown[key] = false;
    io.KeyCtrl = false;
    frame();
  }
  bool visible(const std::string& id) const { return m_probe.rects.count(id) > 0; }
  ProbeRect rect(const std::string& id) const {
    auto it = m_probe.rects.find(id);
    EXPECT_NE(it, m_probe.rects.end()) << "no control " << id << " on screen";
    return it == m_probe.rects.end() ? ProbeRect{} : it->second;
  }
  /// Moves the pointer onto a control, presses, releases: one change per frame.
  void tap(const std::string& id) {
    const ProbeRect r = rect(id);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(r.x + r.w / 2, r.y + r.h / 2);
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
    frame();
  }
  const WidgetProbe& probe() const { return m_probe; }

 private:
  std::function<void()> m_before, m_draw, m_after;
  ImGuiContext* m_ctx = nullptr;
  WidgetProbe m_probe;
};

}  // namespace pameran::kiosk::testing
