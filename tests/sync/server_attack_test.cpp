// P22: strangers cannot starve pameran-server. Real server on loopback, real sockets; other
// loopback addresses (127.0.0.2...) stand for other hosts. Each test is bounded in time.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "sync_fixtures.hpp"

namespace pameran::sync {
namespace {

using namespace pameran::sync::testing;
using Clock = std::chrono::steady_clock;

long rssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

// Room for a few hundred sockets on both ends in this one process.
void raiseFileLimit() {
  rlimit r{};
  if (::getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &r);
  }
}

// A non-blocking TCP connection from `source` (a loopback address) to the server.
int connectFrom(const std::string& source, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return -1;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

void sendAll(int fd, const std::string& bytes) {
  [[maybe_unused]] const auto n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
}

// What arrived on `fd` within `wait`.
std::string readFor(int fd, std::chrono::milliseconds wait) {
  std::string out;
  const auto until = Clock::now() + wait;
  while (Clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
    if (::poll(&p, 1, static_cast<int>(std::max<long>(1, left))) <= 0) break;
    char buf[4096];
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

TEST(ServerUnderAttack, ThreeHundredSlowClientsLeaveHealthAndUploadsUnderASecond) {
  raiseFileLimit();
  ServerOptions o = RunningServer::quietOptions();
  o.headerTimeoutMillis = 2500;
  RunningServer s(o);
  const Enrolled dev = s.enroll();
  {  // warm up: the first request opens what the store opens once
    auto c = s.client();
    ASSERT_TRUE(c.Get("/api/v1/health"));
  }
  const long rssBefore = rssKb();

  // 300 connections from 30 addresses: most send their request head one line at a time; every
  // fifth sends an enrollment (which anyone may call) with its body one byte at a time.
  std::vector<int> slow;
  for (int i = 0; i < 300; ++i) {
    const int fd = connectFrom("127.0.0." + std::to_string(2 + i % 30), s.port());
    ASSERT_GE(fd, 0) << "connection " << i;
    sendAll(fd, i % 5 == 0 ? "POST /api/v1/enroll HTTP/1.1\r\nHost: x\r\nContent-Length: 60\r\n\r\n{"
                           : "GET /api/v1/health HTTP/1.1\r\n");
    slow.push_back(fd);
  }
  std::atomic<bool> attacking{true};
  std::thread dribble([&] {
    while (attacking) {
      for (std::size_t i = 0; i < slow.size(); ++i) sendAll(slow[i], i % 5 == 0 ? " " : "X-Slow: 1\r\n");
      std::this_thread::sleep_for(std::chrono::milliseconds(400));
    }
  });

  double worstHealth = 0, worstUpload = 0;
  int seq = 0;
  for (int round = 0; round < 8; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto t = Clock::now();
    auto health = s.client().Get("/api/v1/health");
    worstHealth = std::max(worstHealth, secondsSince(t));
    ASSERT_TRUE(health) << "round " << round;
    EXPECT_EQ(health->status, 200);
    t = Clock::now();
    auto upload = s.client().Post("/api/v1/sales", bearer(dev.token), batchOf(dev.deviceId, {simpleSale(dev.deviceId, ++seq)}),
                                  "application/json");
    worstUpload = std::max(worstUpload, secondsSince(t));
    ASSERT_TRUE(upload) << "round " << round;
    EXPECT_EQ(upload->status, 200) << upload->body;
  }
  std::printf("with 300 slow connections open: worst /health %.0f ms, worst upload %.0f ms\n", worstHealth * 1000,
              worstUpload * 1000);
  EXPECT_LT(worstHealth, 1.0);
  EXPECT_LT(worstUpload, 1.0);
  EXPECT_EQ(s.store().countRows("sales").value_or(-1), seq);

  // The whole-head deadline ends the slow ones with 408.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  attacking = false;
  dribble.join();
  int timedOut = 0;
  for (int fd : slow) {
    if (readFor(fd, std::chrono::milliseconds(5)).rfind("HTTP/1.1 408", 0) == 0) ++timedOut;
    ::close(fd);
  }
  EXPECT_GE(timedOut, 250);
  EXPECT_LT(rssKb() - rssBefore, 32 * 1024) << "server memory grew";
}

TEST(ServerUnderAttack, AHeaderFloodIsRefusedWith431AndMemoryStaysFlat) {
  RunningServer s;
  {
    auto c = s.client();
    ASSERT_TRUE(c.Get("/api/v1/health"));
  }
  const long rssBefore = rssKb();
  std::string flood = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 200'000; ++i) flood += "X-Flood: " + std::to_string(i) + "\r\n";
  flood += "\r\n";
  std::vector<std::string> answers;
  for (int c = 0; c < 4; ++c) {
    const int fd = connectFrom("127.0.0." + std::to_string(40 + c), s.port());
    ASSERT_GE(fd, 0);
    std::size_t sent = 0;
    std::string answer;
    const auto start = Clock::now();
    while (sent < flood.size() && answer.empty() && secondsSince(start) < 10) {
      pollfd p{fd, POLLIN | POLLOUT, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      if (p.revents & POLLIN) {
        answer = readFor(fd, std::chrono::milliseconds(200));
        break;
      }
      const ssize_t n = ::send(fd, flood.data() + sent, std::min<std::size_t>(64 * 1024, flood.size() - sent), MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    if (answer.empty()) answer = readFor(fd, std::chrono::milliseconds(1000));
    answers.push_back(answer);
    ::close(fd);
  }
  for (const std::string& a : answers) EXPECT_EQ(a.rfind("HTTP/1.1 431", 0), 0u) << a.substr(0, 80);
  std::printf("4 x 200,000 headers: memory grew by %ld KB\n", rssKb() - rssBefore);
  EXPECT_LT(rssKb() - rssBefore, 8 * 1024) << "server memory grew";
  auto health = s.client().Get("/api/v1/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST(ServerUnderAttack, ConnectionsPerAddressAreCappedWhileOtherAddressesGetIn) {
  ServerOptions o = RunningServer::quietOptions();
  o.maxConnectionsPerAddress = 4;
  RunningServer s(o);
  std::vector<int> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(connectFrom("127.0.0.9", s.port()));
    ASSERT_GE(held.back(), 0);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the server has taken them
  const int fifth = connectFrom("127.0.0.9", s.port());
  ASSERT_GE(fifth, 0);
  const std::string refused = readFor(fifth, std::chrono::milliseconds(2000));
  EXPECT_EQ(refused.rfind("HTTP/1.1 429", 0), 0u) << refused.substr(0, 80);
  EXPECT_NE(refused.find("Retry-After: 1"), std::string::npos);
  ::close(fifth);
  // Another address is served at once; so is this one once a connection closes.
  const int other = connectFrom("127.0.0.10", s.port());
  sendAll(other, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(readFor(other, std::chrono::milliseconds(1000)).rfind("HTTP/1.1 200", 0), 0u);
  ::close(other);
  ::close(held.front());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const int again = connectFrom("127.0.0.9", s.port());
  sendAll(again, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(readFor(again, std::chrono::milliseconds(1000)).rfind("HTTP/1.1 200", 0), 0u);
  ::close(again);
  for (std::size_t i = 1; i < held.size(); ++i) ::close(held[i]);
}

TEST(ServerUnderAttack, SocketsAboveFdSetsizeAreServed) {
  raiseFileLimit();
  rlimit r{};
  ::getrlimit(RLIMIT_NOFILE, &r);
  if (r.rlim_cur < 1200) GTEST_SKIP() << "needs 1200 descriptors, the limit is " << r.rlim_cur;
  RunningServer s;
  std::vector<int> filler;
  while (filler.size() < 1100) filler.push_back(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  auto health = s.client().Get("/api/v1/health");
  for (int fd : filler) ::close(fd);
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);  // not the 500 httplib gives past FD_SETSIZE without poll()
}

// A kiosk token lets a body in, but not forever: bodies trickled a byte at a time, each byte
// inside the read timeout, are cut at the whole-request deadline and their workers come back.
TEST(ServerUnderAttack, AnAuthenticatedBodyTrickledInIsCutAtTheBodyDeadline) {
  ServerOptions o = RunningServer::quietOptions();
  o.workers = 4;
  o.readTimeoutSeconds = 5;
  o.bodyTimeoutSeconds = 2;
  RunningServer s(o);
  const Enrolled dev = s.enroll();
  const std::string body = batchOf(dev.deviceId, {simpleSale(dev.deviceId, 1)});
  const std::string head = "POST /api/v1/sales HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + dev.token +
                           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  // As many tricklers as there are workers, each from its own address.
  std::vector<int> slow;
  for (int i = 0; i < 4; ++i) {
    const int fd = connectFrom("127.0.0." + std::to_string(2 + i), s.port());
    ASSERT_GE(fd, 0);
    sendAll(fd, head);
    slow.push_back(fd);
  }
  const auto start = Clock::now();
  std::vector<std::string> answers(slow.size());
  std::vector<double> endedAfter(slow.size(), -1);
  std::size_t sent = 0;
  while (secondsSince(start) < 4.0 && std::count(endedAfter.begin(), endedAfter.end(), -1.0) > 0) {
    for (std::size_t i = 0; i < slow.size(); ++i) {
      if (endedAfter[i] >= 0) continue;
      if (sent < body.size() - 1) sendAll(slow[i], body.substr(sent, 1));  // never the last byte
      const std::string got = readFor(slow[i], std::chrono::milliseconds(1));
      answers[i] += got;
      pollfd p{slow[i], POLLIN, 0};
      if (!got.empty() || (::poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR)))) endedAfter[i] = secondsSince(start);
    }
    ++sent;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (std::size_t i = 0; i < slow.size(); ++i) {
    EXPECT_GE(endedAfter[i], 1.5) << "trickler " << i << " cut before its deadline";
    EXPECT_LT(endedAfter[i], 3.5) << "trickler " << i << " still held a worker past the body deadline";
    EXPECT_EQ(answers[i].rfind("HTTP/1.1 408", 0), 0u) << answers[i];
    EXPECT_NE(answers[i].find("did not arrive in time"), std::string::npos) << answers[i];
    ::close(slow[i]);
  }
  std::printf("authenticated tricklers cut after %.2f-%.2f s (body deadline 2 s)\n",
              *std::min_element(endedAfter.begin(), endedAfter.end()), *std::max_element(endedAfter.begin(), endedAfter.end()));
  // The workers are back: an honest upload goes through at once, and nothing half-sent was stored.
  const auto t = Clock::now();
  auto upload = s.client().Post("/api/v1/sales", bearer(dev.token), body, "application/json");
  ASSERT_TRUE(upload);
  EXPECT_EQ(upload->status, 200) << upload->body;
  EXPECT_LT(secondsSince(t), 1.0);
  EXPECT_EQ(s.store().countRows("sales").value_or(-1), 1);
}

TEST(ServerLog, ControlCharactersCannotForgeLinesAndEarlyErrorsSayWhoAndHowLong) {
  TempDir logDir;
  ServerOptions o = RunningServer::quietOptions();
  o.accessLog = logDir.file("access.log");
  o.headerTimeoutMillis = 300;
  RunningServer s(o);
  const int forged = connectFrom("127.0.0.7", s.port());
  sendAll(forged, "GET /api/v1/x%0A2026-01-01T00:00:00.000Z%20GET%20/api/v1/health%20200 HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(readFor(forged, std::chrono::milliseconds(1000)).rfind("HTTP/1.1 404", 0), 0u);
  ::close(forged);
  const int slow = connectFrom("127.0.0.8", s.port());
  sendAll(slow, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");
  EXPECT_EQ(readFor(slow, std::chrono::milliseconds(2000)).rfind("HTTP/1.1 408", 0), 0u);
  ::close(slow);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::ifstream in(o.accessLog);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find(" info event=access method=GET path=/api/v1/x\\x0a2026-01-01"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find(" status=404 "), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\\x0a2026-01-01"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("ip=127.0.0.7"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("method=GET path=/api/v1/health status=408 "), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("ip=127.0.0.8"), std::string::npos) << lines[1];
  const auto ms = lines[1].find("ms=");
  ASSERT_NE(ms, std::string::npos);
  EXPECT_GE(std::stod(lines[1].substr(ms + 3)), 250.0) << lines[1];  // the real wait, not 0 or years
  EXPECT_NE(lines[1].find("error="), std::string::npos) << lines[1];
}

}  // namespace
}  // namespace pameran::sync
