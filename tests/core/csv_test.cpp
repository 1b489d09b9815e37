#include <gtest/gtest.h>

#include <string>

#include "pameran/core/csv.hpp"
#include "pameran/core/qris.hpp"
#include "pameran/core/report.hpp"

namespace pameran::core {
namespace {

const std::string kStaticQris =
    "00020101021126570011ID.DANA.WWW011893600915302259148102090225914810303UMI51440014ID.CO.QRIS.WWW0215ID102001761"
    "14730303UMI5204581253033605802ID5922Warung Sayur Bu Sugeng6010Kab. Demak610559567630458C7";

const std::string kVendors =
    "code,name,sector,owner,phone,qris\n"
    "V01,Batik Tulis Ibu Ani,fesyen,Ani,0812-1111-2222,\n"
    "V02,\"Anyaman Bambu \"\"Sejahtera\"\"\",kriya,Budi,,\n";

const std::string kProductsHead = "sku,barcode,vendor_code,name,price_idr,stock,low_stock\n";

std::string products(const std::string& rows) { return kProductsHead + rows; }

Result<CatalogFiles> catalog(const std::string& vendors, const std::string& productsText) {
  return parseCatalog(vendors, "vendors.csv", productsText, "products.csv");
}

// The message must start with `FILE:LINE: ` and mention `reason`.
void expectError(const Result<CatalogFiles>& r, const std::string& where, const std::string& reason) {
  ASSERT_FALSE(r.has_value()) << "expected " << where << " " << reason;
  EXPECT_EQ(r.error().code, Errc::Invalid);
  EXPECT_EQ(r.error().message.substr(0, where.size() + 2), where + ": ") << r.error().message;
  EXPECT_NE(r.error().message.find(reason), std::string::npos) << r.error().message;
}

void expectProductError(const std::string& row, const std::string& reason) {
  expectError(catalog(kVendors, products("P1,,V01,Kain,1000,1,0\n" + row)), "products.csv:3", reason);
}

CatalogVendorRow vendor(std::string code, std::string name, Sector sector, std::string qris) {
  CatalogVendorRow v;
  v.code = std::move(code);
  v.name = std::move(name);
  v.sector = sector;
  v.owner = "Pemilik";
  v.phone = "0812";
  v.qris = std::move(qris);
  return v;
}

CatalogProductRow product(std::string sku, std::string barcode, std::string vendorCode, std::string name,
                          std::int64_t price, std::int64_t stock, std::int64_t lowStock) {
  CatalogProductRow p;
  p.sku = std::move(sku);
  p.barcode = std::move(barcode);
  p.vendorCode = std::move(vendorCode);
  p.name = std::move(name);
  p.priceIdr = price;
  p.stock = stock;
  p.lowStock = lowStock;
  return p;
}

TEST(Csv, QuotedFieldsKeepCommasQuotesAndNewlines) {
  auto rows = parseCsv("a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\n", "t.csv");
  ASSERT_TRUE(rows.has_value()) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].fields, (std::vector<std::string>{"a", "b,c", "say \"hi\"", "two\nlines"}));
}

TEST(Csv, RecordsKnowThePhysicalLineTheyStartOn) {
  auto rows = parseCsv("h1,h2\n\"multi\nline\",x\nlast,y\n", "t.csv");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].line, 1);
  EXPECT_EQ((*rows)[1].line, 2);
  EXPECT_EQ((*rows)[2].line, 4);
}

TEST(Csv, CrlfLfAndLoneCrAllEndRecords) {
  auto rows = parseCsv("a,b\r\nc,d\ne,f\rg,h", "t.csv");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[1].fields, (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ((*rows)[3].fields, (std::vector<std::string>{"g", "h"}));
  EXPECT_EQ((*rows)[3].line, 4);
}

TEST(Csv, LastRecordNeedsNoLineBreak) {
  auto rows = parseCsv("a,b", "t.csv");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].fields.size(), 2u);
}

TEST(Csv, EmptyFieldsAreKept) {
  auto rows = parseCsv("a,,b,\n,\n", "t.csv");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].fields, (std::vector<std::string>{"a", "", "b", ""}));
  EXPECT_EQ((*rows)[1].fields, (std::vector<std::string>{"", ""}));
}

