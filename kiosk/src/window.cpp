// The kiosk window: GLFW + OpenGL 3 host for the screens of pameran_kiosk_ui. It owns the event
// loop (waiting for events when idle), the log, clean shutdown, and with --customer-display the
// second window that faces the buyer (customer_window.cpp). Signals and QR textures: window_parts.cpp.
//
// Index
//   Input .............. key releases held back one frame (ImGui 1.86 sees state, not events)
//   Start-up ........... the store, the phases
//   The frame loop ..... one loop for the first-boot setup, then the kiosk (and the buyer's window)
//   runWindow .......... start-up in parallel, setup when needed, selling, shutdown
//   runHostedWindow .... the same loop for another window (the organizer console)
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <fcntl.h>
#include <imgui.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "cli.hpp"
#include "customer_window.hpp"
#include "kiosk_log.hpp"
#include "window_parts.hpp"
#include "pameran/assets.hpp"
#include "pameran/core/demo.hpp"
#include "pameran/core/store.hpp"
#include "pameran/kiosk/app_controller.hpp"
#include "pameran/kiosk/customer_display.hpp"
#include "pameran/kiosk/documents.hpp"
#include "pameran/kiosk/qr.hpp"
#include "pameran/kiosk/setup.hpp"
#include "pameran/kiosk/ui.hpp"
#include "pameran/sync/client.hpp"
#include "sync_hook.hpp"

