// `pameran-kiosk stock intake|return|levels` and `pameran-kiosk labels`, run as a user would; the
// price tags are rendered (pdftoppm) and every barcode on them read back (zbarimg).
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "kiosk_cli_fixture.hpp"
#include "pameran/core/price_tag.hpp"

namespace pameran::test {
namespace {

using StockCli = KioskCli;

// Runs a shell command line; its stdout.
std::string shell(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  pclose(p);
  return out;
}

// Every EAN-13 on the PDF's label sheets, label by label: the pages rendered at 300 dpi, each cut
// into one tile per label of the layout, every tile read by zbarimg (which reports a code once per
// image, so a whole page would hide copies). Counts how often each code was read.
std::map<std::string, int> decodeLabels(const TempDir& dir, const std::string& pdf, core::LabelLayout layout, int* pages) {
  const core::LabelSheet sheet = *core::labelSheet(layout);
  const auto px = [](double mm) { return static_cast<long>(mm / 25.4 * 300.0 + 0.5); };
  const std::string area = std::to_string(px(sheet.columns * sheet.pitchX)) + "x" + std::to_string(px(sheet.rows * sheet.pitchY)) + "+" +
                           std::to_string(px(sheet.left)) + "+" + std::to_string(px(sheet.top));
  const std::string grid = std::to_string(sheet.columns) + "x" + std::to_string(sheet.rows) + "@";
  shell("pdftoppm -r 300 -gray -png '" + pdf + "' '" + dir.file("page") + "' 2>/dev/null");
  *pages = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("page", 0) != 0 || entry.path().extension() != ".png") continue;
    ++*pages;
    shell("convert '" + entry.path().string() + "' -crop " + area + " +repage -crop " + grid + " +repage +adjoin '" +
          dir.file("tile-" + entry.path().stem().string() + "-%02d.png") + "'");
  }
  std::map<std::string, int> codes;
  std::istringstream lines(shell("zbarimg --nodbus -q '" + dir.file("tile-") + "'*.png 2>/dev/null"));
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("EAN-13:", 0) == 0) ++codes[line.substr(7)];
  return codes;
}

