// Issue 11: stock movements travel like sales (exactly once through the fault proxy) and the
// server's consignment ledger is the catalog's stock, counted once, plus what every booth did,
// product by product (each kiosk takes the catalog's stock as its opening stock; that stays home).
#include <SQLiteCpp/SQLiteCpp.h>

#include <limits>

#include "client_fixtures.hpp"

namespace pameran::sync {
namespace {

using namespace std::chrono_literals;
using namespace pameran::sync::testing;

using Key = std::pair<std::string, std::string>;  // vendor, sku

core::Staff staffOf(core::Store& store, core::Role role) {
  for (const core::Staff& s : store.staff().list())
    if (s.role == role) return s;
  throw std::runtime_error("no staff with that role");
}

// A booth's day: sales (with the simulator's intakes and refunds), a refund that puts nothing
// back on the shelf, a counted correction, more goods brought, and one vendor taking back all.
void runBooth(core::Store& store, std::uint64_t seed, std::size_t returningVendor) {
  sell(store, 25, seed);
  const core::Event event = *store.catalog().currentEvent();
  const core::Staff cashier = staffOf(store, core::Role::Cashier);
  const core::Staff supervisor = staffOf(store, core::Role::Supervisor);
  bool refunded = false;
  for (const core::SaleSummary& s : store.sales().list(event.id, 0, std::numeric_limits<core::EpochMs>::max(), 50)) {
    if (s.voided || s.refunded.idr() > 0) continue;
    core::RefundDraft refund;
    refund.saleUuid = s.uuid;
    refund.lines.push_back({1, 1, false});  // damaged: not back in stock
    refund.reason = "Rusak, tidak dijual lagi";
    refund.staff = cashier;
    core::approve(refund, supervisor);
    if (store.sales().refund(refund)) {
      refunded = true;
      break;
    }
  }
  ASSERT_TRUE(refunded);
  const std::vector<core::Product> products = store.catalog().products(event.id, true);
  ASSERT_GT(products.size(), 10u);
  ASSERT_TRUE(store.stock().adjust(event.id, products[3].id, -1, "Hitung ulang: satu hilang", supervisor));
  ASSERT_TRUE(store.stock().intake(event.id, products[5].id, 7, cashier.name, "Kiriman kedua"));
  const std::vector<core::Vendor> vendors = store.catalog().vendors(event.id);
  ASSERT_TRUE(store.stock().returnAll(event.id, vendors[returningVendor % vendors.size()].code, supervisor));
}

// The kiosk's own ledger, per product (Stock::returnSlip of every vendor).
std::map<Key, core::ReturnSlipLine> localLedger(core::Store& store) {
  std::map<Key, core::ReturnSlipLine> out;
  const core::Event event = *store.catalog().currentEvent();
  for (const core::Vendor& v : store.catalog().vendors(event.id))
    for (const core::ReturnSlipLine& l : store.stock().returnSlip(event.id, v.code)) out[{v.code, l.sku}] = l;
  return out;
}

// a + sign * b, column by column.
void addLine(core::ReturnSlipLine& a, const core::ReturnSlipLine& b, int sign) {
  a.brought += sign * b.brought;
  a.sold += sign * b.sold;
  a.refunded += sign * b.refunded;
  a.adjusted += sign * b.adjusted;
  a.returned += sign * b.returned;
  a.remaining += sign * b.remaining;
}

std::int64_t travellingMovements(const std::string& kioskDb) {
  SQLite::Database db(kioskDb, SQLite::OPEN_READONLY);
  return db.execAndGet("SELECT COUNT(*) FROM stock_movement WHERE uuid IS NOT NULL").getInt64();
}

std::int64_t serverMovementRows(const std::string& serverDb, bool distinct) {
  SQLite::Database db(serverDb, SQLite::OPEN_READONLY);
  return db.execAndGet(distinct ? "SELECT COUNT(DISTINCT uuid) FROM stock_movements" : "SELECT COUNT(*) FROM stock_movements")
      .getInt64();
}

DrainResult drainAll(core::Store& store, const std::string& url, std::uint64_t seed) {
  auto http = deviceClient(store, url, 1000);
  Uploader uploader(store, *http, UploadLimits{12, 1u << 20});
  Backoff backoff(10, 200, seed);
  return drain(uploader, store, backoff, 60'000, [](std::int64_t ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return true;
  });
}

TEST(StockSync, KiosksThroughFaultsGiveTheServerTheCatalogOncePlusWhatEachBoothDid) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  FaultProxy proxy(server.port(), [](std::size_t i, const httplib::Request&) {
    switch (i % 7) {
      case 1: return Fault::DropResponse;
      case 3: return Fault::ErrorAfterCommit;
      case 4: return Fault::RepeatRequest;
      case 6: return Fault::DropRequest;
      default: return Fault::None;
    }
  }, 1200ms);

