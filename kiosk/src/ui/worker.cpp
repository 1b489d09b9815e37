#include "pameran/kiosk/worker.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace pameran::kiosk {

Worker::Worker(std::function<void()> wake) : m_wake(std::move(wake)), m_thread([this] { run(); }) {}

Worker::~Worker() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_cv.notify_all();
  m_thread.join();
}

std::uint64_t Worker::submit(int kind, std::function<core::Result<std::string>()> job) {
  std::uint64_t id = 0;
  {
    std::lock_guard lock(m_mutex);
    id = m_next++;
    m_jobs.push_back(Job{id, kind, std::move(job)});
  }
  m_cv.notify_one();
  return id;
}

std::vector<JobResult> Worker::drain() {
  std::lock_guard lock(m_mutex);
  return std::exchange(m_done, {});
}

bool Worker::busy() const {
  std::lock_guard lock(m_mutex);
  return m_running || !m_jobs.empty();
}

void Worker::run() {
  for (;;) {
    Job job{0, 0, {}};
    {
      std::unique_lock lock(m_mutex);
      m_cv.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
      if (m_jobs.empty()) return;  // stopping, and everything asked for is done
      job = std::move(m_jobs.front());
      m_jobs.pop_front();
      m_running = true;
    }
    JobResult result{job.id, job.kind, false, {}};
    try {
      auto outcome = job.work();
      result.ok = outcome.has_value();
      result.detail = outcome ? std::move(*outcome) : outcome.error().message;
    } catch (const std::exception& e) {
      result.detail = e.what();
    }
    {
      std::lock_guard lock(m_mutex);
      m_done.push_back(std::move(result));
      m_running = false;
    }
    if (m_wake) m_wake();
  }
}

namespace {

core::Result<void> writeAll(int fd, std::string_view bytes, const std::string& target) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return core::fail(core::Errc::Storage, fmt::format("printer {}: {}", target, std::strerror(errno)));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

core::Result<void> sendTcp(const std::string& target, std::string_view hostPort, std::string_view bytes, int timeoutMs) {
  const std::size_t colon = hostPort.rfind(':');
  const std::string host(hostPort.substr(0, colon));
  const std::string port(colon == std::string_view::npos ? std::string_view("9100") : hostPort.substr(colon + 1));
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (host.empty() || ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0 || !found)
    return core::fail(core::Errc::NotFound, fmt::format("printer {}: unknown host", target));
  std::string lastError = "no address";
  for (addrinfo* a = found; a; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    // A printer that is off or unplugged must not hold the worker for a minute of TCP retries.
    int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc < 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      rc = ::poll(&p, 1, timeoutMs);
      int soError = 0;
      socklen_t len = sizeof soError;
      if (rc == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len) == 0 && soError == 0) rc = 0;
      else {
        lastError = rc == 0 ? "no answer" : std::strerror(soError ? soError : errno);
        rc = -1;
      }
    } else if (rc < 0) {
      lastError = std::strerror(errno);
    }
    if (rc == 0) {
      const int flags = ::fcntl(fd, F_GETFL);
      ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
      timeval tv{timeoutMs / 1000, (timeoutMs % 1000) * 1000};
      ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
      auto ok = writeAll(fd, bytes, target);
      ::close(fd);
      ::freeaddrinfo(found);
      return ok;
    }
    ::close(fd);
  }
  ::freeaddrinfo(found);
  return core::fail(core::Errc::Storage, fmt::format("printer {}: {}", target, lastError));
}

}  // namespace

core::Result<void> sendToPrinter(const std::string& target, std::string_view bytes, int timeoutMs) {
  if (target.empty()) return core::fail(core::Errc::Invalid, "no printer is set");
  constexpr std::string_view kTcp = "tcp://";
  if (target.rfind(kTcp, 0) == 0) return sendTcp(target, std::string_view(target).substr(kTcp.size()), bytes, timeoutMs);
  // A device node is written as it is; a regular file collects prints one after another.
  struct stat st{};
  const bool exists = ::stat(target.c_str(), &st) == 0;
  const int flags = O_WRONLY | O_CLOEXEC | O_NOCTTY | (exists && !S_ISREG(st.st_mode) ? 0 : O_CREAT | O_APPEND);
  const int fd = ::open(target.c_str(), flags, 0644);
  if (fd < 0) return core::fail(core::Errc::Storage, fmt::format("printer {}: {}", target, std::strerror(errno)));
  auto ok = writeAll(fd, bytes, target);
  if (::close(fd) != 0 && ok) return core::fail(core::Errc::Storage, fmt::format("printer {}: {}", target, std::strerror(errno)));
  return ok;
}

}  // namespace pameran::kiosk
