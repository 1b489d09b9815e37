#pragma once
// The access log: one line per request, `TIME METHOD PATH STATUS in=BYTES out=BYTES ms=MS who=WHO
// ip=IP`, with ` error=...` for requests refused before routing. Every field is escaped so that
// it holds printable ASCII only: a path with %0A in it cannot forge a line.
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

#include "pameran/core/time.hpp"

namespace pameran::sync {

/// `text` with every byte outside printable ASCII, space and backslash written as \xNN.
std::string escapeLogField(std::string_view text);

class AccessLog {
 public:
  /// "-": stderr; "": no log; anything else: a file appended to.
  explicit AccessLog(const std::string& target);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  bool enabled() const { return m_file != nullptr; }

  struct Entry {
    core::EpochMs at = 0;
    std::string_view method, path;
    int status = 0;
    std::size_t bytesIn = 0, bytesOut = 0;
    double ms = 0;
    std::string_view who = "-";
    std::string_view ip;
    std::string_view error;  // why a request was refused before routing; empty otherwise
  };
  void write(const Entry& e);

 private:
  std::FILE* m_file = nullptr;
  bool m_owned = false;
  std::mutex m_mutex;
};

}  // namespace pameran::sync
