// The rulebook of issue 7 on both stores (SQLite and PostgreSQL), through the store's own API:
// the money ceiling in a mixed commit group, the largest sales at the highest ceiling, products a
// later import dropped, a catalog changed by another process, ids in another case, sequence
// numbers from nowhere and refunds of another device's sales.
#include "store_backends.hpp"

namespace pameran::sync {
namespace {

using namespace pameran::sync::testing;

class Rulebook : public StoreContract {};
INSTANTIATE_TEST_SUITE_P(Backends, Rulebook, ::testing::Values(Backend::Sqlite, Backend::Postgres), backendName);

// An event's sales stop at its money ceiling: the sale that would pass it is rejected with the
// reason and touches nothing, in the same commit group as other events' uploads, which all commit.
TEST_P(Rulebook, AnEventsMoneyStopsAtItsCeilingWithoutFailingOtherRequests) {
  TempDir dir;
  StoreLimits limits;
  limits.eventCeilingIdr = 1'000'000;
  auto store = openEmptyStore(GetParam(), dir, nullptr, limits);
  for (const char* code : {kEvent, "BOGOR-2026"}) {
    core::Event e;
    e.code = code;
    e.name = code;
    ASSERT_TRUE(store->createEvent(e));
    ASSERT_TRUE(store->importCatalog(code, demoCatalog()));
  }
  const Device dev = enrollDevice(*store);
  Device other = dev;
  {
    const std::string code = newEnrollmentCode();
    ASSERT_TRUE(store->createEnrollment({"BOGOR-2026", "Kios", "", "", secretHash(code), 4'000'000'000'000}, 1));
    auto r = store->redeemEnrollment(secretHash(code), "t", secretHash(newToken()), 2);
    ASSERT_TRUE(r);
    other = Device{r->deviceId, r->deviceCode, "", r->event.id};
  }
  auto big = [&](std::int64_t seq, std::int64_t idr) { return makeSale(dev.id, seq, {{"V01", core::Sector::Fesyen, idr, 1}}); };
  const Upload first{{big(1, 400'000), big(2, 400'000), big(3, 300'000), big(4, 200'000)}, {}, {}};
  core::SaleRecord elsewhere = makeSale(other.id, 1, {{"V03", core::Sector::Kuliner, 900'000, 1}}, core::PaymentMethod::Cash, kSaleTime,
                                        "BOGOR-2026");
  const Upload honest{{elsewhere}, {}, {}};
  std::vector<IngestRequest> group = {toRequest(dev, first, 1'795'000'500'000), toRequest(other, honest, 1'795'000'500'000)};
  const auto results = store->ingest({&group[0], &group[1]});
  ASSERT_TRUE(results[0]) << results[0].error().message;
  ASSERT_TRUE(results[1]) << results[1].error().message;
  EXPECT_EQ(statusesOf(*results[0]),
            (std::vector<RecordStatus>{RecordStatus::Stored, RecordStatus::Stored, RecordStatus::Rejected, RecordStatus::Stored}));
  EXPECT_NE(results[0]->at(2).reason.find("ceiling"), std::string::npos) << results[0]->at(2).reason;
  EXPECT_EQ(statusesOf(*results[1]), std::vector<RecordStatus>{RecordStatus::Stored});
  auto r = store->report(kEvent);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->gross.idr(), 1'000'000);
  EXPECT_EQ(r->salesCount, 3);
  EXPECT_EQ(store->report("BOGOR-2026")->gross.idr(), 900'000);
  // Full: one rupiah more is refused; a void makes room again; the same rejected sale re-sent
  // after it is stored then.
  EXPECT_EQ(statusesOf(upload(*store, dev, {{big(5, 1)}, {}, {}})), std::vector<RecordStatus>{RecordStatus::Rejected});
  EXPECT_EQ(statusesOf(upload(*store, dev, {{}, {makeVoid(first.sales[0])}, {}})), std::vector<RecordStatus>{RecordStatus::Stored});
  EXPECT_EQ(statusesOf(upload(*store, dev, {{first.sales[2]}, {}, {}})), std::vector<RecordStatus>{RecordStatus::Stored});
  EXPECT_EQ(store->report(kEvent)->gross.idr(), 900'000);
  EXPECT_EQ(store->countRows("sales").value_or(-1), 5);
  // A stored sale re-sent when the event is full is still a duplicate, not a rejection.
  EXPECT_EQ(statusesOf(upload(*store, dev, {{big(6, 100'000)}, {}, {}})), std::vector<RecordStatus>{RecordStatus::Stored});
  EXPECT_EQ(statusesOf(upload(*store, dev, {{first.sales[1]}, {}, {}})), std::vector<RecordStatus>{RecordStatus::Duplicate});
}

// At the highest ceiling a store accepts, the largest sales the wire allows stop at the ceiling,
// far from int64: the rollups stay exact whole numbers (on SQLite they used to turn into floating
// point, on PostgreSQL "bigint out of range" failed every later upload of the event).
TEST_P(Rulebook, TheLargestSalesNeverOverflowTheRollups) {
  TempDir dir;
  StoreLimits limits;
  limits.eventCeilingIdr = kMaxEventCeilingIdr;
  std::string where;
  auto store = openEmptyStore(GetParam(), dir, &where, limits);
  core::Event e;
  e.code = kEvent;
  e.name = "x";
  ASSERT_TRUE(store->createEvent(e));
  ASSERT_TRUE(store->importCatalog(kEvent, demoCatalog()));
  const Device dev = enrollDevice(*store);
  Upload attack;
  for (std::int64_t seq = 1; seq <= 20; ++seq) attack.sales.push_back(makeSale(dev.id, seq, {{"V01", core::Sector::Fesyen, core::kMaxIdr, 1}}));
  const auto results = upload(*store, dev, attack);
  ASSERT_EQ(results.size(), 20u);
  EXPECT_EQ(results[0].status, RecordStatus::Stored);
  for (std::size_t i = 1; i < results.size(); ++i) EXPECT_EQ(results[i].status, RecordStatus::Rejected) << i;
  EXPECT_EQ(store->report(kEvent)->gross.idr(), core::kMaxIdr);
  EXPECT_EQ(store->report(kEvent)->byPayment[0].second.idr(), core::kMaxIdr);
  // And the event still takes what fits: a void, then a cash sale.
  EXPECT_EQ(statusesOf(upload(*store, dev, {{}, {makeVoid(attack.sales[0])}, {}})), std::vector<RecordStatus>{RecordStatus::Stored});
  EXPECT_EQ(statusesOf(upload(*store, dev, {{simpleSale(dev.id, 2)}, {}, {}})), std::vector<RecordStatus>{RecordStatus::Stored});
  EXPECT_EQ(store->report(kEvent)->net.idr(), 90'000);
}

// Products a later import drops stay known: a kiosk with the older catalog still stores their
// sales. A product added by an import is known at once; one never imported is refused.
TEST_P(Rulebook, SalesOfDroppedProductsAreStoredAndUnknownOnesRefused) {
  const Device dev = enrollDevice(store());
  const core::SaleRecord before = makeSale(dev.id, 1, {{"V03", core::Sector::Kuliner, 30'000, 1}});
  EXPECT_EQ(statusesOf(upload(store(), dev, {{before}, {}, {}})), std::vector<RecordStatus>{RecordStatus::Stored});
  core::CatalogFiles next = demoCatalog();
  next.products.pop_back();  // V03-P1 is gone
  next.products.push_back({0, "V03-P9", "", "V03", "Kue Baru", 10'000, 5, 0});
  ASSERT_TRUE(store().importCatalog(kEvent, next));
  EXPECT_EQ(store().countRows("products").value_or(-1), 3);
  core::SaleRecord dropped = makeSale(dev.id, 2, {{"V03", core::Sector::Kuliner, 30'000, 1}});
  core::SaleRecord added = makeSale(dev.id, 3, {{"V03", core::Sector::Kuliner, 10'000, 1}});
  added.lines[0].sku = "V03-P9";
  core::SaleRecord unknown = makeSale(dev.id, 4, {{"V03", core::Sector::Kuliner, 10'000, 1}});
  unknown.lines[0].sku = "V03-P7";
  const auto r = upload(store(), dev, {{dropped, added, unknown}, {}, {}});
  EXPECT_EQ(statusesOf(r), (std::vector<RecordStatus>{RecordStatus::Stored, RecordStatus::Stored, RecordStatus::Rejected}));
  EXPECT_NE(r.at(2).reason.find("V03-P7"), std::string::npos) << r.at(2).reason;
  EXPECT_EQ(report()["sales_count"], 3);
}

// A product imported by another process after this store read its catalog is found at its first
// sale: the cached catalog only ever lacks things, and a miss looks again.
TEST_P(Rulebook, AProductImportedByAnotherProcessIsKnownAtItsFirstSale) {
  TempDir dir;
  std::string where;
  auto first = openEmptyStore(GetParam(), dir, &where);
  core::Event e;
  e.code = kEvent;
  e.name = "x";
  ASSERT_TRUE(first->createEvent(e));
  ASSERT_TRUE(first->importCatalog(kEvent, demoCatalog()));
  const Device dev = enrollDevice(*first);
  EXPECT_EQ(statusesOf(upload(*first, dev, {{simpleSale(dev.id, 1)}, {}, {}})), std::vector<RecordStatus>{RecordStatus::Stored});
  auto second = GetParam() == Backend::Sqlite ? orThrow(openSqliteStore(where)) : orThrow(openPgStore(where));
  core::CatalogFiles next = demoCatalog();
  next.products.push_back({0, "V01-P5", "", "V01", "Selendang", 60'000, 5, 0});
  ASSERT_TRUE(second->importCatalog(kEvent, next));
  core::SaleRecord sale = makeSale(dev.id, 2, {{"V01", core::Sector::Fesyen, 60'000, 1}});
  sale.lines[0].sku = "V01-P5";
  EXPECT_EQ(statusesOf(upload(*first, dev, {{sale}, {}, {}})), std::vector<RecordStatus>{RecordStatus::Stored});
}

// Ids are one spelling: a stored sale re-sent in upper case is refused, never counted twice.
// Sequence numbers stay near what the device sent; refunds come only from the selling device.
TEST_P(Rulebook, CaseGamesSequencesFromNowhereAndOthersRefundsAreRefused) {
  const Device dev = enrollDevice(store());
  const Device other = enrollDevice(store());
  const core::SaleRecord sale = simpleSale(dev.id, 1);
  ASSERT_EQ(statusesOf(upload(store(), dev, {{sale}, {}, {}})), std::vector<RecordStatus>{RecordStatus::Stored});
  core::SaleRecord shouted = sale;
  for (char& c : shouted.uuid)
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 32);
  const auto r = upload(store(), dev, {{shouted, simpleSale(dev.id, (std::int64_t{1} << 53) - 1),
                                        simpleSale(dev.id, 1 + StoreLimits{}.seqWindow + 1), simpleSale(dev.id, 1 + StoreLimits{}.seqWindow)},
                                       {}, {}});
  EXPECT_EQ(statusesOf(r), (std::vector<RecordStatus>{RecordStatus::Rejected, RecordStatus::Rejected, RecordStatus::Rejected,
                                                      RecordStatus::Stored}));
  EXPECT_EQ(store().countRows("sales").value_or(-1), 2);
  EXPECT_EQ(status(dev).maxSeq, 1 + StoreLimits{}.seqWindow);
  const auto refund = upload(store(), other, {{}, {makeRefund(sale, 1, 1), makeVoid(sale)}, {}});
  EXPECT_EQ(statusesOf(refund), (std::vector<RecordStatus>{RecordStatus::Rejected, RecordStatus::Rejected}));
  for (const RecordResult& x : refund) EXPECT_NE(x.reason.find("another device"), std::string::npos) << x.reason;
  EXPECT_EQ(statusesOf(upload(store(), dev, {{}, {makeRefund(sale, 1, 1)}, {}})), std::vector<RecordStatus>{RecordStatus::Stored});
}

}  // namespace
}  // namespace pameran::sync