  constexpr int kKiosks = 3;
  std::map<Key, core::ReturnSlipLine> expected;
  std::int64_t madeMovements = 0;
  for (int k = 0; k < kKiosks; ++k) {
    const std::string path = dir.file("kiosk-" + std::to_string(k) + ".db");
    auto store = openKiosk(path);
    enrollKiosk(*store, proxy.url(), server.enrollmentCode(), "Kios " + std::to_string(k));
    // The opening stock: the catalog's, taken by every kiosk; the server counts it once.
    const std::map<Key, core::ReturnSlipLine> opening = localLedger(*store);
    ASSERT_FALSE(opening.empty());
    EXPECT_EQ(travellingMovements(path), 0) << "the catalog's stock does not travel";
    if (k == 0)
      for (const auto& [key, l] : opening) addLine(expected[key], l, 1);
    runBooth(*store, static_cast<std::uint64_t>(40 + k), static_cast<std::size_t>(k));
    // The movements wait in the outbox beside the sales: the pending count includes them.
    const std::int64_t movements = travellingMovements(path);
    ASSERT_GT(movements, 0);
    EXPECT_GE(store->outbox().stats().pending, movements);
    const DrainResult drained = drainAll(*store, proxy.url(), static_cast<std::uint64_t>(k));
    const core::OutboxStats after = store->outbox().stats();
    EXPECT_EQ(after.pending, 0) << drained.error;
    EXPECT_EQ(after.quarantined, 0);
    madeMovements += movements;
    for (const auto& [key, l] : localLedger(*store)) {
      addLine(expected[key], l, 1);
      if (const auto o = opening.find(key); o != opening.end()) addLine(expected[key], o->second, -1);
    }
  }
  proxy.stop();
  EXPECT_GT(proxy.faults()[Fault::DropResponse] + proxy.faults()[Fault::ErrorAfterCommit], 0);

  // Every movement once, whatever the faults.
  EXPECT_EQ(serverMovementRows(server.dbPath(), false), madeMovements);
  EXPECT_EQ(serverMovementRows(server.dbPath(), true), madeMovements);

  auto ledger = server.store().stockLedger(kEventCode);
  ASSERT_TRUE(ledger) << ledger.error().message;
  std::int64_t sold = 0, refunded = 0, adjusted = 0, returned = 0;
  for (const core::StockLedgerProduct& p : ledger->products) {
    const auto it = expected.find({p.vendorCode, p.sku});
    ASSERT_NE(it, expected.end()) << p.sku;
    const core::ReturnSlipLine& e = it->second;
    EXPECT_EQ(p.received, e.brought) << p.sku;
    EXPECT_EQ(p.sold, e.sold) << p.sku;
    EXPECT_EQ(p.refunded, e.refunded) << p.sku;
    EXPECT_EQ(p.adjusted, e.adjusted) << p.sku;
    EXPECT_EQ(p.returned, e.returned) << p.sku;
    EXPECT_EQ(p.onHand(), p.received - p.sold + p.refunded + p.adjusted - p.returned);
    EXPECT_EQ(p.onHand(), e.remaining) << p.sku;
    sold += p.sold;
    refunded += p.refunded;
    adjusted += p.adjusted;
    returned += p.returned;
  }
  EXPECT_EQ(ledger->products.size(), expected.size());
  // The booths did all of it: the comparison is not over zeros.
  EXPECT_GT(sold, 0);
  EXPECT_GT(refunded, 0);
  EXPECT_LT(adjusted, 0);
  EXPECT_GT(returned, 0);

