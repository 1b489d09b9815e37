#pragma once
// Token buckets for the server's rate limits (per token, per client address, per enrollment code).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <string>
#include <unordered_map>

namespace pameran::sync {

// Token buckets keyed by device, organizer token, client address or enrollment code.
class RateLimiter {
 public:
  RateLimiter(double perSecond, double burst) : m_rate(perSecond), m_burst(burst) {}

  /// 0 when the request may go, else the seconds to wait (at least 1).
  int take(const std::string& key) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_buckets.size() > 100'000) m_buckets.clear();  // bounded memory against address churn
    auto [it, fresh] = m_buckets.try_emplace(key, Bucket{m_burst, now});
    Bucket& b = it->second;
    if (!fresh) {
      const double elapsed = std::chrono::duration<double>(now - b.at).count();
      b.tokens = std::min(m_burst, b.tokens + elapsed * m_rate);
      b.at = now;
    }
    if (b.tokens >= 1.0) {
      b.tokens -= 1.0;
      return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / m_rate)));
  }

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point at;
  };
  const double m_rate;
  const double m_burst;
  std::mutex m_mutex;
  std::unordered_map<std::string, Bucket> m_buckets;
};

}  // namespace pameran::sync
