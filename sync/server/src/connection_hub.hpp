#pragma once
// pameran-server's accept loop (P22). One epoll thread owns every connection while it is idle or
// still sending its request line and headers: it accepts, caps connections per client address and
// overall, and buffers each request head under a whole deadline, a byte cap and a line cap, all
// before any token is looked at. Only a complete head (and, for routes anyone may call, a small
// complete body) reaches a worker, which runs httplib's request processing over a HubStream and
// hands a kept-alive connection back between requests. So a slow or idle client never holds a
// worker, and a header flood costs at most the cap per connection.
//
// Why not httplib's own loop: it hands each accepted socket to a worker that then blocks in
// recv() for the request line and headers (10 s per read, any number of reads, any number of
// headers), so about 66 clients that send one header line a second take every worker.
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "client_address.hpp"
#include "pameran/core/error.hpp"

namespace pameran::sync {

/// What the hub read of a complete request head; views into the connection's bytes.
struct RequestHead {
  std::string_view method;
  std::string_view target;
  std::optional<std::uint64_t> contentLength;  // absent when missing or not a plain number
  bool chunked = false;                         // any Transfer-Encoding
  bool expectContinue = false;
};

/// A request the hub refused before any worker saw it (for the access log); status 499 when the
/// client closed the connection before its request was whole (nothing was answered).
struct HubRefusal {
  std::string peer;
  int status = 0;
  std::string_view reason;
  std::string_view requestLine;  // what arrived of it, possibly nothing
  double ms = 0;                  // from the request's first byte (or the accept) to the answer
};

struct HubOptions {
  std::size_t maxConnections = 4096;        // open connections in all (more wait as refusals)
  std::size_t maxPerAddress = 64;           // open connections per client address
  std::size_t maxHeaderBytes = 16 * 1024;   // request line and headers together: 431 above
  std::size_t maxHeaderLines = 100;         // header lines: 431 above
  std::chrono::milliseconds headerDeadline{10'000};  // whole request head (and a buffered body): 408 after
  std::chrono::milliseconds idleTimeout{5'000};      // a kept-alive connection waiting for its next request
  std::vector<IpRange> uncapped;            // trusted proxies: many clients share their address
  /// Body bytes to receive before a worker takes the request (0: hand it over with the head).
  std::function<std::size_t(const RequestHead&)> bodyToBuffer;
  std::function<void(const HubRefusal&)> onRefusal;
};

/// A connection with a complete request head, on its way to a worker and back.
struct Connection {
  int fd = -1;
  std::string peer;  // the socket's address (IP text)
  int peerPort = 0;
  std::string bytes;  // received and not yet consumed: the head, maybe body and more
  std::chrono::steady_clock::time_point startedAt;  // the request's first byte (or the accept)
  std::size_t served = 0;  // requests already answered on this connection
};

class ConnectionHub {
 public:
  explicit ConnectionHub(HubOptions options);
  ~ConnectionHub();
  ConnectionHub(const ConnectionHub&) = delete;
  ConnectionHub& operator=(const ConnectionHub&) = delete;

  /// Opens the listening socket (port 0: any free port); returns the port.
  core::Result<int> listen(const std::string& host, int port);
  /// Accepts and frames requests until stop(), then waits for the connections workers hold.
  void run();
  /// Safe from any thread; requests already framed are still served.
  void stop();
  bool isRunning() const;

  /// For workers: blocks until a request head is complete; empty once stopped and drained.
  std::optional<Connection> take();
  /// For workers: done with a request; keep the connection for the next one or close it.
  void giveBack(Connection connection, bool keepOpen);

  struct Stats {
    std::size_t open = 0;       // connections the hub or a worker holds
    std::size_t lingering = 0;  // refused, draining before close
  };
  Stats stats() const;

 private:
  enum class State { Head, Body, Working, Lingering };
  struct Conn {
    Connection c;
    State state = State::Head;
    std::chrono::steady_clock::time_point deadline;
    std::size_t need = 0;       // Body: bytes (head + body) to have before the hand-over
    std::size_t discarded = 0;  // Lingering
    bool counted = false;       // holds a slot of its address
    bool idle = true;           // Head with nothing of the request yet
  };
  using Clock = std::chrono::steady_clock;

  void acceptAll();
  void onReadable(int fd);
  void frame(Conn& k);
  void handOver(Conn& k);
  void refuse(Conn& k, int status, std::string_view reason, bool retryAfter = false);
  void close(int fd);
  void sweep();
  void drainInbox();
  void watch(int fd);
  void unwatch(int fd);

  HubOptions m_options;
  int m_listen = -1;
  int m_epoll = -1;
  int m_wake = -1;  // eventfd: stop() and giveBack() wake the loop
  std::unordered_map<int, Conn> m_conns;
  std::unordered_map<std::string, std::size_t> m_perAddress;
  std::size_t m_lingering = 0;
  Clock::time_point m_acceptPausedUntil{};

  mutable std::mutex m_mutex;  // guards what workers share with the loop
  std::condition_variable m_ready;
  std::deque<Connection> m_queue;  // complete heads for workers
  std::vector<std::pair<Connection, bool>> m_inbox;  // given back by workers
  bool m_stopping = false;
  bool m_running = false;
  Stats m_stats;
};

/// What a worker reads a request from: the bytes the hub buffered, then the socket, every read
/// and write bounded by its timeout (poll, never select: descriptors above FD_SETSIZE are fine),
/// and all the reads of one request by `readDeadline`: a body trickled a byte at a time, each
/// read inside its timeout, still cannot hold a worker for longer than that.
class HubStream final : public httplib::Stream {
 public:
  HubStream(Connection& connection, int readTimeoutMs, int writeTimeoutMs, std::chrono::steady_clock::time_point readDeadline)
      : m_c(connection), m_readMs(readTimeoutMs), m_writeMs(writeTimeoutMs), m_readDeadline(readDeadline) {}
  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return m_c.fd; }
  /// Drops what the request consumed; what stays is the start of the next request.
  void keepUnread() { m_c.bytes.erase(0, m_offset); }

 private:
  Connection& m_c;
  std::size_t m_offset = 0;
  int m_readMs;
  int m_writeMs;
  std::chrono::steady_clock::time_point m_readDeadline;
};

}  // namespace pameran::sync