TEST(Csv, Utf8ByteOrderMarkIsSkipped) {
  auto rows = parseCsv("\xEF\xBB\xBF" "code,name\n", "t.csv");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ((*rows)[0].fields[0], "code");
}

TEST(Csv, BlankLinesCarryNoRecord) {
  auto rows = parseCsv("a\n\nb\r\n\r\n\n", "t.csv");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].fields[0], "b");
  EXPECT_EQ((*rows)[1].line, 3);
}

TEST(Csv, UnterminatedQuoteNamesTheLineWhereItOpened) {
  auto rows = parseCsv("a,b\nc,\"never\nclosed\n", "data/x.csv");
  ASSERT_FALSE(rows.has_value());
  EXPECT_EQ(rows.error().message.substr(0, 13), "data/x.csv:2:");
  EXPECT_NE(rows.error().message.find("unterminated"), std::string::npos);
}

TEST(Csv, StrayQuoteInsideUnquotedFieldIsRejected) {
  auto rows = parseCsv("a,b\nab\"c,d\n", "t.csv");
  ASSERT_FALSE(rows.has_value());
  EXPECT_EQ(rows.error().message.substr(0, 8), "t.csv:2:");
}

TEST(Csv, TextAfterClosingQuoteIsRejected) {
  auto rows = parseCsv("\"ab\"c,d\n", "t.csv");
  ASSERT_FALSE(rows.has_value());
  EXPECT_EQ(rows.error().message.substr(0, 8), "t.csv:1:");
}

TEST(Csv, BadUtf8NamesItsLine) {
  auto rows = parseCsv("a,b\nc,d\n\"e\nf\",\xC3\x28\n", "t.csv");
  ASSERT_FALSE(rows.has_value());
  EXPECT_EQ(rows.error().message.substr(0, 9), "t.csv:4: ");
  EXPECT_NE(rows.error().message.find("UTF-8"), std::string::npos);
}

TEST(Csv, OverlongUtf8IsRejected) {
  EXPECT_FALSE(parseCsv("a,\xC0\xAF\n", "t.csv").has_value());
  EXPECT_TRUE(parseCsv("a,Caf\xC3\xA9\n", "t.csv").has_value());
}

TEST(Csv, FieldIsQuotedOnlyWhenItMustBe) {
  EXPECT_EQ(csvField("plain text"), "plain text");
  EXPECT_EQ(csvField("a,b"), "\"a,b\"");
  EXPECT_EQ(csvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csvField("cr\r"), "\"cr\r\"");
  EXPECT_EQ(csvField(""), "");
}

TEST(Csv, RecordEndsWithCrlf) { EXPECT_EQ(csvRecord({"a", "b,c", ""}), "a,\"b,c\",\r\n"); }

TEST(Csv, WrittenRecordsParseBackUnchanged) {
  const std::vector<std::string> fields{"x", "a,b", "\"q\"", "multi\r\nline", "", " spaced "};
  auto rows = parseCsv(csvRecord(fields) + csvRecord({"next"}), "t.csv");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].fields, fields);
  EXPECT_EQ((*rows)[1].line, 3);
}