namespace pameran::kiosk {
namespace {

// The screens read io.KeysDown by GLFW key code, as ImGui 1.86's GLFW backend writes it.
static_assert(keys::kEnter == GLFW_KEY_ENTER && keys::kEscape == GLFW_KEY_ESCAPE && keys::kBackspace == GLFW_KEY_BACKSPACE);
static_assert(keys::kF2 == GLFW_KEY_F2 && keys::kF9 == GLFW_KEY_F9 && keys::kQ == GLFW_KEY_Q);
static_assert(keys::kKeypadEnter == GLFW_KEY_KP_ENTER && keys::kTab == GLFW_KEY_TAB && keys::kUp == GLFW_KEY_UP &&
              keys::kDown == GLFW_KEY_DOWN);

const auto kProcessStart = std::chrono::steady_clock::now();

constexpr int kFramesAfterInput = 4;  // ImGui settles hover/active state within a few frames
constexpr double kFrameSeconds = 1.0 / 60.0;
constexpr core::EpochMs kIdleWaitMs = 1000;

// ---- Input ---------------------------------------------------------------------------------
// ImGui 1.86 keeps key state, not key events: a key pressed and released between two frames (a
// barcode scanner's Enter, `xdotool key`) would never be seen. Releases of keys pressed since the
// last frame are therefore held back and applied after that frame.
struct Input {
  bool seen = false;
  bool resized = false;
  std::set<int> pressedSinceFrame;
  struct Release {
    int key, scancode, mods;
  };
  std::vector<Release> deferred;
};
Input g_input;

bool g_keyLog = false;

void onKey(GLFWwindow* w, int key, int scancode, int action, int mods) {
  g_input.seen = true;
  if (g_keyLog) std::cerr << "key " << key << " action " << action << " mods " << mods << "\n";
  if (action == GLFW_PRESS) g_input.pressedSinceFrame.insert(key);
  // While a press has not been seen by a frame, every release waits (in order): so Ctrl+Q typed
  // in one burst (xdotool releases Ctrl before Q) still has Ctrl down when Q is seen.
  if (action == GLFW_RELEASE && (!g_input.pressedSinceFrame.empty() || !g_input.deferred.empty())) {
    g_input.deferred.push_back({key, scancode, mods});
    return;
  }
  ImGui_ImplGlfw_KeyCallback(w, key, scancode, action, mods);
}
void onChar(GLFWwindow* w, unsigned int c) {
  g_input.seen = true;
  ImGui_ImplGlfw_CharCallback(w, c);
}
void onMouseButton(GLFWwindow* w, int button, int action, int mods) {
  g_input.seen = true;
  ImGui_ImplGlfw_MouseButtonCallback(w, button, action, mods);
}
void onScroll(GLFWwindow* w, double x, double y) {
  g_input.seen = true;
  ImGui_ImplGlfw_ScrollCallback(w, x, y);
}
void onCursorPos(GLFWwindow*, double, double) { g_input.seen = true; }
void onCursorEnter(GLFWwindow* w, int entered) {
  g_input.seen = true;
  ImGui_ImplGlfw_CursorEnterCallback(w, entered);
}
void onFocus(GLFWwindow* w, int focused) {
  g_input.seen = true;
  ImGui_ImplGlfw_WindowFocusCallback(w, focused);
}
void onRefresh(GLFWwindow*) { g_input.seen = true; }
void onFramebuffer(GLFWwindow*, int, int) {
  g_input.seen = true;
  g_input.resized = true;
}

// The window's input goes through the callbacks above (the selling window and a hosted one alike).
void listenForInput(GLFWwindow* window) {
  glfwSetKeyCallback(window, onKey);
  glfwSetCharCallback(window, onChar);
  glfwSetMouseButtonCallback(window, onMouseButton);
  glfwSetScrollCallback(window, onScroll);
  glfwSetCursorPosCallback(window, onCursorPos);
  glfwSetCursorEnterCallback(window, onCursorEnter);
  glfwSetWindowFocusCallback(window, onFocus);
  glfwSetWindowRefreshCallback(window, onRefresh);
  glfwSetFramebufferSizeCallback(window, onFramebuffer);
}

void applyDeferredReleases(GLFWwindow* window) {
  g_input.pressedSinceFrame.clear();
  for (const Input::Release& r : std::exchange(g_input.deferred, {}))
    ImGui_ImplGlfw_KeyCallback(window, r.key, r.scancode, GLFW_RELEASE, r.mods);
}

// Test support: with PAMERAN_KIOSK_PROBE=FILE the window writes where each touch control is
// (`id x y w h enabled`, one per line) after every frame, so scripts can tap controls by id with
// xdotool at any window size.
void writeProbe(const WidgetProbe& probe, const std::string& path, std::string& last) {
  std::string out;
  for (const auto& [id, r] : probe.rects)
    out += id + " " + std::to_string(static_cast<int>(r.x)) + " " + std::to_string(static_cast<int>(r.y)) + " " +
           std::to_string(static_cast<int>(r.w)) + " " + std::to_string(static_cast<int>(r.h)) + " " + (r.enabled ? "1" : "0") + "\n";
  if (out == last) return;
  last = out;
  const std::string tmp = path + ".tmp";
  if (FILE* f = std::fopen(tmp.c_str(), "w")) {
    std::fwrite(out.data(), 1, out.size(), f);
    std::fclose(f);
    std::rename(tmp.c_str(), path.c_str());
  }
}

void onGlfwError(int code, const char* description) {
  spdlog::error("GLFW error {}: {}", code, description);
  std::cerr << "pameran-kiosk: GLFW error " << code << ": " << description << "\n";
}

struct Glfw {
  bool ok = glfwInit() == GLFW_TRUE;
  ~Glfw() {
    if (ok) glfwTerminate();
  }
};

// ---- The store and start-up phases ---------------------------------------------------------
core::Result<std::unique_ptr<core::Store>> openStore(const WindowOptions& options) {
  // On a first start the database, and its folder, are made here; the set-up screen follows.
  std::error_code ec;
  if (const auto folder = std::filesystem::path(options.db).parent_path(); !folder.empty())
    std::filesystem::create_directories(folder, ec);
  auto store = core::Store::open(options.db);
  if (!store) return store;
  if (options.demo) {
    auto vendors = assets::find("demo/vendors.csv");
    auto products = assets::find("demo/products.csv");
    if (!vendors || !products) return core::fail(core::Errc::NotFound, "the demo catalog is missing from this build");
    auto seeded = core::seedDemo(**store, *vendors, *products);
    if (!seeded) return seeded.failure();
    if (*seeded) std::cout << "seeded demo event " << core::kDemoEventCode << " into " << options.db << "\n" << std::flush;
  }
  return store;
}

// With PAMERAN_KIOSK_TIMING set, the start-up phases go to stderr (for bench/kiosk_window_bench.sh).
void phase(const char* name) {
  static const bool on = std::getenv("PAMERAN_KIOSK_TIMING") != nullptr;
  if (on)
    std::cerr << "pameran-kiosk: " << name << " at "
              << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - kProcessStart).count()
              << " ms\n";
}


// ---- The frame loop ------------------------------------------------------------------------
// One loop drives whatever is on screen: the first-boot setup, then the kiosk.
struct FrameHost {
  std::function<bool()> refresh;                         // before a frame: true when something changed
  std::function<void()> draw;                            // between NewFrame and Render
  std::function<bool()> hasActions;
  std::function<void()> applyActions;                    // after the frame
  std::function<bool()> finished;                        // the loop ends (quit, or setup done)
  std::function<core::EpochMs(core::EpochMs)> idleWaitMs;
  std::function<void()> afterFirstFrame;
  std::function<bool()> followDue;                       // the buyer's window owes a picture
  std::function<void()> follow;                          // after a frame, or when only the buyer's window is due
};

struct LoopState {
  GLFWwindow* window = nullptr;
  float scale = 1;
  std::string fontDir;
  bool timing = false;
  const char* probePath = nullptr;
  WidgetProbe probe;
  std::string lastProbe;
  bool firstFrameShown = false;
  std::function<void()> rebuildFonts;                    // both windows' fonts, after a size change
};

void runFrames(LoopState& loop, FrameHost& host) {
  GLFWwindow* window = loop.window;
  int activeFrames = kFramesAfterInput;
  auto lastFrame = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  bool first = true;
  while (!glfwWindowShouldClose(window) && !g_signalled.load() && !host.finished()) {
    if (activeFrames > 0) {
      // Busy: about 60 frames a second, still waking at once for input. Xvfb has no vsync.
      const double since = std::chrono::duration<double>(std::chrono::steady_clock::now() - lastFrame).count();
      if (since < kFrameSeconds) glfwWaitEventsTimeout(kFrameSeconds - since);
      else glfwPollEvents();
    } else {
      // Idle: sleep until input, a worker result, a signal, or the next timed change (clock).
      glfwWaitEventsTimeout(static_cast<double>(host.idleWaitMs(kIdleWaitMs)) / 1000.0);
    }
    if (g_signalled.load() || glfwWindowShouldClose(window)) break;
    if (host.refresh()) activeFrames = std::max(activeFrames, 2);
    if (g_input.seen) {
      g_input.seen = false;
      activeFrames = kFramesAfterInput;
    }
    if (g_input.resized) {
      g_input.resized = false;
      int winW = 0, winH = 0;
      glfwGetWindowSize(window, &winW, &winH);
      const float next = scaleFor(winW, winH);
      if (std::fabs(next - loop.scale) > 0.04f) {
        loop.scale = next;
        loop.rebuildFonts();
      }
    }
    if (activeFrames <= 0) {
      if (host.followDue && host.followDue()) host.follow();
      continue;
    }
    --activeFrames;
    lastFrame = std::chrono::steady_clock::now();

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    if (g_keyLog) std::cerr << "frame ctrl=" << ImGui::GetIO().KeyCtrl << " q=" << ImGui::GetIO().KeysDown[GLFW_KEY_Q] << "\n";
    loop.probe = WidgetProbe{};
    host.draw();
    ImGui::Render();
    int fbW = 0, fbH = 0;
    glfwGetFramebufferSize(window, &fbW, &fbH);
    glViewport(0, 0, fbW, fbH);
    glClearColor(0.93f, 0.94f, 0.92f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window);
    if (loop.probePath && *loop.probePath) writeProbe(loop.probe, loop.probePath, loop.lastProbe);
    if (first) {
      first = false;
      if (loop.timing && !loop.firstFrameShown)
        std::cerr << "pameran-kiosk: first frame after "
                  << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - kProcessStart).count()
                  << " ms\n";
      loop.firstFrameShown = true;
      if (host.afterFirstFrame) host.afterFirstFrame();
    }
    if (host.hasActions()) activeFrames = std::max(activeFrames, 2);
    host.applyActions();
    if (host.follow) host.follow();
    if (!g_input.deferred.empty() || !g_input.pressedSinceFrame.empty()) {
      applyDeferredReleases(window);
      activeFrames = std::max(activeFrames, 2);
    }
  }
}

