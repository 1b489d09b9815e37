#pragma once
// What the kiosk sync client tests run against: the real pameran::sync::Server on a loopback thread
// (or the real pameran-server executable), kiosks on their own temp SQLite files, a fault proxy
// (a real HTTP server forwarding to the real server with scripted faults), scripted fake servers
// and child processes. Nothing is mocked: every byte crosses a loopback socket through libcurl.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "pameran/core/demo.hpp"
#include "pameran/core/store.hpp"
#include "pameran/sync/client.hpp"
#include "pameran/sync/server.hpp"
#include "pameran/sync/server_store.hpp"
#include "../../common/temp_dir.hpp"

namespace pameran::sync::testing {

inline const std::string kEventCode{core::kDemoEventCode};
inline constexpr core::EpochMs kFarFuture = 4'000'000'000'000;

using TempDir = pameran::test_support::TempDir;

/// Where seeding thousands of sales through the real commit path is quick: tmpfs (/dev/shm), where
/// fsync costs nothing, when there is one. For building test data only, never for what a test
/// measures: copy the database to a TempDir first (copyDatabase).
std::filesystem::path fastScratchBase();
/// Copies a closed SQLite database (and its WAL, if one was left) to `to`.
void copyDatabase(const std::string& from, const std::string& to);

// ---- the server ------------------------------------------------------------------------------

/// The demo catalog (assets/demo) with every product's stock multiplied, so thousands of simulated
/// sales fit in one event.
core::CatalogFiles demoCatalog(std::int64_t stockFactor);
/// Quiet, with rate limits far above what a test sends.
ServerOptions testServerOptions();
/// Creates a server database holding the demo event and its catalog.
std::unique_ptr<ServerStore> prepareServerDb(const std::string& path, std::int64_t stockFactor = 200);
/// Adds the demo event and its catalog to a store (of either backend) that lacks them.
void seedDemoEvent(ServerStore& store, std::int64_t stockFactor = 200);
/// A fresh one-time enrollment code for a new device of the demo event.
std::string makeEnrollmentCode(ServerStore& store, core::EpochMs expiresAt = kFarFuture);
std::string makeOrganizerToken(ServerStore& store);

/// The real server on a loopback thread (any free port) over its own SQLite file.
class LoopbackServer {
 public:
  explicit LoopbackServer(const std::string& dbPath, ServerOptions options = testServerOptions(),
                          std::int64_t stockFactor = 200);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  int port() const { return m_port; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
  ServerStore& store() { return *m_store; }
  const std::string& dbPath() const { return m_dbPath; }
  std::string enrollmentCode(core::EpochMs expiresAt = kFarFuture) { return makeEnrollmentCode(*m_store, expiresAt); }
  std::string organizerToken() { return makeOrganizerToken(*m_store); }
  /// Stops serving (requests in flight finish, the writer drains); the store stays open.
  void stop();

 private:
  std::string m_dbPath;
  std::unique_ptr<ServerStore> m_store;
  std::unique_ptr<Server> m_server;
  std::thread m_thread;
  int m_port = 0;
};

/// `SELECT uuid FROM <table>` of a server database (sales, refunds, shift_closes), through its own
/// read-only connection, with the row count beside it (a duplicate row would make them differ).
struct StoredIds {
  std::int64_t rows = 0;
  std::set<std::string> ids;
};
StoredIds serverIds(const std::string& serverDb, const std::string& table);
/// GET /api/v1/events/{code}/totals with an organizer token (fails the test on a non-200).
nlohmann::json fetchTotals(const std::string& baseUrl, const std::string& organizerToken);

// ---- kiosks ----------------------------------------------------------------------------------

std::unique_ptr<core::Store> openKiosk(const std::string& path, core::StoreOptions options = {});
/// A kiosk that never enrolled: the demo event seeded locally (stock multiplied) and `sales`
/// simulated sales (with whatever refunds and voids the simulator makes).
std::unique_ptr<core::Store> seededKiosk(const std::string& path, std::int64_t sales, std::uint64_t seed,
                                         core::StoreOptions options = {});
/// Enrolls through sync::enroll (real HTTP; pulls the event and catalog). Fails the test on error.
void enrollKiosk(core::Store& store, const std::string& url, const std::string& code, const std::string& name = "Kios Uji");
/// For tests about records alone: the kiosk's audit log counts as uploaded (the pointer past any
/// entry it will have), so its batches and pending counts hold records only (audit_upload_test
/// covers the log).
inline void recordsOnly(core::Store& store) { ASSERT_TRUE(store.audit().markUploaded(1'000'000'000)); }
/// Rings up `sales` simulated sales plus one refund of the first of them (so refunds always travel).
core::SimulationSummary sell(core::Store& store, std::int64_t sales, std::uint64_t seed);
/// A device client for `url` with short timeouts (the test's own, not the saved server's).
std::unique_ptr<HttpClient> deviceClient(const core::Store& store, const std::string& url, long timeoutMs = 5000);
/// `SELECT uuid FROM <table>` of a kiosk database (sale, refund).
std::set<std::string> kioskIds(const std::string& kioskDb, const std::string& table);
/// Every row of the kiosk's settings table, to show that a failed command changed nothing.
std::map<std::string, std::string> kioskSettings(const std::string& kioskDb);

/// drain() in rounds of up to 5 s (really sleeping its backoffs) until nothing is pending or
/// `limit` has passed: what a kiosk's sync thread does through a long outage.
DrainResult drainFor(Uploader& uploader, core::Store& store, Backoff& backoff, std::chrono::seconds limit);
/// A sleep for drain() that records what it was asked to wait and waits `scale` of it for real.
struct RecordingSleep {
  std::vector<std::int64_t> delays;
  double scale = 0.0;
  std::function<bool(std::int64_t)> fn() {
    return [this](std::int64_t ms) {
      delays.push_back(ms);
      if (scale > 0) std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(ms) * scale)));
      return true;
    };
  }
};

/// Asserts that the server's report JSON equals the sum of the kiosks' local reports to the
/// rupiah: every total and every by_vendor, by_sector, by_payment, by_day and by_hour entry.
void expectTotalsMatch(const nlohmann::json& server, const std::vector<core::Report>& local);

// ---- HTTP on the wire --------------------------------------------------------------------------

/// A request as a proxy or fake server saw it. Bodies are as httplib hands them to a handler, i.e.
/// with the gzip content encoding undone.
struct SeenRequest {
  std::string method, path;
  std::string contentEncoding, contentLength, transferEncoding, ifNoneMatch, authorization;
  std::string body;         // empty when the recorder keeps no bodies
  std::size_t bodyBytes = 0;
  std::size_t records = 0;  // sales + refunds + shift_closes in a batch body
  int status = 0;           // what went back (0: nothing)
  std::vector<std::string> upstreamAnswers;  // what the real server answered (a proxy may forward twice)
};

/// Records counted in a batch body (0 when it is not one).
std::size_t countRecords(const std::string& body);
/// Every record id in a batch body with its type.
std::vector<std::pair<std::string, RecordType>> recordIds(const std::string& body);
/// A 200 batch answer naming every record of the request as stored.
std::string answerAllStored(const std::string& requestBody);

/// Shuts down the accepted connection (local port, peer port) of this process without sending a
/// byte: the client sees the connection close with no answer at all.
bool dropConnection(int localPort, int remotePort);

enum class Fault {
  None,
  DropRequest,         // close the connection without forwarding: the request is lost
  DropResponse,        // forward; the server commits; close the connection with no answer
  DelayAfterForward,   // forward; the server commits; answer after the client has timed out
  DelayBeforeForward,  // hold the request past the client timeout, then forward it anyway
  ErrorAfterCommit,    // forward; the server commits; answer 500
  RepeatRequest,       // forward the same request twice at once; answer the first
  Unavailable,         // answer 503 without forwarding
};

/// A real HTTP proxy on loopback in front of a real server, injecting scripted faults.
class FaultProxy {
 public:
  using Plan = std::function<Fault(std::size_t index, const httplib::Request& request)>;
  FaultProxy(int upstreamPort, Plan plan = {}, std::chrono::milliseconds delay = std::chrono::milliseconds(1500),
             std::size_t threads = 48);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  int port() const { return m_port; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
  void setPlan(Plan plan);
  void setUpstream(int port) { m_upstream = port; }
  /// Keep only sizes and counts of bodies (a long drain's bodies would weigh on memory measurements).
  void keepBodies(bool keep) { m_keepBodies = keep; }
  std::vector<SeenRequest> seen() const;
  std::map<Fault, int> faults() const;
  /// Stops and waits for every handler (delayed ones included) to finish.
  void stop();

 private:
  struct Upstream {
    int status = 0;  // 0: the server could not be reached
    std::string body, contentType, etag, retryAfter;
  };
  Upstream forward(const httplib::Request& request) const;
  void handle(const httplib::Request& request, httplib::Response& response);

  std::atomic<int> m_upstream;
  std::atomic<bool> m_keepBodies{true};
  std::chrono::milliseconds m_delay;
  httplib::Server m_http;
  std::thread m_thread;
  int m_port = 0;
  mutable std::mutex m_mutex;
  Plan m_plan;
  std::size_t m_count = 0;
  std::vector<SeenRequest> m_seen;
  std::map<Fault, int> m_faults;
};

/// A fake server whose answers a test scripts (for P7/P9): the callback fills the response, or
/// returns false to close the connection without one.
class ScriptedServer {
 public:
  using Answer = std::function<bool(std::size_t index, const httplib::Request& request, httplib::Response& response)>;
  explicit ScriptedServer(Answer answer);
  ~ScriptedServer();
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;
  int port() const { return m_port; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
  std::vector<SeenRequest> seen() const;

 private:
  httplib::Server m_http;
  std::thread m_thread;
  int m_port = 0;
  Answer m_answer;
  mutable std::mutex m_mutex;
  std::vector<SeenRequest> m_seen;
};

// ---- child processes ---------------------------------------------------------------------------

/// A program run with posix_spawn, stdout and stderr to a file; killed and reaped when destroyed.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& args, const std::string& outputFile);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return m_pid; }
  void kill(int signal);
  /// The exit code (or 128 + signal) once it ends, nullopt when still running after `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool hasExited() const { return m_status.has_value(); }
  /// Peak resident memory in KiB (from wait4), once it has ended.
  long maxRssKb() const { return m_maxRssKb; }
  std::string output() const;

