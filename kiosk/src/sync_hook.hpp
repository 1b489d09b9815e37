#pragma once
// Where the window gets its background sync: sync/client's BackgroundSync behind the window's
// SyncAgent seam, so the screens know nothing of libcurl.
#include <functional>
#include <memory>

#include "cli.hpp"
#include "pameran/kiosk/app_controller.hpp"

namespace pameran::kiosk {

/// The agent to run while the window is open, or nullptr for none. The window starts it after the
/// first frame (AppController::attachSync) and stops it before the store closes. `wake` asks the
/// window for a redraw from any thread (e.g. after a batch was delivered).
std::unique_ptr<SyncAgent> makeSyncAgent(const WindowOptions& options, std::function<void()> wake);

}  // namespace pameran::kiosk
