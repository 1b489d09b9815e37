#pragma once
// The kiosk's log file: `logs/kiosk.log` beside the database, rotated (kiosk.1.log is the one
// before, and so on), so a kiosk that runs for weeks never fills its disk. Lines say what the
// kiosk did (start and stop, enrollment, sync state, errors); never a token, a PIN or an
// enrollment code.
#include <cstddef>
#include <string>

#include "pameran/core/error.hpp"

namespace pameran::kiosk {

struct KioskLogOptions {
  std::size_t maxBytes = 5u << 20;  // per file
  std::size_t oldFiles = 4;         // rotated files kept besides kiosk.log
};

/// Opens the log as spdlog's default logger. Also says when the previous run did not end cleanly
/// (a marker file lives while the kiosk runs). Returns the log's path; on failure the kiosk runs
/// on and logs to stderr.
core::Result<std::string> openKioskLog(const std::string& dbPath, KioskLogOptions options = {});
/// Notes a clean end (removes the marker), flushes and closes the file.
void closeKioskLog();

}  // namespace pameran::kiosk
