#pragma once
// The server's rulebook: every rule about what may be stored that is not SQL, written once for
// both stores (SQLite and PostgreSQL) and tested without a database (tests/sync/store_rules_test).
// The store front (ServerStore) runs the rules that need nothing stored before any store is
// called; the ingest engine runs the rest against what the store reads inside its transaction.
// A new record type adds its rule here and its statements to the one SQL description.
//
// Sections: limits · admin input · a record against its device, event and catalog · a record
// against what is stored · sequence ranges · rollup sums
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "pameran/core/domain.hpp"
#include "pameran/core/error.hpp"
#include "pameran/core/records.hpp"
#include "pameran/core/report.hpp"
#include "pameran/sync/protocol.hpp"  // SeqRange

namespace pameran::sync {

// ---- limits ----------------------------------------------------------------------------------

/// Bounds the store keeps beyond the wire limits of sync/PROTOCOL.md §6.
struct StoreLimits {
  /// The most an event's stored sales may add up to (its gross, rupiah): Rp 10 trillion, far
  /// beyond any physical exhibition (Inacraft, the largest in Indonesia, reports about
  /// Rp 150 billion). Keeps every rollup and report sum of an event, and of thousands of events
  /// together, far inside int64. A sale that would pass it is rejected.
  std::int64_t eventCeilingIdr = 10'000'000'000'000;
  /// How far above the highest sequence number a device has sent a new one may be. A kiosk rings
  /// up at most a few thousand sales a day; a million is years of selling on one kiosk database,
  /// so a kiosk offline for days never reaches it.
  std::int64_t seqWindow = 1'000'000;
};

/// The highest ceiling a store accepts: one sale's own limit (core::kMaxIdr).
inline constexpr std::int64_t kMaxEventCeilingIdr = core::kMaxIdr;

/// Fails with Invalid when a limit is out of its range.
core::Result<void> checkLimits(const StoreLimits& limits);

/// What a device may upload as: fixed at enrollment.
struct DeviceProfile {
  std::string deviceId;
  std::int64_t eventId = 0;
  std::string eventCode;
  std::string boothVendorCode;  // the vendor whose own booth this kiosk is, or empty
  core::EventClock clock;       // the event's time zone and business-day cutoff
};

struct EnrollmentTicket;  // server_store.hpp
struct Principal;         // server_store.hpp

namespace rules {

// ---- admin input -----------------------------------------------------------------------------

/// A new event's fields. Invalid with the reason.
core::Result<void> checkEvent(const core::Event& event);
/// A new device's name, booth and vendor code (the vendor's existence is the store's to check).
core::Result<void> checkEnrollment(const EnrollmentTicket& ticket);
/// Only organizer tokens are made by command; their name is 1-120 bytes of clean UTF-8.
core::Result<void> checkOrganizerToken(core::Role role, std::string_view name);
/// A commission in basis points, 0..10000.
core::Result<void> checkCommission(std::int32_t bp);
/// An event's sales target in rupiah: 0 (none) to core::kMaxIdr. Invalid with the range.
core::Result<void> checkTarget(std::int64_t targetIdr);
/// The organizer token row a new dashboard session stands for: the principal must be an
/// organizer (by token) and the session must end after `now`. Invalid otherwise.
core::Result<std::int64_t> sessionTokenId(const Principal& organizer, core::EpochMs now, core::EpochMs expiresAt);
/// The tables whose rows may be counted (tests and health); Invalid for any other name.
core::Result<void> checkCountedTable(std::string_view table);

// ---- a record against its device, event and catalog -----------------------------------------

/// The event's catalog as membership: every vendor, and every (sku, vendor) any import listed.
/// Nothing is ever taken out, so a kiosk with an older catalog can still store sales of a
/// product a later import removed, and a cached index can only be missing things, never wrong.
struct CatalogIndex {
  std::int64_t version = 0;
  std::unordered_set<std::string> vendors;
  std::unordered_map<std::string, std::vector<std::string>> products;  // sku -> its vendors