  // The HTTP answer is the same ledger, and its vendors add up their products.
  httplib::Client http("127.0.0.1", server.port());
  const std::string token = server.organizerToken();
  auto res = http.Get("/api/v1/events/" + kEventCode + "/stock", {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->body, core::stockLedgerToJson(*ledger));
  const nlohmann::json j = nlohmann::json::parse(res->body);
  std::map<std::string, std::int64_t> onHandByVendor;
  for (const auto& p : j.at("products")) onHandByVendor[p.at("vendor_code").get<std::string>()] += p.at("on_hand").get<std::int64_t>();
  ASSERT_FALSE(j.at("vendors").empty());
  for (const auto& v : j.at("vendors")) EXPECT_EQ(v.at("on_hand").get<std::int64_t>(), onHandByVendor[v.at("vendor_code")]);
  const std::string etag = res->get_header_value("ETag");
  auto again = http.Get("/api/v1/events/" + kEventCode + "/stock", {{"Authorization", "Bearer " + token}, {"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  auto csv = http.Get("/api/v1/events/" + kEventCode + "/stock?format=csv", {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_EQ(csv->body, core::stockLedgerToCsv(*ledger));
}

TEST(StockSync, AReplayedMovementIsCountedOnceAndAChangedOneIsAConflict) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  auto store = openKiosk(dir.file("kiosk.db"));
  enrollKiosk(*store, server.url(), server.enrollmentCode());
  const core::Event event = *store->catalog().currentEvent();
  const core::Product product = store->catalog().products(event.id, true).at(0);
  ASSERT_TRUE(store->stock().intake(event.id, product.id, 4, "Kasir", "Kiriman"));
  EXPECT_EQ(drainAll(*store, server.url(), 1).pendingLeft, 0);
  auto before = server.store().stockLedger(kEventCode);
  ASSERT_TRUE(before);

  // The last movement, sent again as it was and then changed.
  SQLite::Database db(dir.file("kiosk.db"), SQLite::OPEN_READONLY);
  const std::string uuid = db.execAndGet("SELECT uuid FROM stock_movement WHERE uuid IS NOT NULL ORDER BY id DESC LIMIT 1").getString();
  auto movement = store->outbox().movementRecord(uuid);
  ASSERT_TRUE(movement) << movement.error().message;
  EXPECT_EQ(movement->quantity, 4);
  httplib::Client http("127.0.0.1", server.port());
  const httplib::Headers auth{{"Authorization", "Bearer " + store->settings().device().token}};
  Batch batch{store->settings().device().deviceId, {}, {}, {}};
  batch.stockMovements = {*movement, *movement};
  auto res = http.Post("/api/v1/sales", auth, encodeBatch(batch), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto answer = decodeBatchResponse(res->body);
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->results.size(), 2u);
  for (const RecordResult& r : answer->results) {
    EXPECT_EQ(r.status, RecordStatus::Duplicate);
    EXPECT_EQ(r.type, RecordType::StockMovement);
  }
  core::StockMovementRecord changed = *movement;
  changed.quantity = 40;
  batch.stockMovements = {changed};
  res = http.Post("/api/v1/sales", auth, encodeBatch(batch), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 409) << res->body;
  auto after = server.store().stockLedger(kEventCode);
  ASSERT_TRUE(after);
  EXPECT_EQ(core::stockLedgerToJson(*after), core::stockLedgerToJson(*before));
  EXPECT_EQ(serverMovementRows(server.dbPath(), false), travellingMovements(dir.file("kiosk.db")));
}

TEST(StockSync, OldProtocolKiosksStillSyncSalesAndVersionOneCarriesNoMovements) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  auto store = openKiosk(dir.file("kiosk.db"));
  enrollKiosk(*store, server.url(), server.enrollmentCode());
  sell(*store, 3, 7);
  const core::Event event = *store->catalog().currentEvent();
  std::vector<core::SaleRecord> sales;
  for (const core::SaleSummary& s : store->sales().list(event.id, 0, std::numeric_limits<core::EpochMs>::max(), 10))
    sales.push_back(*store->sales().byUuid(s.uuid));
  ASSERT_FALSE(sales.empty());
  const std::string deviceId = store->settings().device().deviceId;
  const std::string body = encodeBatch(Batch{deviceId, sales, {}, {}});
  ASSERT_NE(body.find("\"protocol_version\":1,"), std::string::npos);  // what an old kiosk sends
  httplib::Client http("127.0.0.1", server.port());
  const httplib::Headers auth{{"Authorization", "Bearer " + store->settings().device().token}};
  auto res = http.Post("/api/v1/sales", auth, body, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  auto answer = decodeBatchResponse(res->body);
  ASSERT_TRUE(answer);
  for (const RecordResult& r : answer->results) EXPECT_EQ(r.status, RecordStatus::Stored);
  EXPECT_EQ(serverIds(server.dbPath(), "sales").ids.size(), sales.size());

  // Version 1 knows no stock_movements: the whole batch is refused, nothing stored.
  std::string v1 = body;
  v1.insert(v1.size() - 1, ",\"stock_movements\":[]");
  res = http.Post("/api/v1/sales", auth, v1, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  // Version 3 does not exist yet.
  std::string v3 = body;
  v3.replace(v3.find("\"protocol_version\":1"), 20, "\"protocol_version\":3");
  res = http.Post("/api/v1/sales", auth, v3, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
}

TEST(StockSync, ARestoredServerGetsItsLostMovementsBack) {
  TempDir dir;
  const std::string serverDb = dir.file("server.db");
  std::string token;
  {
    LoopbackServer server(serverDb);
    auto store = openKiosk(dir.file("kiosk.db"));
    enrollKiosk(*store, server.url(), server.enrollmentCode());
    server.stop();
  }
  // The backup is taken after enrollment, before anything was uploaded.
  copyDatabase(serverDb, dir.file("backup.db"));
  auto store = openKiosk(dir.file("kiosk.db"));
  {
    LoopbackServer server(serverDb);
    const core::Event event = *store->catalog().currentEvent();
    const core::Product product = store->catalog().products(event.id, true).at(2);
    ASSERT_TRUE(store->stock().intake(event.id, product.id, 3, "Kasir", "Kiriman"));
    EXPECT_EQ(drainAll(*store, server.url(), 2).pendingLeft, 0);
    server.stop();
  }
  copyDatabase(dir.file("backup.db"), serverDb);
  LoopbackServer restored(serverDb);
  EXPECT_EQ(serverMovementRows(serverDb, false), 0);
  auto http = deviceClient(*store, restored.url());
  auto requeued = requeueWhatServerLost(*store, *http);
  ASSERT_TRUE(requeued) << requeued.error().message;
  EXPECT_EQ(requeued->movements, travellingMovements(dir.file("kiosk.db")));
  EXPECT_EQ(drainAll(*store, restored.url(), 3).pendingLeft, 0);
  EXPECT_EQ(serverMovementRows(serverDb, false), travellingMovements(dir.file("kiosk.db")));
  // One kiosk: the restored server's ledger is that kiosk's own again, the intake included.
  auto ledger = restored.store().stockLedger(kEventCode);
  ASSERT_TRUE(ledger);
  const std::map<Key, core::ReturnSlipLine> local = localLedger(*store);
  std::int64_t received = 0;
  for (const core::StockLedgerProduct& p : ledger->products) {
    const auto it = local.find({p.vendorCode, p.sku});
    ASSERT_NE(it, local.end()) << p.sku;
    EXPECT_EQ(p.received, it->second.brought) << p.sku;
    EXPECT_EQ(p.onHand(), it->second.remaining) << p.sku;
    received += p.received;
  }
  EXPECT_GT(received, 0);
}

}  // namespace
}  // namespace pameran::sync
