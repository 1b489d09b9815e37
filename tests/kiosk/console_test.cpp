// The organizer console without a server: the report reader, the view models over the fixture
// event (figures the test adds up on its own), and every view drawn headless at both layouts.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>
#include <numeric>

#include "console_fixture.hpp"
#include "kiosk_fixtures.hpp"
#include "pameran/core/report_json.hpp"
#include "pameran/kiosk/organizer/console.hpp"

namespace pameran::kiosk {
namespace {

using namespace organizer;
using testing::fixtureData;
using testing::kFixtureNet;
using testing::kFixtureNow;
namespace oa = organizer::act;

// ---- the report reader ---------------------------------------------------------------------------
TEST(ReportJson, ReadsBackWhatReportToJsonWrote) {
  const core::Report original = core::reportFromJson(testing::fixtureReportJson(false))->report;
  const std::string written = core::reportToJson(original);
  auto again = core::reportFromJson(written);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(core::reportToJson(again->report), written);
  EXPECT_FALSE(again->byDevice.has_value());
  EXPECT_FALSE(again->topProducts.has_value());
}

TEST(ReportJson, ReadsTheExtraBreakdownsWhenPresent) {
  auto r = core::reportFromJson(testing::fixtureReportJson(true));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(r->byDevice && r->byCashier && r->topProducts);
  EXPECT_EQ(r->byDevice->at(1).deviceCode, "K02");
  EXPECT_EQ(r->topProducts->at(0).vendorCode, "V01");
}

TEST(ReportJson, RefusesMoneyThatIsNotAnIntegerAndUnknownNames) {
  std::string j = testing::fixtureReportJson(false);
  std::string floaty = j;
  floaty.replace(floaty.find("\"net_idr\":2601985649"), 20, "\"net_idr\":2601985649.5");
  EXPECT_FALSE(core::reportFromJson(floaty));
  std::string sector = j;
  sector.replace(sector.find("\"kuliner\""), 9, "\"makanan\"");
  auto bad = core::reportFromJson(sector);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("makanan"), std::string::npos);
  EXPECT_FALSE(core::reportFromJson("<html>"));
  EXPECT_FALSE(core::settlementFromJson("{\"event\":\"X\"}"));
}

// ---- view models ---------------------------------------------------------------------------------
const Translator& id() {
  static const Translator tr = Translator::builtIn(Language::Id);
  return tr;
}

TEST(ConsoleViewModels, HeadlineWritesEveryFigureInFullWithTheTargetProgress) {
  const HeadlineVm vm = buildHeadlineVm(fixtureData(), id());
  ASSERT_EQ(vm.figures.size(), 6u);
  EXPECT_EQ(vm.figures[0].value, "Rp 2.601.985.649");
  EXPECT_EQ(vm.figures[1].value, "2.300");
  EXPECT_EQ(vm.figures[3].value, "Rp 2.700.000.000");
  EXPECT_EQ(vm.figures[5].value, "Rp 38.014.351");
  // The test's own arithmetic: net = gross - discounts - refunds.
  EXPECT_EQ(2'700'000'000 - 60'000'000 - 38'014'351, kFixtureNet);
  EXPECT_EQ(vm.target, "Rp 3.000.000.000");
  // 2.601.985.649 / 3.000.000.000 = 86,73 %; Rp 398.014.351 to go.
  EXPECT_NE(vm.progressText.find("86,7 %"), std::string::npos) << vm.progressText;
  EXPECT_NE(vm.progressText.find("Rp 398.014.351"), std::string::npos) << vm.progressText;
  EXPECT_NEAR(vm.progress, 0.8673f, 0.001f);
}

TEST(ConsoleViewModels, VendorsSortBothWaysAndTheSearchNarrows) {
  ConsoleState state;
  const ConsoleData data = fixtureData();
  VendorsVm vm = buildVendorsVm(state, data, id());
  ASSERT_EQ(vm.rows.size(), 3u);
  EXPECT_EQ(vm.rows[0].code, "V01");  // net, largest first
  EXPECT_EQ(vm.netShown, "Rp 2.601.985.649");
  // V01: 1.500.000.000 - 150.000.000 - 1.400.000.000 = -50.000.000: it owes the organizer.
  EXPECT_EQ(vm.rows[0].owed, "-Rp 50.000.000");
  EXPECT_TRUE(vm.rows[0].owesOrganizer);
  EXPECT_EQ(vm.rows[1].commission, "Rp 45.099.282");  // 5 % of 901.985.649, rounded half up
  state.sortBy = VendorColumn::Owed;
  vm = buildVendorsVm(state, data, id());
  EXPECT_EQ(vm.rows[0].code, "V02");
  EXPECT_EQ(vm.rows[2].code, "V01");
  state.sortDescending = false;
  EXPECT_EQ(buildVendorsVm(state, data, id()).rows[0].code, "V01");
  state.search = "kuliner";
  vm = buildVendorsVm(state, data, id());
  ASSERT_EQ(vm.rows.size(), 1u);
  EXPECT_EQ(vm.rows[0].code, "V03");
  EXPECT_EQ(vm.total, 3u);
  state.search = "anyaman";
  EXPECT_EQ(buildVendorsVm(state, data, id()).rows.at(0).code, "V02");
}

TEST(ConsoleViewModels, EveryMoneyChartAddsUpToTheNet) {
  const ChartsVm vm = buildChartsVm(fixtureData(), id());
  ASSERT_EQ(vm.charts.size(), 7u);  // sector, payment, day, hour, kiosk, cashier, top products
  for (const ChartVm& c : vm.charts) {
    if (c.title == T::OrgChartTopProducts) continue;
    const std::int64_t sum = std::accumulate(c.bars.begin(), c.bars.end(), std::int64_t{0}, [](std::int64_t s, const Bar& b) { return s + b.value; });
    EXPECT_EQ(sum, kFixtureNet) << id()(c.title);
  }
  const ChartVm& hours = vm.charts[3];
  ASSERT_TRUE(hours.heatStrip);
  ASSERT_EQ(hours.bars.size(), 24u);
  EXPECT_EQ(hours.bars[1].exact, "Rp 300.000.000");  // the sale after midnight stays in its hour
  EXPECT_EQ(hours.bars[14].exact, "Rp 1.201.985.649");
}

TEST(ConsoleViewModels, WithoutTheExtraBreakdownsTheirChartsAreLeftOut) {
  const ChartsVm vm = buildChartsVm(fixtureData(false), id());
  EXPECT_EQ(vm.charts.size(), 4u);
}

TEST(ConsoleViewModels, SilentBoothsGapsAndABrokenAuditAreFlagged) {
  ConsoleState state;
  const HealthVm vm = buildHealthVm(state, fixtureData(), kFixtureNow, id());
  ASSERT_EQ(vm.rows.size(), 3u);
  EXPECT_EQ(vm.silent, 2u);  // K02 40 min, K03 never
  EXPECT_EQ(vm.withGaps, 1u);
  EXPECT_EQ(vm.rows.back().code, "K01");  // healthy last
  EXPECT_EQ(vm.rows.back().tone, Tone::Good);
  const DeviceRowVm& k02 = vm.rows[0].code == "K02" ? vm.rows[0] : vm.rows[1];
  EXPECT_EQ(k02.tone, Tone::Bad);
  EXPECT_EQ(k02.missing, "4 hilang: 3, 7–9");
  EXPECT_EQ(k02.audit, "RUSAK sejak no. 12");
  EXPECT_EQ(k02.ago, "40 menit lalu");
  state.silentMinutes = 60;
  EXPECT_EQ(buildHealthVm(state, fixtureData(), kFixtureNow, id()).silent, 1u);
}

ConsoleData withDeviceAudit() {
  ConsoleData d = fixtureData();
  d.auditDevice = "K02";
  d.deviceAudit = testing::fixtureDeviceAudit();
  return d;
}

TEST(ConsoleViewModels, ADevicesActionsAreListedNewestFirstWithTheAlteredOnesMarked) {
  ConsoleState state;
  ConsoleData data = fixtureData();
  EXPECT_FALSE(buildDeviceAuditVm(state, data, id()).open);
  // Asked for, not here yet: the title already names the device.
  state.openAuditDevice = "K02";
  DeviceAuditVm vm = buildDeviceAuditVm(state, data, id());
  EXPECT_TRUE(vm.open);
  EXPECT_TRUE(vm.loading);
  EXPECT_EQ(vm.title, "Tindakan khusus K02 Kios Selatan");

  data = withDeviceAudit();
  vm = buildDeviceAuditVm(state, data, id());
  EXPECT_FALSE(vm.loading);
  EXPECT_EQ(vm.state, "Jejak audit: RUSAK sejak no. 12");
  EXPECT_EQ(vm.tone, Tone::Bad);
  ASSERT_EQ(vm.rows.size(), 3u);
  EXPECT_EQ(vm.rows[0].no, "13");
  EXPECT_EQ(vm.rows[2].no, "11");
  // The kiosk's clock in the event's time zone (WIB): 10:00 less an hour.
  EXPECT_EQ(vm.rows[2].time, core::localDateTime(kFixtureNow - 3'600'000, core::kWibOffsetMinutes));
  EXPECT_NE(vm.rows[2].time.find("09:00"), std::string::npos) << vm.rows[2].time;
  EXPECT_EQ(vm.rows[1].staff, "Supervisor Demo");
  EXPECT_EQ(vm.rows[1].action, "refund");
  EXPECT_EQ(vm.rows[1].subject, "DEPOK-K02-000812");
  EXPECT_EQ(vm.rows[1].detail, "barang rusak · Rp 5.000");
  EXPECT_EQ(vm.rows[2].detail, "salah input");
  EXPECT_TRUE(vm.rows[0].altered);
  EXPECT_TRUE(vm.rows[1].altered);
  EXPECT_FALSE(vm.rows[2].altered);

  // In English, and another device's list is not shown as this one's.
  const Translator en = Translator::builtIn(Language::En);
  vm = buildDeviceAuditVm(state, data, en);
  EXPECT_EQ(vm.title, "Privileged actions of K02 Kios Selatan");
  EXPECT_EQ(vm.state, "Audit log: BROKEN from no. 12");
  state.openAuditDevice = "K01";
  EXPECT_TRUE(buildDeviceAuditVm(state, data, id()).loading);

  // The sync-health view offers the list for every device the server checks.
  const HealthVm health = buildHealthVm(state, data, kFixtureNow, id());
  for (const DeviceRowVm& r : health.rows) EXPECT_TRUE(r.hasAudit) << r.code;
  data.devices->at(0).audit.clear();  // a server without the audit check
  for (const DeviceRowVm& r : buildHealthVm(state, data, kFixtureNow, id()).rows) EXPECT_EQ(r.hasAudit, r.code != "K01") << r.code;
}

TEST(ConsoleViewModels, SettlementTotalsAreTheSumOfTheRows) {
  const SettlementVm vm = buildSettlementVm(fixtureData(), id());
  ASSERT_EQ(vm.rows.size(), 3u);
  EXPECT_EQ(vm.net, "Rp 2.601.985.649");
  EXPECT_EQ(vm.commission, "Rp 195.099.282");
  EXPECT_EQ(vm.paidDirect, "Rp 1.450.000.000");
  EXPECT_EQ(vm.owed, "Rp 956.886.367");  // 2.601.985.649 - 195.099.282 - 1.450.000.000
  EXPECT_EQ(vm.folder, "/tmp/Pameran");
}

TEST(ConsoleViewModels, TheStatusSaysHowOldOfflineFiguresAreAndWhyATokenIsRefused) {
  ConsoleData data = fixtureData();
  data.link = Link::Offline;
  StatusVm vm = buildStatusVm(data, kFixtureNow + 7 * 60'000, id());
  EXPECT_NE(vm.line.find("7 menit lalu"), std::string::npos) << vm.line;
  EXPECT_NE(vm.line.find("2026-11-27 10:00"), std::string::npos) << vm.line;
  EXPECT_EQ(vm.tone, Tone::Bad);
  data.link = Link::Forbidden;
  vm = buildStatusVm(data, kFixtureNow, id());
  EXPECT_NE(vm.problem.find("403"), std::string::npos);
  EXPECT_NE(vm.problem.find("token perangkat"), std::string::npos);
  data.link = Link::Online;
  data.eventCode = "NOPE";
  EXPECT_NE(buildStatusVm(data, kFixtureNow, id()).problem.find("NOPE"), std::string::npos);
}

TEST(ConsoleViewModels, AVendorsDetailFallsBackToTheReportAndSettlement) {
  ConsoleState state;
  state.openVendor = "V01";
  ConsoleData data = fixtureData();
  data.link = Link::Offline;
  const VendorDetailVm vm = buildVendorDetailVm(state, data, id());
  EXPECT_TRUE(vm.open);
  EXPECT_FALSE(vm.complete);
  EXPECT_EQ(vm.title, "Batik Depok (V01)");
  ASSERT_EQ(vm.products.size(), 1u);
  EXPECT_EQ(vm.products[0].name, "Kain Batik Tulis");
  ASSERT_EQ(vm.settlement.size(), 4u);
  EXPECT_EQ(vm.settlement[3].first, T::OrgOwesOrganizer);
  EXPECT_EQ(vm.settlement[3].second, "-Rp 50.000.000");
}

// ---- the comparison and the year ------------------------------------------------------------------
// The change in basis points as the test works it out on its own: rounded half away from zero.
std::string changeText(std::int64_t now, std::int64_t before) {
  if (before <= 0) return "baru";
  // The fixture's figures are far from int64's edge: (now - before) x 20000 fits.
  const std::int64_t scaled = (now - before) * 10000 * 2;
  const std::int64_t sign = scaled < 0 ? -1 : 1;
  const std::int64_t bp = (scaled + sign * before) / (2 * before);
  const std::int64_t whole = std::abs(bp);
  return fmt::format("{}{},{:02} %", bp > 0 ? "+" : bp < 0 ? "-" : "", whole / 100, whole % 100);
}

const core::Report& reportOf(const std::string& json) {
  static std::map<std::string, core::Report> made;
  auto [it, fresh] = made.try_emplace(json);
  if (fresh) it->second = core::reportFromJson(json)->report;
  return it->second;
}

ConsoleData withComparison() {
  ConsoleData d = fixtureData();
  d.compareWith = "DEPOK-2025";
  d.comparison = core::compareReports(d.report->report, reportOf(testing::fixture2025ReportJson()));
  return d;
}

// The year 2026 as the server makes it (core::combineYear over its events), read back from JSON
// the way the client reads GET /api/v1/years/2026.
ConsoleData withYear() {
  ConsoleData d = fixtureData();
  core::Event depok, bogor, before;
  depok.code = "DEPOK-2026";
  depok.name = "Pameran Kriya Depok";
  depok.startDate = "2026-11-26";
  bogor.code = "BOGOR-2026";
  bogor.name = "Pameran Kriya Bogor";
  bogor.startDate = "2026-06-01";
  before.code = "DEPOK-2025";
  before.startDate = "2025-11-20";
  const core::Report year = core::combineYear("2026", {{depok, reportOf(testing::fixtureReportJson())}, {bogor, reportOf(testing::fixtureBogorReportJson())}},
                                              {{before, reportOf(testing::fixture2025ReportJson())}});
  d.year = "2026";
  d.yearReport = core::reportFromJson(core::reportToJson(year))->report;
  return d;
}

TEST(ConsoleViewModels, TheComparisonAgreesToTheRupiahWithTheTestsOwnChanges) {
  const CompareVm vm = buildCompareVm(withComparison(), id());
  ASSERT_TRUE(vm.has);
  EXPECT_EQ(vm.titleA, "Pameran Kriya Depok");
  EXPECT_EQ(vm.titleB, "Pameran Kriya Depok 2025");
  // DEPOK-2025: net 2.000.000.000 from 2.000 sales (items too) by two vendors; fesyen 1.050.000.000, kriya 950.000.000.
  ASSERT_EQ(vm.figures.size(), 5u);
  EXPECT_EQ(vm.figures[0].a, "Rp 2.601.985.649");
  EXPECT_EQ(vm.figures[0].b, "Rp 2.000.000.000");
  EXPECT_EQ(vm.figures[0].change, changeText(kFixtureNet, 2'000'000'000));
  EXPECT_EQ(vm.figures[0].change, "+30,10 %");
  EXPECT_EQ(vm.figures[0].tone, Tone::Good);
  EXPECT_EQ(vm.figures[1].change, changeText(2'700'000'000, 2'000'000'000));
  EXPECT_EQ(vm.figures[2].a, "2.300");
  EXPECT_EQ(vm.figures[2].change, changeText(2300, 2000));
  EXPECT_EQ(vm.figures[3].change, changeText(6400, 2000));
  EXPECT_EQ(vm.figures[4].a, "3");
  EXPECT_EQ(vm.figures[4].change, changeText(3, 2));
  ASSERT_EQ(vm.sectors.size(), 3u);
  std::int64_t sectorsA = 0;
  for (const ChangeRowVm& r : vm.sectors) sectorsA += core::parseRupiah(r.a)->idr();
  EXPECT_EQ(sectorsA, kFixtureNet);
  for (const ChangeRowVm& r : vm.sectors) {
    if (r.key == "kriya") {
      EXPECT_EQ(r.change, changeText(901'985'649, 950'000'000));
      EXPECT_EQ(r.change.front(), '-');
      EXPECT_EQ(r.tone, Tone::Bad);
    }
    if (r.key == "kuliner") {
      EXPECT_EQ(r.change, "baru") << "nothing to measure against";
      EXPECT_EQ(r.tone, Tone::Neutral);
    }
  }
  ASSERT_EQ(vm.topVendors.size(), 3u);
  EXPECT_EQ(vm.topVendors[0].key, "V01");
  EXPECT_EQ(vm.topVendors[0].change, changeText(1'500'000'000, 1'050'000'000));
  EXPECT_EQ(vm.topVendors[1].b, "Rp 950.000.000");
  EXPECT_EQ(vm.topVendors[2].b, "Rp 0");
  // Not this event's comparison (another event chosen since): nothing shown from it.
  ConsoleData other = withComparison();
  other.eventCode = "DEPOK-2025";
  EXPECT_FALSE(buildCompareVm(other, id()).has);
}

TEST(ConsoleViewModels, TheYearAddsItsEventsIkmAndSectorsUpToTheRupiah) {
  const YearVm vm = buildYearVm(withYear(), id());
  ASSERT_TRUE(vm.has);
  EXPECT_EQ(vm.years, (std::vector<std::string>{"2026", "2025"}));
  const std::int64_t net = kFixtureNet + 150'000'000;
  EXPECT_EQ(vm.figures[0].value, core::formatRupiah(core::Rupiah(net)));
  EXPECT_EQ(vm.figures[1].value, core::formatThousands(2300 + 130));
  EXPECT_EQ(vm.figures[3].value, "2");
  EXPECT_EQ(vm.figures[4].value, "4");
  // Events by start date: Bogor (June) first.
  ASSERT_EQ(vm.events.size(), 2u);
  EXPECT_EQ(vm.events[0].key, "BOGOR-2026");
  EXPECT_EQ(vm.events[0].net, "Rp 150.000.000");
  EXPECT_EQ(vm.events[1].net, "Rp 2.601.985.649");
  EXPECT_EQ(vm.events[0].share, percentText(150'000'000, net));
  std::int64_t sectors = 0;
  for (const ShareRowVm& r : vm.sectors) sectors += core::parseRupiah(r.net)->idr();
  EXPECT_EQ(sectors, net);
  // Per IKM: net across the year's events, events attended, growth against 2025.
  std::map<std::string, IkmRowVm> ikm;
  std::int64_t ikmNet = 0;
  for (const IkmRowVm& r : vm.ikm) {
    ikm[r.code] = r;
    ikmNet += core::parseRupiah(r.net)->idr();
  }
  EXPECT_EQ(ikmNet, net);
  ASSERT_EQ(ikm.size(), 4u);
  EXPECT_EQ(vm.ikm.front().code, "V01") << "largest first";
  EXPECT_EQ(ikm["V01"].net, "Rp 1.600.000.000");
  EXPECT_EQ(ikm["V01"].events, "2");
  EXPECT_EQ(ikm["V01"].growth, changeText(1'600'000'000, 1'050'000'000));
  EXPECT_EQ(ikm["V01"].tone, Tone::Good);
  EXPECT_EQ(ikm["V02"].growth, changeText(901'985'649, 950'000'000));
  EXPECT_EQ(ikm["V02"].tone, Tone::Bad);
  EXPECT_EQ(ikm["V03"].growth, "baru");
  EXPECT_EQ(ikm["V04"].events, "1");
  EXPECT_EQ(ikm["V04"].growth, "baru");
}

TEST(ConsoleViewModels, TheDefaultComparisonIsTheLatestEarlierEvent) {
  ConsoleData d = fixtureData();
  EXPECT_EQ(defaultCompareWith(d.events, "DEPOK-2026"), "DEPOK-2025");
  EventInfo mid = d.events[1];
  mid.code = "BOGOR-2026";
  mid.startDate = "2026-06-01";
  d.events.push_back(mid);
  EXPECT_EQ(defaultCompareWith(d.events, "DEPOK-2026"), "BOGOR-2026");
  EXPECT_EQ(defaultCompareWith(d.events, "DEPOK-2025"), "DEPOK-2026") << "none earlier: another one";
  EXPECT_EQ(defaultCompareWith({d.events[0]}, "DEPOK-2026"), "");
  EXPECT_EQ(yearOf(d.events[0]), "2026");
}

TEST(ConsoleViewModels, TheConsignmentLedgerShowsEachVendorsUnitsAndTheirSum) {
  ConsoleData data = fixtureData();
  ConsignmentVm vm = buildConsignmentVm(data, id());
  ASSERT_TRUE(vm.has);
  ASSERT_EQ(vm.rows.size(), 3u);
  const ConsignmentRowVm& v01 = vm.rows[0];
  EXPECT_EQ(v01.code, "V01");
  EXPECT_EQ(v01.name, "Batik Depok");  // the ledger has codes; the name is the report's
  // V01: 40 + 20 brought, 12 + 5 sold, 3 returned; on hand 60 - 17 + 1 - 2 - 3 = 39.
  EXPECT_EQ(v01.received, "60");
  EXPECT_EQ(v01.sold, "17");
  EXPECT_EQ(v01.returned, "3");
  EXPECT_EQ(v01.onHand, "39");
  EXPECT_FALSE(v01.negative);
  EXPECT_EQ(vm.rows[1].onHand, "0");
  EXPECT_EQ(vm.rows[2].onHand, "-2");
  EXPECT_TRUE(vm.rows[2].negative) << "sold more than brought: the booths' counts disagree";
  // Every vendor together: 39 + 0 - 2.
  EXPECT_EQ(vm.total.received, "100");
  EXPECT_EQ(vm.total.sold, "59");
  EXPECT_EQ(vm.total.returned, "3");
  EXPECT_EQ(vm.total.onHand, "37");
  EXPECT_EQ(vm.total.name, "Semua IKM");
  EXPECT_EQ(buildConsignmentVm(data, Translator::builtIn(Language::En)).total.name, "All vendors");

  // A vendor's products, all six columns, by SKU; the names the report knows.
  ConsoleState state;
  EXPECT_FALSE(buildConsignmentVendorVm(state, data, id()).open);
  state.openStockVendor = "V01";
  const ConsignmentVendorVm card = buildConsignmentVendorVm(state, data, id());
  ASSERT_TRUE(card.open);
  EXPECT_EQ(card.title, "Batik Depok (V01)");
  ASSERT_EQ(card.products.size(), 2u);
  const ConsignmentRowVm& p1 = card.products[0];
  EXPECT_EQ(p1.code, "V01-P1");
  EXPECT_EQ(p1.name, "Kain Batik Tulis");
  EXPECT_EQ(std::vector<std::string>({p1.received, p1.sold, p1.refunded, p1.adjusted, p1.returned, p1.onHand}),
            std::vector<std::string>({"40", "12", "1", "-2", "3", "24"}));
  EXPECT_EQ(card.products[1].onHand, "15");
  EXPECT_EQ(card.total.onHand, "39");
  EXPECT_EQ(card.total.refunded, "1");
  EXPECT_EQ(card.total.adjusted, "-2");

  // A server without the ledger: nothing to show, and nothing made up.
  data.stock.reset();
  EXPECT_FALSE(buildConsignmentVm(data, id()).has);
  EXPECT_TRUE(buildConsignmentVendorVm(state, data, id()).products.empty());
}

// ---- headless screens ----------------------------------------------------------------------------
struct ConsoleScreen {
  ConsoleState state;
  ConsoleData data = fixtureData();
  Translator tr = Translator::builtIn(Language::Id);
  std::vector<ConsoleAction> actions, taken;
  std::unique_ptr<testing::Headless> ui;
  ConsoleScreen(float w, float h)
      : ui(std::make_unique<testing::Headless>([] {}, [this] { drawConsole({state, data, tr, kFixtureNow, actions}); },
                                               [this] {
                                                 for (auto& a : std::exchange(actions, {})) taken.push_back(a);
                                               },
                                               w, h)) {}
  template <class A>
  bool took() const {
    for (const auto& a : taken)
      if (std::holds_alternative<A>(a)) return true;
    return false;
  }
  std::string textOf(const std::string& id) const {
    auto it = ui->probe().texts.find(id);
    std::string out;
    if (it != ui->probe().texts.end())
      for (const auto& l : it->second) out += l + "|";
    return out;
  }
};

class ConsoleScreens : public ::testing::TestWithParam<std::pair<int, int>> {};

TEST_P(ConsoleScreens, EveryViewDrawsItsFigures) {
  const auto [w, h] = GetParam();
  ConsoleScreen s(static_cast<float>(w), static_cast<float>(h));
  s.ui->frame();
  for (const char* id : {"event-picker", "view-headline", "view-vendors", "view-charts", "view-health", "view-settlement", "lang-en", "refresh"})
    EXPECT_TRUE(s.ui->visible(id)) << id;
  EXPECT_NE(s.textOf("fig-net_idr").find("Rp 2.601.985.649"), std::string::npos);
  EXPECT_NE(s.textOf("fig-refund_idr").find("Rp 38.014.351"), std::string::npos);
  EXPECT_NE(s.textOf("target-progress").find("86,7 %"), std::string::npos);
  EXPECT_TRUE(s.ui->visible("target-edit"));

  s.ui->tap("view-vendors");
  EXPECT_EQ(s.state.view, View::Vendors);
  for (const char* id : {"vendor-search", "sort-code", "sort-owed", "vendor-row-0", "vendor-row-2"}) EXPECT_TRUE(s.ui->visible(id)) << id;
  EXPECT_NE(s.textOf("vendor-row-0").find("V01"), std::string::npos);
  s.ui->tap("sort-owed");
  EXPECT_EQ(s.state.sortBy, VendorColumn::Owed);
  EXPECT_NE(s.textOf("vendor-row-0").find("V02"), std::string::npos);
  s.ui->tap("sort-owed");
  EXPECT_NE(s.textOf("vendor-row-0").find("V01"), std::string::npos);
  s.ui->tap("vendor-row-0");
  EXPECT_EQ(s.state.openVendor, "V01");
  EXPECT_TRUE(s.took<oa::OpenVendor>());
  EXPECT_TRUE(s.ui->visible("vendor-pdf"));
  EXPECT_NE(s.textOf("vendor-title").find("Batik Depok"), std::string::npos);
  s.ui->tap("vendor-pdf");
  EXPECT_TRUE(s.took<oa::Fetch>());
  s.ui->tap("vendor-close");
  EXPECT_TRUE(s.state.openVendor.empty());

  s.ui->tap("view-charts");
  for (const char* id : {"chart-sector-0", "chart-payment-1", "chart-day-1", "chart-hour-14", "chart-device-0", "chart-cashier-1", "chart-top-0"})
    EXPECT_TRUE(s.ui->visible(id)) << id;
  EXPECT_NE(s.textOf("chart-day-1").find("Rp 1.501.985.649"), std::string::npos);

  s.ui->tap("view-health");
  EXPECT_TRUE(s.ui->visible("device-row-2"));
  EXPECT_NE(s.textOf("device-row-0").find("silent"), std::string::npos);
  EXPECT_NE(s.textOf("health-summary").find("2 diam"), std::string::npos) << s.textOf("health-summary");
  s.ui->tap("silent-60");
  EXPECT_EQ(s.state.silentMinutes, 60);

  s.ui->tap("view-settlement");
  for (const char* id : {"download-statements", "download-settlement-csv", "download-report-csv", "download-workbook", "statement-pdf-0"})
    EXPECT_TRUE(s.ui->visible(id)) << id;
  EXPECT_NE(s.textOf("settlement-total").find("Rp 956.886.367"), std::string::npos);
  s.taken.clear();
  s.ui->tap("download-workbook");
  ASSERT_EQ(s.taken.size(), 1u);
  EXPECT_EQ(std::get<oa::Fetch>(s.taken[0]).what, Download::Workbook);
}

TEST_P(ConsoleScreens, TheComparisonAndTheYearAskForTheirFiguresAndShowThem) {
  const auto [w, h] = GetParam();
  ConsoleScreen s(static_cast<float>(w), static_cast<float>(h));
  s.ui->frame();
  for (const char* id : {"view-compare", "view-year"}) EXPECT_TRUE(s.ui->visible(id)) << id;
  s.ui->tap("view-compare");
  EXPECT_EQ(s.state.view, View::Compare);
  s.ui->frame();
  // Opening the view asks for the latest earlier event, once.
  std::size_t asked = 0;
  for (const auto& a : s.taken) {
    if (auto* c = std::get_if<oa::CompareWith>(&a)) {
      ++asked;
      EXPECT_EQ(c->code, "DEPOK-2025");
    }
  }
  EXPECT_EQ(asked, 1u);
  const ConsoleData compared = withComparison();
  s.data.compareWith = compared.compareWith;
  s.data.comparison = compared.comparison;
  s.ui->frame();
  for (const char* id : {"compare-with", "compare-figure-0", "compare-figure-4", "compare-sector-2", "compare-vendor-0", "compare-vendor-2"})
    EXPECT_TRUE(s.ui->visible(id)) << id;
  EXPECT_NE(s.textOf("compare-figure-0").find("Rp 2.601.985.649|Rp 2.000.000.000|+30,10 %"), std::string::npos) << s.textOf("compare-figure-0");
  EXPECT_NE(s.textOf("compare-sector-2").find("baru"), std::string::npos);
  // Another event to compare with, from the list (the shown event is not in it).
  s.taken.clear();
  s.ui->tap("compare-with");
  EXPECT_TRUE(s.state.pickingCompare);
  EXPECT_TRUE(s.ui->visible("compare-event-0"));
  EXPECT_FALSE(s.ui->visible("compare-event-1"));
  s.ui->tap("compare-event-0");
  EXPECT_FALSE(s.state.pickingCompare);
  ASSERT_TRUE(s.took<oa::CompareWith>());

  s.taken.clear();
  s.ui->tap("view-year");
  s.ui->frame();
  ASSERT_TRUE(s.took<oa::ShowYear>());
  for (const auto& a : s.taken) {
    if (auto* y = std::get_if<oa::ShowYear>(&a)) {
      EXPECT_EQ(y->year, "2026");
    }
  }
  EXPECT_TRUE(s.ui->visible("year-2025"));
  const ConsoleData year = withYear();
  s.data.year = year.year;
  s.data.yearReport = year.yearReport;
  s.ui->frame();
  for (const char* id : {"year-fig-net_idr", "year-fig-ikm", "year-event-0", "year-event-1", "year-sector-2", "year-ikm-0", "year-ikm-3"})
    EXPECT_TRUE(s.ui->visible(id)) << id;
  EXPECT_NE(s.textOf("year-fig-net_idr").find("Rp 2.751.985.649"), std::string::npos) << s.textOf("year-fig-net_idr");
  EXPECT_NE(s.textOf("year-ikm-0").find("V01|2|Rp 1.600.000.000|+52,38 %"), std::string::npos) << s.textOf("year-ikm-0");
  s.taken.clear();
  s.ui->tap("year-2025");
  ASSERT_TRUE(s.took<oa::ShowYear>());
  EXPECT_EQ(std::get<oa::ShowYear>(s.taken.back()).year, "2025");
}

TEST_P(ConsoleScreens, TheConsignmentLedgerListsVendorsAndOpensTheirProducts) {
  const auto [w, h] = GetParam();
  ConsoleScreen s(static_cast<float>(w), static_cast<float>(h));
  s.ui->frame();
  ASSERT_TRUE(s.ui->visible("view-stock"));
  s.ui->tap("view-stock");
  EXPECT_EQ(s.state.view, View::Stock);
  for (const char* id : {"stock-row-0", "stock-row-1", "stock-row-2", "stock-total"}) EXPECT_TRUE(s.ui->visible(id)) << id;
  EXPECT_EQ(s.textOf("stock-row-0"), "V01|60|17|1|-2|3|39|");
  EXPECT_EQ(s.textOf("stock-row-2"), "V03|10|12|0|0|0|-2|");
  EXPECT_EQ(s.textOf("stock-total"), "100|59|1|-2|3|37|");
  s.ui->tap("stock-row-0");
  EXPECT_EQ(s.state.openStockVendor, "V01");
  for (const char* id : {"stock-product-0", "stock-product-1", "stock-vendor-total", "stock-close"}) EXPECT_TRUE(s.ui->visible(id)) << id;
  EXPECT_NE(s.textOf("stock-title").find("Batik Depok"), std::string::npos);
  EXPECT_EQ(s.textOf("stock-product-0"), "V01-P1|40|12|1|-2|3|24|");
  EXPECT_EQ(s.textOf("stock-vendor-total"), "60|17|1|-2|3|39|");
  s.ui->tap("stock-close");
  EXPECT_TRUE(s.state.openStockVendor.empty());
  EXPECT_TRUE(s.ui->visible("stock-row-1"));
  // A server without the ledger: said in words, no table.
  s.data.stock.reset();
  s.data.link = Link::Online;
  s.ui->frame();
  EXPECT_FALSE(s.ui->visible("stock-row-0"));
  EXPECT_NE(s.textOf("stock-none"), "");
}

TEST_P(ConsoleScreens, TappingADeviceOpensItsActionsWithTheAlteredOnesInRed) {
  const auto [w, h] = GetParam();
  ConsoleScreen s(static_cast<float>(w), static_cast<float>(h));
  s.ui->tap("view-health");
  // The booth that needs a look first: K02, whose audit log is broken.
  ASSERT_NE(s.textOf("device-row-0").find("K02"), std::string::npos) << s.textOf("device-row-0");
  s.ui->tap("device-row-0");
  EXPECT_EQ(s.state.openAuditDevice, "K02");
  ASSERT_TRUE(s.took<oa::OpenDeviceAudit>());
  EXPECT_EQ(std::get<oa::OpenDeviceAudit>(s.taken.back()).device, "K02");
  EXPECT_EQ(s.textOf("audit-title"), "Tindakan khusus K02 Kios Selatan|");
  EXPECT_FALSE(s.ui->visible("audit-entry-0"));
  EXPECT_TRUE(s.ui->visible("audit-close"));

  // The client's answer arrives: every entry shows, the card whole on the screen.
  const ConsoleData listed = withDeviceAudit();
  s.data.auditDevice = listed.auditDevice;
  s.data.deviceAudit = listed.deviceAudit;
  s.ui->frame();
  for (const char* id : {"audit-entry-0", "audit-entry-1", "audit-entry-2", "audit-close"}) EXPECT_TRUE(s.ui->visible(id)) << id;
  EXPECT_EQ(s.textOf("audit-state"), "Jejak audit: RUSAK sejak no. 12|");
  EXPECT_EQ(s.textOf("audit-entry-0"), "13|Supervisor Demo|stock_adjust|V02-P1|altered|");
  EXPECT_EQ(s.textOf("audit-entry-2"), "11|Supervisor Demo|void|DEPOK-K02-000700|intact|");

  // English on the switch, drawn from the same data.
  s.tr = Translator::builtIn(Language::En);
  s.ui->frame();
  EXPECT_EQ(s.textOf("audit-title"), "Privileged actions of K02 Kios Selatan|");
  EXPECT_EQ(s.textOf("audit-state"), "Audit log: BROKEN from no. 12|");

  s.taken.clear();
  s.ui->tap("audit-close");
  EXPECT_TRUE(s.state.openAuditDevice.empty());
  ASSERT_TRUE(s.took<oa::OpenDeviceAudit>());
  EXPECT_EQ(std::get<oa::OpenDeviceAudit>(s.taken.back()).device, "") << "closing stops the client following the list";
  EXPECT_FALSE(s.ui->visible("audit-entry-0"));

  // A device the server does not check has no list to open.
  s.data.devices->at(1).audit.clear();  // K02
  s.data.devices->at(0).audit.clear();
  s.data.devices->at(2).audit.clear();
  s.ui->frame();
  s.taken.clear();
  s.ui->tap("device-row-0");
  EXPECT_TRUE(s.state.openAuditDevice.empty());
  EXPECT_FALSE(s.took<oa::OpenDeviceAudit>());
}

INSTANTIATE_TEST_SUITE_P(BothLayouts, ConsoleScreens, ::testing::Values(std::pair{1280, 800}, std::pair{1920, 1080}));

TEST(ConsoleScreen, TheEventPickerChoosesAnotherEvent) {
  ConsoleScreen s(1280, 800);
  s.ui->tap("event-picker");
  EXPECT_TRUE(s.state.pickingEvent);
  EXPECT_TRUE(s.ui->visible("event-1"));
  s.ui->tap("event-1");
  EXPECT_FALSE(s.state.pickingEvent);
  ASSERT_FALSE(s.taken.empty());
  EXPECT_EQ(std::get<oa::ChooseEvent>(s.taken.back()).code, "DEPOK-2025");
}

TEST(ConsoleScreen, TheTargetIsTypedAndSaved) {
  ConsoleScreen s(1280, 800);
  s.ui->tap("target-edit");
  EXPECT_TRUE(s.state.editingTarget);
  EXPECT_EQ(s.state.targetDigits, "3000000000");
  s.ui->tap("target-input");
  s.ui->press(keys::kBackspace);
  for (int i = 0; i < 9; ++i) s.ui->press(keys::kBackspace);
  s.ui->type("3500000000");
  s.ui->tap("target-save");
  ASSERT_FALSE(s.taken.empty());
  EXPECT_EQ(std::get<oa::SetTarget>(s.taken.back()).idr, 3'500'000'000);
}

TEST(ConsoleScreen, CtrlQQuitsAndTheLanguageSwitches) {
  ConsoleScreen s(1280, 800);
  s.ui->tap("lang-en");
  ASSERT_TRUE(s.took<oa::SetLanguage>());
  s.ui->press(keys::kQ, true);
  EXPECT_TRUE(s.took<oa::Quit>());
}

TEST(ConsoleScreen, ARefusedTokenIsSaidInWords) {
  ConsoleScreen s(1280, 800);
  s.data.link = Link::Forbidden;
  s.ui->frame();
  EXPECT_NE(s.textOf("status").find("403"), std::string::npos);
}

}  // namespace
}  // namespace pameran::kiosk
