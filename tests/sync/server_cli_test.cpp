// The pameran-server executable as scripts use it: exit codes, one-line errors, codes and tokens
// on the last line, reports, settlement files; bad input changes nothing.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "server_command_fixture.hpp"
#include "sync_fixtures.hpp"

namespace pameran::sync {
namespace {

using namespace pameran::sync::testing;
using nlohmann::json;

using Outcome = CommandOutcome;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class ServerCli : public ServerCommandTest {
 protected:
  void makeEvent() {
    ASSERT_EQ(run(std::string("event create --db s.db --code ") + kEvent + " --name 'Pameran Kriya Depok' --venue 'Balai Kota Depok' --start 2026-11-18 --end 2026-11-22").rc, 0);
    writeCatalog();
    ASSERT_EQ(run(std::string("catalog import --db s.db --event ") + kEvent + " --vendors v.csv --products p.csv").rc, 0);
  }
  // Stores a few sales through the library, the way the server would.
  void storeSales() {
    auto store = openSqliteStore(m_dir.file("s.db"));
    ASSERT_TRUE(store);
    const std::string code = newEnrollmentCode();
    ASSERT_TRUE((*store)->createEnrollment({kEvent, "Kios", "", "V02", secretHash(normalizeEnrollmentCode(code)), 4'000'000'000'000}, 1));
    auto enrolled = (*store)->redeemEnrollment(secretHash(normalizeEnrollmentCode(code)), "t", secretHash("x"), 2);
    ASSERT_TRUE(enrolled);
    std::vector<core::SaleRecord> sales;
    for (int i = 1; i <= 6; ++i) {
      auto s = makeSale(enrolled->deviceId, i, {{"V01", core::Sector::Fesyen, 25'000, 2}, {"V02", core::Sector::Kriya, 40'000, 1}},
                        i % 2 ? core::PaymentMethod::Cash : core::PaymentMethod::Qris);
      s.boothVendorCode = "V02";
      sales.push_back(s);
    }
    IngestRequest req{enrolled->deviceId, enrolled->event.id, 5, {}, nullptr};
    for (const auto& s : sales) req.items.push_back(ingestItem(s));
    auto results = (*store)->ingest({&req});
    ASSERT_TRUE(results.at(0));
  }

};

TEST_F(ServerCli, HelpExitsZeroEverywhere) {
  for (const char* args : {"--help", "serve --help", "event create --help", "catalog import --help", "device enroll --help",
                           "token create --help", "report --help", "settlement --help", "vendor commission --help"}) {
    const Outcome r = run(args);
    EXPECT_EQ(r.rc, 0) << args;
    EXPECT_NE(r.out.find("--"), std::string::npos) << args;
  }
}

TEST_F(ServerCli, BadArgumentsFailWithOneLineAndCreateNothing) {
  for (const char* args : {"", "nonsense", "event create --db s.db --code X", "event create --db s.db --code 'bad code' --name N",
                           "report --db s.db --event E --format xml", "serve --db s.db --listen nowhere"}) {
    const Outcome r = run(args);
    EXPECT_NE(r.rc, 0) << args;
    EXPECT_TRUE(oneLine(r.err)) << args << ": [" << r.err << "]";
  }
  EXPECT_FALSE(std::filesystem::exists(m_dir.file("s.db")));  // no bad command made a database
  const Outcome missing = run("report --db nowhere.db --event E");
  EXPECT_NE(missing.rc, 0);
  EXPECT_FALSE(std::filesystem::exists(m_dir.file("nowhere.db")));
}

TEST_F(ServerCli, EventCatalogAndDuplicates) {
  makeEvent();
  const Outcome again = run(std::string("event create --db s.db --code ") + kEvent + " --name Lagi");
  EXPECT_NE(again.rc, 0);
  EXPECT_TRUE(oneLine(again.err));
  auto store = openSqliteStore(m_dir.file("s.db"));
  ASSERT_TRUE(store);
  EXPECT_EQ((*store)->countRows("products").value_or(-1), 3);
  EXPECT_EQ((*store)->event(kEvent)->name, "Pameran Kriya Depok");
}

TEST_F(ServerCli, ABadCsvIsRefusedWithFileAndLineAndChangesNothing) {
  makeEvent();
  std::ofstream(m_dir.file("bad.csv")) << "sku,barcode,vendor_code,name,price_idr,stock,low_stock\n"
                                          "N-1,,V01,Baru,1000,1,1\n"
                                          "X-1,123,NOPE,Barang,1000,1,1\n";
  const Outcome r = run(std::string("catalog import --db s.db --event ") + kEvent + " --vendors v.csv --products bad.csv");
  EXPECT_NE(r.rc, 0);
  EXPECT_TRUE(oneLine(r.err));
  EXPECT_NE(r.err.find("bad.csv:3"), std::string::npos) << r.err;
  auto store = openSqliteStore(m_dir.file("s.db"));
  EXPECT_EQ((*store)->countRows("products").value_or(-1), 3);
  const Outcome noEvent = run("catalog import --db s.db --event NOPE --vendors v.csv --products p.csv");
  EXPECT_NE(noEvent.rc, 0);
  EXPECT_TRUE(oneLine(noEvent.err));
}

TEST_F(ServerCli, EnrollAndTokenPrintTheSecretAloneOnTheLastLine) {
  makeEvent();
  const Outcome enroll = run(std::string("device enroll --db s.db --event ") + kEvent + " --name 'Kios Utara' --booth A1 --vendor V01 --ttl-minutes 30");
  ASSERT_EQ(enroll.rc, 0) << enroll.err;
  const std::string code = lastLine(enroll.out);
  EXPECT_EQ(code.size(), 14u) << code;
  EXPECT_EQ(code[4], '-');
  const Outcome token = run("token create --db s.db --role organizer --name 'Panitia Depok'");
  ASSERT_EQ(token.rc, 0);
  EXPECT_EQ(lastLine(token.out).size(), 64u);
  EXPECT_NE(run("token create --db s.db --role cashier --name x").rc, 0);
  EXPECT_NE(run(std::string("device enroll --db s.db --event ") + kEvent + " --name K --vendor NOPE").rc, 0);
  EXPECT_EQ(run("token revoke --db s.db --name 'Panitia Depok'").rc, 0);
  EXPECT_NE(run("token revoke --db s.db --name 'Panitia Depok'").rc, 0);
  const Outcome list = run(std::string("device list --db s.db --event ") + kEvent);
  EXPECT_NE(list.out.find("Kios Utara"), std::string::npos);
}

TEST_F(ServerCli, ReportsInEveryFormat) {
  makeEvent();
  storeSales();
  const Outcome j = run(std::string("report --db s.db --event ") + kEvent + " --format json");
  ASSERT_EQ(j.rc, 0) << j.err;
  const json r = json::parse(j.out);
  EXPECT_EQ(r["sales_count"], 6);
  EXPECT_EQ(r["net_idr"], 6 * 90'000);
  EXPECT_EQ(run(std::string("report --db s.db --event ") + kEvent + " --format csv").out.rfind("section,key", 0), 0u);
  EXPECT_NE(run(std::string("report --db s.db --event ") + kEvent + " --format table").out.find("Batik Depok"),
            std::string::npos);
  ASSERT_EQ(run(std::string("report --db s.db --event ") + kEvent + " --format pdf --out r.pdf").rc, 0);
  EXPECT_EQ(slurp(m_dir.file("r.pdf")).rfind("%PDF-", 0), 0u);
  const Outcome missing = run("report --db s.db --event NOPE");
  EXPECT_NE(missing.rc, 0);
  EXPECT_TRUE(oneLine(missing.err));
}

TEST_F(ServerCli, SettlementWithCommissionAndPdfStatements) {
  makeEvent();
  storeSales();
  ASSERT_EQ(run(std::string("vendor commission --db s.db --event ") + kEvent + " --vendor V01 --percent 10").rc, 0);
  EXPECT_NE(run(std::string("vendor commission --db s.db --event ") + kEvent + " --vendor V01 --percent 150").rc, 0);
  const Outcome s = run(std::string("settlement --db s.db --event ") + kEvent + " --format json --pdf-dir statements");
  ASSERT_EQ(s.rc, 0) << s.err;
  const json j = json::parse(s.out);
  EXPECT_EQ(j["event"], kEvent);
  std::int64_t net = 0;
  for (const auto& v : j["vendors"]) {
    net += v["net_idr"].get<std::int64_t>();
    EXPECT_EQ(v["owed_to_vendor_idr"].get<std::int64_t>(),
              v["net_idr"].get<std::int64_t>() - v["commission_idr"].get<std::int64_t>() - v["paid_direct_idr"].get<std::int64_t>());
    if (v["vendor_code"] == "V01") {
      EXPECT_EQ(v["commission_idr"], 6 * 5'000);  // 10 % of 6 x Rp 50.000
      // The goods beside the money: 10 in the catalog, 12 sold (the booth sold past its count).
      EXPECT_EQ(v["goods"], json::parse(R"({"received":10,"sold":12,"refunded":0,"adjusted":0,"returned":0,"on_hand":-2})"));
    }
    if (v["vendor_code"] == "V02") {
      EXPECT_GT(v["paid_direct_idr"].get<std::int64_t>(), 0);  // its own booth's cash
    }
  }
  EXPECT_EQ(net, 6 * 90'000);
  for (const char* v : {"V01", "V02"})
    EXPECT_EQ(slurp(m_dir.file(std::string("statements/") + kEvent + "-" + v + ".pdf")).rfind("%PDF-", 0), 0u) << v;
  EXPECT_EQ(run(std::string("settlement --db s.db --event ") + kEvent + " --format csv").out.rfind("vendor_code,", 0), 0u);
}

TEST_F(ServerCli, StockLedgerInEveryFormat) {
  makeEvent();
  storeSales();
  const Outcome j = run(std::string("stock --db s.db --event ") + kEvent + " --format json");
  ASSERT_EQ(j.rc, 0) << j.err;
  const json l = json::parse(j.out);
  EXPECT_EQ(l["event"], kEvent);
  std::int64_t sold = 0;
  for (const auto& p : l["products"]) {
    EXPECT_EQ(p["on_hand"].get<std::int64_t>(), p["received"].get<std::int64_t>() - p["sold"].get<std::int64_t>() +
                                                    p["refunded"].get<std::int64_t>() + p["adjusted"].get<std::int64_t>() -
                                                    p["returned"].get<std::int64_t>());
    sold += p["sold"].get<std::int64_t>();
  }
  EXPECT_EQ(sold, 6 * 3);  // six sales of 2 x V01 and 1 x V02
  ASSERT_FALSE(l["vendors"].empty());
  EXPECT_EQ(l["vendors"][0]["vendor_code"], "V01");
  EXPECT_EQ(l["vendors"][0]["sold"], 12);
  // The catalog's stock is what the vendors brought, counted once; every product named.
  EXPECT_EQ(l["vendors"][0]["received"], 10);
  EXPECT_EQ(l["vendors"][2]["received"], 50);
  ASSERT_EQ(l["products"].size(), 3u);
  EXPECT_EQ(l["products"][0]["name"], "Kain Batik Tulis");
  EXPECT_EQ(run(std::string("stock --db s.db --event ") + kEvent).out, j.out) << "json is the default";
  EXPECT_EQ(run(std::string("stock --db s.db --event ") + kEvent + " --format csv").out.rfind("sku,vendor_code,received,sold,", 0), 0u);
  EXPECT_NE(run(std::string("stock --db s.db --event ") + kEvent + " --format table").out.find("On hand"), std::string::npos);
  for (const std::string& args : {std::string("stock --db s.db --event NOPE"), std::string("stock --db s.db --event ") + kEvent + " --format xml",
                                 std::string("stock --db missing.db --event ") + kEvent}) {
    const Outcome bad = run(args);
    EXPECT_NE(bad.rc, 0) << args;
    EXPECT_TRUE(oneLine(bad.err)) << args << ": [" << bad.err << "]";
  }
}

TEST_F(ServerCli, EventCloseAndReopen) {
  makeEvent();
  EXPECT_EQ(run(std::string("event close --db s.db --code ") + kEvent).rc, 0);
  auto store = openSqliteStore(m_dir.file("s.db"));
  EXPECT_FALSE((*store)->event(kEvent)->open);
  EXPECT_EQ(run(std::string("event reopen --db s.db --code ") + kEvent).rc, 0);
  EXPECT_TRUE((*store)->event(kEvent)->open);
  EXPECT_NE(run("event close --db s.db --code NOPE").rc, 0);
}

}  // namespace
}  // namespace pameran::sync
