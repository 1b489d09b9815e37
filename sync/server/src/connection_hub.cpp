// Contents: listening socket · the loop (accept, read, frame, hand over, refuse, sweep) ·
// workers' side (take, giveBack) · HubStream.
#include "connection_hub.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "http_errors.hpp"
#include "http_text.hpp"
#include "pameran/sync/protocol.hpp"

namespace pameran::sync {
namespace {

constexpr std::size_t kReadChunk = 16 * 1024;
constexpr auto kLinger = std::chrono::milliseconds(1000);   // a refused client may read its answer
constexpr std::size_t kLingerDiscard = 256 * 1024;          // ...while we drop what it still sends
constexpr std::size_t kMaxLingering = 1024;
constexpr int kTickMs = 50;                                 // deadline sweep granularity

// The head's request line and the framing headers; `head` ends with the blank line.
RequestHead readHead(std::string_view head) {
  RequestHead h;
  bool badLength = false;
  std::size_t eol = head.find("\r\n");
  const std::string_view line = head.substr(0, eol);
  const auto sp1 = line.find(' ');
  h.method = line.substr(0, sp1);
  if (sp1 != std::string_view::npos) {
    const std::string_view rest = line.substr(sp1 + 1);
    h.target = rest.substr(0, rest.find(' '));
  }
  while (eol != std::string_view::npos && eol + 2 < head.size()) {
    const std::size_t start = eol + 2;
    eol = head.find("\r\n", start);
    const std::string_view field = head.substr(start, eol - start);
    const auto colon = field.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = field.substr(0, colon);
    const std::string_view value = trimOws(field.substr(colon + 1));
    if (equalsNoCase(name, "content-length")) {
      // A bad or repeated length is a framing problem: unknown, so no body is buffered.
      const auto n = parseContentLength(value);
      h.contentLength = n && !h.contentLength && !badLength ? n : std::nullopt;
      badLength = !h.contentLength;
    } else if (equalsNoCase(name, "transfer-encoding")) {
      h.chunked = true;
    } else if (equalsNoCase(name, "expect")) {
      h.expectContinue = equalsNoCase(value, "100-continue");
    }
  }
  return h;
}

std::string peerAddress(const sockaddr_storage& a, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (a.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(a);
    ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (a.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(a);
    ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
    std::string s(text);
    if (s.rfind("::ffff:", 0) == 0 && s.find('.') != std::string::npos) return s.substr(7);  // IPv4 on a v6 socket
    return s;
  }
  return text;
}

}  // namespace

// ---- listening socket ---------------------------------------------------------------------------

ConnectionHub::ConnectionHub(HubOptions options) : m_options(std::move(options)) {
  m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
  m_wake = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = m_wake;
  ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &ev);
}

ConnectionHub::~ConnectionHub() {
  for (auto& [fd, k] : m_conns) ::close(fd);  // queued connections are among them
  if (m_listen >= 0) ::close(m_listen);
  ::close(m_wake);
  ::close(m_epoll);
}

core::Result<int> ConnectionHub::listen(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (::getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found) != 0 || !found)
    return core::fail(core::Errc::Invalid, "cannot resolve " + host);
  std::string why;
  for (addrinfo* a = found; a; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    // The kernel's queue absorbs bursts of connects (httplib's own listen() keeps only 5).
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0) {
      m_listen = fd;
      break;
    }
    why = std::strerror(errno);
    ::close(fd);
  }
  ::freeaddrinfo(found);
  if (m_listen < 0) return core::fail(core::Errc::Invalid, fmt::format("cannot listen on {}:{} ({})", host, port, why));
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&bound), &len);
  int boundPort = 0;
  peerAddress(bound, boundPort);
  watch(m_listen);
  return boundPort;
}

// ---- the loop -----------------------------------------------------------------------------------

void ConnectionHub::watch(int fd) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP;
  ev.data.fd = fd;
  ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
}

void ConnectionHub::unwatch(int fd) { ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr); }

