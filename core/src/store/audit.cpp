#include <fmt/format.h>

#include "db.hpp"

namespace pameran::core {
namespace {

// The columns readEntry reads, in its order.
const std::string kSelectEntries = "SELECT id, at_ms, staff, action, subject, reason, details, prev_hash, hash FROM audit_log ";
const std::string kNewestFirst = kSelectEntries + "ORDER BY id DESC LIMIT ?";
const std::string kAfter = kSelectEntries + "WHERE id > ? ORDER BY id LIMIT ?";
const std::string kWholeLog = kSelectEntries + "ORDER BY id";

AuditEntry readEntry(SQLite::Statement& s) {
  return AuditEntry{s.getColumn(0).getInt64(),  s.getColumn(1).getInt64(),  s.getColumn(2).getString(),
                    s.getColumn(3).getString(), s.getColumn(4).getString(), s.getColumn(5).getString(),
                    s.getColumn(6).getString(), s.getColumn(7).getString(), s.getColumn(8).getString()};
}

}  // namespace

namespace detail {

void Db::audit(std::string_view staff, std::string_view action, std::string_view subject, std::string_view reason,
               std::string_view details) {
  AuditEntry e{1, now(), std::string(staff), std::string(action), std::string(subject), std::string(reason),
               std::string(details), auditGenesisHash(), {}};
  auto last = stmt("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
  if (last.executeStep()) {
    e.id = last.getColumn(0).getInt64() + 1;
    e.prevHash = last.getColumn(1).getString();
  }
  last.reset();
  e.hash = auditHash(e);
  auto s = stmt(
      "INSERT INTO audit_log (id, at_ms, staff, action, subject, reason, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, e.id);
  s.bind(2, e.at);
  s.bind(3, e.staff);
  s.bind(4, e.action);
  s.bind(5, e.subject);
  s.bind(6, e.reason);
  s.bind(7, e.details);
  s.bind(8, e.prevHash);
  s.bind(9, e.hash);
  s.exec();
  // The head remembers the newest entry, so cutting entries off the end is noticed too.
  auto head = stmt("INSERT INTO setting (key, value) VALUES ('audit.head', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  head.bind(1, fmt::format("{}:{}", e.id, e.hash));
  head.exec();
}

}  // namespace detail

std::vector<AuditEntry> AuditLog::entries(std::size_t limit) const {
  std::vector<AuditEntry> out;
  auto s = m_db.stmt(kNewestFirst.c_str());
  s.bind(1, static_cast<std::int64_t>(limit));
  while (s.executeStep()) out.push_back(readEntry(s));
  return out;
}

Result<std::vector<AuditEntry>> AuditLog::after(std::int64_t afterId, std::size_t limit) const {
  try {
    std::vector<AuditEntry> out;
    auto s = m_db.stmt(kAfter.c_str());
    s.bind(1, afterId);
    s.bind(2, static_cast<std::int64_t>(limit));
    while (s.executeStep()) out.push_back(readEntry(s));
    return out;
  } catch (const std::exception& e) {
    return fail(detail::storageError(e, "read audit log"));
  }
}

Result<AuditCheck> AuditLog::check() const {
  try {
    AuditCheck c;
    auto broken = [&](std::int64_t id, std::string problem) {
      c.firstBad = id;
      c.problem = std::move(problem);
      return c;
    };
    // A statement of its own, not a cached one: the whole log is read once, at start-up.
    SQLite::Statement s(m_db.conn, kWholeLog);
    std::string prev = auditGenesisHash();
    std::int64_t last = 0;
    while (s.executeStep()) {
      const AuditEntry e = readEntry(s);
      ++c.entries;
      if (e.id != last + 1) return broken(last + 1, fmt::format("audit log entry {} is missing", last + 1));
      if (e.prevHash != prev || e.hash != auditHash(e)) return broken(e.id, fmt::format("audit log entry {} was altered", e.id));
      prev = e.hash;
      last = e.id;
    }
    s.reset();
    const std::string head = Settings(m_db).get("audit.head");
    if (head == (last == 0 ? std::string() : fmt::format("{}:{}", last, prev))) return c;
    if (head.empty()) return broken(1, "the audit log's head is missing");
    std::int64_t headId = 0;
    try {
      headId = std::stoll(head.substr(0, head.find(':')));
    } catch (const std::exception&) {
      return broken(last == 0 ? 1 : last, "the audit log's head is unreadable");
    }
    if (headId > last)
      return broken(last + 1, fmt::format("audit log ends at entry {} but its head is entry {}: entries were cut off", last, headId));
    if (headId < last) return broken(headId + 1, fmt::format("audit log entry {} lies past its head (entry {})", headId + 1, headId));
    return broken(last, fmt::format("audit log entry {} was replaced", last));
  } catch (const std::exception& e) {
    return fail(detail::storageError(e, "verify audit log"));
  }
}

namespace {
// The id of the last entry the server confirmed: a setting, so the log itself stays append-only.
constexpr std::string_view kUploadedKey = "sync.audit_uploaded";
}  // namespace

std::int64_t AuditLog::uploadedThrough() const { return Settings(m_db).getInt(kUploadedKey, 0); }

std::int64_t AuditLog::pendingUpload() const {
  auto s = m_db.stmt("SELECT COUNT(*) FROM audit_log WHERE id > ?");
  s.bind(1, uploadedThrough());
  s.executeStep();
  const std::int64_t n = s.getColumn(0).getInt64();
  s.reset();
  return n;
}

Result<void> AuditLog::markUploaded(std::int64_t id) {
  if (id <= uploadedThrough()) return {};
  return Settings(m_db).set(kUploadedKey, std::to_string(id));
}

Result<std::int64_t> AuditLog::resendAfter(std::int64_t id) {
  const std::int64_t through = uploadedThrough();
  if (id < 0 || id >= through) return std::int64_t{0};
  if (auto ok = Settings(m_db).set(kUploadedKey, std::to_string(id)); !ok) return ok.failure();
  return through - id;
}

}  // namespace pameran::core