  bool hasVendor(const std::string& code) const { return vendors.count(code) != 0; }
  bool hasProduct(const std::string& sku, const std::string& vendorCode) const;
};

/// Why a record is refused before anything is stored; empty reason: admitted.
struct Verdict {
  std::string reason;
  bool unknownToCatalog = false;  // it names a vendor or product the index lacks: a newer catalog may have it
  bool admitted() const { return reason.empty(); }
};

/// Ids on the wire are lowercase UUIDs (PROTOCOL.md §1): one spelling per id, so a re-sent
/// record can never count twice.
bool isCanonicalId(std::string_view id);

/// A sale: canonical ids, the device's event, the device's own booth vendor, every line a
/// product of the catalog under its own vendor, every QRIS payee a vendor of the sale paid at
/// most what its lines took.
Verdict admitSale(const core::SaleRecord& sale, const DeviceProfile& device, const CatalogIndex& catalog);
/// A refund or void: canonical ids and the device's event (the sale is checked when stored).
Verdict admitRefund(const core::RefundRecord& refund, const DeviceProfile& device);
/// A shift close: canonical id and the device's event.
Verdict admitShift(const core::ShiftRecord& shift, const DeviceProfile& device);

// ---- a record against what is stored ---------------------------------------------------------

/// Where a stored sale came from.
struct SaleOrigin {
  std::int64_t eventId = 0;
  std::string deviceId;
};

/// A refund or void of a stored sale, sent by `deviceId` of event `eventId`, after `earlier`
/// refunds of the same sale: only the device that made the sale, of its event; line numbers of
/// the sale; cumulative units and money never above the line's; a void returns the whole total;
/// nothing after a void and no void after a refund. Empty when it may be stored, else the reason.
std::string checkRefund(const core::RefundRecord& refund, const core::SaleRecord& sale, const SaleOrigin& origin,
                        std::span<const core::RefundRecord> earlier, std::string_view deviceId, std::int64_t eventId);

/// A sequence number no more than limits.seqWindow above the highest the device has sent.
std::string checkSequence(std::int64_t seq, std::int64_t highestSent, const StoreLimits& limits);

/// A sale whose gross keeps the event's gross (`eventGross`, what is stored) within the ceiling.
std::string checkCeiling(std::int64_t eventGross, core::Rupiah saleGross, const StoreLimits& limits);

// ---- sequence ranges -------------------------------------------------------------------------

/// How the device's stored ranges change when `seqs` arrive.
struct SeqMerge {
  std::vector<std::int64_t> removed;  // first_seq of stored ranges that are gone (absorbed)
  std::vector<SeqRange> written;      // ranges to insert, or update by their first_seq
  std::int64_t collisions = 0;        // numbers received before (another sale with the same number)
  std::int64_t highest = 0;           // the highest number of `seqs`
};

/// Merges received sequence numbers into the stored ranges that touch or lie among them
/// (`nearby`: sorted, disjoint, every stored range with first <= max(seqs) + 1 and
/// last >= min(seqs) - 1, plus any others: they are left alone).
SeqMerge mergeSeqs(std::span<const SeqRange> nearby, std::vector<std::int64_t> seqs);

/// The numbers in 1..last received that were not: `received` sorted and disjoint.
struct Gaps {
  std::vector<SeqRange> missing;
  std::int64_t count = 0;
};
Gaps gapsOf(std::span<const SeqRange> received);

// ---- rollup sums -----------------------------------------------------------------------------

/// What a group of records adds to the rollups, summed with overflow checks. Kept in ordered
/// maps so rows are written in key order (the same order in every process).
class RollupSums {
 public:
  using CellKey = std::tuple<std::int64_t, std::string, core::Sector, std::string, int>;
  struct EventSums {
    std::int64_t sales = 0;
    std::int64_t grossIdr = 0;
  };
  /// A kiosk's or cashier's sales and net; a product's units and net.
  struct CountSums {
    std::int64_t count = 0;
    std::int64_t netIdr = 0;
  };
  using TeamKey = std::pair<std::int64_t, std::string>;
  using ProductKey = std::tuple<std::int64_t, std::string, std::string>;  // event, sku, vendor