TEST_F(StockCli, IntakeReturnAndLevelsAreRecordedMovements) {
  importTestCatalog();
  Outcome r = run({"stock", "intake", "--db", db(), "--sku", "KUL-02", "--qty", "24", "--note", "kiriman pagi"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("24 on hand"), std::string::npos) << r.out;

  r = run({"stock", "levels", "--db", db(), "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto levels = nlohmann::json::parse(r.out);
  ASSERT_EQ(levels.size(), 6u);
  std::map<std::string, std::int64_t> onHand;
  for (const auto& row : levels) {
    EXPECT_EQ(row.size(), 3u);
    onHand[row.at("sku").get<std::string>()] = row.at("on_hand").get<std::int64_t>();
    if (row.at("sku") == "KUL-02") {
      EXPECT_EQ(row.at("vendor_code"), "KUL");
    }
  }
  EXPECT_EQ(onHand["KUL-02"], 24);
  EXPECT_EQ(onHand["KUL-01"], 50);

  const std::string slip = dir.file("slip.pdf");
  r = run({"stock", "return", "--db", db(), "--vendor", "KUL", "--pdf", slip});
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_FALSE(r.out.empty());
  const std::string last = r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1);
  EXPECT_EQ(last, "74\n") << "the count of items, alone on the last line";
  EXPECT_EQ(slurp(slip).rfind("%PDF-", 0), 0u);
  const std::string text = shell("pdftotext -layout '" + slip + "' - 2>/dev/null");
  EXPECT_NE(text.find("Kue Lapis Legit"), std::string::npos) << text;
  EXPECT_NE(text.find("Diterima oleh"), std::string::npos) << text;

  r = run({"stock", "levels", "--db", db(), "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("sku,vendor_code,on_hand\r\n", 0), 0u);
  EXPECT_NE(r.out.find("KUL-02,KUL,0\r\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("BTK-01,BTK,10\r\n"), std::string::npos) << r.out;

  SQLite::Database raw(db(), SQLite::OPEN_READONLY);
  EXPECT_EQ(scalar(raw, "SELECT COUNT(*) FROM stock_movement WHERE kind = 'return' AND length(uuid) = 36"), 2);
  EXPECT_EQ(scalar(raw, "SELECT COUNT(*) FROM audit_log WHERE action IN ('stock_intake', 'stock_return')"), 2);
}

TEST_F(StockCli, BadStockInputChangesNothing) {
  importTestCatalog();
  const std::string before = snapshot();
  expectOneLineError(run({"stock", "intake", "--db", db(), "--sku", "NOPE", "--qty", "3"}), "NOPE");
  expectOneLineError(run({"stock", "intake", "--db", db(), "--sku", "KUL-02", "--qty", "0"}));
  expectOneLineError(run({"stock", "intake", "--db", db(), "--sku", "KUL-02", "--qty", "tiga"}));
  expectOneLineError(run({"stock", "return", "--db", db(), "--vendor", "NOPE"}), "NOPE");
  expectOneLineError(run({"stock", "levels", "--db", db(), "--format", "xml"}));
  expectOneLineError(run({"stock", "levels", "--db", dir.file("missing.db")}), "no such database");
  ASSERT_EQ(run({"stock", "return", "--db", db(), "--vendor", "KUL"}).code, 0);
  const std::string returned = snapshot();
  expectOneLineError(run({"stock", "return", "--db", db(), "--vendor", "KUL"}), "nothing");
  EXPECT_EQ(snapshot(), returned);
  EXPECT_NE(before, returned);
  EXPECT_FALSE(std::filesystem::exists(dir.file("missing.db")));
}

TEST_F(StockCli, EveryPriceTagOnTheSheetsScansAsItsProductsBarcode) {
  importTestCatalog();
  // KRY-02 came without a barcode: it gets an in-store one, printed and kept.
  const std::string sheet7 = dir.file("kry.pdf");
  Outcome r = run({"labels", "--db", db(), "--vendor", "KRY", "--out", sheet7, "--copies", "12"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("24 price tags on 2 3x7 sheets"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 products got an in-store barcode"), std::string::npos) << r.out;
  SQLite::Database raw(db(), SQLite::OPEN_READONLY);
  const std::string assigned = raw.execAndGet("SELECT COALESCE(barcode, '') FROM product WHERE sku = 'KRY-02'").getString();
  EXPECT_TRUE(core::isInStoreEan13(assigned)) << assigned;
  const std::string kry01 = raw.execAndGet("SELECT barcode FROM product WHERE sku = 'KRY-01'").getString();
  int pages = 0;
  EXPECT_EQ(decodeLabels(dir, sheet7, core::LabelLayout::Sheet3x7, &pages), (std::map<std::string, int>{{assigned, 12}, {kry01, 12}}));
  EXPECT_EQ(pages, 2);

  TempDir second;
  const std::string sheet8 = second.file("mixed.pdf");
  r = run({"labels", "--db", db(), "--sku", "BTK-01", "--sku", "KRY-02", "--sku", "KUL-01", "--out", sheet8, "--copies", "8",
           "--layout", "3x8"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.find("in-store"), std::string::npos) << "the code was kept: " << r.out;
  std::map<std::string, int> expected;
  for (const char* sku : {"BTK-01", "KRY-02", "KUL-01"})
    expected[raw.execAndGet(std::string("SELECT barcode FROM product WHERE sku = '") + sku + "'").getString()] = 8;
  EXPECT_EQ(decodeLabels(second, sheet8, core::LabelLayout::Sheet3x8, &pages), expected);
  EXPECT_EQ(pages, 1);
}

TEST_F(StockCli, LabelsForTheRollAreEscPosAndBadRequestsFailClearly) {
  importTestCatalog();
  const std::string roll = dir.file("roll.bin");
  Outcome r = run({"labels", "--db", db(), "--sku", "KUL-01", "--out", roll, "--layout", "roll58", "--copies", "2"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string bytes = slurp(roll);
  const std::string command = std::string("\x1d\x6b\x43\x0d", 4) + ean13("899100000005");
  std::size_t n = 0;
  for (std::size_t at = bytes.find(command); at != std::string::npos; at = bytes.find(command, at + 1)) ++n;
  EXPECT_EQ(n, 2u);

  const std::string before = snapshot();
  const std::string out = dir.file("x.pdf");
  expectOneLineError(run({"labels", "--db", db(), "--out", out}), "--vendor");
  expectOneLineError(run({"labels", "--db", db(), "--vendor", "KRY", "--sku", "KUL-01", "--out", out}));
  expectOneLineError(run({"labels", "--db", db(), "--vendor", "NOPE", "--out", out}), "NOPE");
  expectOneLineError(run({"labels", "--db", db(), "--sku", "NOPE", "--out", out}), "NOPE");
  expectOneLineError(run({"labels", "--db", db(), "--sku", "KUL-01", "--out", out, "--layout", "4x10"}));
  expectOneLineError(run({"labels", "--db", db(), "--sku", "KUL-01", "--out", out, "--copies", "0"}));
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_EQ(snapshot(), before);
}

}  // namespace
}  // namespace pameran::test
