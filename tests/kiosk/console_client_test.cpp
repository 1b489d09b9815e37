// The organizer client against the real server on loopback (no mocks): figures that agree with
// the server's own to the rupiah, cheap polls (one 304 when nothing changed), the cache that opens
// offline and never holds the token, a device token refused, the target, the downloads.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "../sync/client/client_fixtures.hpp"
#include "pameran/core/money.hpp"
#include "pameran/kiosk/organizer/client.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace pameran::kiosk::organizer {
namespace {

using namespace std::chrono_literals;
using namespace pameran::sync::testing;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

sync::DrainResult upload(core::Store& store, const std::string& url) {
  auto http = deviceClient(store, url);
  sync::Uploader uploader(store, *http);
  sync::Backoff backoff(10, 100, 1);
  return sync::drain(uploader, store, backoff, 30'000, [](std::int64_t ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return true;
  });
}

// Takes updates until `done` holds or 15 s pass.
bool waitFor(OrganizerClient& client, ConsoleData& data, const std::function<bool(const ConsoleData&)>& done) {
  const auto until = std::chrono::steady_clock::now() + 15s;
  while (std::chrono::steady_clock::now() < until) {
    client.takeUpdate(data);
    if (done(data)) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

bool hasFigures(const ConsoleData& d) { return d.link == Link::Online && d.report && d.settlement && d.devices; }

// The organizer API (sync/PROTOCOL.md §13) comes with the dashboard's server side; a server
// without it answers 404 to the event list.
bool hasOrganizerApi(const std::string& url, const std::string& token) {
  sync::HttpClient http({url, {}, 2000, 5000});
  http.setToken(token);
  return http.get("/api/v1/events").status != 404;
}
#define SKIP_WITHOUT_ORGANIZER_API(url, token) \
  if (!hasOrganizerApi(url, token)) GTEST_SKIP() << "this server has no organizer API (GET /api/v1/events is 404)"

class ConsoleClient : public ::testing::Test {
 protected:
  ClientOptions options(const std::string& url, const std::string& token) {
    ClientOptions o;
    o.server = url;
    o.token = token;
    o.cachePath = m_dir.file("cache/organizer.json");
    o.downloadDir = m_dir.file("downloads");
    o.pollMs = 150;
    o.timeoutMs = 2000;
    return o;
  }
  // A kiosk enrolled to `server` that sold `sales` times: its event, supervisor and products.
  struct SoldKiosk {
    std::unique_ptr<core::Store> store;
    core::Event event;
    core::Staff supervisor;
    std::vector<core::Product> products;
  };
  SoldKiosk soldKiosk(LoopbackServer& server, int sales, int seed) {
    SoldKiosk k{openKiosk(m_dir.file("kiosk.db")), {}, {}, {}};
    enrollKiosk(*k.store, server.url(), server.enrollmentCode());
    sell(*k.store, sales, seed);
    k.event = *k.store->catalog().currentEvent();
    for (const core::Staff& s : k.store->staff().list())
      if (s.role == core::Role::Supervisor) k.supervisor = s;
    k.products = k.store->catalog().products(k.event.id, true);
    EXPECT_GT(k.products.size(), 5u);
    return k;
  }
  TempDir m_dir;
};

TEST_F(ConsoleClient, FiguresAgreeWithTheServerToTheRupiahAndAnIdlePollDownloadsNothing) {
  LoopbackServer server(m_dir.file("server.db"));
  auto kiosk = openKiosk(m_dir.file("kiosk.db"));
  // The server lists a kiosk under the name its organizer gave the enrollment (the fixture's
  // "Kios " and the code's first four characters), not the name the kiosk asked for.
  const std::string code = server.enrollmentCode();
  enrollKiosk(*kiosk, server.url(), code, "Kios Pintu Utara");
  sell(*kiosk, 30, 7);
  ASSERT_EQ(upload(*kiosk, server.url()).pendingLeft, 0);
  const std::string token = server.organizerToken();
  SKIP_WITHOUT_ORGANIZER_API(server.url(), token);

  OrganizerClient client(options(server.url(), token));
  client.start();
  ConsoleData data;
  ASSERT_TRUE(waitFor(client, data, hasFigures));
  const nlohmann::json totals = fetchTotals(server.url(), token);
  const core::Report& r = data.report->report;
  EXPECT_EQ(r.net.idr(), totals["net_idr"].get<std::int64_t>());
  EXPECT_EQ(r.salesCount, totals["sales_count"].get<std::int64_t>());
  // The test's own sums: every vendor's net, and every settlement row's owed amount.
  std::int64_t vendors = 0;
  for (const auto& v : totals["by_vendor"]) vendors += v["net_idr"].get<std::int64_t>();
  EXPECT_EQ(vendors, r.net.idr());
  std::int64_t settled = 0;
  for (const core::SettlementRow& s : data.settlement->vendors) {
    EXPECT_EQ(s.owedToVendor.idr(), s.net.idr() - s.commission.idr() - s.paidDirect.idr()) << s.vendorCode;
    settled += s.net.idr();
  }
  EXPECT_EQ(settled, r.net.idr());
  const Translator tr = Translator::builtIn(Language::Id);
  EXPECT_EQ(buildHeadlineVm(data, tr).figures[0].value, core::formatRupiah(core::Rupiah(totals["net_idr"].get<std::int64_t>())));
  ASSERT_EQ(data.devices->size(), 1u);
  EXPECT_EQ(data.devices->front().name, "Kios " + code.substr(0, 4));
  EXPECT_GT(data.devices->front().lastUploadMs, 0);
  // The kiosk's audit log travelled with its sales: the sync-health view reads the server's check.
  EXPECT_EQ(data.devices->front().audit, "ok");
  EXPECT_EQ(data.devices->front().auditFirstBad, 0);

  // Nothing changes: each poll is one request answered 304, no body.
  const ClientStats before = client.stats();
  const auto until = std::chrono::steady_clock::now() + 10s;
  while (client.stats().polls < before.polls + 4 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(20ms);
  const ClientStats after = client.stats();
  ASSERT_GE(after.polls, before.polls + 4);
  EXPECT_EQ(after.requests - before.requests, after.polls - before.polls);
  EXPECT_EQ(after.notModified - before.notModified, after.polls - before.polls);
  EXPECT_EQ(after.bodyBytes, before.bodyBytes);

  // New sales arrive: the console follows by itself.
  sell(*kiosk, 5, 8);
  ASSERT_EQ(upload(*kiosk, server.url()).pendingLeft, 0);
  const std::int64_t newNet = fetchTotals(server.url(), token)["net_idr"].get<std::int64_t>();
  ASSERT_NE(newNet, r.net.idr());
  EXPECT_TRUE(waitFor(client, data, [&](const ConsoleData& d) { return d.report && d.report->report.net.idr() == newNet; }));

  // The cache holds the answers, never the token.
  const std::string cache = slurp(m_dir.file("cache/organizer.json"));
  EXPECT_NE(cache.find(kEventCode), std::string::npos);
  EXPECT_EQ(cache.find(token), std::string::npos);
}

TEST_F(ConsoleClient, ADeviceTokenIsRefusedWith403AndTheConsoleSaysSo) {
  LoopbackServer server(m_dir.file("server.db"));
  auto kiosk = openKiosk(m_dir.file("kiosk.db"));
  enrollKiosk(*kiosk, server.url(), server.enrollmentCode());
  const std::string deviceToken = kioskSettings(m_dir.file("kiosk.db")).at("sync.token");
  ASSERT_FALSE(deviceToken.empty());
  SKIP_WITHOUT_ORGANIZER_API(server.url(), server.organizerToken());
  OrganizerClient client(options(server.url(), deviceToken));
  client.start();
  ConsoleData data;
  ASSERT_TRUE(waitFor(client, data, [](const ConsoleData& d) { return d.link == Link::Forbidden; }));
  EXPECT_FALSE(data.report.has_value());
  const StatusVm status = buildStatusVm(data, 0, Translator::builtIn(Language::En));
  EXPECT_NE(status.problem.find("403"), std::string::npos);
  EXPECT_NE(status.problem.find("device token"), std::string::npos);
  OrganizerClient stranger(options(server.url(), std::string(64, 'a')));
  stranger.start();
  EXPECT_TRUE(waitFor(stranger, data, [](const ConsoleData& d) { return d.link == Link::Unauthorized; }));
}

TEST_F(ConsoleClient, TheTargetIsSavedAndDownloadsLandInTheNamedFolder) {
  LoopbackServer server(m_dir.file("server.db"));
  auto kiosk = openKiosk(m_dir.file("kiosk.db"));
  enrollKiosk(*kiosk, server.url(), server.enrollmentCode());
  sell(*kiosk, 10, 3);
  ASSERT_EQ(upload(*kiosk, server.url()).pendingLeft, 0);
  SKIP_WITHOUT_ORGANIZER_API(server.url(), server.organizerToken());
  OrganizerClient client(options(server.url(), server.organizerToken()));
  client.start();
  ConsoleData data;
  ASSERT_TRUE(waitFor(client, data, hasFigures));
  EXPECT_EQ(data.downloadDir, m_dir.file("downloads"));

  client.setTarget(3'000'000'000);
  ASSERT_TRUE(waitFor(client, data, [](const ConsoleData& d) { return d.event() && d.event()->target.idr() == 3'000'000'000; }));
  EXPECT_EQ(data.noticeKind, NoticeKind::Good);

  client.fetch(Download::StatementsPdf, {});
  ASSERT_TRUE(waitFor(client, data, [](const ConsoleData& d) { return d.notice == T::OrgNoticeSaved || d.noticeKind == NoticeKind::Error; }));
  ASSERT_EQ(data.noticeKind, NoticeKind::Good) << data.noticeArg;
  EXPECT_EQ(slurp(data.noticeArg).substr(0, 5), "%PDF-");
  const std::string vendor = data.settlement->vendors.front().vendorCode;
  data.notice = T::OrgTitle;
  client.fetch(Download::VendorPdf, vendor);
  ASSERT_TRUE(waitFor(client, data, [&](const ConsoleData& d) { return d.noticeArg.find(vendor + ".pdf") != std::string::npos; }));
  EXPECT_EQ(slurp(data.noticeArg).substr(0, 5), "%PDF-");
  client.fetch(Download::SettlementCsv, {});
  ASSERT_TRUE(waitFor(client, data, [](const ConsoleData& d) { return d.noticeArg.ends_with("-settlement.csv"); }));
  EXPECT_EQ(slurp(data.noticeArg).substr(0, 11), "vendor_code");
  // The workbook: saved when this server makes it, else said plainly.
  client.fetch(Download::Workbook, {});
  ASSERT_TRUE(waitFor(client, data, [](const ConsoleData& d) {
    return d.notice == T::OrgNoticeNoWorkbook || d.noticeArg.ends_with("-report.xlsx");
  }));
  if (data.notice == T::OrgNoticeSaved) {
    EXPECT_EQ(slurp(data.noticeArg).substr(0, 2), "PK");
  }

  // A vendor's detail: from the vendor route, or from the report when the server lacks it.
  client.openVendor(vendor);
  ASSERT_TRUE(waitFor(client, data, [&](const ConsoleData& d) { return d.vendor && d.vendor->vendorCode == vendor; }));
  EXPECT_EQ(data.vendor->settlement->vendorCode, vendor);
}

// Two events with sales (the second dated 2026, a third of 2025 without): the comparison and the
// year the console shows are the server's own to the byte, follow new sales, cost nothing when idle,
// and open offline from the cache.
TEST_F(ConsoleClient, TheComparisonAndTheYearAreTheServersOwnFollowSalesAndComeFromTheCache) {
  LoopbackServer server(m_dir.file("server.db"));
  core::Event bogor;
  bogor.code = "BOGOR-2026";
  bogor.name = "Pameran Kriya Bogor 2026";
  bogor.startDate = "2026-06-01";
  bogor.endDate = "2026-06-05";
  ASSERT_TRUE(server.store().createEvent(bogor));
  ASSERT_TRUE(server.store().importCatalog(bogor.code, demoCatalog(200)));
  core::Event older = bogor;
  older.code = "DEPOK-2025";
  older.name = "Pameran Depok 2025";
  older.startDate = "2025-11-20";
  older.endDate = "2025-11-23";
  ASSERT_TRUE(server.store().createEvent(older));
  const std::string bogorCode = sync::newEnrollmentCode();
  ASSERT_TRUE(server.store().createEnrollment(
      {bogor.code, "Kios Bogor", "C1", "", sync::secretHash(sync::normalizeEnrollmentCode(bogorCode)), kFarFuture}, core::systemClock()()));
  auto depokKiosk = openKiosk(m_dir.file("depok.db"));
  auto bogorKiosk = openKiosk(m_dir.file("bogor.db"));
  enrollKiosk(*depokKiosk, server.url(), server.enrollmentCode());
  enrollKiosk(*bogorKiosk, server.url(), bogorCode);
  sell(*depokKiosk, 20, 11);
  sell(*bogorKiosk, 12, 12);
  ASSERT_EQ(upload(*depokKiosk, server.url()).pendingLeft, 0);
  ASSERT_EQ(upload(*bogorKiosk, server.url()).pendingLeft, 0);
  const std::string token = server.organizerToken();
  SKIP_WITHOUT_ORGANIZER_API(server.url(), token);
  sync::HttpClient http({server.url(), {}, 2000, 5000});
  http.setToken(token);
  const std::string comparePath = std::string("/api/v1/compare?a=") + kEventCode + "&b=" + bogor.code;

  // The dated events come first in the server's list: open the undated one by its code.
  ClientOptions opened = options(server.url(), token);
  opened.eventCode = kEventCode;
  ConsoleData data;
  {
    OrganizerClient client(opened);
    client.start();
    ASSERT_TRUE(waitFor(client, data, hasFigures));
    EXPECT_FALSE(data.comparison) << "nothing is compared before the organizer asks";
    client.compareWith(bogor.code);
    client.showYear("2026");
    ASSERT_TRUE(waitFor(client, data, [](const ConsoleData& d) { return d.comparison && d.yearReport; }));
    // The change the console works out is the server's own, to the basis point.
    const nlohmann::json served = nlohmann::json::parse(http.get(comparePath).body);
    EXPECT_EQ(nlohmann::json::parse(core::comparisonToJson(*data.comparison))["change"], served["change"]);
    EXPECT_EQ(data.comparison->a.event, kEventCode);
    EXPECT_EQ(core::reportToJson(*data.yearReport), core::reportToJson(core::reportFromJson(http.get("/api/v1/years/2026").body)->report));
    // The test's own sums: the year is Bogor's alone, 2025 had no sale so no IKM has a growth.
    const nlohmann::json bogorTotals = nlohmann::json::parse(http.get("/api/v1/events/BOGOR-2026/totals").body);
    EXPECT_EQ(data.yearReport->net.idr(), bogorTotals["net_idr"].get<std::int64_t>());
    ASSERT_EQ(data.yearReport->byEvent.size(), 1u);
    std::int64_t ikm = 0;
    for (const core::IkmTotals& v : data.yearReport->byIkm) {
      ikm += v.net.idr();
      EXPECT_FALSE(v.growthBp.has_value()) << v.vendorCode;
    }
    EXPECT_EQ(ikm, data.yearReport->net.idr());
    EXPECT_EQ(data.comparison->net.a, fetchTotals(server.url(), token)["net_idr"].get<std::int64_t>());
    EXPECT_EQ(data.comparison->net.b, bogorTotals["net_idr"].get<std::int64_t>());
    const Translator tr = Translator::builtIn(Language::Id);
    EXPECT_EQ(buildCompareVm(data, tr).figures[0].a, core::formatRupiah(core::Rupiah(data.comparison->net.a)));

    // Idle: still one 304 a poll, the comparison and the year are not asked again.
    const ClientStats before = client.stats();
    const auto until = std::chrono::steady_clock::now() + 10s;
    while (client.stats().polls < before.polls + 3 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(20ms);
    const ClientStats after = client.stats();
    EXPECT_EQ(after.requests - before.requests, after.polls - before.polls);
    EXPECT_EQ(after.bodyBytes, before.bodyBytes);

    // Bogor sells more: the comparison (its b) and the year follow by themselves.
    const std::int64_t bogorBefore = data.comparison->net.b;
    sell(*bogorKiosk, 4, 13);
    ASSERT_EQ(upload(*bogorKiosk, server.url()).pendingLeft, 0);
    const std::int64_t bogorNow = nlohmann::json::parse(http.get("/api/v1/events/BOGOR-2026/totals").body)["net_idr"].get<std::int64_t>();
    ASSERT_NE(bogorNow, bogorBefore);
    EXPECT_TRUE(waitFor(client, data, [&](const ConsoleData& d) {
      return d.comparison && d.comparison->net.b == bogorNow && d.yearReport && d.yearReport->net.idr() == bogorNow;
    }));
  }
  server.stop();

  // Offline: the comparison and the year open from the cache, which never holds the token.
  OrganizerClient offline(opened);
  offline.start();
  ConsoleData cached;
  ASSERT_TRUE(offline.takeUpdate(cached));
  ASSERT_TRUE(cached.comparison && cached.yearReport);
  EXPECT_EQ(cached.compareWith, bogor.code);
  EXPECT_EQ(cached.year, "2026");
  EXPECT_EQ(core::comparisonToJson(*cached.comparison), core::comparisonToJson(*data.comparison));
  EXPECT_EQ(cached.yearReport->net, data.yearReport->net);
  EXPECT_EQ(slurp(m_dir.file("cache/organizer.json")).find(token), std::string::npos);
}

// Issue 11 §2: the consignment ledger comes with the other figures, each unit the server's own, the
// vendors' lines their products' sums; a vendor taking its goods back shows at once; the cache
// holds the ledger for a console opened offline.
TEST_F(ConsoleClient, TheConsignmentLedgerIsTheServersOwnFollowsReturnsAndComesFromTheCache) {
  LoopbackServer server(m_dir.file("server.db"));
  auto [kiosk, event, supervisor, products] = soldKiosk(server, 25, 21);
  ASSERT_TRUE(kiosk->stock().adjust(event.id, products[3].id, -1, "Hitung ulang: satu hilang", supervisor));
  ASSERT_TRUE(kiosk->stock().intake(event.id, products[5].id, 7, supervisor.name, "Kiriman kedua"));
  ASSERT_EQ(upload(*kiosk, server.url()).pendingLeft, 0);
  const std::string token = server.organizerToken();
  SKIP_WITHOUT_ORGANIZER_API(server.url(), token);
  sync::HttpClient http({server.url(), {}, 2000, 5000});
  http.setToken(token);
  const std::string stockPath = std::string("/api/v1/events/") + kEventCode + "/stock";
  auto fetchStock = [&] {
    const sync::HttpResponse r = http.get(stockPath);
    EXPECT_EQ(r.status, 200) << r.body;
    return nlohmann::json::parse(r.body);
  };
  // Every unit as the server's JSON says it, product by product and vendor by vendor, on screen too.
  const Translator tr = Translator::builtIn(Language::Id);
  auto n = [](const nlohmann::json& v) { return v.get<std::int64_t>(); };
  auto agrees = [&](const ConsoleData& d, const nlohmann::json& j) {
    if (!d.stock || d.stock->products.size() != j["products"].size() || d.stock->vendors.size() != j["vendors"].size()) return false;
    std::map<std::string, const core::StockLedgerProduct*> bySku;
    for (const core::StockLedgerProduct& p : d.stock->products) bySku[p.sku] = &p;
    for (const auto& p : j["products"]) {
      auto it = bySku.find(p["sku"].get<std::string>());
      if (it == bySku.end()) return false;
      const core::StockLedgerProduct& q = *it->second;
      if (q.vendorCode != p["vendor_code"].get<std::string>() || q.name != p["name"].get<std::string>() || q.name.empty() ||
          q.received != n(p["received"]) || q.sold != n(p["sold"]) ||
          q.refunded != n(p["refunded"]) || q.adjusted != n(p["adjusted"]) || q.returned != n(p["returned"]) ||
          q.onHand() != n(p["on_hand"]))
        return false;
    }
    const ConsignmentVm vm = buildConsignmentVm(d, tr);
    if (vm.rows.size() != j["vendors"].size()) return false;
    for (std::size_t i = 0; i < vm.rows.size(); ++i) {
      const auto& v = j["vendors"][i];
      const ConsignmentRowVm& r = vm.rows[i];
      if (r.code != v["vendor_code"].get<std::string>() || r.received != core::formatThousands(n(v["received"])) ||
          r.sold != core::formatThousands(n(v["sold"])) || r.returned != core::formatThousands(n(v["returned"])) ||
          r.onHand != core::formatThousands(n(v["on_hand"])))
        return false;
    }
    return true;
  };

  OrganizerClient client(options(server.url(), token));
  client.start();
  ConsoleData data;
  const nlohmann::json before = fetchStock();
  ASSERT_TRUE(waitFor(client, data, [&](const ConsoleData& d) { return hasFigures(d) && agrees(d, before); }))
      << before.dump().substr(0, 400);
  // The test's own sums: units brought and sold moved, and on hand is what the rule says.
  std::int64_t received = 0, sold = 0, adjusted = 0, onHand = 0;
  for (const auto& p : before["products"]) {
    received += n(p["received"]);
    sold += n(p["sold"]);
    adjusted += n(p["adjusted"]);
    onHand += n(p["on_hand"]);
  }
  EXPECT_GT(received, 0);
  EXPECT_GT(sold, 0);
  EXPECT_EQ(adjusted, -1);
  const ConsignmentVm vm = buildConsignmentVm(data, tr);
  EXPECT_EQ(vm.total.onHand, core::formatThousands(onHand));
  EXPECT_EQ(vm.total.sold, core::formatThousands(sold));

  // A vendor takes all its goods back: the console follows by itself, the vendor's on hand is 0.
  const std::string vendor = kiosk->catalog().vendors(event.id).front().code;
  ASSERT_TRUE(kiosk->stock().returnAll(event.id, vendor, supervisor));
  ASSERT_EQ(upload(*kiosk, server.url()).pendingLeft, 0);
  const nlohmann::json after = fetchStock();
  ASSERT_NE(after.dump(), before.dump());
  ASSERT_TRUE(waitFor(client, data, [&](const ConsoleData& d) { return agrees(d, after); }));
  ConsoleState state;
  state.openStockVendor = vendor;
  const ConsignmentVendorVm card = buildConsignmentVendorVm(state, data, tr);
  EXPECT_EQ(card.total.onHand, "0");
  EXPECT_NE(card.total.returned, "0");
  ASSERT_FALSE(card.products.empty());
  for (const ConsignmentRowVm& p : card.products) {
    EXPECT_EQ(p.onHand, "0") << p.code;
    EXPECT_FALSE(p.name.empty()) << p.code << ": every product named (the ledger carries the catalog's names)";
  }
  server.stop();

  // Offline: the ledger opens from the cache, as the server last said it.
  OrganizerClient offline(options(server.url(), token));
  offline.start();
  ConsoleData cached;
  ASSERT_TRUE(offline.takeUpdate(cached));
  EXPECT_TRUE(cached.fromCache);
  EXPECT_TRUE(agrees(cached, after));
}

TEST_F(ConsoleClient, ADevicesActionsAreTheServersOwnWithTheAlteredMarkedFollowUploadsAndComeFromTheCache) {
  LoopbackServer server(m_dir.file("server.db"));
  auto [kiosk, event, supervisor, products] = soldKiosk(server, 10, 31);
  ASSERT_TRUE(kiosk->stock().adjust(event.id, products[1].id, -1, "Hitung ulang: satu hilang", supervisor));
  ASSERT_EQ(upload(*kiosk, server.url()).pendingLeft, 0);
  const std::string token = server.organizerToken();
  SKIP_WITHOUT_ORGANIZER_API(server.url(), token);

  OrganizerClient client(options(server.url(), token));
  client.start();
  ConsoleData data;
  ASSERT_TRUE(waitFor(client, data, [](const ConsoleData& d) { return hasFigures(d) && !d.devices->empty(); }));
  const std::string device = data.devices->front().deviceCode;
  sync::HttpClient http({server.url(), {}, 2000, 5000});
  http.setToken(token);
  auto serverList = [&] {
    const sync::HttpResponse r = http.get(std::string("/api/v1/events/") + kEventCode + "/devices/" + device + "/audit");
    EXPECT_EQ(r.status, 200) << r.body;
    return nlohmann::json::parse(r.body);
  };
  // Entry by entry as the server's JSON says it, newest first.
  auto agrees = [&](const ConsoleData& d, const nlohmann::json& j) {
    if (!d.deviceAudit || d.deviceAudit->deviceCode != device || d.deviceAudit->entries.size() != j["entries"].size()) return false;
    if (d.deviceAudit->audit != j["audit"].get<std::string>()) return false;
    for (std::size_t i = 0; i < j["entries"].size(); ++i) {
      const nlohmann::json& e = j["entries"][i];
      const AuditEntryRow& r = d.deviceAudit->entries[i];
      if (r.id != e["id"].get<std::int64_t>() || r.staff != e["staff"].get<std::string>() || r.action != e["action"].get<std::string>() ||
          r.subject != e["subject"].get<std::string>() || r.reason != e["reason"].get<std::string>() || r.intact != e["intact"].get<bool>())
        return false;
    }
    return true;
  };
  const nlohmann::json before = serverList();
  ASSERT_FALSE(before["entries"].empty());
  EXPECT_EQ(before["audit"], "ok");
  client.apply(act::OpenDeviceAudit{device});
  ASSERT_TRUE(waitFor(client, data, [&](const ConsoleData& d) { return agrees(d, before); })) << before.dump().substr(0, 400);
  bool adjusted = false;
  for (const AuditEntryRow& r : data.deviceAudit->entries) adjusted = adjusted || (r.action == "stock_adjust" && r.reason == "Hitung ulang: satu hilang");
  EXPECT_TRUE(adjusted) << "the supervisor's stock correction is in the list";

  // Closed and opened again: asked with its ETag, an unchanged list is a 304 (no body).
  client.apply(act::OpenDeviceAudit{});
  ASSERT_TRUE(waitFor(client, data, [](const ConsoleData& d) { return !d.deviceAudit && d.auditDevice.empty(); }));
  const ClientStats quiet = client.stats();
  client.apply(act::OpenDeviceAudit{device});
  ASSERT_TRUE(waitFor(client, data, [&](const ConsoleData& d) { return agrees(d, before); }));
  const ClientStats reopened = client.stats();
  EXPECT_GT(reopened.requests, quiet.requests);
  EXPECT_EQ(reopened.notModified - quiet.notModified, reopened.requests - quiet.requests) << "every answer since was a 304";
  EXPECT_EQ(reopened.bodyBytes, quiet.bodyBytes);

  // Someone edits the kiosk's log by hand before the next upload: the list follows by itself, and
  // the altered entry and every one after it are marked.
  ASSERT_TRUE(kiosk->stock().adjust(event.id, products[2].id, 2, "Barang ditemukan", supervisor));
  ASSERT_TRUE(kiosk->stock().adjust(event.id, products[2].id, -1, "Hitung ulang", supervisor));
  std::int64_t firstBad = 0;
  {
    SQLite::Database db(m_dir.file("kiosk.db"), SQLite::OPEN_READWRITE);
    firstBad = db.execAndGet("SELECT MAX(id) - 1 FROM audit_log").getInt64();
    db.exec("DROP TRIGGER audit_log_no_update");  // what someone editing the file by hand does first
    ASSERT_EQ(db.exec("UPDATE audit_log SET reason = 'tidak ada apa-apa' WHERE id = " + std::to_string(firstBad)), 1);
  }
  ASSERT_EQ(upload(*kiosk, server.url()).pendingLeft, 0);
  const nlohmann::json after = serverList();
  ASSERT_EQ(after["audit"], "broken");
  ASSERT_EQ(after["audit_first_bad"], firstBad);
  ASSERT_TRUE(waitFor(client, data, [&](const ConsoleData& d) { return agrees(d, after); })) << after.dump().substr(0, 400);
  ConsoleState state;
  state.openAuditDevice = device;
  const DeviceAuditVm vm = buildDeviceAuditVm(state, data, Translator::builtIn(Language::Id));
  ASSERT_EQ(vm.rows.size(), after["entries"].size());
  for (std::size_t i = 0; i < vm.rows.size(); ++i)
    EXPECT_EQ(vm.rows[i].altered, data.deviceAudit->entries[i].id >= firstBad) << vm.rows[i].no;
  EXPECT_EQ(vm.rows[1].detail.rfind("tidak ada apa-apa · +2", 0), 0u) << vm.rows[1].detail << ": the altered reason, as the server keeps it";
  EXPECT_NE(vm.state.find("RUSAK"), std::string::npos) << vm.state;

  // The cache holds the list, never the token; offline, the list opens from it.
  const std::string cache = slurp(m_dir.file("cache/organizer.json"));
  EXPECT_NE(cache.find("/devices/" + device + "/audit"), std::string::npos);
  EXPECT_EQ(cache.find(token), std::string::npos);
  server.stop();
  OrganizerClient offline(options(server.url(), token));
  offline.start();
  offline.apply(act::OpenDeviceAudit{device});
  ConsoleData cached;
  ASSERT_TRUE(waitFor(offline, cached, [&](const ConsoleData& d) { return agrees(d, after); }));
  EXPECT_TRUE(cached.fromCache || cached.link == Link::Offline);
}

#ifdef PAMERAN_SERVER_EXE
TEST_F(ConsoleClient, OpensOfflineFromItsCacheAndCatchesUpWhenTheServerReturns) {
  std::string token, code;
  {
    auto store = prepareServerDb(m_dir.file("server.db"));
    token = makeOrganizerToken(*store);
    code = makeEnrollmentCode(*store);
  }
  ServerProcess server(PAMERAN_SERVER_EXE, m_dir.file("server.db"), m_dir.path().string());
  server.start();
  auto kiosk = openKiosk(m_dir.file("kiosk.db"));
  enrollKiosk(*kiosk, server.url(), code);
  sell(*kiosk, 12, 5);
  ASSERT_EQ(upload(*kiosk, server.url()).pendingLeft, 0);
  SKIP_WITHOUT_ORGANIZER_API(server.url(), token);
  std::int64_t seenNet = 0;
  core::EpochMs confirmed = 0;
  {
    OrganizerClient first(options(server.url(), token));
    first.start();
    ConsoleData data;
    ASSERT_TRUE(waitFor(first, data, hasFigures));
    seenNet = data.report->report.net.idr();
    confirmed = data.confirmedAtMs;
  }
  server.stop();

  // The console opens with the server down: the cached figures at once, labelled with their age.
  OrganizerClient client(options(server.url(), token));
  client.start();
  ConsoleData data;
  ASSERT_TRUE(client.takeUpdate(data));
  EXPECT_TRUE(data.fromCache);
  ASSERT_TRUE(data.report.has_value());
  EXPECT_EQ(data.report->report.net.idr(), seenNet);
  ASSERT_TRUE(waitFor(client, data, [](const ConsoleData& d) { return d.link == Link::Offline; }));
  EXPECT_EQ(data.confirmedAtMs, confirmed);
  const StatusVm status = buildStatusVm(data, confirmed + 3 * 60'000, Translator::builtIn(Language::Id));
  EXPECT_NE(status.line.find("3 menit lalu"), std::string::npos) << status.line;

  // The server comes back with new sales: the same console catches up without a restart.
  server.start();
  sell(*kiosk, 6, 6);
  ASSERT_EQ(upload(*kiosk, server.url()).pendingLeft, 0);
  const std::int64_t newNet = fetchTotals(server.url(), token)["net_idr"].get<std::int64_t>();
  ASSERT_NE(newNet, seenNet);
  EXPECT_TRUE(waitFor(client, data, [&](const ConsoleData& d) {
    return d.link == Link::Online && d.report && d.report->report.net.idr() == newNet;
  }));
  EXPECT_FALSE(data.fromCache);
  server.stop();
}
#endif

}  // namespace
}  // namespace pameran::kiosk::organizer