  /// True when `delta` (of a record of `eventId`) can be added without any sum overflowing.
  bool fits(std::int64_t eventId, const core::ReportDelta& delta) const;
  /// Adds it; false, and nothing added, when a sum would overflow.
  bool add(std::int64_t eventId, const core::ReportDelta& delta);
  /// Adds another group's sums; false, and nothing added, when a sum would overflow.
  bool merge(const RollupSums& other);
  /// The gross these sums add to an event.
  std::int64_t grossOf(std::int64_t eventId) const;
  bool empty() const { return m_events.empty(); }

  const std::map<CellKey, core::RollupCell>& cells() const { return m_cells; }
  const std::map<std::pair<std::int64_t, core::PaymentMethod>, std::int64_t>& payments() const { return m_payments; }
  const std::map<std::pair<std::int64_t, std::string>, std::int64_t>& direct() const { return m_direct; }
  const std::map<std::int64_t, EventSums>& events() const { return m_events; }
  /// Keyed by the delta's device key: the uploading device's id (the store sets it).
  const std::map<TeamKey, CountSums>& devices() const { return m_devices; }
  const std::map<TeamKey, CountSums>& cashiers() const { return m_cashiers; }
  const std::map<ProductKey, CountSums>& products() const { return m_products; }

 private:
  std::map<CellKey, core::RollupCell> m_cells;
  std::map<std::pair<std::int64_t, core::PaymentMethod>, std::int64_t> m_payments;
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> m_direct;
  std::map<std::int64_t, EventSums> m_events;
  std::map<TeamKey, CountSums> m_devices;
  std::map<TeamKey, CountSums> m_cashiers;
  std::map<ProductKey, CountSums> m_products;
};

// ---- audit chains (store_rules_audit.cpp) --------------------------------------------------------

/// How much of a device's audit log the server holds and whether its links are right.
struct AuditChain {
  std::int64_t held = 0;      // entries 1..held are all stored
  std::string heldHash;       // the hash entry `held` carries (empty when held is 0)
  std::int64_t firstBad = 0;  // the first entry whose link or hash is wrong; 0: none
  std::int64_t highest = 0;   // the highest entry stored
};

/// Walks the stored entries after `chain.held` (`after`: ascending ids) while they follow one
/// another without a gap, recomputing each link with core::auditHash against the entry before.
/// The first wrong one is remembered for good; entries past a gap wait for it to be filled.
AuditChain advanceAudit(AuditChain chain, std::span<const core::AuditEntry> after);

/// "broken" from the first bad entry on; "unknown" while an entry is missing below the highest
/// or nothing was received; "ok" otherwise.
std::string_view auditState(const AuditChain& chain);

/// A re-sent entry with exactly the fields of the stored one (a replay, not a rewrite).
bool sameAuditEntry(const core::AuditEntry& stored, const core::AuditEntry& sent);

// ---- stock movements and the consignment ledger (store_rules_stock.cpp) -----------------------

/// A stock movement: canonical id, the device's event, its product a product of the catalog
/// under its own vendor.
Verdict admitMovement(const core::StockMovementRecord& movement, const DeviceProfile& device, const CatalogIndex& catalog);

/// Units per product that a group of records adds to the consignment ledger (rollup_stock):
/// sold from sale lines, refunded from restocked refund and void lines, the rest from
/// movements. Custom-price lines name no product and move no stock. Every record's units are
/// at most 10^9 (500 lines of 100 000, or one movement), so sums stay far inside int64.
class StockSums {
 public:
  struct Units {
    std::int64_t received = 0, sold = 0, refunded = 0, adjusted = 0, returned = 0;
  };
  using Key = std::tuple<std::int64_t, std::string, std::string>;  // event, sku, vendor

  void addSale(std::int64_t eventId, const core::SaleRecord& sale);
  /// The restocked lines of `refund`, a refund or void of `sale`.
  void addRefund(std::int64_t eventId, const core::RefundRecord& refund, const core::SaleRecord& sale);
  void addMovement(std::int64_t eventId, const core::StockMovementRecord& movement);
  void merge(const StockSums& other);
  const std::map<Key, Units>& units() const { return m_units; }

 private:
  std::map<Key, Units> m_units;
};

}  // namespace rules
}  // namespace pameran::sync
