#include "access_log.hpp"

#include <fmt/format.h>

namespace pameran::sync {

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

AccessLog::AccessLog(const std::string& target) {
  if (target == "-") {
    m_file = stderr;
  } else if (!target.empty()) {
    m_file = std::fopen(target.c_str(), "a");
    m_owned = m_file != nullptr;
  }
}

AccessLog::~AccessLog() {
  if (m_owned) std::fclose(m_file);
}

void AccessLog::write(const Entry& e) {
  if (!m_file) return;
  std::string line = fmt::format("{} {} {} {} in={} out={} ms={:.1f} who={} ip={}", core::isoUtc(e.at),
                                 escapeLogField(e.method.substr(0, 16)), escapeLogField(e.path.substr(0, 200)), e.status,
                                 e.bytesIn, e.bytesOut, e.ms, escapeLogField(e.who.substr(0, 120)),
                                 escapeLogField(e.ip.substr(0, 64)));
  if (!e.error.empty()) line += " error=" + escapeLogField(e.error.substr(0, 200));
  line += '\n';
  std::lock_guard<std::mutex> lock(m_mutex);
  std::fputs(line.c_str(), m_file);
  std::fflush(m_file);
}

}  // namespace pameran::sync
