#include <sodium.h>

#include <fmt/format.h>

#include "db.hpp"
#include "internal.hpp"

namespace pameran::core {
namespace {

// Argon2id at 2 passes over 16 MiB: about 20 ms a check here, so a PIN pad trying every staff
// member stays quick, while a stolen database still costs an attacker real work per guess.
constexpr unsigned long long kPinOps = 2;
constexpr std::size_t kPinMem = 16u * 1024u * 1024u;
constexpr const char* kPinScope = "pin-pad";

bool isPinFormat(std::string_view pin) {
  if (pin.size() < 4 || pin.size() > 8) return false;
  for (char c : pin)
    if (c < '0' || c > '9') return false;
  return true;
}

bool pinMatches(const std::string& hash, std::string_view pin) {
  return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

Staff readStaff(SQLite::Statement& s) {
  Staff st;
  st.id = s.getColumn(0).getInt64();
  st.name = s.getColumn(1).getString();
  st.role = parseRole(s.getColumn(2).getString()).value_or(Role::Cashier);
  st.active = s.getColumn(3).getInt() != 0;
  return st;
}

}  // namespace

namespace detail {

bool isSupervisor(Db& db, const Staff& staff) {
  auto s = db.stmt("SELECT role FROM staff WHERE id = ? AND name = ? AND active = 1");
  s.bind(1, staff.id);
  s.bind(2, staff.name);
  if (!s.executeStep()) return false;
  const std::string role = s.getColumn(0).getString();
  return role == "supervisor" || role == "organizer";
}

}  // namespace detail

Result<Staff> Staffs::add(std::string_view name, Role role, std::string_view pin) {
  if (name.empty() || name.size() > kMaxNameLength || !isCleanUtf8(name)) return fail(Errc::Invalid, "staff name must be 1-120 characters of text");
  if (!isPinFormat(pin)) return fail(Errc::Invalid, "a PIN is 4 to 8 digits");
  if (sodium_init() < 0) return fail(Errc::Storage, "libsodium failed to start");
  // PINs log staff in on their own, so two staff may not share one. Inactive staff keep theirs:
  // hashes cannot be compared with each other, so reactivating them later could not be checked.
  std::vector<std::string> hashes;
  auto all = m_db.stmt("SELECT pin_hash FROM staff");
  while (all.executeStep()) hashes.push_back(all.getColumn(0).getString());
  for (const std::string& h : hashes)
    if (pinMatches(h, pin)) return fail(Errc::Conflict, "that PIN is already in use on this kiosk; choose another");
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, pin.data(), pin.size(), kPinOps, kPinMem, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return fail(Errc::Storage, "out of memory while hashing the PIN");
  return m_db.write([&]() -> Result<Staff> {
    auto dup = m_db.stmt("SELECT 1 FROM staff WHERE name = ?");
    dup.bind(1, std::string(name));
    if (dup.executeStep()) return fail(Errc::Conflict, "staff " + std::string(name) + " already exists");
    dup.reset();
    auto s = m_db.stmt("INSERT INTO staff (name, role, pin_hash, created_at_ms) VALUES (?, ?, ?, ?)");
    s.bind(1, std::string(name));
    s.bind(2, std::string(toString(role)));
    s.bind(3, std::string(hash));
    s.bind(4, m_db.now());
    s.exec();
    return Staff{m_db.conn.getLastInsertRowid(), std::string(name), role, true};
  });
}

std::vector<Staff> Staffs::list() const {
  std::vector<Staff> out;
  auto s = m_db.stmt("SELECT id, name, role, active FROM staff ORDER BY name");
  while (s.executeStep()) out.push_back(readStaff(s));
  return out;
}

Result<Staff> Staffs::byId(std::int64_t id) const {
  auto s = m_db.stmt("SELECT id, name, role, active FROM staff WHERE id = ?");
  s.bind(1, id);
  if (!s.executeStep()) return fail(Errc::NotFound, "no staff with id " + std::to_string(id));
  return readStaff(s);
}

LockoutStatus Staffs::lockout() const {
  LockoutStatus st;
  auto s = m_db.stmt("SELECT failures, locked_until_ms FROM pin_lockout WHERE scope = ?");
  s.bind(1, kPinScope);
  if (!s.executeStep()) return st;
  st.failures = s.getColumn(0).getInt();
  const EpochMs until = s.getColumn(1).getInt64();
  const EpochMs now = m_db.now();
  if (until > now) {
    st.locked = true;
    st.secondsLeft = (until - now + 999) / 1000;
  }
  return st;
}

namespace {

Result<Staff> attempt(detail::Db& db, const Staffs& staffs, std::string_view pin, bool supervisorOnly) {
  const LockoutStatus lock = staffs.lockout();
  if (lock.locked)
    return fail(Errc::LockedOut, fmt::format("too many wrong PINs; try again in {} s", lock.secondsLeft),
                {std::to_string(lock.secondsLeft)});
  std::optional<Staff> match;
  if (isPinFormat(pin) && sodium_init() >= 0) {
    std::vector<std::pair<Staff, std::string>> candidates;
    auto s = db.stmt("SELECT id, name, role, active, pin_hash FROM staff WHERE active = 1");
    while (s.executeStep()) candidates.emplace_back(readStaff(s), s.getColumn(4).getString());
    for (const auto& [staff, hash] : candidates)
      if (pinMatches(hash, pin)) {
        match = staff;
        break;
      }
  }
  const bool ok = match && (!supervisorOnly || match->role != Role::Cashier);
  // The counter is written in its own transaction so a wrong PIN is remembered even though the
  // attempt itself fails.
  int failures = 0;
  auto saved = db.write([&]() -> Result<void> {
    failures = ok ? 0 : lock.failures + 1;
    EpochMs lockedUntil = 0;
    if (failures >= kMaxPinFailures) {
      lockedUntil = db.now() + kLockoutMs;
      failures = 0;
    }
    auto up = db.stmt(
        "INSERT INTO pin_lockout (scope, failures, locked_until_ms) VALUES (?, ?, ?) "
        "ON CONFLICT (scope) DO UPDATE SET failures = excluded.failures, locked_until_ms = excluded.locked_until_ms");
    up.bind(1, kPinScope);
    up.bind(2, failures);
    up.bind(3, lockedUntil);
    up.exec();
    return {};
  });
  if (!saved) return saved.failure();
  if (ok) return *match;
  if (failures == 0)
    return fail(Errc::LockedOut, fmt::format("too many wrong PINs; try again in {} s", kLockoutMs / 1000),
                {std::to_string(kLockoutMs / 1000)});
  if (match) return fail(Errc::Unauthorized, "this needs a supervisor's PIN", {std::to_string(kMaxPinFailures - failures)});
  return fail(Errc::Unauthorized, fmt::format("wrong PIN ({} tries left)", kMaxPinFailures - failures),
              {std::to_string(kMaxPinFailures - failures)});
}

}  // namespace

Result<Staff> Staffs::login(std::string_view pin) { return attempt(m_db, *this, pin, false); }

Result<Staff> Staffs::verifySupervisor(std::string_view pin) { return attempt(m_db, *this, pin, true); }

Result<void> Staffs::setActive(std::int64_t id, bool active) {
  return m_db.write([&]() -> Result<void> {
    auto s = m_db.stmt("UPDATE staff SET active = ? WHERE id = ?");
    s.bind(1, active ? 1 : 0);
    s.bind(2, id);
    if (s.exec() != 1) return fail(Errc::NotFound, "no staff with id " + std::to_string(id));
    return {};
  });
}

}  // namespace pameran::core
