#pragma once
// What must hold after any crash, kill -9 (P1) or power cut (P23): the database is intact,
// everything the seller reported is there and whole, nothing is half there, sequence numbers run
// 1..N without a gap, every record is queued for upload once, stock and rollups add up.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "../store/store_fixture.hpp"

namespace pameran::test {

/// What a RandomSeller reported, line by line: only what the store's call returned.
struct Reported {
  struct Sale {
    std::int64_t seq = 0, total = 0;
    std::string digest;  // saleDigest of the record commit() returned
  };
  std::map<std::string, Sale> sales;            // by uuid
  std::vector<std::string> salesInOrder;
  std::map<std::string, std::int64_t> refunds;  // uuid -> total
  std::set<std::string> voids;                  // sale uuids
  std::set<std::string> shifts;                 // closed shift uuids
  std::size_t digestsChecked = 0;               // salesInOrder[0..n) were read back whole once

  void take(const std::string& line);
};

/// A kiosk database as the version-1 program left it: the test catalog and `sales` unsynced sales.
void makeVersionOneKiosk(const std::string& path, int sales);
/// The rows a migration must keep exactly (ids, states, numbers), for rowsOf().
/// Stock movements recorded before kiosk schema 6 join the queue in that migration (numbered and
/// queued, MigrationTest.StockMovementsRecordedBeforeAreNumberedAndQueued), so they are left out.
inline constexpr const char* kOutboxRows =
    "SELECT id, kind, uuid, state, created_at_ms, attempts FROM outbox WHERE kind <> 'stock_movement' ORDER BY id";
inline constexpr const char* kSaleRows = "SELECT uuid, seq, receipt_no, total_idr FROM sale ORDER BY seq";

/// The checks after a crash during the migration of a makeVersionOneKiosk() database: integrity
/// ok, the schema exactly the one user_version names (one transaction per version), every row of
/// `outboxBefore` and `salesBefore` (kOutboxRows, kSaleRows) as it was; then the next open finishes
/// the migration without changing an id. Returns the version the crash left, 0 after a failure
/// (gtest failures).
int expectWholeVersionAfterCrash(const std::string& path, const std::vector<std::string>& outboxBefore,
                                 const std::vector<std::string>& salesBefore);

/// Every check, on a store just reopened after the crash. Each sale reported since the last call
/// is read back and compared field by field (saleDigest); fatal gtest failures otherwise.
void expectIntactAfterCrash(core::Store& store, Reported& reported);

}  // namespace pameran::test
