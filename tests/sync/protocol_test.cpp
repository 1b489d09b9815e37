// The wire codec: round trips, the canonical hash, and refusals with reasons.
#include "pameran/sync/protocol.hpp"

#include <gtest/gtest.h>

#include <cctype>

#include <nlohmann/json.hpp>
#include <string>

#include "pameran/core/ids.hpp"
#include "record_fixtures.hpp"

namespace pameran::sync {
namespace {

using testing::makeRefund;
using testing::makeSale;
using testing::simpleSale;

core::ShiftRecord sampleShift() {
  core::ShiftRecord s;
  s.uuid = core::newUuid();
  s.eventCode = testing::kEvent;
  s.deviceId = "dev-1";
  s.openedAt = testing::kSaleTime;
  s.closedAt = testing::kSaleTime + 8 * 3'600'000;
  s.openedBy = "Kasir";
  s.closedBy = "Kasir";
  s.openingFloat = core::Rupiah(200'000);
  s.cashSales = core::Rupiah(450'000);
  s.cashRefunds = core::Rupiah(50'000);
  s.expectedCash = core::Rupiah(600'000);
  s.countedCash = core::Rupiah(590'000);
  s.variance = core::Rupiah(-10'000);
  s.counts = {{100'000, 5}, {50'000, 1}, {20'000, 2}};
  s.totalsByMethod = {{"cash", 400'000}, {"qris", 150'000}};
  s.salesCount = 12;
  return s;
}

nlohmann::json saleJson() { return nlohmann::json::parse(encodeSale(simpleSale("dev-1", 7))); }

std::string batchWith(const nlohmann::json& sale) {
  return nlohmann::json{{"protocol_version", 1}, {"sales", nlohmann::json::array({sale})}}.dump();
}

// The refusal reason of the single sale in a batch, or "" when it was accepted.
std::string saleRefusal(const nlohmann::json& sale) {
  auto r = decodeBatch(batchWith(sale));
  if (!r.batch) return "batch: " + r.failure.message;
  return r.batch->sales.at(0).error;
}

TEST(ProtocolCodec, SaleRoundTripsExactly) {
  const core::SaleRecord s = makeSale("dev-1", 3,
                                      {{"V01", core::Sector::Fesyen, 125'000, 2, 5'000}, {"V03", core::Sector::Kuliner, 30'000, 4}},
                                      core::PaymentMethod::Qris);
  ASSERT_TRUE(core::validateSaleRecord(s)) << core::validateSaleRecord(s).error().message;
  const std::string text = encodeSale(s);
  auto back = decodeSale(text);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(encodeSale(*back), text);
  EXPECT_EQ(back->lines.size(), 2u);
  EXPECT_EQ(back->lines[0].lineDiscount.idr(), 5'000);
  EXPECT_EQ(back->payments[0].account, core::QrisAccount::Vendor);
  EXPECT_EQ(back->total, s.total);
}

TEST(ProtocolCodec, ACustomLineTravelsMarkedAndOtherLinesAsBefore) {
  const core::SaleRecord plain = simpleSale("dev-1", 2);
  EXPECT_EQ(encodeSale(plain).find("custom"), std::string::npos) << "an old server reads every sale without custom lines";
  core::SaleRecord s = plain;
  s.lines[0].custom = true;
  s.lines[0].sku = "";
  ASSERT_TRUE(core::validateSaleRecord(s)) << core::validateSaleRecord(s).error().message;
  const std::string text = encodeSale(s);
  EXPECT_NE(text.find("\"custom\":true"), std::string::npos) << text;
  auto back = decodeSale(text);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_TRUE(back->lines[0].custom);
  EXPECT_EQ(encodeSale(*back), text);
  EXPECT_NE(canonicalHash(*back), canonicalHash(plain));
  nlohmann::json j = saleJson();
  j["lines"][0]["sku"] = "";
  EXPECT_NE(saleRefusal(j), "") << "a line without a SKU must say it is custom";
  j["lines"][0]["custom"] = "yes";
  EXPECT_NE(saleRefusal(j), "");
}

TEST(ProtocolCodec, RefundAndShiftRoundTrip) {
  const auto sale = simpleSale("dev-1", 1);
  const core::RefundRecord r = makeRefund(sale, 1, 1);
  auto rb = decodeRefund(encodeRefund(r));
  ASSERT_TRUE(rb) << rb.error().message;
  EXPECT_EQ(encodeRefund(*rb), encodeRefund(r));
  const core::ShiftRecord s = sampleShift();
  ASSERT_TRUE(core::validateShiftRecord(s)) << core::validateShiftRecord(s).error().message;
  auto sb = decodeShift(encodeShift(s));
  ASSERT_TRUE(sb) << sb.error().message;
  EXPECT_EQ(encodeShift(*sb), encodeShift(s));
  EXPECT_EQ(sb->variance.idr(), -10'000);
  EXPECT_EQ(sb->counts.at(100'000), 5);
}

TEST(ProtocolCodec, CanonicalHashIgnoresKeyOrderAndSpacing) {
  const core::SaleRecord s = simpleSale("dev-1", 1);
  // nlohmann::json (not ordered) sorts keys: a different spelling of the same record.
  const std::string respelled = nlohmann::json::parse(encodeSale(s)).dump(2);
  ASSERT_NE(respelled, encodeSale(s));
  auto back = decodeSale(respelled);
  ASSERT_TRUE(back);
  EXPECT_EQ(canonicalHash(*back), canonicalHash(s));
}

TEST(ProtocolCodec, CanonicalHashChangesWithAnyField) {
  const core::SaleRecord s = simpleSale("dev-1", 1);
  core::SaleRecord changed = s;
  changed.cashier = "Kasir Lain";
  EXPECT_NE(canonicalHash(changed), canonicalHash(s));
  changed = s;
  changed.lines[0].name = "Barang Lain";
  EXPECT_NE(canonicalHash(changed), canonicalHash(s));
}

TEST(ProtocolCodec, BatchRoundTripsAllRecordKinds) {
  const auto sale = simpleSale("dev-1", 1);
  const std::string body = encodeBatch(Batch{"dev-1", {sale}, {makeRefund(sale, 2, 1)}, {sampleShift()}});
  auto r = decodeBatch(body);
  ASSERT_TRUE(r.batch) << r.failure.message;
  ASSERT_EQ(r.batch->recordCount(), 3u);
  EXPECT_EQ(r.batch->deviceId, "dev-1");
  EXPECT_TRUE(r.batch->sales[0].record);
  EXPECT_TRUE(r.batch->refunds[0].record) << r.batch->refunds[0].error;
  EXPECT_TRUE(r.batch->shiftCloses[0].record) << r.batch->shiftCloses[0].error;
}

core::StockMovementRecord sampleMovement() {
  core::StockMovementRecord m;
  m.uuid = core::newUuid();
  m.seq = 3;
  m.eventCode = "DEPOK-2026";
  m.deviceId = "dev-1";
  m.createdAt = 1'795'000'000'000;
  m.kind = core::TravellingMovement::Adjustment;
  m.sku = "V01-P1";
  m.vendorCode = "V01";
  m.quantity = -2;
  m.reason = "Hitung ulang";
  m.staff = "Supervisor Uji";
  return m;
}

TEST(ProtocolCodec, AStockMovementTravelsInVersionTwoAndOnlyThen) {
  const auto sale = simpleSale("dev-1", 1);
  const std::string plain = encodeBatch(Batch{"dev-1", {sale}, {}, {}});
  EXPECT_NE(plain.find("\"protocol_version\":1,"), std::string::npos);
  EXPECT_EQ(plain.find("stock_movements"), std::string::npos) << "a batch without movements is what it always was";
  Batch batch{"dev-1", {sale}, {}, {}};
  batch.stockMovements = {sampleMovement()};
  const std::string body = encodeBatch(batch);
  EXPECT_NE(body.find("\"protocol_version\":2,"), std::string::npos);
  auto r = decodeBatch(body);
  ASSERT_TRUE(r.batch) << r.failure.message;
  EXPECT_EQ(r.batch->protocolVersion, 2);
  ASSERT_EQ(r.batch->recordCount(), 2u);
  ASSERT_TRUE(r.batch->stockMovements[0].record) << r.batch->stockMovements[0].error;
  EXPECT_EQ(encodeMovement(*r.batch->stockMovements[0].record), encodeMovement(batch.stockMovements[0]));
  auto one = decodeMovement(encodeMovement(batch.stockMovements[0]));
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ(canonicalHash(*one), canonicalHash(batch.stockMovements[0]));
  core::StockMovementRecord changed = batch.stockMovements[0];
  changed.quantity = -3;
  EXPECT_NE(canonicalHash(changed), canonicalHash(batch.stockMovements[0]));
}

TEST(ProtocolCodec, ABadStockMovementIsRefusedAloneAndNamed) {
  struct Case {
    const char* name;
    void (*spoil)(core::StockMovementRecord&);
  };
  const Case cases[] = {
      {"intake taking goods out", [](core::StockMovementRecord& m) { m.kind = core::TravellingMovement::Intake; }},
      {"return bringing goods in", [](core::StockMovementRecord& m) { m.kind = core::TravellingMovement::Return; m.quantity = 2; }},
      {"zero units", [](core::StockMovementRecord& m) { m.quantity = 0; }},
      {"adjustment without a reason", [](core::StockMovementRecord& m) { m.reason.clear(); }},
      {"no sku", [](core::StockMovementRecord& m) { m.sku.clear(); }},
      {"seq 0", [](core::StockMovementRecord& m) { m.seq = 0; }},
      {"upper-case id", [](core::StockMovementRecord& m) { for (char& c : m.uuid) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }},
  };
  for (const Case& c : cases) {
    core::StockMovementRecord bad = sampleMovement();
    c.spoil(bad);
    Batch batch{"dev-1", {}, {}, {}};
    batch.stockMovements = {bad, sampleMovement()};
    auto r = decodeBatch(encodeBatch(batch));
    ASSERT_TRUE(r.batch) << c.name << ": " << r.failure.message;
    ASSERT_EQ(r.batch->stockMovements.size(), 2u);
    EXPECT_FALSE(r.batch->stockMovements[0].record) << c.name;
    EXPECT_NE(r.batch->stockMovements[0].error.find("stock_movements[0]"), std::string::npos) << c.name << ": " << r.batch->stockMovements[0].error;
    EXPECT_TRUE(r.batch->stockMovements[1].record) << c.name;
  }
  EXPECT_EQ(std::string(toString(RecordType::StockMovement)), "stock_movement");
}

TEST(ProtocolCodec, RefundsAndShiftClosesAreOptional) {
  auto r = decodeBatch(batchWith(saleJson()));
  ASSERT_TRUE(r.batch) << r.failure.message;
  EXPECT_EQ(r.batch->recordCount(), 1u);
}

TEST(ProtocolCodec, MoneyMustBeAnIntegerInRange) {
  auto j = saleJson();
  j["total_idr"] = 130000.0;
  EXPECT_NE(saleRefusal(j).find("total_idr: must be an integer"), std::string::npos) << saleRefusal(j);
  j = saleJson();
  j["lines"][0]["unit_price_idr"] = "25000";
  EXPECT_NE(saleRefusal(j).find("lines[0].unit_price_idr"), std::string::npos);
  j = saleJson();
  j["gross_idr"] = -1;
  EXPECT_NE(saleRefusal(j).find("gross_idr"), std::string::npos);
  j = saleJson();
  j["gross_idr"] = 18'446'744'073'709'551'615ull;
  EXPECT_NE(saleRefusal(j).find("gross_idr"), std::string::npos);
  j = saleJson();
  j["payments"][0]["amount_idr"] = 1e30;
  EXPECT_NE(saleRefusal(j).find("amount_idr"), std::string::npos);
}

TEST(ProtocolCodec, RecordLevelProblemsAreNamed) {
  auto j = saleJson();
  j["lines"][0]["quantity"] = -2;
  EXPECT_NE(saleRefusal(j).find("quantity"), std::string::npos);
  j = saleJson();
  j["lines"][0]["name"] = std::string(600, 'x');
  EXPECT_NE(saleRefusal(j).find("longer than"), std::string::npos);
  j = saleJson();
  j["cashier"] = "tab\there";
  EXPECT_NE(saleRefusal(j).find("clean UTF-8"), std::string::npos);
  j = saleJson();
  j["colour"] = "blue";
  EXPECT_NE(saleRefusal(j).find("unknown field"), std::string::npos);
  j = saleJson();
  j["lines"][0]["sector"] = "elektronik";
  EXPECT_NE(saleRefusal(j).find("fesyen, kriya or kuliner"), std::string::npos);
  j = saleJson();
  j["total_idr"] = 1;  // sums no longer add up: core validation speaks
  EXPECT_NE(saleRefusal(j).find("total"), std::string::npos);
  j = saleJson();
  j["shift_id"] = "not-a-uuid";
  EXPECT_NE(saleRefusal(j).find("UUID"), std::string::npos);
}

TEST(ProtocolCodec, ARefusedRecordDoesNotSinkTheBatch) {
  auto bad = saleJson();
  bad["lines"][0]["quantity"] = 0;
  const auto good = nlohmann::json::parse(encodeSale(simpleSale("dev-1", 8)));
  const std::string body =
      nlohmann::json{{"protocol_version", 1}, {"sales", nlohmann::json::array({bad, good})}}.dump();
  auto r = decodeBatch(body);
  ASSERT_TRUE(r.batch);
  EXPECT_FALSE(r.batch->sales[0].record);
  EXPECT_EQ(r.batch->sales[0].id, bad["id"].get<std::string>());
  EXPECT_TRUE(r.batch->sales[1].record);
}

TEST(ProtocolCodec, WholeBatchRefusalsMapToStatuses) {
  struct Case {
    std::string name;
    std::string body;
    int status;
  };
  std::string deep = R"({"protocol_version":1,"sales":[)";
  for (int i = 0; i < 10000; ++i) deep += "[";
  std::string manyValues = R"({"protocol_version":1,"sales":[)";
  for (int i = 0; i < 300000; ++i) manyValues += "0,";
  manyValues += "0]}";
  std::string tooMany = R"({"protocol_version":1,"sales":[)";
  for (int i = 0; i < 501; ++i) tooMany += std::string(i ? "," : "") + "{}";
  tooMany += "]}";
  auto missingId = saleJson();
  missingId.erase("id");
  const std::vector<Case> cases = {
      {"not json", "hello", 400},
      {"truncated", R"({"protocol_version":1,"sales":[)", 400},
      {"array body", "[1,2]", 400},
      {"bad utf-8", std::string(R"({"protocol_version":1,"device_id":")") + "\xff\xfe" + R"(","sales":[]})", 400},
      {"deep nesting", deep, 400},
      {"too many values", manyValues, 400},
      {"too many records", tooMany, 413},
      {"wrong version", R"({"protocol_version":3,"sales":[]})", 422},
      {"version 1 with audit", R"({"protocol_version":1,"sales":[],"audit":[]})", 422},
      {"audit entry without a number", R"({"protocol_version":2,"sales":[],"audit":[{"id":"1"}]})", 422},
      {"version 0", R"({"protocol_version":0,"sales":[]})", 422},
      {"movements in version 1", R"({"protocol_version":1,"sales":[],"stock_movements":[]})", 422},
      {"movements not array", R"({"protocol_version":2,"sales":[],"stock_movements":{}})", 422},
      {"movement without id", R"({"protocol_version":2,"sales":[],"stock_movements":[{"seq":1}]})", 422},
      {"version as string", R"({"protocol_version":"1","sales":[]})", 422},
      {"no version", R"({"sales":[]})", 422},
      {"no sales", R"({"protocol_version":1})", 422},
      {"sales not array", R"({"protocol_version":1,"sales":{}})", 422},
      {"unknown top field", R"({"protocol_version":1,"sales":[],"extra":1})", 422},
      {"record not object", R"({"protocol_version":1,"sales":[42]})", 422},
      {"record without id", batchWith(missingId), 422},
      {"record with bad id", R"({"protocol_version":1,"sales":[{"id":"123"}]})", 422},
  };
  for (const Case& c : cases) {
    auto r = decodeBatch(c.body);
    ASSERT_FALSE(r.batch) << c.name;
    EXPECT_EQ(httpStatus(r.failure.kind), c.status) << c.name << ": " << r.failure.message;
    EXPECT_FALSE(r.failure.message.empty()) << c.name;
  }
}

TEST(ProtocolCodec, BodyOverTheDecodedLimitIsTooLarge) {
  Limits small;
  small.maxDecodedBytes = 100;
  auto r = decodeBatch(batchWith(saleJson()), small);
  ASSERT_FALSE(r.batch);
  EXPECT_EQ(httpStatus(r.failure.kind), 413);
}

TEST(ProtocolCodec, BatchStatusIsWorstOutcome) {
  using S = RecordStatus;
  auto of = [](std::vector<S> statuses) {
    std::vector<RecordResult> rs;
    for (S s : statuses) rs.push_back({"id", RecordType::Sale, s, "", false});
    return httpStatus(rs);
  };
  EXPECT_EQ(of({}), 200);
  EXPECT_EQ(of({S::Stored, S::Duplicate, S::Retry}), 200);
  EXPECT_EQ(of({S::Stored, S::Rejected}), 422);
  EXPECT_EQ(of({S::Rejected, S::Conflict, S::Stored}), 409);
}

TEST(ProtocolCodec, ResponsesRoundTrip) {
  BatchResponse resp{123, {{"a", RecordType::Refund, RecordStatus::Retry, "later", false},
                           {"b", RecordType::Sale, RecordStatus::Stored, "", true}}};
  auto back = decodeBatchResponse(encodeBatchResponse(resp));
  ASSERT_TRUE(back);
  ASSERT_EQ(back->results.size(), 2u);
  EXPECT_EQ(back->results[0].status, RecordStatus::Retry);
  EXPECT_EQ(back->results[0].type, RecordType::Refund);
  EXPECT_TRUE(back->results[1].late);
  EXPECT_FALSE(decodeBatchResponse("<html>oops</html>"));
  EXPECT_FALSE(decodeBatchResponse(R"({"results":[{"id":"a","type":"sale","status":"eaten"}]})"));
}

TEST(ProtocolCodec, EnrollmentAndCatalogRoundTrip) {
  auto req = decodeEnrollRequest(encodeEnrollRequest({"ABCD-EFGH-JKMN", "Tablet 1"}));
  ASSERT_TRUE(req);
  EXPECT_EQ(req->code, "ABCD-EFGH-JKMN");
  EXPECT_FALSE(decodeEnrollRequest(R"({"code":5})"));
  EXPECT_FALSE(decodeEnrollRequest(R"({"device_name":"x"})"));

  EnrollResponse er;
  er.deviceId = core::newUuid();
  er.deviceCode = "K01";
  er.token = std::string(64, 'a');
  er.event.code = "DEPOK-2026";
  er.event.name = "Pameran";
  er.event.cutoffHour = 4;
  auto erb = decodeEnrollResponse(encodeEnrollResponse(er));
  ASSERT_TRUE(erb) << erb.error().message;
  EXPECT_EQ(erb->event.cutoffHour, 4);
  EXPECT_EQ(erb->token, er.token);

  CatalogPayload c;
  c.version = 7;
  c.event = er.event;
  c.vendors.push_back({{0, "V01", "Batik", core::Sector::Fesyen, "", "", ""}, 1'000});
  c.products.push_back({0, "SKU-1", "", "V01", "Kain", 10'000, 3, 1});
  auto cb = decodeCatalog(encodeCatalog(c));
  ASSERT_TRUE(cb) << cb.error().message;
  EXPECT_EQ(cb->version, 7);
  EXPECT_EQ(cb->vendors[0].commissionBp, 1'000);
  EXPECT_EQ(encodeCatalog(*cb), encodeCatalog(c));
  c.products[0].vendorCode = "V99";
  EXPECT_FALSE(decodeCatalog(encodeCatalog(c)));
}

TEST(ProtocolCodec, ErrorBodies) {
  EXPECT_EQ(decodeError(encodeError("no \"way\"")), "no \"way\"");
  EXPECT_EQ(decodeError("nope"), "");
}

}  // namespace
}  // namespace pameran::sync

namespace pameran::sync {
namespace {

TEST(ProtocolCodec, DeviceStatusRoundTripsAndBadAnswersAreRefused) {
  DeviceStatus d;
  d.deviceId = "0b6f7c2e-7d3a-4f43-9a51-2b1e6c1f0a11";
  d.code = "K01";
  d.maxSeq = 42;
  d.salesCount = 36;
  d.refundsCount = 2;
  d.shiftsCount = 1;
  d.missing = {{3, 3}, {7, 9}};
  d.missingCount = 4;
  auto back = decodeDeviceSelf(encodeDeviceSelf(1'795'000'000'000, d));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->deviceId, d.deviceId);
  EXPECT_EQ(back->maxSeq, 42);
  EXPECT_EQ(back->refundsCount, 2);
  EXPECT_EQ(back->shiftsCount, 1);
  EXPECT_EQ(back->missing, d.missing);
  EXPECT_EQ(back->missingCount, 4);
  // A kiosk re-queues from this answer: anything doubtful changes nothing.
  for (const char* bad : {"", "[]", "{}", R"({"device":{}})",
                          R"({"device":{"highest_seq":-1,"sales_count":0,"refunds_count":0,"shift_closes_count":0,"missing":[]}})",
                          R"({"device":{"highest_seq":5,"sales_count":0,"refunds_count":0,"shift_closes_count":0,"missing":[{"first":6,"last":7}]}})",
                          R"({"device":{"highest_seq":9,"sales_count":0,"refunds_count":0,"shift_closes_count":0,"missing":[{"first":5,"last":6},{"first":2,"last":3}]}})",
                          R"({"device":{"highest_seq":9,"sales_count":0,"refunds_count":1.0,"shift_closes_count":0,"missing":[]}})"})
    EXPECT_FALSE(decodeDeviceSelf(bad)) << bad;
}

// Issue 8: audit entries travel in version-2 batches, as the kiosk keeps them, doctored or not.
TEST(AuditCodec, AuditEntriesRoundTripInAVersionTwoBatchAndTextsArriveAsTheyAre) {
  core::AuditEntry e{7, 1'795'000'000'000, "Supervisor Demo", "void", "DEPOK-K01-000012", "salah\tinput", "{\"x\":1}",
                     core::auditGenesisHash(), {}};
  e.hash = core::auditHash(e);
  Batch batch{"dev-1", {}, {}, {}, {e}};
  const std::string body = encodeBatch(batch);
  EXPECT_NE(body.find("\"protocol_version\":2"), std::string::npos);
  EXPECT_EQ(encodeBatch(Batch{"dev-1", {}, {}, {}}).find("audit"), std::string::npos) << "version 1 without entries";
  const DecodeBatchResult r = decodeBatch(body);
  ASSERT_TRUE(r.batch) << r.failure.message;
  ASSERT_EQ(r.batch->audit.size(), 1u);
  EXPECT_EQ(r.batch->audit[0].id, "7");
  ASSERT_TRUE(r.batch->audit[0].record) << r.batch->audit[0].error;
  const core::AuditEntry& back = *r.batch->audit[0].record;
  EXPECT_EQ(back.reason, e.reason) << "a control character is not refused: the link check names the entry";
  EXPECT_EQ(core::auditHash(back), e.hash);
  EXPECT_EQ(encodeAudit(back), encodeAudit(e));
  EXPECT_EQ(r.batch->recordCount(), 1u);
  // A field missing: that entry is rejected, the batch goes on.
  const DecodeBatchResult partial = decodeBatch(R"({"protocol_version":2,"sales":[],"audit":[{"id":3,"at_ms":1}]})");
  ASSERT_TRUE(partial.batch);
  EXPECT_FALSE(partial.batch->audit.at(0).record);
  EXPECT_NE(partial.batch->audit.at(0).error.find("staff"), std::string::npos) << partial.batch->audit.at(0).error;
}

}  // namespace
}  // namespace pameran::sync