void ConnectionHub::run() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_stopping) return;
    m_running = true;
  }
  std::vector<epoll_event> events(256);
  auto lastSweep = Clock::now();
  bool stopping = false;
  for (;;) {
    const int n = ::epoll_wait(m_epoll, events.data(), static_cast<int>(events.size()), kTickMs);
    for (int i = 0; i < n; ++i) {
      const int fd = events[static_cast<std::size_t>(i)].data.fd;
      if (fd == m_wake) {
        std::uint64_t ignored = 0;
        [[maybe_unused]] const auto r = ::read(m_wake, &ignored, sizeof ignored);
      } else if (fd == m_listen) {
        if (!stopping) acceptAll();
      } else {
        onReadable(fd);
      }
    }
    drainInbox();
    const auto now = Clock::now();
    if (m_acceptPausedUntil != Clock::time_point{} && now >= m_acceptPausedUntil && m_listen >= 0) {
      m_acceptPausedUntil = {};
      watch(m_listen);
    }
    if (now - lastSweep >= std::chrono::milliseconds(kTickMs)) {
      sweep();
      lastSweep = now;
    }
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      stopping = m_stopping;
    }
    if (stopping) {
      if (m_listen >= 0) {
        ::close(m_listen);  // closing also drops it from the epoll set
        m_listen = -1;
      }
      // Nothing new is framed; connections still waiting for their head are closed, requests a
      // worker holds or will take are finished first.
      std::vector<int> idle;
      for (const auto& [fd, k] : m_conns)
        if (k.state != State::Working) idle.push_back(fd);
      for (int fd : idle) close(fd);
      if (m_conns.empty()) break;
    }
  }
  std::lock_guard<std::mutex> lock(m_mutex);
  m_running = false;
  m_ready.notify_all();
}

void ConnectionHub::stop() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stopping = true;
  }
  m_ready.notify_all();
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto r = ::write(m_wake, &one, sizeof one);
}

bool ConnectionHub::isRunning() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_running;
}

ConnectionHub::Stats ConnectionHub::stats() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_stats;
}

void ConnectionHub::acceptAll() {
  for (;;) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    const int fd = ::accept4(m_listen, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // Out of descriptors: leave the rest in the kernel's queue for a moment.
        unwatch(m_listen);
        m_acceptPausedUntil = Clock::now() + std::chrono::milliseconds(100);
      }
      return;  // EAGAIN (all taken), or a connection that died in the queue
    }
    const int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    Conn k;
    k.c.fd = fd;
    k.c.peer = peerAddress(addr, k.c.peerPort);
    k.c.startedAt = Clock::now();
    k.deadline = k.c.startedAt + m_options.headerDeadline;
    const bool capped = std::none_of(m_options.uncapped.begin(), m_options.uncapped.end(),
                                     [&](const IpRange& r) { return r.contains(k.c.peer); });
    const std::size_t open = m_conns.size() - m_lingering;
    auto [it, fresh] = m_conns.emplace(fd, std::move(k));
    Conn& conn = it->second;
    watch(fd);
    if (open >= m_options.maxConnections) {
      refuse(conn, 503, "the server has too many open connections; try again", true);
    } else if (capped && m_perAddress[conn.c.peer] >= m_options.maxPerAddress) {
      refuse(conn, 429, "too many open connections from this address", true);
    } else {
      if (capped) {
        ++m_perAddress[conn.c.peer];
        conn.counted = true;
      }
    }
  }
}

