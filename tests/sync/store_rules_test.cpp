// The server's rulebook without a database: every rule both stores share (store_rules.hpp).
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <random>
#include <set>

#include "pameran/sync/server_store.hpp"
#include "pameran/sync/store_rules.hpp"
#include "record_fixtures.hpp"

namespace pameran::sync {
namespace {

using namespace pameran::sync::testing;
using rules::CatalogIndex;

DeviceProfile till() { return DeviceProfile{"dev-1", 1, kEvent, "", {}}; }

CatalogIndex demoIndex() {
  CatalogIndex c;
  for (const auto& v : demoCatalog().vendors) c.vendors.insert(v.code);
  for (const auto& p : demoCatalog().products) c.products[p.sku].push_back(p.vendorCode);
  return c;
}

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// ---- ids, event, booth vendor ------------------------------------------------------------------

TEST(Rules, IdsAreLowercaseUuidsOnly) {
  const std::string id = core::newUuid();
  EXPECT_TRUE(rules::isCanonicalId(id));
  EXPECT_FALSE(rules::isCanonicalId(upper(id)));
  std::string mixed = id;
  for (char& c : mixed)
    if (c >= 'a' && c <= 'f') {
      c = static_cast<char>(c - 'a' + 'A');
      break;
    }
  EXPECT_FALSE(rules::isCanonicalId(mixed));
  EXPECT_FALSE(rules::isCanonicalId("1234"));
  EXPECT_FALSE(rules::isCanonicalId(""));
}

TEST(Rules, ASaleWithAnUppercaseIdOrShiftIdIsRefused) {
  core::SaleRecord sale = simpleSale("dev-1", 1);
  EXPECT_TRUE(rules::admitSale(sale, till(), demoIndex()).admitted());
  sale.uuid = upper(sale.uuid);
  const auto v = rules::admitSale(sale, till(), demoIndex());
  EXPECT_NE(v.reason.find("lowercase"), std::string::npos) << v.reason;
  sale = simpleSale("dev-1", 1);
  sale.shiftUuid = upper(core::newUuid());
  EXPECT_FALSE(rules::admitSale(sale, till(), demoIndex()).admitted());
}

TEST(Rules, RefundsAndShiftClosesNeedLowercaseIdsAndTheDevicesEvent) {
  const core::SaleRecord sale = simpleSale("dev-1", 1);
  core::RefundRecord refund = makeRefund(sale, 1, 1);
  EXPECT_TRUE(rules::admitRefund(refund, till()).admitted());
  refund.saleUuid = upper(refund.saleUuid);
  EXPECT_NE(rules::admitRefund(refund, till()).reason.find("sale_id"), std::string::npos);
  refund = makeRefund(sale, 1, 1);
  refund.uuid = upper(refund.uuid);
  EXPECT_FALSE(rules::admitRefund(refund, till()).admitted());
  refund = makeRefund(sale, 1, 1);
  refund.eventCode = "OTHER-2026";
  EXPECT_NE(rules::admitRefund(refund, till()).reason.find("not this device's event"), std::string::npos);
  core::ShiftRecord shift;
  shift.uuid = core::newUuid();
  shift.eventCode = kEvent;
  EXPECT_TRUE(rules::admitShift(shift, till()).admitted());
  shift.uuid = upper(shift.uuid);
  EXPECT_FALSE(rules::admitShift(shift, till()).admitted());
  shift.uuid = core::newUuid();
  shift.eventCode = "OTHER-2026";
  EXPECT_FALSE(rules::admitShift(shift, till()).admitted());
}

TEST(Rules, ASaleOfAnotherEventIsRefused) {
  const auto sale = makeSale("dev-1", 1, {{"V01", core::Sector::Fesyen, 10'000, 1}}, core::PaymentMethod::Cash, kSaleTime, "OTHER-2026");
  EXPECT_NE(rules::admitSale(sale, till(), demoIndex()).reason.find("not this device's event"), std::string::npos);
}

TEST(Rules, TheBoothVendorIsTheDevicesOwnAndNoOther) {
  core::SaleRecord sale = simpleSale("dev-1", 1);
  DeviceProfile booth = till();
  booth.boothVendorCode = "V02";
  sale.boothVendorCode = "V02";
  EXPECT_TRUE(rules::admitSale(sale, booth, demoIndex()).admitted());
  EXPECT_FALSE(rules::admitSale(sale, till(), demoIndex()).admitted()) << "a till claims a vendor's booth";
  sale.boothVendorCode = "V01";
  EXPECT_NE(rules::admitSale(sale, booth, demoIndex()).reason.find("booth vendor"), std::string::npos);
  sale.boothVendorCode = "";
  EXPECT_FALSE(rules::admitSale(sale, booth, demoIndex()).admitted()) << "a booth hides its own cash";
}

// ---- catalog membership ----------------------------------------------------------------------

TEST(Rules, EveryLineNamesAProductOfItsOwnVendor) {
  core::SaleRecord sale = simpleSale("dev-1", 1);
  sale.lines[0].vendorCode = "NOPE";
  auto v = rules::admitSale(sale, till(), demoIndex());
  EXPECT_NE(v.reason.find("vendor NOPE"), std::string::npos) << v.reason;
  EXPECT_TRUE(v.unknownToCatalog);
  sale = simpleSale("dev-1", 1);
  sale.lines[0].sku = "NOPE-1";
  v = rules::admitSale(sale, till(), demoIndex());
  EXPECT_NE(v.reason.find("NOPE-1"), std::string::npos) << v.reason;
  EXPECT_TRUE(v.unknownToCatalog);
  sale = simpleSale("dev-1", 1);
  sale.lines[0].vendorCode = "V03";  // V01's product booked to V03
  v = rules::admitSale(sale, till(), demoIndex());
  EXPECT_FALSE(v.admitted());
  EXPECT_TRUE(v.unknownToCatalog);
}

TEST(Rules, ACustomPriceLineOfAVendorOfTheEventIsAdmitted) {
  core::SaleRecord sale = simpleSale("dev-1", 1);
  sale.lines[0].custom = true;
  sale.lines[0].sku = "";
  sale.lines[0].name = "Tampah Bambu Besar";
  EXPECT_TRUE(rules::admitSale(sale, till(), demoIndex()).admitted()) << "goods of the vendor not in the catalog";
  sale.lines[0].vendorCode = "NOPE";
  const auto v = rules::admitSale(sale, till(), demoIndex());
  EXPECT_NE(v.reason.find("vendor NOPE"), std::string::npos) << v.reason;
  sale = simpleSale("dev-1", 1);
  sale.lines[0].sku = "NOPE-1";  // not custom: still a product of the catalog or refused
  EXPECT_FALSE(rules::admitSale(sale, till(), demoIndex()).admitted());
}

TEST(Rules, AProductALaterImportDroppedIsStillKnown) {
  CatalogIndex index = demoIndex();
  index.products["OLD-1"].push_back("V01");  // listed by an earlier import only
  core::SaleRecord sale = simpleSale("dev-1", 1);
  sale.lines[0].sku = "OLD-1";
  EXPECT_TRUE(rules::admitSale(sale, till(), index).admitted());
  EXPECT_TRUE(index.hasProduct("OLD-1", "V01"));
  EXPECT_FALSE(index.hasProduct("OLD-1", "V02"));
}

TEST(Rules, AVendorsQrisTakesOnlyWhatItsOwnLinesTook) {
  // Two vendors, each paid on its own QRIS: fine.
  core::SaleRecord sale = makeSale("dev-1", 1, {{"V01", core::Sector::Fesyen, 25'000, 2}, {"V02", core::Sector::Kriya, 40'000, 1}},
                                   core::PaymentMethod::Qris);
  ASSERT_EQ(sale.payments.size(), 2u);
  EXPECT_TRUE(rules::admitSale(sale, till(), demoIndex()).admitted());
  // The whole total to one vendor's QRIS: more than its lines took.
  core::SaleRecord greedy = sale;
  greedy.payments.pop_back();
  greedy.payments[0].amount = greedy.total;
  EXPECT_NE(rules::admitSale(greedy, till(), demoIndex()).reason.find("more than its lines took"), std::string::npos);
  // A vendor of the event that sold nothing here.
  core::SaleRecord stranger = sale;
  stranger.payments[1].vendorCode = "V03";
  EXPECT_NE(rules::admitSale(stranger, till(), demoIndex()).reason.find("sold nothing"), std::string::npos);
  // Not a vendor at all.
  stranger.payments[1].vendorCode = "NOPE";
  const auto v = rules::admitSale(stranger, till(), demoIndex());
  EXPECT_NE(v.reason.find("QRIS payee NOPE"), std::string::npos) << v.reason;
  EXPECT_TRUE(v.unknownToCatalog);
  // The organizer's QRIS may take anything.
  core::SaleRecord organizer = sale;
  organizer.payments.pop_back();
  organizer.payments[0].amount = organizer.total;
  organizer.payments[0].account = core::QrisAccount::Organizer;
  organizer.payments[0].vendorCode.clear();
  EXPECT_TRUE(rules::admitSale(organizer, till(), demoIndex()).admitted());
}

// ---- refunds against the stored sale ---------------------------------------------------------

TEST(Rules, OnlyTheSellingDeviceOfTheEventMayRefundOrVoid) {
  const core::SaleRecord sale = simpleSale("dev-1", 1);
  const core::RefundRecord refund = makeRefund(sale, 1, 1);
  const rules::SaleOrigin origin{1, "dev-1"};
  EXPECT_EQ(rules::checkRefund(refund, sale, origin, {}, "dev-1", 1), "");
  EXPECT_NE(rules::checkRefund(refund, sale, origin, {}, "dev-2", 1).find("another device"), std::string::npos);
  EXPECT_NE(rules::checkRefund(makeVoid(sale), sale, origin, {}, "dev-2", 1).find("another device"), std::string::npos);
  EXPECT_NE(rules::checkRefund(refund, sale, origin, {}, "dev-1", 2).find("another event"), std::string::npos);
}

TEST(Rules, RefundsNeverTakeBackMoreThanTheLineTook) {
  const core::SaleRecord sale = simpleSale("dev-1", 1);  // line 1: 2 x 25.000, line 2: 1 x 40.000
  const rules::SaleOrigin origin{1, "dev-1"};
  auto check = [&](const core::RefundRecord& r, std::vector<core::RefundRecord> earlier = {}) {
    return rules::checkRefund(r, sale, origin, earlier, "dev-1", 1);
  };
  const core::RefundRecord one = makeRefund(sale, 1, 1);
  EXPECT_EQ(check(one), "");
  EXPECT_EQ(check(makeRefund(sale, 1, 2)), "");
  EXPECT_NE(check(makeRefund(sale, 1, 3)).find("more units"), std::string::npos);
  EXPECT_NE(check(makeRefund(sale, 1, 2), {one}).find("more units"), std::string::npos) << "cumulative";
  core::RefundRecord greedy = makeRefund(sale, 2, 1);
  greedy.lines[0].amount = core::Rupiah(40'001);
  greedy.total = greedy.lines[0].amount;
  EXPECT_NE(check(greedy).find("more money"), std::string::npos);
  core::RefundRecord missing = makeRefund(sale, 2, 1);
  missing.lines[0].lineNo = 3;
  EXPECT_NE(check(missing).find("not a line"), std::string::npos);
}

TEST(Rules, AVoidIsWholeFirstAndLast) {
  const core::SaleRecord sale = simpleSale("dev-1", 1);
  const rules::SaleOrigin origin{1, "dev-1"};
  const core::RefundRecord voided = makeVoid(sale);
  EXPECT_EQ(rules::checkRefund(voided, sale, origin, {}, "dev-1", 1), "");
  EXPECT_NE(rules::checkRefund(voided, sale, origin, std::vector{makeRefund(sale, 1, 1)}, "dev-1", 1).find("with refunds"),
            std::string::npos);
  EXPECT_NE(rules::checkRefund(makeRefund(sale, 1, 1), sale, origin, std::vector{voided}, "dev-1", 1).find("voided"),
            std::string::npos);
  core::RefundRecord partial = voided;
  partial.total = core::Rupiah(1'000);
  EXPECT_NE(rules::checkRefund(partial, sale, origin, {}, "dev-1", 1).find("whole sale total"), std::string::npos);
}

// ---- plausible sequence numbers and the money ceiling ----------------------------------------

TEST(Rules, SequenceNumbersStayWithinTheWindowAboveWhatWasSent) {
  const StoreLimits limits;
  EXPECT_EQ(rules::checkSequence(1, 0, limits), "");
  EXPECT_EQ(rules::checkSequence(limits.seqWindow, 0, limits), "");
  EXPECT_NE(rules::checkSequence(limits.seqWindow + 1, 0, limits), "");
  EXPECT_EQ(rules::checkSequence(5'000 + limits.seqWindow, 5'000, limits), "");
  EXPECT_NE(rules::checkSequence((std::int64_t{1} << 53) - 1, 42, limits).find("implausibly far"), std::string::npos);
  EXPECT_EQ(rules::checkSequence(3, 42, limits), "") << "late numbers fill gaps";
  EXPECT_EQ(rules::checkSequence(std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::max() - 1, limits),
            "")
      << "no overflow in the bound";
}

TEST(Rules, AnEventsGrossStaysWithinItsCeiling) {
  StoreLimits limits;
  limits.eventCeilingIdr = 1'000'000;
  EXPECT_EQ(rules::checkCeiling(0, core::Rupiah(1'000'000), limits), "");
  EXPECT_EQ(rules::checkCeiling(999'999, core::Rupiah(1), limits), "");
  EXPECT_NE(rules::checkCeiling(999'999, core::Rupiah(2), limits).find("ceiling"), std::string::npos);
  EXPECT_NE(rules::checkCeiling(std::numeric_limits<std::int64_t>::max(), core::Rupiah(1), limits), "") << "no overflow";
  EXPECT_TRUE(checkLimits(StoreLimits{}));
  EXPECT_FALSE(checkLimits(StoreLimits{0, 10}));
  EXPECT_FALSE(checkLimits(StoreLimits{kMaxEventCeilingIdr + 1, 10}));
  EXPECT_FALSE(checkLimits(StoreLimits{1'000, 0}));
}

// ---- sequence ranges -------------------------------------------------------------------------

TEST(Rules, MergingExtendsJoinsAndCountsCollisions) {
  using R = std::vector<SeqRange>;
  // Into nothing: one range per run.
  auto m = rules::mergeSeqs({}, {3, 1, 2, 7});
  EXPECT_EQ(m.written, (R{{1, 3}, {7, 7}}));
  EXPECT_TRUE(m.removed.empty());
  EXPECT_EQ(m.highest, 7);
  EXPECT_EQ(m.collisions, 0);
  // Extending the stored range: rewritten in place.
  const R stored = {{1, 10}};
  m = rules::mergeSeqs(stored, {11, 12});
  EXPECT_EQ(m.written, (R{{1, 12}}));
  EXPECT_TRUE(m.removed.empty());
  // Filling a gap joins two ranges: the right one goes.
  m = rules::mergeSeqs(R{{1, 4}, {6, 9}}, {5});
  EXPECT_EQ(m.written, (R{{1, 9}}));
  EXPECT_EQ(m.removed, (std::vector<std::int64_t>{6}));
  // A run just before a range starts a new first.
  m = rules::mergeSeqs(R{{5, 9}}, {3, 4});
  EXPECT_EQ(m.written, (R{{3, 9}}));
  EXPECT_EQ(m.removed, (std::vector<std::int64_t>{5}));
  // Numbers already received, or twice in one request: collisions, nothing written.
  m = rules::mergeSeqs(R{{1, 10}}, {4, 4, 10});
  EXPECT_EQ(m.collisions, 3);
  EXPECT_TRUE(m.written.empty());
  EXPECT_TRUE(m.removed.empty());
  // A range that is not touched stays as it is.
  m = rules::mergeSeqs(R{{1, 2}, {20, 30}}, {5});
  EXPECT_EQ(m.written, (R{{5, 5}}));
  EXPECT_TRUE(m.removed.empty());
}

TEST(Rules, MergingAgreesWithASetOfNumbers) {
  std::mt19937_64 rng(17);
  for (int round = 0; round < 200; ++round) {
    std::map<std::int64_t, std::int64_t> ranges;  // first -> last, as a store keeps them
    std::set<std::int64_t> received;
    std::int64_t collisions = 0, counted = 0;
    for (int request = 0; request < 8; ++request) {
      std::vector<std::int64_t> seqs;
      for (int k = std::uniform_int_distribution<int>(1, 12)(rng); k > 0; --k)
        seqs.push_back(std::uniform_int_distribution<std::int64_t>(1, 60)(rng));
      std::set<std::int64_t> fresh;
      for (std::int64_t s : seqs)
        if (received.count(s) || !fresh.insert(s).second) ++collisions;
      received.insert(fresh.begin(), fresh.end());
      std::vector<SeqRange> all;
      for (const auto& [f, l] : ranges) all.push_back({f, l});
      const auto m = rules::mergeSeqs(all, seqs);
      counted += m.collisions;
      for (std::int64_t f : m.removed) ASSERT_EQ(ranges.erase(f), 1u);
      for (const SeqRange& r : m.written) ranges[r.first] = r.last;
    }
    std::set<std::int64_t> stored;
    std::int64_t previousLast = -10;
    for (const auto& [f, l] : ranges) {
      ASSERT_GT(f, previousLast + 1) << "ranges stay apart and are never adjacent";
      previousLast = l;
      for (std::int64_t x = f; x <= l; ++x) stored.insert(x);
    }
    ASSERT_EQ(stored, received);
    std::vector<SeqRange> all;
    for (const auto& [f, l] : ranges) all.push_back({f, l});
    const auto gaps = rules::gapsOf(all);
    std::int64_t missing = 0;
    for (std::int64_t x = 1; x <= (received.empty() ? 0 : *received.rbegin()); ++x) missing += received.count(x) ? 0 : 1;
    ASSERT_EQ(gaps.count, missing);
    ASSERT_EQ(counted, collisions);
  }
}

TEST(Rules, GapsAreExactlyTheNumbersNotReceived) {
  using R = std::vector<SeqRange>;
  EXPECT_EQ(rules::gapsOf({}).count, 0);
  const auto g = rules::gapsOf(R{{1, 2}, {4, 6}, {10, 14}, {16, 16}});
  EXPECT_EQ(g.missing, (R{{3, 3}, {7, 9}, {15, 15}}));
  EXPECT_EQ(g.count, 5);
  EXPECT_EQ(rules::gapsOf(R{{5, 5}}).missing, (R{{1, 4}}));
}

// ---- checked rollup sums ---------------------------------------------------------------------

TEST(Rules, RollupSumsRefuseAnOverflowAndChangeNothing) {
  const core::SaleRecord sale = simpleSale("dev-1", 1);
  const core::ReportDelta delta = core::deltaForSale(sale, {});
  rules::RollupSums sums;
  ASSERT_TRUE(sums.add(1, delta));
  EXPECT_EQ(sums.grossOf(1), sale.gross.idr());
  EXPECT_EQ(sums.events().at(1).sales, 1);
  core::ReportDelta huge = delta;
  huge.cells.resize(1);  // V01's cell only
  huge.cells[0].gross = core::Rupiah(std::numeric_limits<std::int64_t>::max());
  EXPECT_FALSE(sums.fits(1, huge));
  const auto before = sums.cells();
  EXPECT_FALSE(sums.add(1, huge));
  EXPECT_EQ(sums.cells().begin()->second.gross, before.begin()->second.gross);
  EXPECT_EQ(sums.grossOf(1), sale.gross.idr());
  EXPECT_TRUE(sums.fits(2, huge)) << "another event starts from nothing";
  core::ReportDelta payments = delta;
  payments.payments[0].amount = core::Rupiah(std::numeric_limits<std::int64_t>::max());
  EXPECT_FALSE(sums.add(1, payments));
  rules::RollupSums other;
  ASSERT_TRUE(other.add(1, huge));
  EXPECT_FALSE(sums.merge(other));
  EXPECT_EQ(sums.grossOf(1), sale.gross.idr()) << "a refused merge adds nothing";
  rules::RollupSums second;
  ASSERT_TRUE(second.add(1, delta));
  ASSERT_TRUE(sums.merge(second));
  EXPECT_EQ(sums.grossOf(1), 2 * sale.gross.idr());
  EXPECT_EQ(sums.cells().size(), 2u) << "one cell per vendor";
  // The kiosk, cashier and product sums are checked the same way.
  for (int which = 0; which < 3; ++which) {
    core::ReportDelta big = delta;
    const std::int64_t max = std::numeric_limits<std::int64_t>::max();
    if (which == 0) big.device.net = core::Rupiah(max);
    if (which == 1) big.cashier.salesCount = max;
    if (which == 2) big.products[0].net = core::Rupiah(max);
    EXPECT_FALSE(sums.fits(1, big)) << which;
    EXPECT_FALSE(sums.add(1, big)) << which;
  }
  EXPECT_EQ(sums.devices().begin()->second.netIdr, 2 * sale.total.idr()) << "nothing of a refused delta was added";
  EXPECT_EQ(sums.cashiers().begin()->second.count, 2);
}

// ---- admin input -----------------------------------------------------------------------------

TEST(Rules, AdminInputIsCheckedBeforeAnyStore) {
  core::Event e;
  e.code = "DEPOK-2026";
  e.name = "Pameran";
  EXPECT_TRUE(rules::checkEvent(e));
  e.code = "bad code";
  EXPECT_FALSE(rules::checkEvent(e));
  e.code = "DEPOK-2026";
  e.startDate = "2026-11-20";
  e.endDate = "2026-11-19";
  EXPECT_FALSE(rules::checkEvent(e));
  e.endDate.clear();
  e.cutoffHour = 24;
  EXPECT_FALSE(rules::checkEvent(e));
  EXPECT_TRUE(rules::checkEnrollment({kEvent, "Kios 1", "A1", "V01", "h", 1}));
  EXPECT_FALSE(rules::checkEnrollment({kEvent, "", "A1", "", "h", 1}));
  EXPECT_FALSE(rules::checkEnrollment({kEvent, "Kios", "", "bad code", "h", 1}));
  EXPECT_TRUE(rules::checkOrganizerToken(core::Role::Organizer, "Panitia"));
  EXPECT_FALSE(rules::checkOrganizerToken(core::Role::Cashier, "Panitia"));
  EXPECT_FALSE(rules::checkOrganizerToken(core::Role::Organizer, std::string(121, 'a')));
  EXPECT_TRUE(rules::checkCommission(10'000));
  EXPECT_FALSE(rules::checkCommission(10'001));
  EXPECT_FALSE(rules::checkCommission(-1));
  EXPECT_TRUE(rules::checkCountedTable("sales"));
  EXPECT_FALSE(rules::checkCountedTable("sales; DROP TABLE sales"));
}

TEST(Rules, ATargetIsZeroToTheMostOneSaleMayBe) {
  EXPECT_TRUE(rules::checkTarget(0));
  EXPECT_TRUE(rules::checkTarget(core::kMaxIdr));
  EXPECT_EQ(rules::checkTarget(-1).error().code, core::Errc::Invalid);
  EXPECT_EQ(rules::checkTarget(core::kMaxIdr + 1).error().code, core::Errc::Invalid);
}

TEST(Rules, ADashboardSessionStandsForAnOrganizerTokenAndEndsLater) {
  const Principal panitia{Principal::Kind::Organizer, "42", "Panitia", 0, {}, {}, 0};
  ASSERT_TRUE(rules::sessionTokenId(panitia, 1'000, 2'000));
  EXPECT_EQ(*rules::sessionTokenId(panitia, 1'000, 2'000), 42);
  EXPECT_FALSE(rules::sessionTokenId(panitia, 2'000, 2'000)) << "ends when it starts";
  Principal device = panitia;
  device.kind = Principal::Kind::Device;
  EXPECT_FALSE(rules::sessionTokenId(device, 1'000, 2'000)) << "a device never signs in to the dashboard";
  for (const char* id : {"", "0", "4x", "-3", "99999999999999999999"}) {
    Principal odd = panitia;
    odd.id = id;
    EXPECT_FALSE(rules::sessionTokenId(odd, 1'000, 2'000)) << id;
  }
}

// ---- audit chains ------------------------------------------------------------------------------

std::vector<core::AuditEntry> auditChain(int n) {
  std::vector<core::AuditEntry> out;
  std::string prev = core::auditGenesisHash();
  for (int i = 1; i <= n; ++i) {
    core::AuditEntry e{i, 1'000 + i, "Supervisor", "void", "R-" + std::to_string(i), "salah", "", prev, {}};
    e.hash = core::auditHash(e);
    prev = e.hash;
    out.push_back(e);
  }
  return out;
}

TEST(AuditRules, AnIntactChainIsOkAndNothingReceivedIsUnknown) {
  EXPECT_EQ(rules::auditState({}), "unknown");
  const auto entries = auditChain(3);
  const rules::AuditChain c = rules::advanceAudit({}, entries);
  EXPECT_EQ(c.held, 3);
  EXPECT_EQ(c.heldHash, entries[2].hash);
  EXPECT_EQ(c.firstBad, 0);
  EXPECT_EQ(rules::auditState(c), "ok");
}

TEST(AuditRules, TheFirstWrongLinkIsNamedForGoodAndLaterEntriesStillCount) {
  auto entries = auditChain(4);
  entries[1].details = "diubah";  // its own hash no longer matches
  rules::AuditChain c = rules::advanceAudit({}, entries);
  EXPECT_EQ(c.firstBad, 2);
  EXPECT_EQ(c.held, 4);
  EXPECT_EQ(rules::auditState(c), "broken");
  // A link to the wrong predecessor (a re-hashed entry in the middle) breaks the next one.
  entries = auditChain(4);
  entries[1].reason = "lain";
  entries[1].hash = core::auditHash(entries[1]);
  c = rules::advanceAudit({}, entries);
  EXPECT_EQ(c.firstBad, 3);
  // Entry 1 must start from the genesis hash.
  entries = auditChain(1);
  entries[0].prevHash = std::string(64, 'f');
  entries[0].hash = core::auditHash(entries[0]);
  EXPECT_EQ(rules::advanceAudit({}, entries).firstBad, 1);
}

TEST(AuditRules, AGapWaitsUntilItIsFilled) {
  const auto entries = auditChain(4);
  rules::AuditChain c = rules::advanceAudit({}, std::vector<core::AuditEntry>{entries[0], entries[2], entries[3]});
  EXPECT_EQ(c.held, 1);
  EXPECT_EQ(c.highest, 4);
  EXPECT_EQ(rules::auditState(c), "unknown");
  c = rules::advanceAudit(c, std::vector<core::AuditEntry>{entries[1], entries[2], entries[3]});
  EXPECT_EQ(c.held, 4);
  EXPECT_EQ(rules::auditState(c), "ok");
  EXPECT_TRUE(rules::sameAuditEntry(entries[1], entries[1]));
  core::AuditEntry other = entries[1];
  other.staff = "Orang Lain";
  EXPECT_FALSE(rules::sameAuditEntry(entries[1], other));
}

}  // namespace
}  // namespace pameran::sync
