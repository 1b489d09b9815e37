// One fixture event on both stores, read through pameran-server the way organizers read it:
// several kiosks, multi-vendor carts, discounts, a refund and a void, split payments, QRIS paid
// straight to vendors, cash at a vendor's own booth, and a sale after midnight before the
// business-day cutoff. The report's breakdowns, its CSV, the workbook (read back with openpyxl)
// and the settlement agree to the rupiah with figures worked out by hand below; compare and the
// year report run over this event and one of the year before.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <fstream>
#include <pqxx/pqxx>
#include <nlohmann/json.hpp>

#include "../server_command_fixture.hpp"
#include "store_backends.hpp"

#ifndef PAMERAN_WORKBOOK_CHECK
#error "PAMERAN_WORKBOOK_CHECK must name workbook_check.py"
#endif

namespace pameran::sync::testing {
namespace {

using nlohmann::json;

constexpr core::EpochMs kT0 = 1'795'748'400'000;  // 2026-11-27 10:00 WIB
constexpr core::EpochMs kHour = 3'600'000;
constexpr const char* kLastYear = "DEPOK-2025";
constexpr core::EpochMs kLastYearT0 = 1'763'607'600'000;  // 2025-11-20 10:00 WIB

Device enrollAt(ServerStore& store, const std::string& event, const std::string& name, const std::string& booth,
                const std::string& vendor = "") {
  const std::string code = newEnrollmentCode();
  const EnrollmentTicket ticket{event, name, booth, vendor, secretHash(normalizeEnrollmentCode(code)), 4'000'000'000'000};
  if (auto made = store.createEnrollment(ticket, 1'000); !made) throw std::runtime_error(made.error().message);
  auto enrolled = store.redeemEnrollment(ticket.codeHash, "tablet", secretHash(newToken()), 1'001);
  if (!enrolled) throw std::runtime_error(enrolled.error().message);
  return {enrolled->deviceId, enrolled->deviceCode, {}, enrolled->event.id};
}

core::SaleRecord saleBy(const Device& d, std::int64_t seq, const std::string& cashier, const std::vector<LineSpec>& lines,
                        core::PaymentMethod method, core::EpochMs at, const std::string& event = kEvent) {
  core::SaleRecord s = makeSale(d.id, seq, lines, method, at, event);
  s.deviceCode = d.code;
  s.receiptNo = core::formatReceiptNo(event, d.code, seq);
  s.cashier = cashier;
  return s;
}

class ReportFixture : public ServerCommandTest, public ::testing::WithParamInterface<Backend> {
 protected:
  void SetUp() override {
    m_store = openEmptyStore(GetParam(), m_dir, &m_where);
    for (auto [code, start, end] : {std::tuple{kEvent, "2026-11-26", "2026-11-29"}, std::tuple{kLastYear, "2025-11-20", "2025-11-23"}}) {
      core::Event e;
      e.code = code;
      e.name = std::string("Pameran Kriya ") + code;
      e.startDate = start;
      e.endDate = end;
      e.cutoffHour = 3;  // an evening bazaar: until 03:00 still counts as the day before
      ASSERT_TRUE(m_store->createEvent(e));
      ASSERT_TRUE(m_store->importCatalog(code, demoCatalog()));
    }
    ASSERT_TRUE(m_store->setCommission(kEvent, "V01", 1'000));
    const Device till = enrollAt(*m_store, kEvent, "Kasir Panitia", "Pintu Masuk");
    const Device booth = enrollAt(*m_store, kEvent, "Stan Anyaman", "B07", "V02");
    const Device third = enrollAt(*m_store, kEvent, "Kios Tengah", "C03");
    using core::PaymentMethod;
    const core::Sector F = core::Sector::Fesyen, K = core::Sector::Kriya, L = core::Sector::Kuliner;
    Upload t, b, c;
    // K01: a two-vendor cart with a line discount; a split payment, refunded in part the next day.
    t.sales.push_back(saleBy(till, 1, "Ani", {{"V01", F, 25'000, 2, 5'000}, {"V02", K, 40'000, 1}}, PaymentMethod::Cash, kT0));
    core::SaleRecord split = saleBy(till, 2, "Budi", {{"V03", L, 30'000, 3}, {"V01", F, 25'000, 1}}, PaymentMethod::Cash, kT0 + 2 * kHour);
    split.payments[0].amount = core::Rupiah(15'000);
    core::SalePayment card;
    card.method = PaymentMethod::Card;
    card.amount = core::Rupiah(100'000);
    card.reference = "EDC-1";
    split.payments.push_back(card);
    t.sales.push_back(split);
    t.refunds.push_back(makeRefund(split, 1, 1, kT0 + 25 * kHour));
    // K02, V02's own booth: cash after midnight (01:00 on the 28th, business day the 27th).
    b.sales.push_back(saleBy(booth, 1, "Citra", {{"V02", K, 40'000, 2}}, PaymentMethod::Cash, kT0 + 15 * kHour));
    for (auto& s : b.sales) s.boothVendorCode = "V02";
    // K03: QRIS to each vendor's own account; a sale voided.
    c.sales.push_back(saleBy(third, 1, "Dedi", {{"V01", F, 25'000, 4, 10'000}, {"V03", L, 30'000, 1}}, PaymentMethod::Qris, kT0 + 24 * kHour));
    c.sales.push_back(saleBy(third, 2, "Dedi", {{"V03", L, 30'000, 2}}, PaymentMethod::Cash, kT0 + 25 * kHour));
    c.refunds.push_back(makeVoid(c.sales.back()));
    for (auto [dev, up] : {std::pair{&till, &t}, std::pair{&booth, &b}, std::pair{&third, &c}})
      for (const RecordResult& r : upload(*m_store, *dev, *up)) ASSERT_EQ(r.status, RecordStatus::Stored) << r.reason;
    // The year before: one kiosk, two sales.
    const Device old = enrollAt(*m_store, kLastYear, "Kios Lama", "A1");
    Upload o;
    o.sales.push_back(saleBy(old, 1, "Ani", {{"V01", F, 25'000, 4}}, PaymentMethod::Cash, kLastYearT0, kLastYear));
    o.sales.push_back(saleBy(old, 2, "Ani", {{"V02", K, 40'000, 1}}, PaymentMethod::Cash, kLastYearT0 + kHour, kLastYear));
    for (const RecordResult& r : upload(*m_store, old, o)) ASSERT_EQ(r.status, RecordStatus::Stored) << r.reason;
  }

  std::string store() const { return (GetParam() == Backend::Sqlite ? "--db '" : "--pg '") + m_where + "'"; }

  json command(const std::string& args) {
    const CommandOutcome r = run(args + " " + store());
    EXPECT_EQ(r.rc, 0) << args << ": " << r.err;
    return r.rc == 0 ? json::parse(r.out) : json();
  }

  static std::map<std::string, std::int64_t> netBy(const json& list, const char* key) {
    std::map<std::string, std::int64_t> out;
    for (const auto& x : list) out[x[key].is_string() ? x[key].get<std::string>() : x[key].dump()] = x["net_idr"];
    return out;
  }

  std::unique_ptr<ServerStore> m_store;
  std::string m_where;
};

using Net = std::map<std::string, std::int64_t>;

TEST_P(ReportFixture, EveryBreakdownCsvWorkbookAndSettlementAgreeWithTheFiguresWorkedOutByHand) {
  const json r = command(std::string("report --event ") + kEvent);
  // Gross 90.000 + 115.000 + 80.000 + 130.000 (the voided 60.000 comes and goes); discounts
  // 5.000 + 10.000; one unit of Nastar (30.000) refunded.
  EXPECT_EQ(r["sales_count"], 4);
  EXPECT_EQ(r["gross_idr"], 415'000);
  EXPECT_EQ(r["discount_idr"], 15'000);
  EXPECT_EQ(r["refund_idr"], 30'000);
  EXPECT_EQ(r["net_idr"], 370'000);
  EXPECT_EQ(r["items_sold"], 13);
  EXPECT_EQ(netBy(r["by_device"], "device_code"), (Net{{"K01", 170'000}, {"K02", 80'000}, {"K03", 120'000}}));
  EXPECT_EQ(r["by_device"][0]["name"], "Kasir Panitia");
  EXPECT_EQ(r["by_device"][0]["booth"], "Pintu Masuk");
  EXPECT_EQ(r["by_device"][0]["sales_count"], 2);
  EXPECT_EQ(r["by_device"][2]["sales_count"], 1) << "K03: two sales, one voided";
  EXPECT_EQ(netBy(r["by_cashier"], "cashier"), (Net{{"Ani", 85'000}, {"Budi", 85'000}, {"Citra", 80'000}, {"Dedi", 120'000}}));
  ASSERT_EQ(r["top_products"].size(), 3u);
  EXPECT_EQ(r["top_products"][0], json::parse(R"({"sku":"V01-P1","name":"Kain Batik","vendor_code":"V01","items_sold":7,"net_idr":160000})"));
  EXPECT_EQ(r["top_products"][1]["net_idr"], 120'000);
  EXPECT_EQ(r["top_products"][2]["items_sold"], 3);
  EXPECT_EQ(netBy(r["by_vendor"], "vendor_code"), (Net{{"V01", 160'000}, {"V02", 120'000}, {"V03", 90'000}}));
  EXPECT_EQ(netBy(r["by_day"], "date"), (Net{{"2026-11-27", 280'000}, {"2026-11-28", 90'000}}));
  EXPECT_EQ(netBy(r["by_hour"], "hour"), (Net{{"1", 80'000}, {"10", 205'000}, {"11", -30'000}, {"12", 115'000}}));
  Net pay;
  for (const auto& p : r["by_payment"]) pay[p["method"]] = p["amount_idr"];
  EXPECT_EQ(pay, (Net{{"cash", 150'000}, {"qris", 120'000}, {"card", 100'000}, {"transfer", 0}, {"ewallet", 0}}));

  // The CSV carries the same rows.
  const CommandOutcome csv = run(std::string("report --format csv --event ") + kEvent + " " + store());
  ASSERT_EQ(csv.rc, 0) << csv.err;
  for (const char* line : {"device,K01,Kasir Panitia,,2,,170000", "cashier,Dedi,,,1,,120000", "product,V01-P1,Kain Batik,,,7,160000",
                           "day,2026-11-27,,,,,280000", "total,net_idr,,,4,13,370000"})
    EXPECT_NE(csv.out.find(std::string(line) + "\r\n"), std::string::npos) << line;

  // The settlement: V01 pays 10 %; QRIS to V01 and V03 and V02's booth cash went to them direct.
  const json s = command(std::string("settlement --event ") + kEvent);
  std::map<std::string, std::array<std::int64_t, 4>> owed;
  for (const auto& v : s["vendors"]) owed[v["vendor_code"]] = {v["net_idr"], v["commission_idr"], v["paid_direct_idr"], v["owed_to_vendor_idr"]};
  EXPECT_EQ(owed["V01"], (std::array<std::int64_t, 4>{160'000, 16'000, 90'000, 54'000}));
  EXPECT_EQ(owed["V02"], (std::array<std::int64_t, 4>{120'000, 0, 80'000, 40'000}));
  EXPECT_EQ(owed["V03"], (std::array<std::int64_t, 4>{90'000, 0, 30'000, 60'000}));

  // The workbook, read back and checked against both JSON documents figure by figure.
  std::ofstream(m_dir.file("report.json")) << r.dump();
  std::ofstream(m_dir.file("settlement.json")) << s.dump();
  const CommandOutcome xlsx = run(std::string("report --format xlsx --out book.xlsx --event ") + kEvent + " " + store());
  ASSERT_EQ(xlsx.rc, 0) << xlsx.err;
  const CommandOutcome check = outcomeOf("/usr/bin/python3 '" PAMERAN_WORKBOOK_CHECK "' book.xlsx report.json settlement.json");
  EXPECT_EQ(check.rc, 0) << check.out << check.err;
}

TEST_P(ReportFixture, ComparisonAndYearMeasureThisEventAgainstTheYearBefore) {
  const json c = command(std::string("compare --event ") + kEvent + " --with " + kLastYear);
  EXPECT_EQ(c["a"]["net_idr"], 370'000);
  EXPECT_EQ(c["b"]["net_idr"], 140'000);
  EXPECT_EQ(c["change"]["net_bp"], 16'429) << "370.000 against 140.000: +164,29 %";
  EXPECT_EQ(c["change"]["top_vendors"][0]["vendor_code"], "V01");
  EXPECT_EQ(c["change"]["top_vendors"][0]["change_bp"], 6'000);
  EXPECT_TRUE(c["change"]["top_vendors"][2]["change_bp"].is_null()) << "V03 is new";
  const CommandOutcome table = run(std::string("compare --format table --event ") + kEvent + " --with " + kLastYear + " " + store());
  EXPECT_NE(table.out.find("+164,29 %"), std::string::npos) << table.out;

  const json y = command("report --year 2026");
  EXPECT_EQ(y["event"], "2026");
  EXPECT_EQ(y["net_idr"], 370'000);
  ASSERT_EQ(y["by_event"].size(), 1u);
  EXPECT_EQ(y["by_event"][0]["event"], kEvent);
  std::map<std::string, json> ikm;
  for (const auto& v : y["by_ikm"]) ikm[v["vendor_code"]] = v;
  EXPECT_EQ(ikm["V01"]["growth_bp"], 6'000) << "160.000 against 100.000";
  EXPECT_EQ(ikm["V02"]["growth_bp"], 20'000) << "120.000 against 40.000";
  EXPECT_TRUE(ikm["V03"]["growth_bp"].is_null());
  EXPECT_EQ(ikm["V01"]["events"], 1);
  const json last = command("report --year 2025");
  EXPECT_EQ(last["net_idr"], 140'000);
  EXPECT_TRUE(last["by_ikm"][0]["growth_bp"].is_null()) << "no year before 2025 here";
  const CommandOutcome book = run("report --year 2026 --format xlsx --out year.xlsx " + store());
  EXPECT_EQ(book.rc, 0) << book.err;
}

TEST_P(ReportFixture, BadArgumentsGetOneLineAndChangeNothing) {
  for (const std::string& args : {std::string("report --year 20x6"), std::string("report --year 1999"),
                                 "compare --event " + std::string(kEvent) + " --with NOPE",
                                 "report --format xlsx --event " + std::string(kEvent), std::string("report --format pdf --year 2026"),
                                 std::string("report"), "report --event " + std::string(kEvent) + " --year 2026"}) {
    const CommandOutcome r = run(args + " " + store());
    EXPECT_NE(r.rc, 0) << args;
    EXPECT_TRUE(oneLine(r.err)) << args << ": " << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(m_dir.file("book.xlsx")));
}

TEST_P(ReportFixture, ADatabaseFromBeforeTheBreakdownsRebuildsThemFromItsRecords) {
  const std::string before = core::reportToJson(*m_store->report(kEvent));
  m_store.reset();
  // Back to schema 3: without what schema 4 (the breakdowns), schema 5 (the audit log) and
  // schema 6 (stock) added.
  const char* drop =
      "DROP TABLE rollup_devices; DROP TABLE rollup_cashiers; DROP TABLE rollup_products; DROP TABLE audit_entries; "
      "ALTER TABLE devices DROP COLUMN audit_held; ALTER TABLE devices DROP COLUMN audit_held_hash; "
      "ALTER TABLE devices DROP COLUMN audit_first_bad; ALTER TABLE devices DROP COLUMN audit_highest; "
      "DROP TABLE rollup_stock; DROP TABLE stock_movements; ALTER TABLE devices DROP COLUMN movements_count; "
      "ALTER TABLE devices DROP COLUMN max_movement_seq;";
  if (GetParam() == Backend::Sqlite) {
    SQLite::Database db(m_where, SQLite::OPEN_READWRITE);
    db.exec(drop);
    db.exec("PRAGMA user_version = 3");
    m_store = orThrow(openSqliteStore(m_where));
  } else {
    pqxx::connection c(m_where);
    pqxx::work tx(c);
    tx.exec0(drop);
    tx.exec0("UPDATE schema_version SET version = 3");
    tx.commit();
    m_store = orThrow(openPgStore(m_where));
  }
  EXPECT_EQ(core::reportToJson(*m_store->report(kEvent)), before);
}

INSTANTIATE_TEST_SUITE_P(Stores, ReportFixture, ::testing::Values(Backend::Sqlite, Backend::Postgres), backendName);

}  // namespace
}  // namespace pameran::sync::testing