void ConnectionHub::onReadable(int fd) {
  auto it = m_conns.find(fd);
  if (it == m_conns.end()) return;
  Conn& k = it->second;
  char buf[kReadChunk];
  for (;;) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      if (k.state == State::Lingering) {
        k.discarded += static_cast<std::size_t>(n);
        if (k.discarded > kLingerDiscard) return close(fd);
        continue;
      }
      if (k.idle) {
        k.idle = false;
        k.c.startedAt = Clock::now();
        k.deadline = k.c.startedAt + m_options.headerDeadline;
      }
      k.c.bytes.append(buf, static_cast<std::size_t>(n));
      frame(k);
      // Framed and handed over, or refused: what else arrives is not ours to read now.
      const auto again = m_conns.find(fd);
      if (again == m_conns.end() || again->second.state == State::Working || again->second.state == State::Lingering)
        return;
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n < 0 && errno == EINTR) continue;
    // Closed by the client (or reset) before a whole request arrived.
    if (k.state != State::Lingering && !k.idle && !k.c.bytes.empty() && m_options.onRefusal) {
      const std::string_view line = std::string_view(k.c.bytes).substr(0, std::min(k.c.bytes.find("\r\n"), std::size_t{200}));
      m_options.onRefusal({k.c.peer, 499, "client closed the connection mid-request", line,
                           std::chrono::duration<double, std::milli>(Clock::now() - k.c.startedAt).count()});
    }
    return close(fd);
  }
}

void ConnectionHub::frame(Conn& k) {
  const std::string& b = k.c.bytes;
  if (k.state == State::Head) {
    const std::size_t end = b.find("\r\n\r\n");
    const std::size_t headBytes = end == std::string::npos ? b.size() : end + 4;
    if (headBytes > m_options.maxHeaderBytes)
      return refuse(k, 431, fmt::format("request header fields larger than {} bytes", m_options.maxHeaderBytes));
    const auto lines = static_cast<std::size_t>(std::count(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(headBytes), '\n'));
    if (lines > m_options.maxHeaderLines + 2)  // request line and blank line besides the headers
      return refuse(k, 431, fmt::format("more than {} request header fields", m_options.maxHeaderLines));
    if (end == std::string::npos) return;
    const RequestHead head = readHead(std::string_view(b).substr(0, headBytes));
    const std::size_t body = m_options.bodyToBuffer ? m_options.bodyToBuffer(head) : 0;
    k.need = headBytes + body;
    if (body > 0 && head.expectContinue && b.size() < k.need) {
      // The client waits for this before it sends the body; httplib may say it again, which
      // HTTP allows (a client reads any number of 1xx answers).
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      [[maybe_unused]] const auto sent = ::send(k.c.fd, kContinue.data(), kContinue.size(), MSG_NOSIGNAL);
    }
    k.state = State::Body;
  }
  if (k.state == State::Body && b.size() >= k.need) handOver(k);
}

void ConnectionHub::handOver(Conn& k) {
  unwatch(k.c.fd);
  k.state = State::Working;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_queue.push_back(k.c);
  }
  k.c.bytes.clear();  // the worker has its own copy; the hub keeps only the bookkeeping
  k.c.bytes.shrink_to_fit();
  m_ready.notify_one();
}

void ConnectionHub::refuse(Conn& k, int status, std::string_view reason, bool retryAfter) {
  const std::string body = encodeError(reason);
  const std::string answer = fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{}\r\n{}", status,
      reasonPhrase(status), body.size(), retryAfter ? "Retry-After: 1\r\n" : "", body);
  [[maybe_unused]] const auto sent = ::send(k.c.fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::shutdown(k.c.fd, SHUT_WR);
  if (m_options.onRefusal) {
    const std::string& b = k.c.bytes;
    const std::string_view line = std::string_view(b).substr(0, std::min({b.find("\r\n"), b.size(), std::size_t{200}}));
    m_options.onRefusal(
        {k.c.peer, status, reason, line, std::chrono::duration<double, std::milli>(Clock::now() - k.c.startedAt).count()});
  }
  // The refused connection no longer holds a slot of its address; it drains a moment so the
  // client can read the answer instead of a reset, then closes.
  if (k.counted && --m_perAddress[k.c.peer] == 0) m_perAddress.erase(k.c.peer);
  k.counted = false;
  k.c.bytes.clear();
  k.c.bytes.shrink_to_fit();
  if (m_lingering >= kMaxLingering) return close(k.c.fd);
  k.state = State::Lingering;
  k.deadline = Clock::now() + kLinger;
  ++m_lingering;
}

