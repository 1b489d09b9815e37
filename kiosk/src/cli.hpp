#pragma once
// pameran-kiosk's command line: the window options and the headless commands of DESIGN.md.
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
};

/// Parses argv and runs a command, or opens the window when no command is given. Returns the
/// process exit code; errors are one line on stderr.
int runCommandLine(int argc, char** argv);

/// Opens the kiosk window (window.cpp); returns the exit code.
int runWindow(const WindowOptions& options);

}  // namespace pameran::kiosk
