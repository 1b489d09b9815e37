// In-store barcodes in the server store (PROTOCOL.md 3.12), the same on both backends: a product
// takes a kiosk's code only while it has none, a code another product has is refused for that
// row, the catalog version moves only when something changed, and an import keeps the codes.
#include "pameran/core/price_tag.hpp"
#include "store_backends.hpp"

namespace pameran::sync {
namespace {

using namespace pameran::sync::testing;

class BarcodeStore : public StoreContract {
 protected:
  std::int64_t version() { return *store().catalogVersion(store().event(kEvent)->id); }
  std::string barcodeOf(const std::string& sku) {
    auto c = store().catalog(store().event(kEvent)->id);
    EXPECT_TRUE(c);
    for (const core::CatalogProductRow& p : c->products)
      if (p.sku == sku) return p.barcode;
    return "(none)";
  }
  std::vector<BarcodeStatus> statuses(const std::vector<BarcodeAssignment>& rows) {
    auto r = store().assignBarcodes(kEvent, rows);
    EXPECT_TRUE(r) << r.error().message;
    std::vector<BarcodeStatus> out;
    if (r)
      for (const BarcodeResult& x : *r) out.push_back(x.status);
    return out;
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, BarcodeStore, ::testing::Values(Backend::Sqlite, Backend::Postgres), backendName);

TEST_P(BarcodeStore, AProductTakesAKiosksCodeOnceAndAnImportKeepsIt) {
  const std::string batik = core::inStoreEan13("V01-P1"), tas = core::inStoreEan13("V02-P2");
  const std::int64_t v0 = version();
  EXPECT_EQ(statuses({{"V01-P1", batik}, {"V02-P2", tas}}), (std::vector{BarcodeStatus::Stored, BarcodeStatus::Stored}));
  EXPECT_EQ(barcodeOf("V01-P1"), batik);
  const std::int64_t v1 = version();
  EXPECT_GT(v1, v0);
  // Again: already there. Another product with Batik's code: taken. Batik with another code: it
  // keeps its own. An unknown product: said so. Nothing changed, so the version stays.
  EXPECT_EQ(statuses({{"V01-P1", batik}, {"V03-P1", batik}, {"V02-P2", core::inStoreEan13("V02-P2", 1)}, {"NOPE", core::inStoreEan13("NOPE")}}),
            (std::vector{BarcodeStatus::Duplicate, BarcodeStatus::Taken, BarcodeStatus::Superseded, BarcodeStatus::UnknownProduct}));
  EXPECT_EQ(version(), v1);
  EXPECT_EQ(barcodeOf("V03-P1"), "");
  EXPECT_EQ(barcodeOf("V02-P2"), tas);
  // A later file without barcodes keeps the kiosks' codes; a file that gives Tas's code to
  // Nastar wins, and Tas is left without one.
  ASSERT_TRUE(store().importCatalog(kEvent, demoCatalog()));
  EXPECT_EQ(barcodeOf("V01-P1"), batik);
  EXPECT_EQ(barcodeOf("V02-P2"), tas);
  core::CatalogFiles files = demoCatalog();
  files.products.at(2).barcode = tas;
  ASSERT_TRUE(store().importCatalog(kEvent, files));
  EXPECT_EQ(barcodeOf("V03-P1"), tas);
  EXPECT_EQ(barcodeOf("V02-P2"), "");
  EXPECT_EQ(barcodeOf("V01-P1"), batik);
}

TEST_P(BarcodeStore, ARowThatIsNotAnInStoreCodeRefusesTheWholeRequest) {
  const std::int64_t v0 = version();
  for (const std::vector<BarcodeAssignment>& rows :
       {std::vector<BarcodeAssignment>{{"V01-P1", core::inStoreEan13("V01-P1")}, {"V02-P2", "8991234050010"}},
        std::vector<BarcodeAssignment>{{"V01-P1", core::inStoreEan13("V01-P1")}, {"bad sku", core::inStoreEan13("x")}}}) {
    auto r = store().assignBarcodes(kEvent, rows);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::Errc::Invalid);
  }
  EXPECT_EQ(version(), v0);
  EXPECT_EQ(barcodeOf("V01-P1"), "");
  auto unknown = store().assignBarcodes("NO-EVENT", {{"V01-P1", core::inStoreEan13("V01-P1")}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, core::Errc::NotFound);
}

}  // namespace
}  // namespace pameran::sync
