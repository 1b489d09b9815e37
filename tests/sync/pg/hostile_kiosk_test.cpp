// P21: a kiosk with a valid token cannot bend the figures. The hostile-kiosk suite runs over both
// stores through the same fixture: a real server on loopback gets a table of more than a hundred
// bad requests (findings 2.1, 2.4-2.7 of issue 7 and the P14 malicious inputs), each with its
// expected HTTP status and per-record results, while honest kiosks of two events upload at the
// same time. Afterwards the stored rows and every total equal what the honest traffic alone
// gives, to the rupiah, and the rollup columns hold integers only.
//
// Sections: fixture · honest traffic · the table · the test
#include <SQLiteCpp/SQLiteCpp.h>
#include <httplib.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <thread>

#include "../sync_fixtures.hpp"
#include "store_backends.hpp"

namespace pameran::sync {
namespace {

using namespace pameran::sync::testing;
using nlohmann::json;

constexpr const char* kOther = "BOGOR-2026";

// ---- fixture ---------------------------------------------------------------------------------

struct Kiosk {
  std::string id, token, event, booth;
};

Kiosk enrollKiosk(ServerStore& store, const std::string& event, const std::string& booth = "") {
  const std::string code = newEnrollmentCode();
  const std::string token = newToken();
  const EnrollmentTicket t{event, "Kios " + code.substr(0, 4), "B", booth, secretHash(normalizeEnrollmentCode(code)), 4'000'000'000'000};
  if (!store.createEnrollment(t, 1)) throw std::runtime_error("enrollment");
  auto r = store.redeemEnrollment(t.codeHash, "tablet", secretHash(token), 2);
  if (!r) throw std::runtime_error(r.error().message);
  return {r->deviceId, token, event, booth};
}

DeviceStatus statusOf(ServerStore& store, const Kiosk& k) {
  const auto list = store.devices(k.event);
  if (list) {
    for (const DeviceStatus& d : *list) {
      if (d.deviceId == k.id) return d;
    }
  }
  ADD_FAILURE() << "device not listed";
  return {};
}

httplib::Result post(int port, const std::string& token, const std::string& body, const httplib::Headers& extra = {}) {
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(30);
  httplib::Headers h = extra;
  if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
  return c.Post("/api/v1/sales", h, body, "application/json");
}

// What the honest records add up to, the way the store should count them.
struct Expected : core::RollupSet {
  void add(const core::ReportDelta& d, const std::string& device) { apply(d, device); }
};

struct Ledger {
  std::mutex mutex;
  std::map<std::string, Expected> byEvent;
  std::int64_t sales = 0, refunds = 0, shifts = 0;
};

core::SaleRecord saleFor(const Kiosk& k, std::int64_t seq, std::vector<LineSpec> lines,
                         core::PaymentMethod method = core::PaymentMethod::Cash) {
  core::SaleRecord s = makeSale(k.id, seq, lines, method, kSaleTime + (seq % 1'000) * 60'000, k.event);
  s.boothVendorCode = k.booth;
  return s;
}

// Uploads records that must all be stored, and books them in the ledger.
void uploadHonest(int port, const Kiosk& k, const std::vector<core::SaleRecord>& sales, const std::vector<core::RefundRecord>& refunds,
                  const std::vector<core::ShiftRecord>& shifts, Ledger& ledger) {
  auto res = post(port, k.token, encodeBatch(Batch{k.id, sales, refunds, shifts}));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body.substr(0, 300);
  auto answer = decodeBatchResponse(res->body);
  ASSERT_TRUE(answer);
  for (const RecordResult& r : answer->results) ASSERT_EQ(r.status, RecordStatus::Stored) << r.reason;
  std::lock_guard<std::mutex> lock(ledger.mutex);
  Expected& e = ledger.byEvent[k.event];
  for (const auto& s : sales) e.add(core::deltaForSale(s, {}), k.id);
  for (const auto& r : refunds)
    for (const auto& s : sales)
      if (s.uuid == r.saleUuid) e.add(core::deltaForRefund(r, s, {}), k.id);
  ledger.sales += static_cast<std::int64_t>(sales.size());
  ledger.refunds += static_cast<std::int64_t>(refunds.size());
  ledger.shifts += static_cast<std::int64_t>(shifts.size());
}

// ---- honest traffic ----------------------------------------------------------------------------

// An honest kiosk: batches of sales, a refund of one of them now and then, a shift close at the end.
void sellHonestly(int port, const Kiosk& k, std::int64_t firstSeq, int batches, Ledger& ledger, std::atomic<bool>& failed) {
  std::mt19937_64 rng(std::hash<std::string>{}(k.id));
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
  const std::vector<std::pair<std::string, core::Sector>> vendors = {
      {"V01", core::Sector::Fesyen}, {"V02", core::Sector::Kriya}, {"V03", core::Sector::Kuliner}};
  std::int64_t seq = firstSeq;
  for (int b = 0; b < batches && !failed; ++b) {
    std::vector<core::SaleRecord> sales;
    std::vector<core::RefundRecord> refunds;
    for (int i = 0; i < 15; ++i) {
      std::vector<LineSpec> lines;
      for (std::int64_t n = pick(1, 3); n > 0; --n) {
        const auto& v = vendors[static_cast<std::size_t>(pick(0, 2))];
        const std::int64_t price = pick(1, 100) * 1'000;
        lines.push_back({v.first, v.second, price, pick(1, 3), pick(0, 4) == 0 ? price / 10 : 0});
      }
      sales.push_back(saleFor(k, seq++, lines, core::kAllPaymentMethods[static_cast<std::size_t>(pick(0, 4))]));
      if (i % 7 == 3) refunds.push_back(pick(0, 1) ? makeVoid(sales.back()) : makeRefund(sales.back(), 1, 1));
    }
    std::vector<core::ShiftRecord> shifts;
    if (b + 1 == batches) {
      shifts.push_back(makeShift(k.id));
      shifts.back().eventCode = k.event;
    }
    uploadHonest(port, k, sales, refunds, shifts, ledger);
    if (::testing::Test::HasFatalFailure()) failed = true;
  }
}

// ---- the table -------------------------------------------------------------------------------

struct Attack {
  std::string name;
  const Kiosk* sender = nullptr;  // nullptr: a stranger
  std::string body;
  int status = 0;                          // the HTTP status expected
  std::vector<RecordStatus> results = {};  // per record; empty: the whole batch refused
  std::string reason = {};                 // a part of the first record's reason, or of the error
  httplib::Headers headers = {};
  std::string token = {};                  // instead of the sender's
};

constexpr RecordStatus Rej = RecordStatus::Rejected;

std::string batch(const Kiosk& k, std::vector<core::SaleRecord> sales, std::vector<core::RefundRecord> refunds = {},
                  std::vector<core::ShiftRecord> shifts = {}) {
  return encodeBatch(Batch{k.id, std::move(sales), std::move(refunds), std::move(shifts)});
}

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// A sale's JSON changed by `edit`, alone in a batch.
template <class Edit>
std::string edited(const core::SaleRecord& sale, Edit edit) {
  json j = json::parse(encodeSale(sale));
  edit(j);
  return json{{"protocol_version", 1}, {"sales", json::array({j})}}.dump();
}

// Sales of `idr` each that the kiosk could ring up (valid records) but no exhibition makes.
std::vector<core::SaleRecord> bigSales(const Kiosk& k, int n, std::int64_t idr, std::int64_t firstSeq) {
  std::vector<core::SaleRecord> out;
  for (int i = 0; i < n; ++i) out.push_back(saleFor(k, firstSeq + i, {{"V01", core::Sector::Fesyen, idr, 1}}));
  return out;
}

struct Cast {
  const Kiosk& x;    // a hostile till of the event
  const Kiosk& xb;   // a hostile booth kiosk of vendor V01
  const Kiosk& y;    // a hostile till of the other event
  const Kiosk& h1;   // honest till whose sale others try to refund
  const Kiosk& hb;   // honest booth kiosk of V02
  const core::SaleRecord& xSale;   // stored earlier by x (seq 1): 2 x Rp 25.000 + 1 x Rp 40.000
  const core::SaleRecord& h1Sale;  // stored earlier by h1
  const core::SaleRecord& hbSale;  // stored earlier by hb
  const core::SaleRecord& ySale;   // stored earlier by y
  std::string organizerToken;
  std::string revokedToken;
};

std::vector<Attack> attacks(const Cast& c) {
  std::vector<Attack> t;
  const core::SaleRecord base = saleFor(c.x, 50, {{"V01", core::Sector::Fesyen, 25'000, 2}, {"V02", core::Sector::Kriya, 40'000, 1}});
  auto sale = [&](const Kiosk& k, std::int64_t seq) {
    return saleFor(k, seq, {{"V01", core::Sector::Fesyen, 25'000, 2}, {"V02", core::Sector::Kriya, 40'000, 1}});
  };
  // P14: malformed and out-of-range input, refused whole or per record.
  std::string deep = R"({"protocol_version":1,"sales":[)";
  for (int i = 0; i < 10'000; ++i) deep += "[";
  std::string many = R"({"protocol_version":1,"sales":[)";
  for (int i = 0; i < 400'000; ++i) many += "1,";
  many += "1]}";
  std::vector<core::SaleRecord> tooMany;
  for (int i = 0; i < 501; ++i) tooMany.push_back(sale(c.x, 100 + i));
  t.push_back({"deep nesting", &c.x, deep, 400});
  t.push_back({"too many JSON values", &c.x, many, 400});
  t.push_back({"more than 500 records", &c.x, batch(c.x, tooMany), 413});
  t.push_back({"not JSON", &c.x, "{{{{", 400});
  t.push_back({"empty body", &c.x, "", 400});
  t.push_back({"an array, not an object", &c.x, "[]", 400});
  t.push_back({"bad UTF-8", &c.x, std::string(R"({"protocol_version":1,"sales":[{"id":")") + "\xc3\x28" + R"("}]})", 400});
  t.push_back({"wrong protocol_version", &c.x, R"({"protocol_version":99,"sales":[]})", 422});
  t.push_back({"no sales field", &c.x, R"({"protocol_version":1})", 422});
  t.push_back({"unknown top-level field", &c.x, R"({"protocol_version":1,"sales":[],"admin":true})", 422});
  t.push_back({"device_id of another device", &c.x, encodeBatch(Batch{c.h1.id, {sale(c.x, 51)}, {}, {}}), 422, {}, "device_id"});
  t.push_back({"a record id that is no UUID", &c.x, edited(base, [](json& j) { j["id"] = "1234"; }), 422});
  const std::vector<std::pair<std::string, std::function<void(json&)>>> badFields = {
      {"float money", [](json& j) { j["total_idr"] = 90000.5; }},
      {"string money", [](json& j) { j["lines"][0]["net_idr"] = "50000"; }},
      {"null money", [](json& j) { j["gross_idr"] = nullptr; }},
      {"money beyond Rp 10^15", [](json& j) { j["gross_idr"] = 9'000'000'000'000'000'000ull; }},
      {"negative quantity", [](json& j) { j["lines"][0]["quantity"] = -2; }},
      {"zero quantity", [](json& j) { j["lines"][0]["quantity"] = 0; }},
      {"string quantity", [](json& j) { j["lines"][0]["quantity"] = "2"; }},
      {"overlong name", [](json& j) { j["lines"][0]["name"] = std::string(5000, 'a'); }},
      {"control characters", [](json& j) { j["cashier"] = std::string("a\x01b"); }},
      {"gross is not the lines'", [](json& j) { j["lines"][0]["gross_idr"] = 1; }},
      {"payments do not make the total", [](json& j) { j["payments"][0]["amount_idr"] = 1; }},
      {"lines numbered wrong", [](json& j) { j["lines"][1]["line_no"] = 5; }},
      {"unknown record field", [](json& j) { j["admin"] = true; }},
      {"negative seq", [](json& j) { j["seq"] = -1; }},
      {"seq zero", [](json& j) { j["seq"] = 0; }},
      {"seq beyond 2^53", [](json& j) { j["seq"] = 9'007'199'254'740'993ll; }},
      {"negative time", [](json& j) { j["created_at_ms"] = -5; }},
      {"no lines", [](json& j) { j["lines"] = json::array(); }},
      {"unknown payment method", [](json& j) { j["payments"][0]["method"] = "bitcoin"; }},
      {"unknown sector", [](json& j) { j["lines"][0]["sector"] = "senjata"; }},
  };
  for (const auto& [name, edit] : badFields) t.push_back({name, &c.x, edited(base, edit), 422, {Rej}});
  // Strangers and the wrong token.
  t.push_back({"no token", nullptr, batch(c.x, {sale(c.x, 52)}), 401});
  t.push_back({"an unknown token", nullptr, batch(c.x, {sale(c.x, 52)}), 401, {}, "", {}, newToken()});
  t.push_back({"a revoked device's token", nullptr, batch(c.x, {sale(c.x, 52)}), 401, {}, "", {}, c.revokedToken});
  t.push_back({"an organizer token on uploads", nullptr, batch(c.x, {sale(c.x, 52)}), 403, {}, "", {}, c.organizerToken});
  t.push_back({"brotli body", &c.x, batch(c.x, {sale(c.x, 52)}), 400, {}, "", {{"Content-Encoding", "br"}}});
  t.push_back({"gzip that is not", &c.x, "not gzip", 400, {}, "", {{"Content-Encoding", "gzip"}}});
  // 2.1: money no exhibition makes, on both events, alone and in bulk.
  for (const Kiosk* k : {&c.x, &c.y}) {
    t.push_back({"a sale of Rp 10^15", k, batch(*k, bigSales(*k, 1, core::kMaxIdr, 60)), 422, {Rej}, "ceiling"});
    t.push_back({"a sale one rupiah over the ceiling", k, batch(*k, bigSales(*k, 1, StoreLimits{}.eventCeilingIdr + 1, 60)), 422,
                 {Rej}, "ceiling"});
    t.push_back({"a sale of Rp 5 x 10^14", k, batch(*k, bigSales(*k, 1, 500'000'000'000'000, 61)), 422, {Rej}, "ceiling"});
    t.push_back({"500 sales of Rp 10^15 (past int64 together)", k, batch(*k, bigSales(*k, 500, core::kMaxIdr, 100)), 422,
                 std::vector<RecordStatus>(500, Rej), "ceiling"});
  }
  // 2.4: lines, payees and booth vendors that are not the event's or not the device's.
  for (const Kiosk* k : {&c.x, &c.y}) {
    auto with = [&](std::function<void(core::SaleRecord&)> edit) {
      core::SaleRecord s = sale(*k, 70);
      edit(s);
      return batch(*k, {s});
    };
    t.push_back({"line vendor NOPE", k, with([](auto& s) { s.lines[0].vendorCode = "NOPE"; }), 422, {Rej}, "vendor NOPE"});
    t.push_back({"line vendor in lower case", k, with([](auto& s) { s.lines[0].vendorCode = "v01"; }), 422, {Rej}, "vendor v01"});
    t.push_back({"line SKU NOPE-1", k, with([](auto& s) { s.lines[0].sku = "NOPE-1"; }), 422, {Rej}, "NOPE-1"});
    t.push_back({"line SKU in lower case", k, with([](auto& s) { s.lines[0].sku = "v01-p1"; }), 422, {Rej}, "v01-p1"});
    t.push_back({"V01's product booked to V03", k, with([](auto& s) { s.lines[0].vendorCode = "V03"; }), 422, {Rej}, "not a product"});
    t.push_back({"the second line's SKU unknown", k, with([](auto& s) { s.lines[1].sku = "V02-P9"; }), 422, {Rej}, "V02-P9"});
    t.push_back({"QRIS payee NOPE", k, with([](auto& s) {
                   s.payments[0] = {core::PaymentMethod::Qris, s.total, {}, {}, "", core::QrisAccount::Vendor, "NOPE", "Kasir"};
                 }),
                 422, {Rej}, "payee NOPE"});
    t.push_back({"QRIS of a vendor that sold nothing here", k, with([](auto& s) {
                   s.payments[0] = {core::PaymentMethod::Qris, s.total, {}, {}, "", core::QrisAccount::Vendor, "V03", "Kasir"};
                 }),
                 422, {Rej}, "sold nothing"});
    t.push_back({"one vendor's QRIS takes the whole cart", k, with([](auto& s) {
                   s.payments[0] = {core::PaymentMethod::Qris, s.total, {}, {}, "", core::QrisAccount::Vendor, "V01", "Kasir"};
                 }),
                 422, {Rej}, "more than its lines took"});
    t.push_back({"a till claims V02's booth", k, with([](auto& s) { s.boothVendorCode = "V02"; }), 422, {Rej}, "booth vendor"});
  }
  auto boothSale = [&](const std::string& booth) {
    core::SaleRecord s = sale(c.xb, 80);
    s.boothVendorCode = booth;
    return batch(c.xb, {s});
  };
  t.push_back({"V01's booth claims V02's booth", &c.xb, boothSale("V02"), 422, {Rej}, "booth vendor"});
  t.push_back({"V01's booth hides its cash", &c.xb, boothSale(""), 422, {Rej}, "booth vendor"});
  t.push_back({"V01's booth names a stranger", &c.xb, boothSale("NOPE"), 422, {Rej}, "booth vendor"});
  // 2.5: ids in another case.
  core::SaleRecord shouted = c.xSale;
  shouted.uuid = upper(shouted.uuid);
  t.push_back({"a stored sale re-sent in upper case", &c.x, batch(c.x, {shouted}), 422, {Rej}, "lowercase"});
  core::SaleRecord mixed = sale(c.x, 53);
  mixed.uuid[0] = mixed.uuid[0] >= 'a' ? static_cast<char>(mixed.uuid[0] - 32) : mixed.uuid[0];
  mixed.uuid.replace(9, 4, "ABCD");
  t.push_back({"a new sale with a mixed-case id", &c.x, batch(c.x, {mixed}), 422, {Rej}, "lowercase"});
  core::SaleRecord shiftUpper = sale(c.x, 54);
  shiftUpper.shiftUuid = upper(core::newUuid());
  t.push_back({"an upper-case shift_id", &c.x, batch(c.x, {shiftUpper}), 422, {Rej}, "shift_id"});
  core::RefundRecord refundUpper = makeRefund(c.xSale, 2, 1);
  refundUpper.uuid = upper(refundUpper.uuid);
  t.push_back({"an upper-case refund id", &c.x, batch(c.x, {}, {refundUpper}), 422, {Rej}, "lowercase"});
  core::RefundRecord saleIdUpper = makeRefund(c.xSale, 2, 1);
  saleIdUpper.saleUuid = upper(saleIdUpper.saleUuid);
  t.push_back({"a refund naming its sale in upper case", &c.x, batch(c.x, {}, {saleIdUpper}), 422, {Rej}, "sale_id"});
  core::ShiftRecord shiftClose = makeShift(c.x.id);
  shiftClose.uuid = upper(shiftClose.uuid);
  t.push_back({"an upper-case shift close id", &c.x, batch(c.x, {}, {}, {shiftClose}), 422, {Rej}, "lowercase"});
  core::SaleRecord yShouted = c.ySale;
  yShouted.uuid = upper(yShouted.uuid);
  t.push_back({"the other event's stored sale in upper case", &c.y, batch(c.y, {yShouted}), 422, {Rej}, "lowercase"});
  // 2.6: refunds and voids of other devices' sales.
  t.push_back({"refunding another till's sale", &c.x, batch(c.x, {}, {makeRefund(c.h1Sale, 1, 1)}), 422, {Rej}, "another device"});
  t.push_back({"voiding another till's sale", &c.x, batch(c.x, {}, {makeVoid(c.h1Sale)}), 422, {Rej}, "another device"});
  t.push_back({"a booth voiding another booth's sale", &c.xb, batch(c.xb, {}, {makeVoid(c.hbSale)}), 422, {Rej}, "another device"});
  // A refund of another event's sale, as it is (its event is not the device's) and relabelled.
  t.push_back({"refunding a sale of another event", &c.y, batch(c.y, {}, {makeRefund(c.xSale, 1, 1)}), 422, {Rej},
               "not this device's event"});
  t.push_back({"voiding a sale of another event", &c.x, batch(c.x, {}, {makeVoid(c.ySale)}), 422, {Rej}, "not this device's event"});
  core::RefundRecord relabelled = makeRefund(c.xSale, 1, 1);
  relabelled.eventCode = kOther;
  t.push_back({"refunding a sale of another event under one's own", &c.y, batch(c.y, {}, {relabelled}), 422, {Rej}, "another event"});
  core::RefundRecord relabelledVoid = makeVoid(c.ySale);
  relabelledVoid.eventCode = kEvent;
  t.push_back({"voiding a sale of another event under one's own", &c.x, batch(c.x, {}, {relabelledVoid}), 422, {Rej},
               "another event"});
  core::RefundRecord disguised = makeRefund(c.h1Sale, 1, 1);
  disguised.deviceId = c.h1.id;  // names the seller: the token decides
  t.push_back({"a refund that names the seller's device", &c.x, batch(c.x, {}, {disguised}), 422, {Rej}, "another device"});
  // 2.7: sequence numbers from nowhere.
  const std::int64_t window = StoreLimits{}.seqWindow;
  t.push_back({"seq 2^53 - 1", &c.x, batch(c.x, {sale(c.x, (std::int64_t{1} << 53) - 1)}), 422, {Rej}, "implausibly far"});
  t.push_back({"seq just past the window", &c.x, batch(c.x, {sale(c.x, 2 + window + 1)}), 422, {Rej}, "implausibly far"});
  t.push_back({"seq 10^15", &c.y, batch(c.y, {sale(c.y, 1'000'000'000'000'000)}), 422, {Rej}, "implausibly far"});
  t.push_back({"a batch climbing window by window", &c.x,
               batch(c.x, {sale(c.x, 3 * window), sale(c.x, 4 * window), sale(c.x, 5 * window)}), 422, {Rej, Rej, Rej},
               "implausibly far"});
  t.push_back({"a booth's seq from nowhere", &c.xb, [&] {
                 core::SaleRecord s = sale(c.xb, 9 * window);
                 s.boothVendorCode = "V01";
                 return batch(c.xb, {s});
               }(),
               422, {Rej}, "implausibly far"});
  // Refunds the stored sale cannot pay for.
  core::RefundRecord moreMoney = makeRefund(c.xSale, 2, 1);
  moreMoney.lines[0].amount = core::Rupiah(40'001);
  moreMoney.total = moreMoney.lines[0].amount;
  core::RefundRecord noLine = makeRefund(c.xSale, 2, 1);
  noLine.lines[0].lineNo = 9;
  core::RefundRecord halfVoid = makeVoid(c.xSale);
  halfVoid.total = core::Rupiah(1'000);
  halfVoid.lines = {{1, 1, core::Rupiah(1'000), true}};
  t.push_back({"refunding more units than were sold", &c.x, batch(c.x, {}, {makeRefund(c.xSale, 1, 3)}), 422, {Rej}, "more units"});
  t.push_back({"refunding more money than the line took", &c.x, batch(c.x, {}, {moreMoney}), 422, {Rej}, "more money"});
  t.push_back({"refunding a line the sale lacks", &c.x, batch(c.x, {}, {noLine}), 422, {Rej}, "not a line"});
  t.push_back({"a void of part of the sale", &c.x, batch(c.x, {}, {halfVoid}), 422, {Rej}, "whole sale total"});
  t.push_back({"a refund of a sale never sent", &c.x, batch(c.x, {}, {makeRefund(sale(c.x, 55), 1, 1)}), 200, {RecordStatus::Retry}});
  // Changed copies of stored records, and records of the other event.
  core::SaleRecord rewritten = c.xSale;
  rewritten.cashier = "Orang Lain";
  t.push_back({"a stored sale with another cashier", &c.x, batch(c.x, {rewritten}), 409, {RecordStatus::Conflict}, "already stored"});
  core::SaleRecord othersRewritten = c.ySale;
  othersRewritten.receiptNo += "X";
  t.push_back({"the other event's stored sale changed", &c.y, batch(c.y, {othersRewritten}), 409, {RecordStatus::Conflict}});
  t.push_back({"a sale for the other event", &c.x, batch(c.x, {saleFor(Kiosk{c.x.id, "", kOther, ""}, 56, {{"V01", core::Sector::Fesyen, 1'000, 1}})}),
               422, {Rej}, "not this device's event"});
  t.push_back({"the event code in lower case", &c.x,
               batch(c.x, {saleFor(Kiosk{c.x.id, "", "depok-2026", ""}, 57, {{"V01", core::Sector::Fesyen, 1'000, 1}})}), 422, {Rej},
               "not this device's event"});
  core::RefundRecord otherEventRefund = makeRefund(c.xSale, 2, 1);
  otherEventRefund.eventCode = kOther;
  t.push_back({"a refund for the other event", &c.x, batch(c.x, {}, {otherEventRefund}), 422, {Rej}, "not this device's event"});
  core::ShiftRecord otherShift = makeShift(c.x.id);
  otherShift.eventCode = kOther;
  t.push_back({"a shift close for the other event", &c.x, batch(c.x, {}, {}, {otherShift}), 422, {Rej}, "not this device's event"});
  // Everything at once: each record refused for its own reason, nothing of the batch stored.
  core::SaleRecord nope = sale(c.x, 57);
  nope.lines[0].vendorCode = "NOPE";
  t.push_back({"a batch of every trick", &c.x,
               batch(c.x, {nope, shouted, sale(c.x, 7 * window), bigSales(c.x, 1, core::kMaxIdr, 58)[0]},
                     {makeVoid(c.h1Sale), makeRefund(c.xSale, 1, 3)}),
               422, {Rej, Rej, Rej, Rej, Rej, Rej}});
  return t;
}

// ---- the test --------------------------------------------------------------------------------

class HostileKiosk : public ::testing::TestWithParam<Backend> {};
INSTANTIATE_TEST_SUITE_P(Backends, HostileKiosk, ::testing::Values(Backend::Sqlite, Backend::Postgres), backendName);

TEST_P(HostileKiosk, CannotBendTheFiguresWhileHonestKiosksUpload) {
  TempDir dir;
  std::string where;
  std::unique_ptr<ServerStore> made = openEmptyStore(GetParam(), dir, &where);
  ServerStore& store = *made;
  for (const char* code : {kEvent, kOther}) {
    core::Event e;
    e.code = code;
    e.name = std::string("Pameran ") + code;
    ASSERT_TRUE(store.createEvent(e));
    ASSERT_TRUE(store.importCatalog(code, demoCatalog()));
  }
  const Kiosk h1 = enrollKiosk(store, kEvent), h2 = enrollKiosk(store, kEvent), hb = enrollKiosk(store, kEvent, "V02");
  const Kiosk g1 = enrollKiosk(store, kOther);
  const Kiosk x = enrollKiosk(store, kEvent), xb = enrollKiosk(store, kEvent, "V01"), y = enrollKiosk(store, kOther);
  const Kiosk revoked = enrollKiosk(store, kEvent);
  const std::string organizer = newToken();
  ASSERT_TRUE(store.createToken(core::Role::Organizer, "Panitia", secretHash(organizer), 1));
  RunningServer server(std::move(made));
  ASSERT_TRUE(store.revokeDevice(kEvent, statusOf(store, revoked).code, 3));
  const int port = server.port();

  // The hostile kiosks sell honestly first; so do the honest ones whose sales get attacked.
  Ledger ledger;
  const std::vector<LineSpec> lines = {{"V01", core::Sector::Fesyen, 25'000, 2}, {"V02", core::Sector::Kriya, 40'000, 1}};
  const core::SaleRecord xSale = saleFor(x, 1, lines), xSale2 = saleFor(x, 2, lines);
  core::SaleRecord xbSale = saleFor(xb, 1, lines);
  const core::SaleRecord ySale = saleFor(y, 1, lines), h1Sale = saleFor(h1, 1, lines), hbSale = saleFor(hb, 1, lines);
  uploadHonest(port, x, {xSale, xSale2}, {}, {}, ledger);
  uploadHonest(port, xb, {xbSale}, {}, {}, ledger);
  uploadHonest(port, y, {ySale}, {}, {}, ledger);
  uploadHonest(port, h1, {h1Sale}, {}, {}, ledger);
  uploadHonest(port, hb, {hbSale}, {}, {}, ledger);
  ASSERT_FALSE(HasFatalFailure());

  // Honest kiosks of both events keep uploading while the table is sent.
  std::atomic<bool> failed{false};
  std::vector<std::thread> honest;
  for (const Kiosk* k : {&h1, &h2, &hb, &g1})
    honest.emplace_back([&, k] { sellHonestly(port, *k, k == &h1 || k == &hb ? 2 : 1, 12, ledger, failed); });

  const std::vector<Attack> table = attacks(Cast{x, xb, y, h1, hb, xSale, h1Sale, hbSale, ySale, organizer, revoked.token});
  EXPECT_GE(table.size(), 100u);
  for (const Attack& a : table) {
    auto res = post(port, a.token.empty() && a.sender ? a.sender->token : a.token, a.body, a.headers);
    ASSERT_TRUE(res) << a.name;
    EXPECT_EQ(res->status, a.status) << a.name << ": " << res->body.substr(0, 300);
    if (a.results.empty()) {
      EXPECT_FALSE(decodeBatchResponse(res->body)) << a.name << ": a refused batch carries no results";
      if (!a.reason.empty()) {
        EXPECT_NE(decodeError(res->body).find(a.reason), std::string::npos) << a.name << ": " << res->body;
      }
      continue;
    }
    auto answer = decodeBatchResponse(res->body);
    ASSERT_TRUE(answer) << a.name << ": " << res->body.substr(0, 300);
    EXPECT_EQ(statusesOf(answer->results), a.results) << a.name;
    if (!a.reason.empty() && !answer->results.empty()) {
      EXPECT_NE(answer->results[0].reason.find(a.reason), std::string::npos) << a.name << ": " << answer->results[0].reason;
    }
  }
  for (auto& t : honest) t.join();
  ASSERT_FALSE(failed.load());

  // The stored rows and every total are the honest traffic's alone, to the rupiah.
  EXPECT_EQ(store.countRows("sales").value_or(-1), ledger.sales);
  EXPECT_EQ(store.countRows("refunds").value_or(-1), ledger.refunds);
  EXPECT_EQ(store.countRows("shift_closes").value_or(-1), ledger.shifts);
  for (const char* code : {kEvent, kOther}) {
    const Expected& e = ledger.byEvent[code];
    std::map<std::string, core::VendorInfo> names;
    for (const auto& v : demoCatalog().vendors) names[v.code] = core::VendorInfo{v.name, 0};
    auto lookup = [&](const std::string& v) { return names.count(v) ? names.at(v) : core::VendorInfo{}; };
    const auto report = store.report(code);
    ASSERT_TRUE(report);
    const auto kiosks = store.devices(code);
    ASSERT_TRUE(kiosks);
    auto kiosk = [&](const std::string& id) {
      for (const DeviceStatus& d : *kiosks)
        if (d.deviceId == id) return core::KioskInfo{d.code, d.name, d.booth};
      return core::KioskInfo{};
    };
    EXPECT_EQ(core::reportToJson(*report), core::reportToJson(e.report(code, lookup, kiosk, demoProductName))) << code;
    const auto settlement = store.settlement(code);
    ASSERT_TRUE(settlement);
    EXPECT_EQ(core::settlementToJson(*settlement), core::settlementToJson(core::buildSettlement(code, e.cells, e.direct, lookup)))
        << code;
  }
  // Nothing the hostile kiosks sent moved their reconciliation either.
  for (const Kiosk* k : {&x, &xb, &y}) {
    const DeviceStatus d = statusOf(store, *k);
    EXPECT_EQ(d.maxSeq, k == &x ? 2 : 1);
    EXPECT_EQ(d.missingCount, 0);
  }
  // The rollup columns hold integers only.
  if (GetParam() == Backend::Sqlite) {
    SQLite::Database db(where);
    EXPECT_EQ(db.execAndGet("SELECT (SELECT count(*) FROM rollup_cells WHERE typeof(sales_count) || typeof(items) || "
                            "typeof(gross_idr) || typeof(discount_idr) || typeof(refund_idr) != "
                            "'integerintegerintegerintegerinteger') + (SELECT count(*) FROM rollup_payments WHERE "
                            "typeof(amount_idr) != 'integer') + (SELECT count(*) FROM rollup_direct WHERE "
                            "typeof(paid_direct_idr) != 'integer') + (SELECT count(*) FROM events WHERE typeof(gross_idr) != "
                            "'integer')")
                  .getInt64(),
              0);
  } else {
    pqxx::connection c(where);
    pqxx::nontransaction n(c);
    EXPECT_EQ(n.exec1("SELECT count(*) FROM information_schema.columns WHERE table_name LIKE 'rollup_%' AND "
                      "column_name NOT IN ('vendor_code', 'sector', 'date', 'method', 'device_id', 'cashier', 'sku') AND "
                      "data_type NOT IN ('bigint', 'integer')")[0]
                  .as<int>(),
              0);
  }
}

}  // namespace
}  // namespace pameran::sync
