#pragma once
// pameran-kiosk's command line: the window options and the headless commands of DESIGN.md.
#include <cstdint>
#include <functional>
#include <string>

namespace pameran::kiosk {

struct WindowOptions {
  std::string db;
  std::string lang;        // "id" | "en"; empty: the kiosk's saved choice
  bool fullscreen = false;
  bool demo = false;
  int width = 1280;        // window size when not full screen
  int height = 800;
  // First-boot enrollment (kiosk.toml): the server, its CA, this kiosk's name.
  std::string server;
  std::string caFile;
  std::string deviceName;
  bool customerDisplay = false;  // a second window facing the buyer
};

/// Parses argv and runs a command, or opens the window when no command is given. Returns the
/// process exit code; errors are one line on stderr.
int runCommandLine(int argc, char** argv);

/// Opens the kiosk window (window.cpp); returns the exit code.
int runWindow(const WindowOptions& options);

/// What a window other than the kiosk's (the organizer console) runs each frame.
struct HostedFrame {
  std::function<bool()> refresh;                         // before a frame: true when something changed
  std::function<void()> draw;                            // between NewFrame and Render
  std::function<bool()> hasActions;
  std::function<void()> applyActions;                    // after the frame
  std::function<bool()> finished;                        // the loop ends (Ctrl+Q)
  std::function<std::int64_t(std::int64_t)> idleWaitMs; // how long an idle loop may sleep (capped)
};
/// Opens a window `title` of `width` x `height` with the kiosk's fonts and theme and runs
/// `frame` until it finishes, the window closes or a signal comes (window.cpp). `makeFrame` is
/// called once the window and ImGui exist. Returns the exit code.
int runHostedWindow(const std::string& title, int width, int height, bool fullscreen,
                    const std::function<HostedFrame()>& makeFrame);

struct OrganizerOptions {
  std::string server, tokenFile, event, lang, caFile, cachePath, downloadDir;
  int width = 1280, height = 800;
  bool fullscreen = false;
};
/// `pameran-kiosk organizer`: the organizer console's window (organizer_window.cpp).
int runOrganizer(const OrganizerOptions& options);

}  // namespace pameran::kiosk
