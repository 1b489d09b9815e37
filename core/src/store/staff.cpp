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

bool pinMatches(const std::string& hash, std::string_view pin) {
  return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

// Any PIN the pad can take: digits, within the lengths of every role.
bool isPinFormat(std::string_view pin) {
  if (pin.size() < kMinPinDigits || pin.size() > kMaxPinDigits) return false;
  for (char c : pin)
    if (c < '0' || c > '9') return false;
  return true;
}

// A PIN a new or changed staff member may be given.
Result<void> checkNewPin(Role role, std::string_view pin, PinRule rule) {
  const std::size_t least = rule == PinRule::Demo ? kMinPinDigits : minPinDigits(role);
  if (!isPinFormat(pin) || pin.size() < least)
    return fail(Errc::Invalid,
                fmt::format("{} {}'s PIN is {} to {} digits", role == Role::Organizer ? "an" : "a", toString(role), least, kMaxPinDigits),
                {std::to_string(least), std::to_string(kMaxPinDigits)});
  return {};
}

// PINs log staff in on their own, so two staff may not share one. Inactive staff keep theirs:
// hashes cannot be compared with each other, so reactivating them later could not be checked.
Result<void> checkPinFree(detail::Db& db, std::string_view pin, std::int64_t exceptId) {
  std::vector<std::string> hashes;
  auto all = db.stmt("SELECT pin_hash FROM staff WHERE id <> ?");
  all.bind(1, exceptId);
  while (all.executeStep()) hashes.push_back(all.getColumn(0).getString());
  for (const std::string& h : hashes)
    if (pinMatches(h, pin)) return fail(Errc::Conflict, "that PIN is already in use on this kiosk; choose another");
  return {};
}

Result<std::string> hashPin(std::string_view pin) {
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, pin.data(), pin.size(), kPinOps, kPinMem, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return fail(Errc::Storage, "out of memory while hashing the PIN");
  return std::string(hash);
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

Result<void> checkApproval(Db& db, const std::optional<Approval>& approval, const std::string& scope, ApprovalKinds needed) {
  if (needed.empty()) return {};
  const std::string what = needed.describe();
  if (!approval) return fail(Errc::NeedsSupervisor, fmt::format("this needs a supervisor's PIN ({})", what), {what});
  const std::string& who = approval->supervisor.name;
  if (approval->scope != scope)
    return fail(Errc::NeedsSupervisor,
                fmt::format("{} approved it before it changed; a supervisor's PIN is needed again ({})", who, what), {what});
  if (!approval->kinds.covers(needed))
    return fail(Errc::NeedsSupervisor,
                fmt::format("{} approved {}, not {}; a supervisor's PIN is needed", who, approval->kinds.describe(),
                            needed.without(approval->kinds).describe()),
                {what});
  if (!isSupervisor(db, approval->supervisor))
    return fail(Errc::NeedsSupervisor, fmt::format("{} may not approve this; a supervisor's PIN is needed ({})", who, what), {what});
  return {};
}

}  // namespace detail

Result<Staff> Staffs::add(std::string_view name, Role role, std::string_view pin, PinRule rule) {
  if (name.empty() || name.size() > kMaxNameLength || !isCleanUtf8(name)) return fail(Errc::Invalid, "staff name must be 1-120 characters of text");
  if (auto ok = checkNewPin(role, pin, rule); !ok) return ok.failure();
  if (sodium_init() < 0) return fail(Errc::Storage, "libsodium failed to start");
  if (auto ok = checkPinFree(m_db, pin, 0); !ok) return ok.failure();
  auto hash = hashPin(pin);
  if (!hash) return hash.failure();
  return m_db.write([&]() -> Result<Staff> {
    auto dup = m_db.stmt("SELECT 1 FROM staff WHERE name = ?");
    dup.bind(1, std::string(name));
    if (dup.executeStep()) return fail(Errc::Conflict, "staff " + std::string(name) + " already exists");
    dup.reset();
    auto s = m_db.stmt("INSERT INTO staff (name, role, pin_hash, created_at_ms) VALUES (?, ?, ?, ?)");
    s.bind(1, std::string(name));
    s.bind(2, std::string(toString(role)));
    s.bind(3, *hash);
    s.bind(4, m_db.now());
    s.exec();
    return Staff{m_db.conn.getLastInsertRowid(), std::string(name), role, true};
  });
}

Result<void> Staffs::setPin(std::int64_t id, std::string_view pin) {
  auto staff = byId(id);
  if (!staff) return staff.failure();
  if (auto ok = checkNewPin(staff->role, pin, PinRule::ByRole); !ok) return ok.failure();
  if (sodium_init() < 0) return fail(Errc::Storage, "libsodium failed to start");
  if (auto ok = checkPinFree(m_db, pin, id); !ok) return ok.failure();
  auto hash = hashPin(pin);
  if (!hash) return hash.failure();
  return m_db.write([&]() -> Result<void> {
    auto s = m_db.stmt("UPDATE staff SET pin_hash = ? WHERE id = ?");
    s.bind(1, *hash);
    s.bind(2, id);
    if (s.exec() != 1) return fail(Errc::NotFound, "no staff with id " + std::to_string(id));
    return {};
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

namespace {

Result<Staff> attempt(detail::Db& db, std::string_view pin, bool supervisorOnly) {
  const LockoutStatus lock = detail::pinLockout(db);
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
  if (match && (!supervisorOnly || match->role != Role::Cashier)) {
    // A right PIN leaves the count of wrong ones alone: on a shared pad it may not be the
    // guesser's, and wiping it would give a cashier endless guesses, four at a time.
    match->shortPin = pin.size() < minPinDigits(match->role);
    return *match;
  }
  auto after = detail::recordPinFailure(db);
  if (!after) return after.failure();
  if (after->locked)
    return fail(Errc::LockedOut, fmt::format("too many wrong PINs; try again in {} s", after->secondsLeft),
                {std::to_string(after->secondsLeft)});
  const std::string left = std::to_string(kMaxPinFailures - after->failures);
  if (match) return fail(Errc::Unauthorized, "this needs a supervisor's PIN", {left});
  return fail(Errc::Unauthorized, fmt::format("wrong PIN ({} tries left)", left), {left});
}

}  // namespace

Result<Staff> Staffs::login(std::string_view pin) { return attempt(m_db, pin, false); }

Result<Staff> Staffs::verifySupervisor(std::string_view pin) { return attempt(m_db, pin, true); }

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