void ConnectionHub::close(int fd) {
  auto it = m_conns.find(fd);
  if (it == m_conns.end()) return;
  Conn& k = it->second;
  if (k.counted && --m_perAddress[k.c.peer] == 0) m_perAddress.erase(k.c.peer);
  if (k.state == State::Lingering) --m_lingering;
  if (k.state != State::Working) unwatch(fd);
  ::close(fd);
  m_conns.erase(it);
  std::lock_guard<std::mutex> lock(m_mutex);
  m_stats = {m_conns.size() - m_lingering, m_lingering};
}

void ConnectionHub::sweep() {
  const auto now = Clock::now();
  std::vector<int> expired;
  for (const auto& [fd, k] : m_conns)
    if (k.state != State::Working && now >= k.deadline) expired.push_back(fd);
  for (int fd : expired) {
    Conn& k = m_conns.at(fd);
    if (k.state == State::Lingering || k.idle) close(fd);  // an idle kept-alive connection just ends
    else refuse(k, 408, "the request line and headers did not arrive in time");
  }
  std::lock_guard<std::mutex> lock(m_mutex);
  m_stats = {m_conns.size() - m_lingering, m_lingering};
}

void ConnectionHub::drainInbox() {
  std::vector<std::pair<Connection, bool>> back;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    back.swap(m_inbox);
  }
  for (auto& [c, keep] : back) {
    auto it = m_conns.find(c.fd);
    if (it == m_conns.end()) continue;
    Conn& k = it->second;
    if (!keep) {
      close(c.fd);
      continue;
    }
    k.c = std::move(c);
    k.state = State::Head;
    k.idle = k.c.bytes.empty();
    k.c.startedAt = Clock::now();
    k.deadline = k.c.startedAt + (k.idle ? m_options.idleTimeout : m_options.headerDeadline);
    watch(k.c.fd);
    if (!k.idle) frame(k);  // a pipelined request may already be whole
  }
}

// ---- workers' side ------------------------------------------------------------------------------

std::optional<Connection> ConnectionHub::take() {
  std::unique_lock<std::mutex> lock(m_mutex);
  m_ready.wait(lock, [&] { return !m_queue.empty() || m_stopping; });
  if (m_queue.empty()) return std::nullopt;
  Connection c = std::move(m_queue.front());
  m_queue.pop_front();
  return c;
}

void ConnectionHub::giveBack(Connection connection, bool keepOpen) {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_inbox.emplace_back(std::move(connection), keepOpen && !m_stopping);
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto r = ::write(m_wake, &one, sizeof one);
}

// ---- HubStream ----------------------------------------------------------------------------------

bool HubStream::is_readable() const {
  if (m_offset < m_c.bytes.size()) return true;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(m_readDeadline - std::chrono::steady_clock::now()).count();
  if (left <= 0) return false;  // the request's whole-body deadline passed
  pollfd p{m_c.fd, POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(std::min<long long>(m_readMs, left))) > 0;
}

bool HubStream::is_writable() const {
  pollfd p{m_c.fd, POLLOUT, 0};
  return ::poll(&p, 1, m_writeMs) > 0 && (p.revents & (POLLERR | POLLHUP)) == 0;
}

ssize_t HubStream::read(char* ptr, size_t size) {
  if (m_offset < m_c.bytes.size()) {
    const std::size_t n = std::min(size, m_c.bytes.size() - m_offset);
    std::memcpy(ptr, m_c.bytes.data() + m_offset, n);
    m_offset += n;
    return static_cast<ssize_t>(n);
  }
  for (;;) {
    if (!is_readable()) return -1;  // the read timeout passed
    const ssize_t n = ::recv(m_c.fd, ptr, size, 0);
    if (n >= 0) return n;
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
  }
}

ssize_t HubStream::write(const char* ptr, size_t size) {
  for (;;) {
    if (!is_writable()) return -1;
    const ssize_t n = ::send(m_c.fd, ptr, size, MSG_NOSIGNAL);
    if (n >= 0) return n;
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
  }
}

void HubStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = m_c.peer;
  port = m_c.peerPort;
}

void HubStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(m_c.fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) ip = peerAddress(addr, port);
}

}  // namespace pameran::sync
