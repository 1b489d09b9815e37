#pragma once
// Shared by the store tests: a temp-file store (WAL needs a real file) with a small catalog, staff
// and an injected clock, plus a second raw connection to look under the hood.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "pameran/core/store.hpp"
#include "../../common/temp_dir.hpp"

namespace pameran::test {

using namespace pameran::core;

/// 2026-11-27 10:00 WIB (03:00 UTC).
inline constexpr EpochMs kT0 = 1'795'748'400'000;
inline constexpr EpochMs kMinuteMs = 60'000;
inline constexpr EpochMs kHourMs = 3'600'000;
inline constexpr const char* kEvent = "PAMERAN-T";

/// Test staff PINs (their Argon2id hashes are precomputed, so fixtures cost no hashing).
inline constexpr const char* kCashierPin = "1111";
inline constexpr const char* kSupervisorPin = "222222";
inline constexpr const char* kOrganizerPin = "333333";
/// A supervisor PIN from before supervisors needed six digits, and its hash.
inline constexpr const char* kShortSupervisorPin = "2222";
extern const char* const kShortSupervisorHash;

/// The boot the test uptime clock starts in (StoreTest::uptime).
inline constexpr const char* kBoot = "boot-1";

using TempDir = pameran::test_support::TempDir;

/// The small test catalog: three vendors (one per sector; two with a static QRIS) and six products.
std::string testVendorsCsv();
std::string testProductsCsv();
/// A valid EAN-13 made from a 12-digit stem.
std::string ean13(const std::string& first12);

/// Imports the test catalog as event kEvent and inserts a cashier, a supervisor and an organizer.
/// Returns the staff in that order.
std::vector<Staff> seedTestStore(Store& store);

/// Inserts staff with a ready-made PIN hash, as an older program (or the fixture) left them.
Staff insertStaff(Store& store, const std::string& name, Role role, const std::string& pinHash);

/// Scalar of a query on a raw connection (0 when no row or NULL).
std::int64_t scalar(SQLite::Database& db, const std::string& sql);
/// Every row of a query on the file, each as its columns' text joined by '|'.
std::vector<std::string> rowsOf(const std::string& path, const std::string& sql);
/// Asserts that the schema a database holds is exactly the one its user_version names (so a
/// migration was applied whole or not at all).
void expectSchemaOfItsVersion(SQLite::Database& db);

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  Store& s() { return *store; }
  StoreOptions options();
  /// Closes and opens the store again on the same file.
  void reopen();
  /// A second, raw connection to the same file.
  SQLite::Database raw() const;
  std::int64_t count(const std::string& sql) const;

  const Product& product(const std::string& sku) const { return products.at(sku); }
  const Vendor& vendor(const std::string& code) const { return vendors.at(code); }
  Cart cart(std::vector<std::pair<std::string, std::int64_t>> items) const;
  /// Exact cash for the cart's total (no tender for a zero total).
  SaleDraft cashDraft(const Cart& cart) const;
  /// cashDraft of the cart with the supervisor's approval of whatever it needs.
  SaleDraft approvedDraft(Cart cart) const;
  /// Commits a sale of the items paid exact in cash; fails the test when the commit fails.
  SaleRecord sell(std::vector<std::pair<std::string, std::int64_t>> items);
  /// A refund by the cashier, approved by the supervisor as it stands.
  RefundDraft refundDraft(const SaleRecord& sale, std::vector<RefundRequestLine> lines, std::string reason = "Barang cacat");
  /// A void by the cashier, approved by the supervisor.
  RefundDraft voidDraft(const SaleRecord& sale, std::string reason = "Salah input");
  std::int64_t onHand(const std::string& sku) const { return store->stock().onHand(event.id, product(sku).id); }

  TempDir dir;
  std::string dbPath;
  EpochMs now = kT0;                    // the wall clock
  Uptime uptime{kBoot, 3 * kHourMs};     // the machine's uptime
  std::unique_ptr<Store> store;
  Event event;
  Staff cashier, supervisor, organizer;
  std::map<std::string, Product> products;
  std::map<std::string, Vendor> vendors;
};

}  // namespace pameran::test