 private:
  pid_t m_pid = -1;
  std::string m_outputFile;
  std::optional<int> m_status;
  long m_maxRssKb = 0;
};

/// The real pameran-server executable serving a database; restartable on the same port.
class ServerProcess {
 public:
  ServerProcess(std::string exe, std::string dbPath, std::string logDir);
  /// Serves the store these arguments name instead of a --db file, e.g. {"--pg", URI}.
  ServerProcess(std::string exe, std::vector<std::string> storeArgs, std::string logDir);
  ~ServerProcess();
  /// Starts serving (on the first start any free port; later on the same one) and waits until it answers.
  void start();
  void kill9();
  /// SIGTERM and wait for a clean exit.
  void stop();
  bool isRunning() const { return m_child != nullptr && !m_child->hasExited(); }
  int port() const { return m_port; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

 private:
  std::string m_exe;
  std::vector<std::string> m_storeArgs;
  std::string m_logDir;
  int m_port = 0;
  int m_starts = 0;
  std::unique_ptr<ChildProcess> m_child;
};

/// Peak resident memory of this process since the last reset, in KiB (VmHWM).
long peakRssKb();
/// Resets the peak to the current resident size (Linux /proc/self/clear_refs).
void resetPeakRss();

}  // namespace pameran::sync::testing