TEST(CsvCatalog, ValidFilesParseIntoRows) {
  const std::string vendors = kVendors + "V03,Kopi Gayo,kuliner,Cut,+62 811,\"" + kStaticQris + "\"\n";
  auto r = catalog(vendors, products("P1,4006381333931,V01,Kain Batik Mega Mendung,150000,10,2\n"
                                     "P2,,V02,\"Tas Anyaman, Besar\",85000,0,\n"
                                     "P3,TAS-007,V03,Kopi Gayo 250 g,1,1000000000,5\n"));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->vendors.size(), 3u);
  EXPECT_EQ(r->vendors[1].name, "Anyaman Bambu \"Sejahtera\"");
  EXPECT_EQ(r->vendors[1].sector, Sector::Kriya);
  EXPECT_EQ(r->vendors[2].qris, kStaticQris);
  EXPECT_EQ(r->vendors[0].phone, "0812-1111-2222");
  ASSERT_EQ(r->products.size(), 3u);
  EXPECT_EQ(r->products[0].barcode, "4006381333931");
  EXPECT_EQ(r->products[0].priceIdr, 150'000);
  EXPECT_EQ(r->products[0].stock, 10);
  EXPECT_EQ(r->products[0].lowStock, 2);
  EXPECT_EQ(r->products[1].name, "Tas Anyaman, Besar");
  EXPECT_EQ(r->products[1].lowStock, 0);
  EXPECT_EQ(r->products[2].priceIdr, 1);
  EXPECT_EQ(r->products[2].stock, 1'000'000'000);
  EXPECT_EQ(r->vendors[2].line, 4);
  EXPECT_EQ(r->products[2].line, 4);
  EXPECT_EQ(r->vendorsFile, "vendors.csv");
  EXPECT_EQ(r->productsFile, "products.csv");
}

TEST(CsvCatalog, BlankLinesAtTheEndAreFine) {
  auto r = catalog(kVendors + "\n\n", products("P1,,V01,Kain,1000,1,0\r\n\r\n\r\n"));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->products.size(), 1u);
}

TEST(CsvCatalog, HeaderOnlyFilesGiveAnEmptyCatalog) {
  auto r = catalog("code,name,sector,owner,phone,qris\n", products(""));
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->vendors.empty());
  EXPECT_TRUE(r->products.empty());
}

TEST(CsvCatalog, ErrorNamesTheFileExactlyAsGiven) {
  auto r = parseCatalog(kVendors, "/tmp/in/vendors (1).csv", products("P1,,V09,Kain,1000,1,0\n"), "./data/products.csv");
  expectError(r, "./data/products.csv:2", "unknown vendor_code");
}

TEST(CsvCatalog, EmptyFileIsRejected) {
  expectError(catalog("", products("")), "vendors.csv:1", "header");
}

TEST(CsvCatalog, WrongVendorsHeaderIsRejected) {
  expectError(catalog("code,name,sector,owner,qris\nV01,A,kriya,B,\n", products("")), "vendors.csv:1", "header");
}

TEST(CsvCatalog, WrongProductsHeaderIsRejected) {
  expectError(catalog(kVendors, "sku,barcode,vendor,name,price,stock,low_stock\n"), "products.csv:1", "header");
}

TEST(CsvCatalog, WrongFieldCountIsRejected) {
  expectError(catalog(kVendors + "V03,Kopi,kuliner\n", products("")), "vendors.csv:4", "expected 6 fields, found 3");
  expectProductError("P2,,V01,Kain,1000,1,0,extra", "expected 7 fields, found 8");
}

TEST(CsvCatalog, LineNumbersCountBlankLinesAndLinesInsideQuotedFields) {
  const std::string vendors = "code,name,sector,owner,phone,qris\n\nV01,Ani,kriya,,,\nV01,Dup,kriya,,,\n";
  expectError(catalog(vendors, products("")), "vendors.csv:4", "first on line 3");
  expectError(catalog(kVendors, products("P1,,V01,\"Kain\nBatik\",1000,1,0\nP1,,V01,Tas,1000,1,0\n")), "products.csv:2",
              "control characters");
  expectError(catalog(kVendors, products("P1,,V01,Kain,1000,1,0\n\"P2\",,V01,Tas,\"1\n000\",1,0\n")), "products.csv:3",
              "whole number");
}

TEST(CsvCatalog, BadVendorCodeIsRejected) {
  expectError(catalog(kVendors + "V 03,Kopi,kuliner,,,\n", products("")), "vendors.csv:4", "vendor code");
  expectError(catalog(kVendors + ",Kopi,kuliner,,,\n", products("")), "vendors.csv:4", "vendor code");
}

TEST(CsvCatalog, DuplicateVendorCodeIsRejectedWhateverTheCase) {
  expectError(catalog(kVendors + "v01,Lain,kuliner,,,\n", products("")), "vendors.csv:4", "first on line 2");
}

TEST(CsvCatalog, UnknownSectorIsRejected) {
  expectError(catalog(kVendors + "V03,Kopi,makanan,,,\n", products("")), "vendors.csv:4", "sector");
}

