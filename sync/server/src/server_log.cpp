#include "server_log.hpp"

#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <vector>

namespace pameran::sync {

namespace {

std::shared_ptr<spdlog::logger> makeLogger(const char* name, std::vector<spdlog::sink_ptr> sinks) {
  auto logger = std::make_shared<spdlog::logger>(name, sinks.begin(), sinks.end());
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::info);
  logger->flush_on(spdlog::level::info);  // each line is whole in the file when it is written
  return logger;
}

std::string line(std::string_view event, ServerLog::Fields fields) {
  std::string out = "event=" + escapeLogField(event);
  for (const auto& [key, value] : fields) {
    out += ' ';
    out += key;
    out += '=';
    out += escapeLogField(value.substr(0, 300));
  }
  return out;
}

}  // namespace

std::string escapeLogField(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c > 0x20 && c < 0x7f && c != '\\') {
      out.push_back(ch);
    } else {
      const char esc[4] = {'\\', 'x', kHex[c >> 4], kHex[c & 0x0f]};
      out.append(esc, 4);
    }
  }
  return out.empty() ? std::string("-") : out;
}

ServerLog::ServerLog(const std::string& accessLog, const std::string& file) {
  std::vector<spdlog::sink_ptr> sinks{std::make_shared<spdlog::sinks::stderr_sink_mt>()};
  if (!file.empty()) sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(file, false));
  m_main = makeLogger("pameran", sinks);
  if (accessLog == "-") {
    m_access = m_main;
  } else if (!accessLog.empty()) {
    m_access = makeLogger("access", {std::make_shared<spdlog::sinks::basic_file_sink_mt>(accessLog, false)});
  }
}

void ServerLog::access(const Access& a) {
  if (!m_access) return;
  std::string text = fmt::format("event=access method={} path={} status={} in={} out={} ms={:.1f} who={} ip={}",
                                 escapeLogField(a.method.substr(0, 16)), escapeLogField(a.path.substr(0, 200)), a.status,
                                 a.bytesIn, a.bytesOut, a.ms, escapeLogField(a.who.substr(0, 130)),
                                 escapeLogField(a.ip.substr(0, 64)));
  if (!a.error.empty()) text += " error=" + escapeLogField(a.error.substr(0, 200));
  m_access->log(a.status >= 500 ? spdlog::level::err : spdlog::level::info, text);
}

void ServerLog::info(std::string_view event, Fields fields) { m_main->info(line(event, fields)); }

void ServerLog::error(std::string_view event, Fields fields) { m_main->error(line(event, fields)); }

}  // namespace pameran::sync
