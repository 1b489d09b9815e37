// The pameran-kiosk commands of DESIGN.md, run as a user would: exit codes, one-line errors on
// stderr, `--help` everywhere, all-or-nothing catalog imports with `file:line: reason`.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../store/store_fixture.hpp"
#include "pameran/core/qris.hpp"

namespace pameran::test {
namespace {

struct Outcome {
  int code = -1;
  std::string out, err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

class KioskCli : public ::testing::Test {
 protected:
  Outcome run(std::vector<std::string> args) {
    const std::string outPath = dir.file("stdout.txt"), errPath = dir.file("stderr.txt");
    const pid_t pid = fork();
    if (pid == 0) {
      const int out = open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int err = open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2(out, STDOUT_FILENO);
      dup2(err, STDERR_FILENO);
      std::vector<char*> argv;
      static std::string program = PAMERAN_KIOSK;
      argv.push_back(program.data());
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(program.c_str(), argv.data());
      _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    Outcome r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(outPath);
    r.err = slurp(errPath);
    return r;
  }

  // A failure as DESIGN.md wants it: non-zero, one line on stderr naming the program.
  static void expectOneLineError(const Outcome& r, const std::string& mustContain = {}) {
    EXPECT_NE(r.code, 0) << r.out;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.err.rfind("pameran-kiosk: ", 0), 0u) << r.err;
    if (!mustContain.empty()) {
      EXPECT_NE(r.err.find(mustContain), std::string::npos) << r.err;
    }
  }

  std::string db() const { return dir.file("kiosk.db"); }

  // A kiosk with the test catalog imported through the command itself.
  void importTestCatalog() {
    spit(dir.file("vendors.csv"), testVendorsCsv());
    spit(dir.file("products.csv"), testProductsCsv());
    const Outcome r = run({"catalog", "import", "--db", db(), "--event", kEvent, "--event-name", "Pameran Uji", "--vendors",
                       dir.file("vendors.csv"), "--products", dir.file("products.csv")});
    ASSERT_EQ(r.code, 0) << r.err;
  }

  // What an import could change, seen through the commands and the file.
  std::string snapshot() {
    const Outcome e = run({"catalog", "export", "--db", db(), "--vendors", dir.file("snap-v.csv"), "--products", dir.file("snap-p.csv")});
    EXPECT_EQ(e.code, 0) << e.err;
    const Outcome rep = run({"report", "--db", db()});
    SQLite::Database raw(db(), SQLite::OPEN_READONLY);
    return slurp(dir.file("snap-v.csv")) + slurp(dir.file("snap-p.csv")) + rep.out +
           std::to_string(scalar(raw, "SELECT COUNT(*) FROM stock_movement")) + "/" +
           std::to_string(scalar(raw, "SELECT COUNT(*) FROM event")) + "/" + std::to_string(scalar(raw, "SELECT COUNT(*) FROM vendor"));
  }

  TempDir dir;
};

TEST_F(KioskCli, HelpOnEveryCommandExitsZero) {
  const std::vector<std::vector<std::string>> commands = {
      {},          {"seed-demo"}, {"catalog"}, {"catalog", "import"}, {"catalog", "export"}, {"staff"}, {"staff", "add"},
      {"report"}, {"settlement"}, {"simulate"}, {"audit"}, {"audit", "verify"}, {"backup"}};
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

TEST_F(KioskCli, SimulateNeedsACatalog) {
  { ASSERT_TRUE(Store::open(db())); }
  expectOneLineError(run({"simulate", "--db", db(), "--sales", "3"}), "event");
  expectOneLineError(run({"simulate", "--db", db(), "--sales", "-1"}));
}

TEST_F(KioskCli, StaffAddRefusesBadAndDuplicatePins) {
  importTestCatalog();
  Outcome r = run({"staff", "add", "--db", db(), "--name", "Siti", "--role", "cashier", "--pin", "2468"});
  ASSERT_EQ(r.code, 0) << r.err;
  expectOneLineError(run({"staff", "add", "--db", db(), "--name", "Budi", "--role", "supervisor", "--pin", "2468"}), "PIN");
  expectOneLineError(run({"staff", "add", "--db", db(), "--name", "Budi", "--role", "boss", "--pin", "1357"}), "role");
  expectOneLineError(run({"staff", "add", "--db", db(), "--name", "Budi", "--role", "cashier", "--pin", "12"}), "PIN");
  SQLite::Database raw(db(), SQLite::OPEN_READONLY);
  EXPECT_EQ(scalar(raw, "SELECT COUNT(*) FROM staff"), 1);
}

TEST_F(KioskCli, AuditVerifyNamesAnEditedRow) {
  importTestCatalog();
  ASSERT_EQ(run({"simulate", "--db", db(), "--sales", "40", "--seed", "3"}).code, 0);
  {
    SQLite::Database raw(db(), SQLite::OPEN_READWRITE);
    raw.exec("DROP TRIGGER audit_log_no_update");
    raw.exec("UPDATE audit_log SET staff = 'Orang Lain' WHERE id = 1");
  }
  expectOneLineError(run({"audit", "verify", "--db", db()}), "row 1");
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