TEST(CsvCatalog, SectorInCapitalsIsAccepted) {
  auto r = catalog(kVendors + "V03,Kopi,Kuliner,,,\n", products(""));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->vendors[2].sector, Sector::Kuliner);
}

TEST(CsvCatalog, InvalidQrisIsRejected) {
  std::string broken = kStaticQris;
  broken.back() = '0';
  expectError(catalog(kVendors + "V03,Kopi,kuliner,,," + broken + "\n", products("")), "vendors.csv:4", "QRIS");
  expectError(catalog(kVendors + "V03,Kopi,kuliner,,,not a qris\n", products("")), "vendors.csv:4", "QRIS");
}

TEST(CsvCatalog, DynamicQrisIsRejected) {
  auto dynamic = makeDynamicQris(kStaticQris, Rupiah(10'000));
  ASSERT_TRUE(dynamic.has_value());
  expectError(catalog(kVendors + "V03,Kopi,kuliner,,," + *dynamic + "\n", products("")), "vendors.csv:4", "static");
}

TEST(CsvCatalog, EmptyOrOverlongNamesAreRejected) {
  expectError(catalog(kVendors + "V03,,kuliner,,,\n", products("")), "vendors.csv:4", "name is empty");
  expectError(catalog(kVendors + "V03,   ,kuliner,,,\n", products("")), "vendors.csv:4", "name is empty");
  expectProductError("P2,,V01,,1000,1,0", "name is empty");
  expectProductError("P2,,V01," + std::string(kMaxNameLength + 1, 'x') + ",1000,1,0", "longer than 120");
  auto longest = catalog(kVendors, products("P1,,V01," + std::string(kMaxNameLength, 'x') + ",1000,1,0\n"));
  EXPECT_TRUE(longest.has_value());
}

TEST(CsvCatalog, ControlCharactersInNamesAreRejected) {
  expectProductError("P2,,V01,\"Tas\tBesar\",1000,1,0", "control characters");
  expectProductError("P2,,V01,\"Tas\nBesar\",1000,1,0", "control characters");
}

TEST(CsvCatalog, BadUtf8IsRejectedWithItsLine) {
  expectError(catalog(kVendors, products("P1,,V01,Kain,1000,1,0\nP2,,V01,Kain \xE9 Besar,1000,1,0\n")),
              "products.csv:3", "UTF-8");
}

TEST(CsvCatalog, DuplicateSkuIsRejectedWhateverTheCase) {
  expectProductError("p1,,V01,Kain Lain,1000,1,0", "duplicate sku");
}

TEST(CsvCatalog, InvalidSkuIsRejected) {
  expectProductError("P 2,,V01,Kain,1000,1,0", "sku");
  expectProductError(",,V01,Kain,1000,1,0", "sku");
  expectProductError(std::string(kMaxCodeLength + 1, 'S') + ",,V01,Kain,1000,1,0", "sku");
}

TEST(CsvCatalog, DuplicateBarcodeIsRejected) {
  expectError(catalog(kVendors, products("P1,4006381333931,V01,Kain,1000,1,0\nP2,4006381333931,V02,Tas,1000,1,0\n")),
              "products.csv:3", "duplicate barcode");
}

TEST(CsvCatalog, ThirteenDigitBarcodeWithWrongCheckDigitIsRejected) {
  expectProductError("P2,4006381333932,V01,Kain,1000,1,0", "EAN-13");
  auto twelveDigits = catalog(kVendors, products("P1,400638133393,V01,Kain,1000,1,0\n"));
  EXPECT_TRUE(twelveDigits.has_value()) << "a free code that is not 13 digits is not an EAN-13";
}

TEST(CsvCatalog, UnknownVendorIsRejected) {
  expectProductError("P2,,V99,Kain,1000,1,0", "unknown vendor_code");
}

TEST(CsvCatalog, NegativePriceOrStockIsRejected) {
  expectProductError("P2,,V01,Kain,-1000,1,0", "negative");
  expectProductError("P2,,V01,Kain,1000,-1,0", "negative");
  expectProductError("P2,,V01,Kain,1000,1,-5", "negative");
}

TEST(CsvCatalog, NonIntegerNumbersAreRejected) {
  expectProductError("P2,,V01,Kain,15000.50,1,0", "whole number");
  expectProductError("P2,,V01,Kain,\"15000,50\",1,0", "whole number");
  expectProductError("P2,,V01,Kain,15.000,1,0", "whole number");
  expectProductError("P2,,V01,Kain,Rp 15000,1,0", "whole number");
  expectProductError("P2,,V01,Kain,1e3,1,0", "whole number");
  expectProductError("P2,,V01,Kain,1000,2.5,0", "whole number");
  expectProductError("P2,,V01,Kain,1000,many,0", "whole number");
  expectProductError("P2,,V01,Kain,,1,0", "price_idr is empty");
}

TEST(CsvCatalog, ZeroPriceIsRejected) { expectProductError("P2,,V01,Kain,0,1,0", "price_idr must be at least 1"); }

TEST(CsvCatalog, OverflowingNumbersAreRejected) {
  expectProductError("P2,,V01,Kain,99999999999999999999999,1,0", "limit");
  expectProductError("P2,,V01,Kain,1000000000000001,1,0", "limit");
  expectProductError("P2,,V01,Kain,1000,1000000001,0", "limit");
  expectProductError("P2,,V01,Kain,1000,1,99999999999999999999", "limit");
  auto largest = catalog(kVendors, products("P1,,V01,Kain,1000000000000000,1,0\n"));
  ASSERT_TRUE(largest.has_value());
  EXPECT_EQ(largest->products[0].priceIdr, kMaxIdr);
}

TEST(CsvCatalog, FirstBadRowRejectsTheWholeImport) {
  auto r = catalog(kVendors, products("P1,,V01,Kain,1000,1,0\nP2,,V01,Tas,1000,1,0\nP3,,V01,Topi,abc,1,0\n"));
  expectError(r, "products.csv:4", "price_idr");
}

TEST(CsvCatalog, VendorErrorsComeBeforeProductErrors) {
  expectError(catalog(kVendors + "V03,Kopi,bad,,,\n", products("P1,,V99,Kain,1000,1,0\n")), "vendors.csv:4", "sector");
}

TEST(CsvCatalog, WrittenCatalogParsesBackUnchanged) {
  CatalogFiles files;
  files.vendors.push_back(vendor("V01", "Batik \"Ani\", Depok", Sector::Fesyen, kStaticQris));
  files.vendors.push_back(vendor("V02", "Kopi Gayo \xC3\x91", Sector::Kuliner, ""));
  files.products.push_back(product("P1", "4006381333931", "V01", "Kain, Batik", 150'000, 3, 1));
  files.products.push_back(product("P2", "", "V02", "Kopi \"Arabika\"", 1, 0, 0));
  const std::string vendors = writeVendorsCsv(files.vendors);
  const std::string productsText = writeProductsCsv(files.products);
  EXPECT_EQ(vendors.substr(0, vendors.find('\r')), std::string(kVendorsHeader));
  EXPECT_EQ(productsText.substr(0, productsText.find('\r')), std::string(kProductsHeader));
  auto r = catalog(vendors, productsText);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->vendors.size(), 2u);
  EXPECT_EQ(r->vendors[0].name, files.vendors[0].name);
  EXPECT_EQ(r->vendors[0].qris, kStaticQris);
  EXPECT_EQ(r->vendors[1].sector, Sector::Kuliner);
  EXPECT_EQ(r->vendors[1].name, files.vendors[1].name);
  ASSERT_EQ(r->products.size(), 2u);
  EXPECT_EQ(r->products[0].name, "Kain, Batik");
  EXPECT_EQ(r->products[0].priceIdr, 150'000);
  EXPECT_EQ(r->products[1].name, "Kopi \"Arabika\"");
  EXPECT_EQ(r->products[1].barcode, "");
}

TEST(CsvCatalog, WrittenProductsUsePlainIntegers) {
  const std::string text = writeProductsCsv({product("P1", "", "V01", "Kain", 1'250'000, 7, 2)});
  EXPECT_EQ(text, std::string(kProductsHeader) + "\r\nP1,,V01,Kain,1250000,7,2\r\n");
}

}  // namespace
}  // namespace pameran::core

// ---- formula injection (issue 7, finding 2.9) ---------------------------------------------------

namespace pameran::core {
namespace {

TEST(CsvFormulas, CellsASpreadsheetWouldRunAreNeutralised) {
  EXPECT_EQ(csvField("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
  EXPECT_EQ(csvField("@SUM(1+1)"), "'@SUM(1+1)");
  EXPECT_EQ(csvField("+62812"), "'+62812");
  EXPECT_EQ(csvField("-2+3"), "'-2+3");
  EXPECT_EQ(csvField("\tx"), "'\tx");
  EXPECT_EQ(csvField("\r=1"), "\"'\r=1\"");
  EXPECT_EQ(csvField("=A1,B1"), "\"'=A1,B1\"");
  EXPECT_EQ(csvField("'quoted"), "''quoted");  // keeps the rule reversible
  // Ordinary text is left alone.
  EXPECT_EQ(csvField("Batik = indah"), "Batik = indah");
  EXPECT_EQ(csvField(""), "");
}

TEST(CsvFormulas, TextValueIsTheExactInverse) {
  for (const std::string text : {"=cmd|' /C calc'!A0", "@SUM(1+1)", "+62", "-", "'", "''", "'=x", "'a", "a'", "=",
                                 "Kain \"Songket\", 2 m", "plain"}) {
    auto rows = parseCsv(csvRecord({text, "x"}), "t.csv");
    ASSERT_TRUE(rows) << rows.error().message;
    EXPECT_EQ(csvTextValue(rows->front().fields[0]), text);
  }
}

TEST(CsvFormulas, SettlementNamesAreNeutralisedAndNegativeAmountsStayNumbers) {
  Settlement s;
  s.event = "EV";
  SettlementRow row;
  row.vendorCode = "-V1";
  row.name = "=HYPERLINK(\"http://x\",\"klik\")";
  row.owedToVendor = Rupiah(-5000);
  row.net = Rupiah(-5000);
  s.vendors.push_back(row);
  const std::string csv = settlementToCsv(s);
  EXPECT_NE(csv.find("'-V1,\"'=HYPERLINK("), std::string::npos) << csv;
  EXPECT_NE(csv.find(",-5000\r\n"), std::string::npos) << csv;
  EXPECT_EQ(csv.find(",'-5000"), std::string::npos) << csv;
}

TEST(CsvFormulas, ReportNamesAreNeutralised) {
  Report r;
  r.event = "EV";
  r.byVendor.push_back({"V1", "@SUM(1+1)", Sector::Kriya, 1, 1, Rupiah(1000)});
  const std::string csv = reportToCsv(r);
  EXPECT_NE(csv.find("vendor,V1,'@SUM(1+1),kriya,1,1,1000\r\n"), std::string::npos) << csv;
}

TEST(CsvFormulas, CatalogExportThenImportGivesTheSameNames) {
  std::vector<CatalogVendorRow> vendors{vendor("V1", "=cmd|' /C calc'!A0", Sector::Kriya, ""),
                                        vendor("V2", "'=kutip", Sector::Fesyen, ""),
                                        vendor("V3", "@Batik", Sector::Kuliner, "")};
  vendors[0].phone = "+62 812 1111";
  vendors[1].owner = "-Ani-";
  std::vector<CatalogProductRow> productRows{product("-P1", "", "V1", "+Kain, 2 m", 1000, 3, 0),
                                             product("P2", "", "V2", "'", 2000, 1, 0)};
  auto back = parseCatalog(writeVendorsCsv(vendors), "v.csv", writeProductsCsv(productRows), "p.csv");
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->vendors.size(), 3u);
  for (std::size_t i = 0; i < vendors.size(); ++i) {
    EXPECT_EQ(back->vendors[i].name, vendors[i].name);
    EXPECT_EQ(back->vendors[i].owner, vendors[i].owner);
    EXPECT_EQ(back->vendors[i].phone, vendors[i].phone);
  }
  ASSERT_EQ(back->products.size(), 2u);
  EXPECT_EQ(back->products[0].sku, "-P1");
  EXPECT_EQ(back->products[0].name, "+Kain, 2 m");
  EXPECT_EQ(back->products[1].name, "'");
}

}  // namespace
}  // namespace pameran::core
