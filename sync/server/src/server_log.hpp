#pragma once
// The server's one log (spdlog): access and error lines in one structured form,
//   2026-11-18T05:00:00.123Z info event=access method=POST path=/api/v1/sales status=200 in=812 out=95 ms=3.1 who=device:K01 ip=10.0.0.7
//   2026-11-18T05:00:01.000Z error event=store_failed uploads=3 reason=disk\x20full
// `key=value` pairs after the UTC time and the level; every value is escaped to printable ASCII
// (escapeLogField), so no request can forge a line. Callers pass no secret: never a token, a
// code, a cookie, a PIN or a body; a request is logged by its path without the query.
#include <spdlog/logger.h>

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace pameran::sync {

/// `text` with every byte outside printable ASCII, space and backslash written as \xNN ("-" when empty).
std::string escapeLogField(std::string_view text);

class ServerLog {
 public:
  /// `accessLog`: "-" access lines go where the rest goes, "" nowhere, else to that file alone.
  /// Everything else goes to stderr (the journal) and, when `file` is not empty, to that file.
  /// Throws spdlog::spdlog_ex when a file cannot be opened.
  ServerLog(const std::string& accessLog, const std::string& file);

  bool accessEnabled() const { return m_access != nullptr; }

  struct Access {
    std::string_view method, path;
    int status = 0;
    std::size_t bytesIn = 0, bytesOut = 0;
    double ms = 0;
    std::string_view who = "-";    // "device:K01", "organizer:NAME" or "-"
    std::string_view ip;
    std::string_view error;        // why a request was refused before routing; empty otherwise
  };
  /// One line per request (level error for 5xx).
  void access(const Access& a);

  using Fields = std::initializer_list<std::pair<std::string_view, std::string_view>>;
  /// `event=EVENT key=value...` at info or error level.
  void info(std::string_view event, Fields fields = {});
  void error(std::string_view event, Fields fields = {});

 private:
  std::shared_ptr<spdlog::logger> m_main;
  std::shared_ptr<spdlog::logger> m_access;  // null: no access lines
};

}  // namespace pameran::sync
