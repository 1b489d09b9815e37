// The server store's contract, run against both backends (SQLite and PostgreSQL): store once,
// duplicate, conflict, late, sequence gaps, refunds, totals, settlement, enrollment, tokens,
// catalog. Then one script of every operation run on both, whose answers must be identical.
// (The rulebook's checks on both stores: store_rulebook_test.cpp.)
//
// Sections: the contract · one script, both backends
#include <nlohmann/json.hpp>

#include <random>
#include <sstream>

#include "store_backends.hpp"

namespace pameran::sync {
namespace {

using namespace pameran::sync::testing;
using nlohmann::json;

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::Values(Backend::Sqlite, Backend::Postgres), backendName);

TEST_P(StoreContract, ARecordIsStoredOnceThenDuplicateAndAChangedCopyIsAConflict) {
  const Device dev = enrollDevice(store());
  const core::SaleRecord sale = simpleSale(dev.id, 1);
  const core::RefundRecord refund = makeRefund(sale, 1, 1);
  const core::ShiftRecord shift = makeShift(dev.id);
  EXPECT_EQ(statusesOf(upload(store(), dev, {{sale}, {refund}, {shift}})),
            (std::vector<RecordStatus>{RecordStatus::Stored, RecordStatus::Stored, RecordStatus::Stored}));
  EXPECT_EQ(statusesOf(upload(store(), dev, {{sale}, {refund}, {shift}})),
            (std::vector<RecordStatus>{RecordStatus::Duplicate, RecordStatus::Duplicate, RecordStatus::Duplicate}));
  core::SaleRecord changedSale = sale;
  changedSale.receiptNo += "X";
  core::RefundRecord changedRefund = refund;
  changedRefund.reason = "lain";
  const core::ShiftRecord changedShift = [&] {
    core::ShiftRecord s = shift;
    s.countedCash = core::Rupiah(150'000);
    s.variance = core::Rupiah(-50'000);
    return s;
  }();
  const auto conflicts = upload(store(), dev, {{changedSale}, {changedRefund}, {changedShift}});
  EXPECT_EQ(statusesOf(conflicts), (std::vector<RecordStatus>{RecordStatus::Conflict, RecordStatus::Conflict, RecordStatus::Conflict}));
  for (const RecordResult& r : conflicts) EXPECT_NE(r.reason.find("already stored"), std::string::npos) << r.reason;
  // The same sale twice in one request: stored once.
  const core::SaleRecord twice = simpleSale(dev.id, 2);
  EXPECT_EQ(statusesOf(upload(store(), dev, {{twice, twice}, {}, {}})),
            (std::vector<RecordStatus>{RecordStatus::Stored, RecordStatus::Duplicate}));
  EXPECT_EQ(store().countRows("sales").value_or(-1), 2);
  EXPECT_EQ(store().countRows("refunds").value_or(-1), 1);
  EXPECT_EQ(store().countRows("shift_closes").value_or(-1), 1);
  EXPECT_FALSE(store().countRows("sales; DROP TABLE sales"));
  const json r = report();
  EXPECT_EQ(r["sales_count"], 2);
  EXPECT_EQ(r["net_idr"], 2 * 90'000 - 25'000);
  const DeviceStatus s = status(dev);
  EXPECT_EQ(s.salesCount, 2);
  EXPECT_EQ(s.refundsCount, 1);
  EXPECT_EQ(s.shiftsCount, 1);
}

TEST_P(StoreContract, AClosedEventStillStoresUploadsFlaggedLate) {
  const Device dev = enrollDevice(store());
  const std::int64_t version = *store().catalogVersion(dev.eventId);
  ASSERT_TRUE(store().setEventOpen(kEvent, false));
  EXPECT_FALSE(store().event(kEvent)->open);
  EXPECT_GT(*store().catalogVersion(dev.eventId), version);
  const auto late = upload(store(), dev, {{simpleSale(dev.id, 1)}, {}, {makeShift(dev.id)}});
  ASSERT_EQ(late.size(), 2u);
  for (const RecordResult& r : late) {
    EXPECT_EQ(r.status, RecordStatus::Stored);
    EXPECT_TRUE(r.late);
  }
  EXPECT_EQ(status(dev).lateCount, 2);
  EXPECT_EQ(report()["sales_count"], 1);  // counted, never dropped
  ASSERT_TRUE(store().setEventOpen(kEvent, true));
  const auto onTime = upload(store(), dev, {{simpleSale(dev.id, 2)}, {}, {}});
  ASSERT_EQ(onTime.size(), 1u);
  EXPECT_FALSE(onTime[0].late);
  const auto missing = store().setEventOpen("NOPE", false);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::Errc::NotFound);
}

TEST_P(StoreContract, DevicesListExactlyTheMissingSequenceNumbersAndCollisions) {
  const Device dev = enrollDevice(store());
  const Device idle = enrollDevice(store());
  const std::set<std::int64_t> dropped = {3, 7, 8, 9, 15, 40};
  Upload batch;
  for (std::int64_t seq = 1; seq <= 42; ++seq) {
    if (dropped.count(seq)) continue;
    batch.sales.push_back(simpleSale(dev.id, seq));
    if (batch.sales.size() == 5) {  // out of order across requests, as retries make it
      std::reverse(batch.sales.begin(), batch.sales.end());
      upload(store(), dev, batch);
      batch.sales.clear();
    }
  }
  upload(store(), dev, batch);
  DeviceStatus s = status(dev);
  EXPECT_EQ(s.maxSeq, 42);
  EXPECT_EQ(s.salesCount, 36);
  EXPECT_EQ(s.missingCount, 6);
  const std::vector<std::pair<std::int64_t, std::int64_t>> want = {{3, 3}, {7, 9}, {15, 15}, {40, 40}};
  std::vector<std::pair<std::int64_t, std::int64_t>> got;
  for (const SeqRange& r : s.missing) got.emplace_back(r.first, r.last);
  EXPECT_EQ(got, want);
  EXPECT_GT(s.lastUploadAt, 0);
  EXPECT_EQ(status(idle).maxSeq, 0);
  EXPECT_TRUE(status(idle).missing.empty());
  EXPECT_EQ(status(idle).lastUploadAt, 0);
  // The gaps filled later disappear; a second sale with a used number is a collision.
  Upload rest;
  for (std::int64_t seq : dropped) rest.sales.push_back(simpleSale(dev.id, seq));
  rest.sales.push_back(simpleSale(dev.id, 8));
  upload(store(), dev, rest);
  s = status(dev);
  EXPECT_TRUE(s.missing.empty());
  EXPECT_EQ(s.missingCount, 0);
  EXPECT_EQ(s.maxSeq, 42);
  EXPECT_EQ(s.seqCollisions, 1);
  EXPECT_EQ(s.salesCount, 43);
}

TEST_P(StoreContract, RefundsAreCheckedAgainstTheStoredSale) {
  const Device dev = enrollDevice(store());
  const core::SaleRecord sale = simpleSale(dev.id, 1);
  const core::RefundRecord early = makeRefund(sale, 1, 1);
  const auto retry = upload(store(), dev, {{}, {early}, {}});
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0].status, RecordStatus::Retry);
  EXPECT_EQ(store().countRows("refunds").value_or(-1), 0);
  EXPECT_EQ(statusesOf(upload(store(), dev, {{sale}, {early}, {}})),
            (std::vector<RecordStatus>{RecordStatus::Stored, RecordStatus::Stored}));
  const auto tooMany = upload(store(), dev, {{}, {makeRefund(sale, 1, 2)}, {}});
  ASSERT_EQ(tooMany.size(), 1u);
  EXPECT_EQ(tooMany[0].status, RecordStatus::Rejected);
  EXPECT_NE(tooMany[0].reason.find("more units"), std::string::npos) << tooMany[0].reason;
  EXPECT_EQ(upload(store(), dev, {{}, {makeVoid(sale)}, {}}).at(0).status, RecordStatus::Rejected);
  const core::SaleRecord other = simpleSale(dev.id, 2);
  EXPECT_EQ(statusesOf(upload(store(), dev, {{other}, {makeVoid(other)}, {}})),
            (std::vector<RecordStatus>{RecordStatus::Stored, RecordStatus::Stored}));
  const auto afterVoid = upload(store(), dev, {{}, {makeRefund(other, 2, 1)}, {}});
  EXPECT_EQ(afterVoid.at(0).status, RecordStatus::Rejected);
  EXPECT_NE(afterVoid.at(0).reason.find("voided"), std::string::npos);
  const json r = report();
  EXPECT_EQ(r["refund_idr"], 25'000);  // a void takes its sale off where it was counted
  EXPECT_EQ(r["sales_count"], 1);
  EXPECT_EQ(r["net_idr"], 90'000 - 25'000);
  EXPECT_EQ(store().countRows("refunds").value_or(-1), 2);
}

TEST_P(StoreContract, TotalsAndSettlementEqualTheRecordsDeltas) {
  const Device till = enrollDevice(store());
  const Device booth = enrollDevice(store(), "V02");
  ASSERT_TRUE(store().setCommission(kEvent, "V01", 1'000));
  const core::EventClock clock;
  core::RollupSet expect;
  const Device* current = nullptr;
  auto absorb = [&](const core::ReportDelta& d) { expect.apply(d, current->id); };
  const auto& cells = expect.cells;
  const auto& direct = expect.direct;
  std::mt19937_64 rng(7);
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
  const std::vector<std::pair<std::string, core::Sector>> vendors = {
      {"V01", core::Sector::Fesyen}, {"V02", core::Sector::Kriya}, {"V03", core::Sector::Kuliner}};
  for (const Device* dev : {&till, &booth}) {
    current = dev;
    Upload up;
    for (std::int64_t seq = 1; seq <= 40; ++seq) {
      std::vector<LineSpec> lines;
      for (std::int64_t i = 0, n = pick(1, 3); i < n; ++i) {
        const auto& v = vendors[static_cast<std::size_t>(pick(0, 2))];
        const std::int64_t price = pick(1, 200) * 500;
        lines.push_back({v.first, v.second, price, pick(1, 4), pick(0, 3) == 0 ? price / 10 : 0});
      }
      const auto method = core::kAllPaymentMethods[static_cast<std::size_t>(pick(0, 4))];
      core::SaleRecord sale = makeSale(dev->id, seq, lines, method, kSaleTime + pick(0, 72) * 3'600'000);
      if (dev == &booth) sale.boothVendorCode = "V02";
      absorb(core::deltaForSale(sale, clock));
      if (seq % 9 == 0) up.refunds.push_back(makeVoid(sale));
      else if (seq % 4 == 0) up.refunds.push_back(makeRefund(sale, 1, 1));
      if (!up.refunds.empty() && up.refunds.back().saleUuid == sale.uuid) absorb(core::deltaForRefund(up.refunds.back(), sale, clock));
      up.sales.push_back(std::move(sale));
    }
    for (const RecordResult& r : upload(store(), *dev, up)) EXPECT_EQ(r.status, RecordStatus::Stored) << r.reason;
  }
  std::map<std::string, core::VendorInfo> info;
  for (const auto& v : demoCatalog().vendors) info[v.code] = core::VendorInfo{v.name, v.code == "V01" ? 1'000 : 0};
  auto lookupVendor = [&](const std::string& code) { return info.count(code) ? info.at(code) : core::VendorInfo{}; };
  const auto got = store().report(kEvent);
  ASSERT_TRUE(got);
  const auto kiosks = store().devices(kEvent);
  ASSERT_TRUE(kiosks);
  auto kiosk = [&](const std::string& id) {
    for (const DeviceStatus& d : *kiosks)
      if (d.deviceId == id) return core::KioskInfo{d.code, d.name, d.booth};
    return core::KioskInfo{};
  };
  EXPECT_EQ(core::reportToJson(*got), core::reportToJson(expect.report(kEvent, lookupVendor, kiosk, demoProductName)));
  EXPECT_EQ(got->byDevice.size(), 2u);
  const auto settlement = store().settlement(kEvent);
  ASSERT_TRUE(settlement);
  EXPECT_EQ(core::settlementToJson(*settlement), core::settlementToJson(core::buildSettlement(kEvent, cells, direct, lookupVendor)));
  std::int64_t net = 0;
  for (const core::SettlementRow& v : settlement->vendors) {
    net += v.net.idr();
    if (v.vendorCode == "V02") {
      EXPECT_GT(v.paidDirect.idr(), 0);  // its own booth's cash
    }
    if (v.vendorCode == "V01") {
      EXPECT_GT(v.commission.idr(), 0);
    }
  }
  EXPECT_EQ(net, got->net.idr());
  EXPECT_FALSE(store().report("NOPE"));
  EXPECT_EQ(store().settlement("NOPE").error().code, core::Errc::NotFound);
}

TEST_P(StoreContract, EnrollmentCodesWorkOnceBeforeTheyExpireAndTokensCanBeRevoked) {
  const std::string code = newEnrollmentCode();
  const std::string codeHash = secretHash(normalizeEnrollmentCode(code));
  const auto made = store().createEnrollment({kEvent, "Kios Utara", "A1", "V01", codeHash, 10'000}, 1'000);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->deviceCode, "K01");
  EXPECT_FALSE(store().authenticate(secretHash("nobody")));
  const std::string tokenHash = secretHash(newToken());
  const auto enrolled = store().redeemEnrollment(codeHash, "Tablet 1", tokenHash, 2'000);
  ASSERT_TRUE(enrolled) << enrolled.error().message;
  EXPECT_EQ(enrolled->deviceId, made->deviceId);
  EXPECT_EQ(enrolled->boothVendorCode, "V01");
  EXPECT_EQ(enrolled->event.code, kEvent);
  const auto who = store().authenticate(tokenHash);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->kind, Principal::Kind::Device);
  EXPECT_EQ(who->id, made->deviceId);
  EXPECT_EQ(who->eventCode, kEvent);
  EXPECT_EQ(who->clock.tzOffsetMinutes, core::kWibOffsetMinutes);
  auto reason = [](const auto& r) { return r ? std::string("ok") : r.error().message; };
  EXPECT_EQ(reason(store().redeemEnrollment(codeHash, "Tablet 2", secretHash(newToken()), 3'000)), "enrollment code already used");
  EXPECT_EQ(reason(store().redeemEnrollment(secretHash("NOPE"), "x", secretHash(newToken()), 3'000)), "unknown enrollment code");
  const std::string expiring = secretHash("EXPIRING");
  ASSERT_TRUE(store().createEnrollment({kEvent, "Kios Selatan", "", "", expiring, 5'000}, 1'000));
  EXPECT_EQ(reason(store().redeemEnrollment(expiring, "x", secretHash(newToken()), 5'000)), "enrollment code expired");
  const std::string unused = secretHash("UNUSED");
  const auto third = store().createEnrollment({kEvent, "Kios Timur", "", "", unused, 90'000}, 1'000);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->deviceCode, "K03");
  ASSERT_TRUE(store().revokeDevice(kEvent, "K03", 4'000));
  EXPECT_EQ(reason(store().redeemEnrollment(unused, "x", secretHash(newToken()), 4'500)), "this device was revoked");
  ASSERT_TRUE(store().revokeDevice(kEvent, "K01", 4'000));
  EXPECT_EQ(store().authenticate(tokenHash).error().code, core::Errc::Unauthorized);
  EXPECT_EQ(store().revokeDevice(kEvent, "K01", 4'000).error().code, core::Errc::NotFound);
  EXPECT_EQ(store().createEnrollment({kEvent, "x", "", "NOPE", secretHash("V"), 90'000}, 1).error().code, core::Errc::NotFound);
  EXPECT_EQ(store().createEnrollment({"NOPE", "x", "", "", secretHash("E"), 90'000}, 1).error().code, core::Errc::NotFound);
  EXPECT_EQ(store().createEnrollment({kEvent, "", "", "", secretHash("N"), 90'000}, 1).error().code, core::Errc::Invalid);
  // Organizer tokens.
  const std::string organizer = secretHash(newToken());
  ASSERT_TRUE(store().createToken(core::Role::Organizer, "Panitia", organizer, 1'000));
  const auto org = store().authenticate(organizer);
  ASSERT_TRUE(org);
  EXPECT_EQ(org->kind, Principal::Kind::Organizer);
  EXPECT_EQ(org->name, "Panitia");
  EXPECT_EQ(store().createToken(core::Role::Cashier, "x", secretHash("c"), 1).error().code, core::Errc::Invalid);
  EXPECT_EQ(store().revokeToken("Panitia", 2'000).value_or(-1), 1);
  EXPECT_EQ(store().authenticate(organizer).error().code, core::Errc::Unauthorized);
  EXPECT_EQ(store().revokeToken("Panitia", 2'000).error().code, core::Errc::NotFound);
  EXPECT_EQ(store().countRows("devices").value_or(-1), 3);
}

TEST_P(StoreContract, CatalogImportIsAllOrNothingAndEveryChangeBumpsTheVersion) {
  const auto ev = store().event(kEvent);
  ASSERT_TRUE(ev);
  EXPECT_EQ(store().eventById(ev->id)->code, kEvent);
  EXPECT_EQ(store().eventById(ev->id + 100).error().code, core::Errc::NotFound);
  auto before = store().catalog(ev->id);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->vendors.size(), 3u);
  EXPECT_EQ(before->products.size(), 3u);
  EXPECT_EQ(before->vendors[0].row.code, "V01");
  EXPECT_EQ(before->version, *store().catalogVersion(ev->id));
  // A product of an unknown vendor: the whole import is refused and nothing changes.
  core::CatalogFiles bad = demoCatalog();
  bad.products[0].priceIdr = 1;
  bad.products.push_back({0, "X-1", "", "NOPE", "Barang", 1'000, 1, 0});
  EXPECT_FALSE(store().importCatalog(kEvent, bad));
  auto same = store().catalog(ev->id);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->version, before->version);
  EXPECT_EQ(same->products[0].priceIdr, before->products[0].priceIdr);
  EXPECT_EQ(store().countRows("products").value_or(-1), 3);
  ASSERT_TRUE(store().setCommission(kEvent, "", 500));
  EXPECT_EQ(store().setCommission(kEvent, "NOPE", 500).error().code, core::Errc::NotFound);
  EXPECT_EQ(store().setCommission(kEvent, "V01", 10'001).error().code, core::Errc::Invalid);
  core::CatalogFiles changed = demoCatalog();
  changed.products[0].priceIdr = 27'500;
  changed.products.pop_back();
  const auto summary = store().importCatalog(kEvent, changed);
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->products, 2);
  const auto after = store().catalog(ev->id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->version, before->version + 2);
  EXPECT_EQ(after->products.size(), 2u);
  EXPECT_EQ(after->products[0].priceIdr, 27'500);
  for (const CatalogVendor& v : after->vendors) EXPECT_EQ(v.commissionBp, 500) << "an import kept no commission";
  EXPECT_EQ(store().importCatalog("NOPE", changed).error().code, core::Errc::NotFound);
  // Events: bad input and duplicates change nothing.
  core::Event e;
  e.code = "bad code";
  e.name = "x";
  EXPECT_EQ(store().createEvent(e).error().code, core::Errc::Invalid);
  e.code = kEvent;
  EXPECT_EQ(store().createEvent(e).error().code, core::Errc::Conflict);
  e.code = "SOLO-2027";
  e.startDate = "2027-02-02";
  e.endDate = "2027-02-01";
  EXPECT_EQ(store().createEvent(e).error().code, core::Errc::Invalid);
  EXPECT_EQ(store().events().size(), 1u);
  e.endDate = "2027-02-05";
  const auto solo = store().createEvent(e);
  ASSERT_TRUE(solo);
  EXPECT_NE(solo->id, ev->id);
  const auto all = store().events();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].code, kEvent);  // by code
  EXPECT_TRUE(store().ping());
}

// ---- one script, both backends: every answer the same -------------------------------------------

// Runs every store operation, in the order a season of events would, and writes down each answer
// in a form that does not depend on the backend (device ids are named by their codes).
std::string runScript(ServerStore& store, const std::vector<core::SaleRecord>& sales, const std::vector<core::RefundRecord>& refunds,
                      const std::vector<core::ShiftRecord>& shifts) {
  std::ostringstream out;
  std::map<std::string, std::string> names;  // device id -> code
  auto error = [](const core::Error& e) {
    // Storage errors carry the database's own words; the rest are ours and must match.
    return "error " + std::to_string(static_cast<int>(e.code)) + (e.code == core::Errc::Storage ? std::string() : " " + e.message);
  };
  auto note = [&](const std::string& what, const auto& r) {
    out << what << ": " << (r ? std::string("ok") : error(r.error())) << "\n";
  };
  core::Event e;
  e.code = kEvent;
  e.name = "Pameran Kriya Depok";
  e.venue = "Balai Kota";
  e.cutoffHour = 3;
  e.tzOffsetMinutes = 480;
  note("create", store.createEvent(e));
  note("create again", store.createEvent(e));
  note("import", store.importCatalog(kEvent, demoCatalog()));
  note("commission", store.setCommission(kEvent, "V03", 1'250));
  std::vector<Device> devices;
  for (const char* vendor : {"", "V02", ""}) {
    Device d = enrollDevice(store, vendor, 5'000);
    names[d.id] = d.code;
    devices.push_back(d);
  }
  note("token", store.createToken(core::Role::Organizer, "Panitia", secretHash("organizer"), 6'000));
  // Uploads: each device's share of the records in a few requests per group, with repeats.
  std::vector<IngestRequest> requests;
  std::vector<Upload> uploads(12);
  for (std::size_t i = 0; i < sales.size(); ++i) uploads[(i * 7) % 12].sales.push_back(sales[i]);
  for (std::size_t i = 0; i < refunds.size(); ++i) uploads[(i * 5 + 3) % 12].refunds.push_back(refunds[i]);
  for (std::size_t i = 0; i < shifts.size(); ++i) uploads[(i + 11) % 12].shifts.push_back(shifts[i]);
  for (int round = 0; round < 3; ++round) {
    if (round == 1) note("close", store.setEventOpen(kEvent, false));
    if (round == 2) note("reopen", store.setEventOpen(kEvent, true));
    std::vector<IngestRequest> group;
    for (std::size_t u = 0; u < uploads.size(); ++u)
      group.push_back(toRequest(devices[u % devices.size()], uploads[u], 1'795'000'000'000 + round * 1'000));
    std::vector<const IngestRequest*> pointers;
    for (const IngestRequest& r : group) pointers.push_back(&r);
    const auto results = store.ingest(pointers);
    for (std::size_t i = 0; i < results.size(); ++i) {
      out << "round " << round << " request " << i << ":";
      if (!results[i]) out << " " << error(results[i].error());
      else
        for (const RecordResult& r : *results[i])
          out << " " << r.id.substr(0, 8) << "=" << toString(r.status) << (r.late ? "/late" : "") << "(" << r.reason << ")";
      out << "\n";
    }
  }
  out << "report " << core::reportToJson(*store.report(kEvent)) << "\n";
  out << "settlement " << core::settlementToJson(*store.settlement(kEvent)) << "\n";
  const auto statuses = store.devices(kEvent);
  for (const DeviceStatus& d : *statuses) {
    out << "device " << d.code << " booth=" << d.vendorCode << " enrolled=" << d.enrolledAt
        << " revoked=" << d.revoked << " last=" << d.lastUploadAt << " max=" << d.maxSeq << " sales=" << d.salesCount
        << " refunds=" << d.refundsCount << " shifts=" << d.shiftsCount << " late=" << d.lateCount
        << " collisions=" << d.seqCollisions << " missing=" << d.missingCount << ":";
    for (const SeqRange& r : d.missing) out << " " << r.first << "-" << r.last;
    out << "\n";
  }
  const auto catalog = store.catalog(store.event(kEvent)->id);
  out << "catalog v" << catalog->version << " " << encodeCatalog(*catalog) << "\n";
  note("revoke device", store.revokeDevice(kEvent, "K02", 7'000));
  note("auth revoked", store.authenticate(devices[1].tokenHash));
  note("auth device", store.authenticate(devices[0].tokenHash));
  note("auth organizer", store.authenticate(secretHash("organizer")));
  note("revoke token", store.revokeToken("Panitia", 8'000));
  note("auth revoked organizer", store.authenticate(secretHash("organizer")));
  for (const char* table : {"sales", "refunds", "shift_closes", "devices", "tokens", "events", "vendors", "products"})
    out << table << "=" << store.countRows(table).value_or(-1) << "\n";
  return out.str();
}

TEST(BothBackends, AnswerEveryOperationTheSame) {
  // Records made once and sent to both stores: the same ids and bodies. Their device ids are
  // informational (the request names the device), so one placeholder does for both stores.
  const std::string placeholder = core::newUuid();
  std::vector<core::SaleRecord> sales;
  std::vector<core::RefundRecord> refunds;
  std::vector<core::ShiftRecord> shifts;
  std::mt19937_64 rng(11);
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
  for (std::int64_t seq = 1; seq <= 90; ++seq) {
    if (seq % 13 == 0) continue;  // gaps
    const auto method = core::kAllPaymentMethods[static_cast<std::size_t>(pick(0, 4))];
    sales.push_back(makeSale(placeholder, seq,
                             {{"V01", core::Sector::Fesyen, pick(1, 90) * 1'000, pick(1, 3), pick(0, 1) * 500},
                              {"V03", core::Sector::Kuliner, pick(1, 40) * 500, pick(1, 5)}},
                             method, kSaleTime + pick(0, 60) * 3'600'000));
    if (seq % 10 == 0) refunds.push_back(makeRefund(sales.back(), 2, 1));
    if (seq % 21 == 0) refunds.push_back(makeVoid(sales.back()));
  }
  refunds.push_back(makeRefund(sales[0], 1, 99));                    // rejected
  refunds.push_back(makeRefund(makeSale(placeholder, 500, {{"V01", core::Sector::Fesyen, 1'000, 1}}), 1, 1));  // retry
  core::SaleRecord conflicting = sales[3];
  conflicting.cashier = "Orang Lain";
  sales.push_back(conflicting);
  sales.push_back(sales[5]);  // duplicate in the same group
  for (int i = 0; i < 4; ++i) shifts.push_back(makeShift(placeholder, 200'000 + i * 1'000));

  TempDir dir;
  auto sqlite = openEmptyStore(Backend::Sqlite, dir);
  auto pg = openEmptyStore(Backend::Postgres, dir);
  const std::string a = runScript(*sqlite, sales, refunds, shifts);
  const std::string b = runScript(*pg, sales, refunds, shifts);
  EXPECT_EQ(a, b);
  EXPECT_NE(a.find("=conflict"), std::string::npos);
  EXPECT_NE(a.find("=retry"), std::string::npos);
  EXPECT_NE(a.find("=rejected"), std::string::npos);
  EXPECT_NE(a.find("/late"), std::string::npos);
  EXPECT_NE(a.find("=duplicate"), std::string::npos);
}

}  // namespace
}  // namespace pameran::sync