std::string hostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return {};
  return name;
}

// First boot: enrollment needs the sync client, which the screens' library does not link.
SetupOptions setupOptions(const WindowOptions& options) {
  SetupOptions s;
  s.dbPath = options.db;
  s.server = options.server;
  if (!options.lang.empty()) s.language = parseLanguage(options.lang);
  s.wake = [] { glfwPostEmptyEvent(); };
  s.log = [](const std::string& line) { spdlog::info("{}", line); };
  s.enroll = [db = options.db, caFile = options.caFile, name = options.deviceName.empty() ? hostName() : options.deviceName](
                 const std::string& server, const std::string& code) -> core::Result<EnrollOutcome> {
    auto store = core::Store::open(db);
    if (!store) return store.failure();
    auto answer = sync::enroll(**store, server, code, name.empty() ? "Kios" : name, caFile);
    if (!answer) return answer.failure();
    return EnrollOutcome{answer->deviceCode, answer->event.name};
  };
  return s;
}

}  // namespace

int runWindow(const WindowOptions& options) {
  phase("main");
  if (auto log = openKioskLog(options.db); !log) std::cerr << "pameran-kiosk: warning: " << log.error().message << "\n";
  spdlog::info("pameran-kiosk {} starting: database {}{}", PAMERAN_VERSION, options.db, options.demo ? " (demo)" : "");
  struct LogCloser {
    ~LogCloser() { closeKioskLog(); }
  } logCloser;
  glfwSetErrorCallback(onGlfwError);
  Glfw glfw;
  if (!glfw.ok) {
    spdlog::error("cannot open a window (no display)");
    std::cerr << "pameran-kiosk: error: cannot open a window (no display? set DISPLAY or run under xvfb-run)\n";
    return 1;
  }
  GLFWmonitor* monitor = options.fullscreen ? glfwGetPrimaryMonitor() : nullptr;
  int width = options.width, height = options.height;
  if (monitor) {
    if (const GLFWvidmode* mode = glfwGetVideoMode(monitor)) {
      width = mode->width;
      height = mode->height;
    }
  }
  LoopState loop;
  loop.scale = scaleFor(width, height);
  loop.fontDir = fontDirectory();
  // The buyer's window is placed before anything starts: its size decides its fonts' sizes.
  std::optional<CustomerPlacement> placement;
  if (options.customerDisplay) {
    const std::vector<ScreenRect> monitors = monitorWorkAreas();
    ScreenRect cashier{0, 0, width, height};
    if (!monitors.empty()) cashier = ScreenRect{monitors.front().x, monitors.front().y, width, height};
    placement = placeCustomerDisplay(cashier, monitors);
  }
  const float customerScale = placement ? scaleFor(placement->rect.w, placement->rect.h) : 1.0f;

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  GlTextures textures;
  ControllerOptions controllerOptions;
  if (!options.lang.empty()) controllerOptions.language = parseLanguage(options.lang);
  controllerOptions.wake = [] { glfwPostEmptyEvent(); };
  controllerOptions.textures = &textures;
  controllerOptions.fontDir = loop.fontDir;

  // Start-up in parallel: the database, the catalog and the font atlas load on a thread while the
  // window and its OpenGL context come up (Mesa's software GL alone takes about 200 ms). The
  // thread touches only the store and ImGui's font atlas and style; the main thread touches only
  // GLFW and the backend's fields of ImGuiIO until the join. A kiosk that is not set up yet keeps
  // its store for the first-boot screen.
  std::unique_ptr<AppController> appHolder;
  std::unique_ptr<core::Store> setupStore;
  std::optional<core::Error> loadError;
  bool fontsFound = true;
  std::thread loader([&] {
    auto store = openStore(options);
    if (!store) {
      loadError = store.error();
      return;
    }
    phase("store open");
    fontsFound = setupFontsAndTheme(loop.scale, loop.fontDir);
    if (placement) addCustomerDisplayFonts(customerScale, loop.fontDir);
    unsigned char* pixels = nullptr;
    int tw = 0, th = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);
    phase("fonts");
    if (needsSetup(**store)) {
      setupStore = std::move(*store);
      return;
    }
    appHolder = std::make_unique<AppController>(std::move(*store), controllerOptions);
    phase("controller");
  });

  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  const char* glsl = "#version 330 core";
  GLFWwindow* window = glfwCreateWindow(width, height, "Pameran POS", monitor, nullptr);
  if (!window) {
    // An older driver: any context will do for ImGui's GLSL 1.30 shaders.
    glfwDefaultWindowHints();
    glsl = "#version 130";
    window = glfwCreateWindow(width, height, "Pameran POS", monitor, nullptr);
  }
  if (window) {
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    ImGui_ImplGlfw_InitForOpenGL(window, false);
    listenForInput(window);
    ImGui_ImplOpenGL3_Init(glsl);
    phase("window");
  }
  std::unique_ptr<CustomerWindow> customer;
  if (window && placement) {
    if (placement->monitor < 0) {
      // Beside the cashier's window, wherever that landed.
      int x = 0, y = 0;
      glfwGetWindowPos(window, &x, &y);
      *placement = placeCustomerDisplay(ScreenRect{x, y, width, height}, {});
    }
    customer = CustomerWindow::create(window, *placement);
    if (!customer) std::cerr << "pameran-kiosk: warning: cannot open the customer display's window\n";
    glfwMakeContextCurrent(window);
  }
  loader.join();
  if (!window || loadError) {
    customer.reset();
    if (window) {
      ImGui_ImplOpenGL3_Shutdown();
      ImGui_ImplGlfw_Shutdown();
      glfwDestroyWindow(window);
    }
    ImGui::DestroyContext();
    const std::string why = loadError ? loadError->message : std::string("cannot create an OpenGL window");
    spdlog::error("{}", why);
    std::cerr << "pameran-kiosk: error: " << why << "\n";
    return 1;
  }
  if (!fontsFound) {
    spdlog::warn("DejaVu fonts not found in {}", loop.fontDir);
    std::cerr << "pameran-kiosk: warning: DejaVu fonts not found in " << loop.fontDir << " (install fonts-dejavu-core)\n";
  }
  // Shaders and the font texture (the backend builds both here; the atlas is already built, so
  // this only uploads it).
  ImGui_ImplOpenGL3_CreateDeviceObjects();
  if (customer) customer->start(window, ImGui::GetIO().Fonts, glsl);
  phase("device objects");
  // Both windows' fonts live in one atlas: a new size for either builds it again.
  loop.rebuildFonts = [&] {
    setupFontsAndTheme(loop.scale, loop.fontDir);
    if (customer) addCustomerDisplayFonts(customer->scale(), loop.fontDir);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  };
  // The buyer reads Bahasa Indonesia with English beneath, whatever the cashier's language.
  const Translator customerId = Translator::builtIn(Language::Id);
  const Translator customerEn = Translator::builtIn(Language::En);
  {
    SignalWatcher signals;
    loop.window = window;
    loop.timing = std::getenv("PAMERAN_KIOSK_TIMING") != nullptr;
    g_keyLog = std::getenv("PAMERAN_KIOSK_KEYLOG") != nullptr;
    loop.probePath = std::getenv("PAMERAN_KIOSK_PROBE");
    if (loop.probePath && *loop.probePath) setWidgetProbe(&loop.probe);

    bool setUp = true;
    if (setupStore) {
      SetupController setup(*setupStore, setupOptions(options));
      FrameHost host{[&] { return setup.refresh(); },
                     [&] { drawSetupFrame(setup); },
                     [&] { return !setup.actions().empty(); },
                     [&] { setup.applyFrameActions(); },
                     [&] { return setup.isDone() || setup.wantsQuit(); },
                     [](core::EpochMs cap) { return cap; },
                     {},
                     {},
                     {}};
      runFrames(loop, host);
      setUp = setup.isDone();
    }
    if (setUp) {
      if (setupStore) appHolder = std::make_unique<AppController>(std::move(setupStore), controllerOptions);
      AppController& app = *appHolder;
      spdlog::info("selling: event {}, device {}", app.data().catalog.hasEvent ? app.data().catalog.event.code : std::string("-"),
                   app.data().device.deviceCode.empty() ? std::string("not enrolled") : app.data().device.deviceCode);
      FrameHost host{[&] { return app.refresh(); },
                     [&] { drawFrame(app); },
                     [&] { return !app.actions().empty(); },
                     [&] { app.applyFrameActions(); },
                     [&] { return app.wantsQuit(); },
                     [&](core::EpochMs cap) { return app.msUntilTimedChange(cap); },
                     // The sync thread starts once the booth can already sell.
                     [&] { app.attachSync(makeSyncAgent(options, [] { glfwPostEmptyEvent(); })); },
                     [&] { return customer && customer->due(); },
                     // The buyer's window follows from the same state, once the frame's actions are applied.
                     [&] {
                       if (customer)
                         customer->follow(buildCustomerVm(app.ui(), app.data(), app.payment().data(), customerId, customerEn),
                                          loop.rebuildFonts, kFrameSeconds);
                     }};
      runFrames(loop, host);
    }
    setWidgetProbe(nullptr);
    // AppController's destructor stops sync, finishes queued prints and closes the store; every
    // committed sale is already durable (WAL, synchronous=FULL).
    appHolder.reset();
    setupStore.reset();
  }
  customer.reset();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  if (g_signalled.load()) {
    spdlog::info("stopped by signal; all committed sales are saved");
    std::cerr << "pameran-kiosk: stopped by signal; all committed sales are saved\n";
  } else {
    spdlog::info("closed");
  }
  return 0;
}

