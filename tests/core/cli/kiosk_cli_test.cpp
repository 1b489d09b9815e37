// The pameran-kiosk commands of DESIGN.md, run as a user would: exit codes, one-line errors on
// stderr, `--help` everywhere, all-or-nothing catalog imports with `file:line: reason`.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "kiosk_cli_fixture.hpp"
#include "pameran/core/qris.hpp"

namespace pameran::test {
namespace {

TEST_F(KioskCli, HelpOnEveryCommandExitsZero) {
  const std::vector<std::vector<std::string>> commands = {
      {},          {"seed-demo"}, {"catalog"}, {"catalog", "import"}, {"catalog", "export"}, {"staff"}, {"staff", "add"},
      {"report"}, {"settlement"}, {"simulate"}, {"audit"}, {"audit", "verify"}, {"backup"},
      {"stock"},  {"stock", "intake"}, {"stock", "return"}, {"stock", "levels"}, {"labels"}};
  for (std::vector<std::string> c : commands) {
    c.push_back("--help");
    const Outcome r = run(c);
    EXPECT_EQ(r.code, 0) << testing::PrintToString(c) << r.err;
    EXPECT_NE(r.out.find("--help"), std::string::npos) << testing::PrintToString(c);
  }
}

TEST_F(KioskCli, UnknownFlagsAndCommandsExitNonZeroWithOneLine) {
  expectOneLineError(run({"report", "--db", db(), "--frobnicate"}), "frobnicate");
  expectOneLineError(run({"frobnicate"}));
  expectOneLineError(run({"report", "--db", db(), "--format", "xml"}));
  expectOneLineError(run({"staff", "add", "--db", db()}), "required");
  EXPECT_FALSE(std::filesystem::exists(db())) << "a refused command leaves no database behind";
}

TEST_F(KioskCli, CommandsOnAMissingDatabaseFailWithoutCreatingOne) {
  for (std::vector<std::string> c : std::vector<std::vector<std::string>>{
           {"report", "--db", db()},
           {"settlement", "--db", db()},
           {"simulate", "--db", db(), "--sales", "5"},
           {"staff", "add", "--db", db(), "--name", "Siti", "--role", "cashier", "--pin", "2468"},
           {"audit", "verify", "--db", db()},
           {"catalog", "export", "--db", db(), "--vendors", dir.file("v.csv"), "--products", dir.file("p.csv")}}) {
    expectOneLineError(run(c), "no such database");
    EXPECT_FALSE(std::filesystem::exists(db())) << testing::PrintToString(c);
  }
}

TEST_F(KioskCli, BackupCopiesTheKioskAndRefusesItsOwnFiles) {
  importTestCatalog();
  ASSERT_EQ(run({"simulate", "--db", db(), "--sales", "20"}).code, 0);
  const Outcome r = run({"backup", "--db", db(), "--out", dir.file("usb.db")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("integrity ok"), std::string::npos) << r.out;
  EXPECT_EQ(run({"report", "--db", dir.file("usb.db")}).out, run({"report", "--db", db()}).out);
  expectOneLineError(run({"backup", "--db", db(), "--out", db()}), "refusing to overwrite");
  expectOneLineError(run({"backup", "--db", dir.file("missing.db"), "--out", dir.file("x.db")}), "no such kiosk database");
  expectOneLineError(run({"backup", "--db", dir.file("vendors.csv"), "--out", dir.file("x.db")}), "not a kiosk database");
  expectOneLineError(run({"backup", "--db", db()}), "required");
  EXPECT_FALSE(std::filesystem::exists(dir.file("x.db")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("missing.db")));
}

TEST_F(KioskCli, SeedSimulateReportAndSettleTheDemo) {
  Outcome r = run({"seed-demo", "--db", db()});
  ASSERT_EQ(r.code, 0) << r.err;
  r = run({"seed-demo", "--db", db()});
  EXPECT_EQ(r.code, 0) << "seeding a seeded database changes nothing and is no error";
  EXPECT_NE(r.out.find("nothing changed"), std::string::npos) << r.out;
  r = run({"simulate", "--db", db(), "--sales", "120", "--seed", "7"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = run({"report", "--db", db(), "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["event"], "DEPOK-2026");
  EXPECT_EQ(j["currency"], "IDR");
  EXPECT_GT(j["sales_count"].get<std::int64_t>(), 100);
  const std::int64_t net = j["net_idr"];
  EXPECT_EQ(net, j["gross_idr"].get<std::int64_t>() - j["discount_idr"].get<std::int64_t>() - j["refund_idr"].get<std::int64_t>());
  for (const char* section : {"by_vendor", "by_sector", "by_day", "by_hour"}) {
    std::int64_t sum = 0;
    for (const auto& row : j[section]) sum += row["net_idr"].get<std::int64_t>();
    EXPECT_EQ(sum, net) << section;
  }
  std::int64_t paid = 0;
  for (const auto& row : j["by_payment"]) paid += row["amount_idr"].get<std::int64_t>();
  EXPECT_EQ(paid, net);

  r = run({"settlement", "--db", db(), "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const nlohmann::json s = nlohmann::json::parse(r.out);
  std::int64_t vendorsNet = 0;
  for (const auto& v : s["vendors"]) {
    vendorsNet += v["net_idr"].get<std::int64_t>();
    EXPECT_EQ(v["owed_to_vendor_idr"].get<std::int64_t>(),
              v["net_idr"].get<std::int64_t>() - v["commission_idr"].get<std::int64_t>() - v["paid_direct_idr"].get<std::int64_t>());
  }
  EXPECT_EQ(vendorsNet, net);

  EXPECT_EQ(run({"report", "--db", db(), "--format", "csv"}).code, 0);
  r = run({"report", "--db", db(), "--format", "table", "--out", dir.file("report.txt")});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(slurp(dir.file("report.txt")).find("Rp "), std::string::npos);
  expectOneLineError(run({"report", "--db", db(), "--event", "NOPE"}), "NOPE");
  r = run({"audit", "verify", "--db", db()});
  EXPECT_EQ(r.code, 0) << r.err;
}

TEST_F(KioskCli, SimulateTakesInStockAsVendorsWouldWhenProductsSellOut) {
  // The demo's stock lasts about 1,300 sales; 2,000 need vendors to bring more.
  ASSERT_EQ(run({"seed-demo", "--db", db()}).code, 0);
  Outcome r = run({"simulate", "--db", db(), "--sales", "2000", "--seed", "3"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("took in "), std::string::npos) << "a line says stock was taken in: " << r.out;
  EXPECT_NE(r.out.find("simulated 2000 sales"), std::string::npos) << r.out;
  {
    auto store = Store::open(db());
    ASSERT_TRUE(store);
    const auto event = (*store)->catalog().currentEvent();
    ASSERT_TRUE(event);
    EXPECT_EQ((*store)->sales().count(event->id), 2000);
    EXPECT_TRUE((*store)->stock().verifyLedger(event->id)) << "every intake is in the ledger";
    for (const auto& [id, level] : (*store)->stock().levels(event->id)) EXPECT_GE(level.onHand, 0) << id;
  }
  // Asked not to, it stops when stock runs out, with one line that says what to do.
  const std::string other = dir.file("other.db");
  ASSERT_EQ(run({"seed-demo", "--db", other}).code, 0);
  expectOneLineError(run({"simulate", "--db", other, "--sales", "2000", "--seed", "3", "--no-restock"}), "stock");
}

TEST_F(KioskCli, SimulateNeedsACatalog) {
  { ASSERT_TRUE(Store::open(db())); }
  expectOneLineError(run({"simulate", "--db", db(), "--sales", "3"}), "event");
  expectOneLineError(run({"simulate", "--db", db(), "--sales", "-1"}));
}

TEST_F(KioskCli, DemoStaffJoinAKioskWhoseCatalogCameFromElsewhere) {
  importTestCatalog();  // as an enrolment leaves it: a catalog, no staff
  Outcome r = run({"seed-demo", "--db", db(), "--staff-only"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("added the demo staff"), std::string::npos) << r.out;
  r = run({"seed-demo", "--db", db(), "--staff-only"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("already"), std::string::npos) << r.out;
  auto store = Store::open(db());
  ASSERT_TRUE(store);
  EXPECT_EQ((*store)->staff().list().size(), 2u);
  auto supervisor = (*store)->staff().verifySupervisor("4321");
  ASSERT_TRUE(supervisor) << "DESIGN.md's demo supervisor PIN works: " << supervisor.error().message;
  EXPECT_EQ(supervisor->name, "Supervisor Demo");
  EXPECT_EQ((*store)->catalog().events().size(), 1u) << "no demo event was added";
}

TEST_F(KioskCli, StaffAddRefusesBadAndDuplicatePins) {
  importTestCatalog();
  Outcome r = run({"staff", "add", "--db", db(), "--name", "Siti", "--role", "cashier", "--pin", "2468"});
  ASSERT_EQ(r.code, 0) << r.err;
  expectOneLineError(run({"staff", "add", "--db", db(), "--name", "Budi", "--role", "supervisor", "--pin", "2468"}), "PIN");
  expectOneLineError(run({"staff", "add", "--db", db(), "--name", "Budi", "--role", "boss", "--pin", "1357"}), "role");
  expectOneLineError(run({"staff", "add", "--db", db(), "--name", "Budi", "--role", "cashier", "--pin", "12"}), "PIN");
  expectOneLineError(run({"staff", "add", "--db", db(), "--name", "Budi", "--role", "supervisor", "--pin", "1357"}),
                     "a supervisor's PIN is 6 to 8 digits");
  expectOneLineError(run({"staff", "add", "--db", db(), "--name", "Budi", "--role", "organizer", "--pin", "13579"}),
                     "an organizer's PIN is 6 to 8 digits");
  {
    SQLite::Database raw(db(), SQLite::OPEN_READONLY);
    EXPECT_EQ(scalar(raw, "SELECT COUNT(*) FROM staff"), 1) << "nothing refused was added";
  }
  r = run({"staff", "add", "--db", db(), "--name", "Budi", "--role", "supervisor", "--pin", "135790"});
  EXPECT_EQ(r.code, 0) << r.err;
}

TEST_F(KioskCli, AuditVerifyNamesAnEditedRow) {
  importTestCatalog();
  ASSERT_EQ(run({"simulate", "--db", db(), "--sales", "40", "--seed", "3"}).code, 0);
  {
    SQLite::Database raw(db(), SQLite::OPEN_READWRITE);
    raw.exec("DROP TRIGGER audit_log_no_update");
    raw.exec("UPDATE audit_log SET staff = 'Orang Lain' WHERE id = 1");
  }
  expectOneLineError(run({"audit", "verify", "--db", db()}), "entry 1");
}

TEST_F(KioskCli, ExportImportExportIsIdentical) {
  importTestCatalog();
  ASSERT_EQ(run({"simulate", "--db", db(), "--sales", "15", "--seed", "11"}).code, 0);
  Outcome r = run({"catalog", "export", "--db", db(), "--vendors", dir.file("v1.csv"), "--products", dir.file("p1.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string other = dir.file("other.db");
  r = run({"catalog", "import", "--db", other, "--event", kEvent, "--vendors", dir.file("v1.csv"), "--products", dir.file("p1.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  r = run({"catalog", "export", "--db", other, "--vendors", dir.file("v2.csv"), "--products", dir.file("p2.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(slurp(dir.file("v1.csv")), slurp(dir.file("v2.csv")));
  EXPECT_EQ(slurp(dir.file("p1.csv")), slurp(dir.file("p2.csv")));
  EXPECT_NE(slurp(dir.file("v1.csv")).find("\"Kriya Bambu, Depok\""), std::string::npos);
}

TEST_F(KioskCli, QuotedFieldsAndUtf8NamesImport) {
  std::string vendors = std::string(kVendorsHeader) + "\r\n";
  vendors += "KUL,\"Dapur \"\"Ibu\"\" Sri, Depok\",kuliner,Sri Wahyuni,,\r\n";
  vendors += "KRY,Anyaman Bambu Café,kriya,\"Hendra, S.Sn.\",,\r\n";
  std::string products = std::string(kProductsHeader) + "\r\n";
  products += "KUL-01," + ean13("899100000005") + ",KUL,\"Kue Lapis, Legit\",12500,10,2\r\n";
  products += "KRY-01,,KRY,Tas Anyaman — edisi Depok ☕,185000,3,1\r\n";
  spit(dir.file("v.csv"), vendors);
  spit(dir.file("p.csv"), products);
  Outcome r = run({"catalog", "import", "--db", db(), "--event", "UTF8", "--vendors", dir.file("v.csv"), "--products", dir.file("p.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  auto store = Store::open(db());
  ASSERT_TRUE(store);
  EXPECT_EQ((*store)->catalog().vendor("KUL")->name, "Dapur \"Ibu\" Sri, Depok");
  EXPECT_EQ((*store)->catalog().vendor("KRY")->owner, "Hendra, S.Sn.");
  EXPECT_EQ((*store)->catalog().productBySku("KUL-01")->name, "Kue Lapis, Legit");
  EXPECT_EQ((*store)->catalog().productBySku("KRY-01")->name, "Tas Anyaman — edisi Depok ☕");
}

struct BadCatalog {
  const char* what;
  bool inVendors;         // which file is broken
  std::string text;       // the broken file (the other one is the good test file)
  const char* where;      // ":line: " expected in the error
  const char* reason;     // a word of the reason
};

TEST_F(KioskCli, BadCatalogFilesAreRejectedWithFileLineAndChangeNothing) {
  importTestCatalog();
  ASSERT_EQ(run({"simulate", "--db", db(), "--sales", "5", "--seed", "2"}).code, 0);
  const std::string before = snapshot();

  const std::string ph = std::string(kProductsHeader) + "\n";
  const std::string vh = std::string(kVendorsHeader) + "\n";
  const std::string good = "BTK-09,,BTK,Selendang,99000,5,1\n";
  std::string badCrc = makeDemoStaticQris("Batik Sinar", "DEPOK", 5);
  badCrc.back() = badCrc.back() == '0' ? '1' : '0';
  std::string badEan = ean13("899100000101");
  badEan.back() = badEan.back() == '0' ? '1' : '0';
  const std::vector<BadCatalog> cases = {
      {"wrong products header", false, "sku,barcode,vendor,name,price,stock,low\n" + good, ":1: ", "header"},
      {"wrong vendors header", true, "kode,nama,sektor,pemilik,telepon,qris\nBTK,Batik,fesyen,,,\n", ":1: ", "header"},
      {"duplicate sku", false, ph + good + "KUL-09,,KUL,Kue,1000,1,0\nbtk-09,,BTK,Selendang Lagi,1000,1,0\n", ":4: ", "duplicate sku"},
      {"duplicate barcode", false,
       ph + "A-1," + ean13("899100000101") + ",BTK,Satu,1000,1,0\nA-2," + ean13("899100000101") + ",BTK,Dua,1000,1,0\n", ":3: ",
       "duplicate barcode"},
      {"bad EAN-13 check digit", false, ph + "A-1," + badEan + ",BTK,Satu,1000,1,0\n", ":2: ", "check digit"},
      {"unknown vendor", false, ph + good + "X-1,,NOPE,Barang,1000,1,0\n", ":3: ", "unknown vendor_code"},
      {"bad sector", true, vh + "BTK,Batik,fesyen,,,\nKRY,Kriya,elektronik,,,\nKUL,Kue,kuliner,,,\n", ":3: ", "sector"},
      {"negative price", false, ph + good + "X-1,,BTK,Barang,-5000,1,0\n", ":3: ", "negative"},
      {"decimal price", false, ph + "X-1,,BTK,Barang,12500.50,1,0\n", ":2: ", "whole number"},
      {"price with a comma", false, ph + "X-1,,BTK,Barang,\"12,500\",1,0\n", ":2: ", "whole number"},
      {"negative stock", false, ph + "X-1,,BTK,Barang,12500,-1,0\n", ":2: ", "stock"},
      {"bad QRIS CRC", true, vh + "BTK,Batik,fesyen,,," + badCrc + "\nKRY,Kriya,kriya,,,\nKUL,Kue,kuliner,,,\n", ":2: ", "QRIS"},
      {"bad UTF-8", false, ph + good + "X-1,,BTK,Tas \xC3\x28 Bambu,1000,1,0\n", ":3: ", "UTF-8"},
      {"newline inside a quoted name", false, ph + "X-0,,BTK,\"Kain, Batik\",1000,1,0\nX-1,,BTK,\"Tas\nBambu\",1000,1,0\nX-2,,BTK,Ok,1,1,0\n",
       ":3: ", "control"},
      {"line numbers count quoted line breaks", false, ph + "X-1,,BTK,\"Tas\nBambu\",1000,1,0\nX-2,,BTK,Tas,1000,1\n", ":4: ",
       "fields"},
      {"unterminated quote", false, ph + good + "X-1,,BTK,\"Tas Bambu,1000,1,0\n", ":3: ", "unterminated"},
      {"missing field", false, ph + good + "X-1,,BTK,Tas,1000,1\n", ":3: ", "fields"},
      {"empty file", false, "", ":1: ", "header"},
  };
  for (const BadCatalog& c : cases) {
    SCOPED_TRACE(c.what);
    const std::string vendorsPath = dir.file("bad-vendors.csv"), productsPath = dir.file("bad-products.csv");
    spit(vendorsPath, c.inVendors ? c.text : testVendorsCsv());
    spit(productsPath, c.inVendors ? testProductsCsv() + good : c.text);
    const Outcome r = run({"catalog", "import", "--db", db(), "--event", kEvent, "--vendors", vendorsPath, "--products", productsPath});
    expectOneLineError(r, (c.inVendors ? vendorsPath : productsPath) + c.where);
    EXPECT_NE(r.err.find(c.reason), std::string::npos) << r.err;
    EXPECT_EQ(snapshot(), before) << "a rejected import changed the kiosk";
  }
  // Into a new event: nothing is created either.
  spit(dir.file("bad-products.csv"), ph + "X-1,,NOPE,Barang,1000,1,0\n");
  spit(dir.file("good-vendors.csv"), testVendorsCsv());
  expectOneLineError(run({"catalog", "import", "--db", db(), "--event", "BARU", "--vendors", dir.file("good-vendors.csv"), "--products",
                          dir.file("bad-products.csv")}),
                     "unknown vendor_code");
  EXPECT_EQ(snapshot(), before);
  // And a rejected file never creates a database.
  const std::string fresh = dir.file("fresh.db");
  expectOneLineError(run({"catalog", "import", "--db", fresh, "--event", "BARU", "--vendors", dir.file("good-vendors.csv"),
                          "--products", dir.file("bad-products.csv")}));
  EXPECT_FALSE(std::filesystem::exists(fresh));
  expectOneLineError(run({"catalog", "import", "--db", db(), "--event", "BAD CODE", "--vendors", dir.file("good-vendors.csv"),
                          "--products", dir.file("bad-products.csv")}),
                     "event code");
  expectOneLineError(run({"catalog", "import", "--db", db(), "--event", kEvent, "--vendors", dir.file("missing.csv"), "--products",
                          dir.file("bad-products.csv")}),
                     "missing.csv");
}

}  // namespace
}  // namespace pameran::test
