#include <fmt/format.h>

#include "db.hpp"
#include "pameran/core/ids.hpp"

namespace pameran::core {
namespace {

const std::string kGenesis(64, '0');

// The hash covers the row's id and every field, chained to the previous row's hash: an edited,
// deleted or inserted row breaks the chain from that row on.
std::string rowHash(std::int64_t id, const std::string& prev, EpochMs at, std::string_view staff, std::string_view action,
                    std::string_view subject, std::string_view reason, std::string_view details) {
  return sha256Hex(fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", prev, id, at, staff, action, subject, reason, details));
}

}  // namespace

namespace detail {

void Db::audit(std::string_view staff, std::string_view action, std::string_view subject, std::string_view reason,
               std::string_view details) {
  auto last = stmt("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
  std::int64_t id = 1;
  std::string prev = kGenesis;
  if (last.executeStep()) {
    id = last.getColumn(0).getInt64() + 1;
    prev = last.getColumn(1).getString();
  }
  last.reset();
  const EpochMs at = now();
  const std::string hash = rowHash(id, prev, at, staff, action, subject, reason, details);
  auto s = stmt(
      "INSERT INTO audit_log (id, at_ms, staff, action, subject, reason, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, id);
  s.bind(2, at);
  s.bind(3, std::string(staff));
  s.bind(4, std::string(action));
  s.bind(5, std::string(subject));
  s.bind(6, std::string(reason));
  s.bind(7, std::string(details));
  s.bind(8, prev);
  s.bind(9, hash);
  s.exec();
  // The head remembers the newest row, so cutting rows off the end is noticed too.
  auto head = stmt("INSERT INTO setting (key, value) VALUES ('audit.head', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  head.bind(1, fmt::format("{}:{}", id, hash));
  head.exec();
}

}  // namespace detail

std::vector<AuditEntry> AuditLog::entries(std::size_t limit) const {
  std::vector<AuditEntry> out;
  auto s = m_db.stmt(
      "SELECT id, at_ms, staff, action, subject, reason, details, hash FROM audit_log ORDER BY id DESC LIMIT ?");
  s.bind(1, static_cast<std::int64_t>(limit));
  while (s.executeStep())
    out.push_back(AuditEntry{s.getColumn(0).getInt64(), s.getColumn(1).getInt64(), s.getColumn(2).getString(),
                             s.getColumn(3).getString(), s.getColumn(4).getString(), s.getColumn(5).getString(),
                             s.getColumn(6).getString(), s.getColumn(7).getString()});
  return out;
}

Result<void> AuditLog::verify() const {
  try {
    SQLite::Statement s(m_db.conn, "SELECT id, at_ms, staff, action, subject, reason, details, prev_hash, hash FROM audit_log ORDER BY id");
    std::string prev = kGenesis;
    std::int64_t expectedId = 1;
    while (s.executeStep()) {
      const std::int64_t id = s.getColumn(0).getInt64();
      if (id != expectedId) return fail(Errc::Storage, fmt::format("audit log row {} is missing", expectedId), {std::to_string(expectedId)});
      const std::string stored = s.getColumn(8).getString();
      const std::string computed = rowHash(id, prev, s.getColumn(1).getInt64(), s.getColumn(2).getString(), s.getColumn(3).getString(),
                                           s.getColumn(4).getString(), s.getColumn(5).getString(), s.getColumn(6).getString());
      if (s.getColumn(7).getString() != prev || stored != computed)
        return fail(Errc::Storage, fmt::format("audit log row {} was altered", id), {std::to_string(id)});
      prev = stored;
      ++expectedId;
    }
    const std::string head = Settings(m_db).get("audit.head");
    const std::string tail = expectedId == 1 ? std::string() : fmt::format("{}:{}", expectedId - 1, prev);
    if (head != tail) {
      const std::string headId = head.substr(0, head.find(':'));
      return fail(Errc::Storage, fmt::format("audit log ends at row {} but its head is row {}", expectedId - 1, headId.empty() ? "0" : headId),
                  {std::to_string(expectedId)});
    }
    return {};
  } catch (const std::exception& e) {
    return fail(detail::storageError(e, "verify audit log"));
  }
}

}  // namespace pameran::core