// ---- A hosted window (the organizer console) -------------------------------------------------
int runHostedWindow(const std::string& title, int width, int height, bool fullscreen,
                    const std::function<HostedFrame()>& makeFrame) {
  glfwSetErrorCallback(onGlfwError);
  Glfw glfw;
  if (!glfw.ok) {
    std::cerr << "pameran-kiosk: error: cannot open a window (no display? set DISPLAY or run under xvfb-run)\n";
    return 1;
  }
  GLFWmonitor* monitor = fullscreen ? glfwGetPrimaryMonitor() : nullptr;
  if (monitor)
    if (const GLFWvidmode* mode = glfwGetVideoMode(monitor)) width = mode->width, height = mode->height;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  const char* glsl = "#version 330 core";
  GLFWwindow* window = glfwCreateWindow(width, height, title.c_str(), monitor, nullptr);
  if (!window) {
    glfwDefaultWindowHints();
    glsl = "#version 130";
    window = glfwCreateWindow(width, height, title.c_str(), monitor, nullptr);
  }
  if (!window) {
    std::cerr << "pameran-kiosk: error: cannot create an OpenGL window\n";
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui_ImplGlfw_InitForOpenGL(window, false);
  listenForInput(window);
  ImGui_ImplOpenGL3_Init(glsl);
  LoopState loop;
  loop.window = window;
  loop.scale = scaleFor(width, height);
  loop.fontDir = fontDirectory();
  if (!setupFontsAndTheme(loop.scale, loop.fontDir))
    std::cerr << "pameran-kiosk: warning: DejaVu fonts not found in " << loop.fontDir << " (install fonts-dejavu-core)\n";
  ImGui_ImplOpenGL3_CreateDeviceObjects();
  loop.rebuildFonts = [&] {
    setupFontsAndTheme(loop.scale, loop.fontDir);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  };
  loop.probePath = std::getenv("PAMERAN_KIOSK_PROBE");
  if (loop.probePath && *loop.probePath) setWidgetProbe(&loop.probe);
  {
    SignalWatcher signals;
    HostedFrame frame = makeFrame();
    FrameHost host{frame.refresh, frame.draw, frame.hasActions, frame.applyActions, frame.finished, frame.idleWaitMs, {}, {}, {}};
    runFrames(loop, host);
  }
  setWidgetProbe(nullptr);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  return 0;
}

}  // namespace pameran::kiosk
