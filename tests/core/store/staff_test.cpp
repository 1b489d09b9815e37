#include "store_fixture.hpp"

namespace pameran::test {
namespace {

using StaffTest = StoreTest;

TEST_F(StaffTest, PinIsStoredOnlyAsAnArgon2idHash) {
  auto added = s().staff().add("Siti Kasir", Role::Cashier, "2468");
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->name, "Siti Kasir");
  EXPECT_EQ(added->role, Role::Cashier);
  SQLite::Database db = raw();
  SQLite::Statement q(db, "SELECT pin_hash FROM staff WHERE name = 'Siti Kasir'");
  ASSERT_TRUE(q.executeStep());
  const std::string hash = q.getColumn(0).getString();
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(hash.find("2468"), std::string::npos);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM staff WHERE pin_hash LIKE '%2468%'"), 0);
  auto login = s().staff().login("2468");
  ASSERT_TRUE(login) << login.error().message;
  EXPECT_EQ(login->id, added->id);
}

TEST_F(StaffTest, PinsAreUniqueOnAKiosk) {
  auto dup = s().staff().add("Kasir Kedua", Role::Cashier, kCashierPin);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, Errc::Conflict);
  EXPECT_EQ(s().staff().list().size(), 3u);
  auto sameName = s().staff().add("Kasir Uji", Role::Cashier, "97531");
  ASSERT_FALSE(sameName);
  EXPECT_EQ(sameName.error().code, Errc::Conflict);
}

TEST_F(StaffTest, PinIsFourToEightDigitsAndNameIsRequired) {
  for (const char* pin : {"123", "123456789", "12a4", "", "12 34"})
    EXPECT_EQ(s().staff().add("Baru", Role::Cashier, pin).error().code, Errc::Invalid) << pin;
  EXPECT_EQ(s().staff().add("", Role::Cashier, "5678").error().code, Errc::Invalid);
  EXPECT_EQ(s().staff().add(std::string(kMaxNameLength + 1, 'a'), Role::Cashier, "5678").error().code, Errc::Invalid);
}

TEST_F(StaffTest, LoginFindsTheStaffByPinAlone) {
  auto a = s().staff().login(kSupervisorPin);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->name, supervisor.name);
  EXPECT_EQ(a->role, Role::Supervisor);
  auto wrong = s().staff().login("9999");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, Errc::Unauthorized);
  EXPECT_EQ(wrong.error().args.at(0), "4") << "tries left";
}

TEST_F(StaffTest, FiveWrongPinsLockThePadForFiveMinutes) {
  for (int i = 1; i <= 4; ++i) {
    auto r = s().staff().login("0000");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::Unauthorized) << i;
    EXPECT_EQ(s().staff().lockout().failures, i);
  }
  auto fifth = s().staff().login("0000");
  ASSERT_FALSE(fifth);
  EXPECT_EQ(fifth.error().code, Errc::LockedOut);
  EXPECT_EQ(fifth.error().args.at(0), "300");
  EXPECT_TRUE(s().staff().lockout().locked);

  // Locked: even the right PIN is refused, and nothing is checked.
  now += 60'000;
  auto right = s().staff().login(kCashierPin);
  ASSERT_FALSE(right);
  EXPECT_EQ(right.error().code, Errc::LockedOut);
  EXPECT_EQ(right.error().args.at(0), "240");
  EXPECT_EQ(s().staff().verifySupervisor(kSupervisorPin).error().code, Errc::LockedOut);
  now = kT0 + kLockoutMs - 1;
  EXPECT_EQ(s().staff().lockout().secondsLeft, 1);
  EXPECT_EQ(s().staff().login(kCashierPin).error().code, Errc::LockedOut);

  now = kT0 + kLockoutMs;
  EXPECT_FALSE(s().staff().lockout().locked);
  auto after = s().staff().login(kCashierPin);
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(after->name, cashier.name);
  EXPECT_EQ(s().staff().lockout().failures, 0);
}

TEST_F(StaffTest, LockoutSurvivesARestart) {
  for (int i = 0; i < kMaxPinFailures; ++i) (void)s().staff().login("0000");
  reopen();
  EXPECT_TRUE(s().staff().lockout().locked);
  EXPECT_EQ(s().staff().login(kCashierPin).error().code, Errc::LockedOut);
}

TEST_F(StaffTest, RightPinResetsTheFailureCount) {
  for (int i = 0; i < 4; ++i) (void)s().staff().login("0000");
  ASSERT_TRUE(s().staff().login(kCashierPin));
  EXPECT_EQ(s().staff().lockout().failures, 0);
  auto r = s().staff().login("0000");
  EXPECT_EQ(r.error().code, Errc::Unauthorized) << "counting starts again";
}

TEST_F(StaffTest, OnlySupervisorsAndOrganizersVerifyAsSupervisor) {
  auto sup = s().staff().verifySupervisor(kSupervisorPin);
  ASSERT_TRUE(sup);
  EXPECT_EQ(sup->id, supervisor.id);
  auto org = s().staff().verifySupervisor(kOrganizerPin);
  ASSERT_TRUE(org);
  EXPECT_EQ(org->role, Role::Organizer);
  auto cash = s().staff().verifySupervisor(kCashierPin);
  ASSERT_FALSE(cash);
  EXPECT_EQ(cash.error().code, Errc::Unauthorized);
}

TEST_F(StaffTest, InactiveStaffCannotLogInOrApprove) {
  ASSERT_TRUE(s().staff().setActive(supervisor.id, false));
  EXPECT_EQ(s().staff().login(kSupervisorPin).error().code, Errc::Unauthorized);
  const SaleRecord sale = sell({{"KUL-01", 1}});
  EXPECT_EQ(s().sales().refund(refundDraft(sale, {{1, 1, true}})).error().code, Errc::NeedsSupervisor);
  EXPECT_FALSE(s().staff().byId(supervisor.id)->active);
  EXPECT_EQ(s().staff().setActive(99'999, true).error().code, Errc::NotFound);
}

TEST_F(StaffTest, InactiveStaffKeepTheirPinSoReactivationNeverDuplicatesOne) {
  // Two active staff sharing a PIN would make a login ambiguous (and the audit log name the wrong
  // person). Hashes cannot be compared with each other, so a PIN stays taken while its owner is away.
  ASSERT_TRUE(s().staff().setActive(cashier.id, false));
  auto reuse = s().staff().add("Kasir Baru", Role::Cashier, kCashierPin);
  ASSERT_FALSE(reuse);
  EXPECT_EQ(reuse.error().code, Errc::Conflict);
  ASSERT_TRUE(s().staff().setActive(cashier.id, true));
  auto who = s().staff().login(kCashierPin);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->name, cashier.name);
}

TEST_F(StaffTest, StaffAreListedByName) {
  const auto list = s().staff().list();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].name, "Kasir Uji");
  EXPECT_EQ(list[1].name, "Organizer Uji");
  EXPECT_EQ(list[2].name, "Supervisor Uji");
  EXPECT_EQ(s().staff().byId(99'999).error().code, Errc::NotFound);
}

}  // namespace
}  // namespace pameran::test
