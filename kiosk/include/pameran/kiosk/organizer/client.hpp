#pragma once
// The organizer client: reads the server's organizer endpoints (sync/PROTOCOL.md §13) with an
// organizer token on a thread of its own, over the sync client's transport (libcurl, TLS always
// verified). It polls every few seconds with If-None-Match, so nothing is downloaded when nothing
// changed; keeps the last answers in a cache file (never the token) so the console opens offline;
// and hands the console a whole ConsoleData whenever something changed.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "pameran/core/error.hpp"
#include "pameran/core/time.hpp"
#include "pameran/kiosk/organizer/console.hpp"

namespace pameran::kiosk::organizer {

struct ClientOptions {
  std::string server;                 // http(s)://host[:port]
  std::string caFile;
  std::string token;                  // the organizer token (kept in memory only)
  std::string eventCode;              // the event to open; empty: the server's current one
  std::string cachePath;              // the cache file; empty: no cache
  std::string downloadDir;            // where downloads are saved
  core::EpochMs pollMs = 3000;
  long timeoutMs = 10000;
  core::Clock clock = core::systemClock();
  std::function<void()> wake;         // called (from the client's thread) after a change
};

/// Counters for tests and benchmarks.
struct ClientStats {
  std::int64_t requests = 0;
  std::int64_t notModified = 0;       // 304 answers
  std::int64_t bodyBytes = 0;         // bytes of answer bodies received
  std::int64_t polls = 0;             // finished polls
};

/// The token alone from a token file: surrounding whitespace is dropped; fails when the file
/// cannot be read, is empty, or holds more than one word.
core::Result<std::string> readTokenFile(const std::string& path);
/// The cache file's default place for a server: ~/.cache/pameran/organizer-<host>-<port>.json.
std::string defaultCachePath(const std::string& server);
/// Where downloads go by default: ~/Unduhan/Pameran or ~/Downloads/Pameran (whichever exists), else ~/Pameran.
std::string defaultDownloadDir();

class OrganizerClient {
 public:
  explicit OrganizerClient(ClientOptions options);
  ~OrganizerClient();  // stops the thread (a request in flight ends within its timeout)
  OrganizerClient(const OrganizerClient&) = delete;
  OrganizerClient& operator=(const OrganizerClient&) = delete;

  /// Loads the cache (figures shown at once, labelled with their age) and starts polling.
  void start();
  /// Copies the latest data into `into` when it changed since the last call; true if it did.
  bool takeUpdate(ConsoleData& into);
  ClientStats stats() const;

  void chooseEvent(const std::string& code);
  void openVendor(const std::string& code);
  /// Compares the chosen event with `code` (GET /api/v1/compare), kept current from then on.
  void compareWith(const std::string& code);
  /// Shows the year `year` (GET /api/v1/years/{year}), kept current from then on.
  void showYear(const std::string& year);
  /// Lists a device's privileged actions (GET .../devices/{device}/audit), kept current from then
  /// on; an empty `device` stops following it.
  void openDeviceAudit(const std::string& device);
  void setTarget(std::int64_t idr);
  void fetch(Download what, const std::string& vendor);
  void refreshNow();
  /// Applies one of the console's actions that concern the server (others are ignored).
  void apply(const ConsoleAction& action);

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

}  // namespace pameran::kiosk::organizer
