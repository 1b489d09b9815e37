#pragma once
// Records and a running server for the sync tests: a real pameran::sync::Server on a loopback
// thread (any free port) over a temp-file SQLite store, and a real httplib client.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "pameran/core/ids.hpp"
#include "pameran/core/records.hpp"
#include "record_fixtures.hpp"
#include "pameran/sync/protocol.hpp"
#include "pameran/sync/server.hpp"
#include "pameran/sync/server_store.hpp"
#include "../common/temp_dir.hpp"

namespace pameran::sync::testing {

using TempDir = pameran::test_support::TempDir;

/// A settable clock for expiry tests.
struct FakeClock {
  std::shared_ptr<std::atomic<core::EpochMs>> now = std::make_shared<std::atomic<core::EpochMs>>(1'795'000'000'000);
  core::Clock clock() const {
    auto n = now;
    return [n] { return n->load(); };
  }
};

struct Enrolled {
  std::string deviceId;
  std::string token;
  std::string deviceCode;
};

class RunningServer {
 public:
  explicit RunningServer(ServerOptions options = quietOptions()) {
    auto store = openSqliteStore(m_dir.file("server.db"));
    if (!store) throw std::runtime_error(store.error().message);
    m_store = std::move(*store);
    core::Event e;
    e.code = kEvent;
    e.name = "Pameran Kriya Depok";
    if (!m_store->createEvent(e)) throw std::runtime_error("event");
    if (!m_store->importCatalog(kEvent, demoCatalog())) throw std::runtime_error("catalog");
    start(std::move(options));
  }
  /// A server over a store made elsewhere (either backend), as it is.
  explicit RunningServer(std::unique_ptr<ServerStore> store, ServerOptions options = quietOptions()) : m_store(std::move(store)) {
    start(std::move(options));
  }
  ~RunningServer() {
    m_server->stop();
    if (m_thread.joinable()) m_thread.join();
    m_server.reset();
  }

  static ServerOptions quietOptions() {
    ServerOptions o;
    o.accessLog = "";
    o.workers = 16;
    o.requestsPerSecond = 1000;
    o.burst = 1000;
    o.enrollPerMinute = 600;
    return o;
  }

 private:
  void start(ServerOptions options) {
    options.port = 0;
    m_server = std::make_unique<Server>(*m_store, options);
    auto port = m_server->bind();
    if (!port) throw std::runtime_error(port.error().message);
    m_port = *port;
    m_thread = std::thread([this] { m_server->run(); });
    for (int i = 0; i < 500 && !m_server->isRunning(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }

 public:
  ServerStore& store() { return *m_store; }
  int port() const { return m_port; }
  std::string dbPath() const { return m_dir.file("server.db"); }
  const TempDir& dir() const { return m_dir; }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", m_port);
    c.set_connection_timeout(5);
    c.set_read_timeout(30);
    c.set_write_timeout(30);
    return c;
  }

  /// A fresh one-time code for a new device of the event.
  std::string enrollmentCode(core::EpochMs expiresAt = 4'000'000'000'000, const std::string& vendor = "") {
    const std::string code = newEnrollmentCode();
    EnrollmentTicket t{kEvent, "Kios " + code.substr(0, 4), "B1", vendor, secretHash(normalizeEnrollmentCode(code)), expiresAt};
    auto made = m_store->createEnrollment(t, 1);
    if (!made) throw std::runtime_error(made.error().message);
    return code;
  }

  Enrolled enroll(const std::string& vendor = "") {
    auto c = client();
    auto res = c.Post("/api/v1/enroll", encodeEnrollRequest({enrollmentCode(4'000'000'000'000, vendor), "tablet"}),
                      "application/json");
    if (!res || res->status != 200) throw std::runtime_error("enroll failed");
    auto r = decodeEnrollResponse(res->body);
    if (!r) throw std::runtime_error(r.error().message);
    return {r->deviceId, r->token, r->deviceCode};
  }

  std::string organizerToken() {
    const std::string token = newToken();
    if (!m_store->createToken(core::Role::Organizer, "Panitia", secretHash(token), 1)) throw std::runtime_error("token");
    return token;
  }

 private:
  TempDir m_dir;
  std::unique_ptr<ServerStore> m_store;
  std::unique_ptr<Server> m_server;
  std::thread m_thread;
  int m_port = 0;
};

inline httplib::Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

inline std::string batchOf(const std::string& deviceId, const std::vector<core::SaleRecord>& sales,
                           const std::vector<core::RefundRecord>& refunds = {},
                           const std::vector<core::ShiftRecord>& shifts = {}) {
  return encodeBatch(Batch{deviceId, sales, refunds, shifts});
}

}  // namespace pameran::sync::testing
