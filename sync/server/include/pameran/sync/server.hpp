#pragma once
// pameran-server's HTTP side (sync/PROTOCOL.md): one epoll thread that accepts and frames
// requests under deadlines and caps (P22), httplib's request processing on a fixed pool of
// workers, one route table, bearer tokens checked before any body is read, per-device rate
// limits, and uploads stored through a single writer thread that commits concurrent requests
// together (group commit).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pameran/core/error.hpp"
#include "pameran/core/time.hpp"
#include "pameran/sync/protocol.hpp"
#include "pameran/sync/server_store.hpp"

namespace pameran::sync {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                   // 0: any free port (see Server::port())
  std::size_t workers = 64;          // request threads; uploads wait on the writer there
  std::size_t maxConnections = 4096;           // open connections in all (also kept under the fd limit)
  std::size_t maxConnectionsPerAddress = 64;   // per client address; trusted proxies are exempt
  std::size_t maxHeaderBytes = 16 * 1024;      // request line + headers, before any token: 431 above
  std::size_t maxHeaderCount = 100;            // header lines: 431 above
  int headerTimeoutMillis = 10'000;  // the whole request line and headers must arrive within this: 408
  std::size_t keepAliveRequests = 100;  // requests per connection (an error response always closes it)
  int keepAliveSeconds = 5;             // an idle kept-alive connection is closed after this (it holds no worker)
  double requestsPerSecond = 20.0;   // per token (device or organizer), refilled continuously
  double burst = 40.0;               // bucket size
  double enrollPerMinute = 10.0;     // enrollment attempts per client address, and per code
  std::vector<std::string> trustedProxies;  // addresses or CIDR blocks whose X-Forwarded-For/-Proto count
  std::size_t maxPendingRecords = 50'000;  // records waiting for the writer before 503
  std::size_t maxRecordsPerCommit = 20'000;
  int commitWindowMicros = 4'000;    // a commit group gathers this long after its first request...
  std::size_t commitTargetRecords = 2'000;  // ...unless this many records already wait
  Limits limits;
  int readTimeoutSeconds = 10;      // each read of a body and each write of an answer
  int bodyTimeoutSeconds = 60;      // a whole request, body included, from its first byte (a slow trickle ends here)
  int sessionMinutes = 12 * 60;      // a dashboard session ends this long after sign-in
  std::string accessLog = "-";       // access lines: "-" with the rest of the log; "": off; else a file of their own
  std::string logFile;               // the log (access and errors) also appended here; "": stderr only
  core::Clock clock = core::systemClock();
};

class Server {
 public:
  /// The store must outlive the server.
  Server(ServerStore& store, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds the listening socket; returns the port (useful with port 0). Fails when the address is
  /// taken or a trusted proxy is not an address or CIDR block.
  core::Result<int> bind();
  /// Serves until stop(): then stops accepting, finishes requests in flight and drains the writer.
  void run();
  /// Safe from any thread (and from a signal-watching thread); the log says why (unless empty).
  void stop(std::string_view reason = "asked");
  bool isRunning() const;
  int port() const;

  struct WriterStats {
    std::uint64_t commits = 0;      // transactions (each a group of upload requests)
    std::uint64_t records = 0;
    double busySeconds = 0;         // time the single writer spent storing
  };
  WriterStats writerStats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// A one-time enrollment code: 12 characters of an unambiguous alphabet, grouped `ABCD-EFGH-JKMN`.
std::string newEnrollmentCode();
/// The form that is hashed: upper case, dashes and spaces dropped.
std::string normalizeEnrollmentCode(std::string_view code);
/// A bearer token: 32 random bytes as 64 lowercase hex characters.
std::string newToken();
/// How codes and tokens are stored: sha256 hex.
std::string secretHash(std::string_view secret);

}  // namespace pameran::sync
