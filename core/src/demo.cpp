#include "pameran/core/demo.hpp"

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

#include "pameran/core/csv.hpp"
#include "pameran/core/qris.hpp"

namespace pameran::core {

Result<bool> seedDemo(Store& store, std::string_view vendorsCsv, std::string_view productsCsv) {
  if (!store.catalog().events().empty()) return false;
  auto files = parseCatalog(vendorsCsv, "demo/vendors.csv", productsCsv, "demo/products.csv");
  if (!files) return files.failure();
  auto imported = store.catalog().importFiles(*files, kDemoEventCode, "Pameran Kriya & Kuliner Dekranasda Kota Depok 2026", "demo");
  if (!imported) return imported.failure();
  auto event = store.catalog().event(kDemoEventCode);
  if (!event) return event.failure();
  event->venue = "Balai Kota Depok, Jl. Margonda Raya No. 54";
  event->startDate = "2026-11-26";
  event->endDate = "2026-11-29";
  event->cutoffHour = 3;  // the evening bazaar runs past midnight
  event->organizerQris = makeDemoStaticQris("DEKRANASDA KOTA DEPOK", "DEPOK", 9001);
  if (auto ok = store.catalog().updateEvent(*event); !ok) return ok.failure();
  // Consignment commission: crafts and fashion 10 %, food 15 %.
  for (const Vendor& v : store.catalog().vendors(event->id))
    if (auto ok = store.catalog().setCommission(event->id, v.code, v.sector == Sector::Kuliner ? 1500 : 1000); !ok) return ok.failure();
  if (auto ok = store.settings().set(settings::kDefaultFloat, "200000"); !ok) return ok.failure();
  DeviceInfo device = store.settings().device();
  if (device.name.empty()) {
    device.name = "Kios Demo";
    if (auto ok = store.settings().setDevice(device); !ok) return ok.failure();
  }
  if (auto ok = seedDemoStaff(store); !ok) return ok.failure();
  return true;
}

Result<bool> seedDemoStaff(Store& store) {
  const std::vector<Staff> staff = store.staff().list();
  bool added = false;
  // DESIGN.md fixes the demo supervisor's PIN at four digits; real supervisors need six.
  for (const auto& [name, role, pin] : {std::tuple{"Kasir Demo", Role::Cashier, "1234"}, std::tuple{"Supervisor Demo", Role::Supervisor, "4321"}}) {
    if (std::any_of(staff.begin(), staff.end(), [&](const Staff& s) { return s.name == name; })) continue;
    if (auto ok = store.staff().add(name, role, pin, PinRule::Demo); !ok) return ok.failure();
    added = true;
  }
  return added;
}

namespace {

struct Simulator {
  Store& store;
  std::mt19937_64 rng;
  Event event;
  std::vector<Product> products;
  std::map<std::int64_t, Vendor> vendors;      // by vendor id
  std::map<std::int64_t, std::int64_t> stock;  // product id -> on hand
  Staff cashier, supervisor;
  bool restock = true;
  std::map<std::int64_t, std::int64_t> batch;  // product id -> what its vendor brings when it sells out

  // A vendor whose product sold out brings another batch, as at a real booth.
  Result<void> restockSoldOut(const Cart& cart, SimulationSummary& sum) {
    if (!restock) return {};
    for (const CartLine& l : cart.lines) {
      if (stock[l.productId] > 0) continue;
      const std::int64_t units = std::max<std::int64_t>(batch[l.productId], 5);
      if (auto ok = store.stock().intake(event.id, l.productId, units, cashier.name, "Simulasi: vendor membawa stok baru"); !ok) return ok;
      stock[l.productId] += units;
      ++sum.intakes;
      sum.intakeUnits += units;
    }
    return {};
  }

  std::int64_t uniform(std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); }
  bool chance(int percent) { return uniform(1, 100) <= percent; }

  const Product* pick(std::int64_t vendorId, std::int64_t quantity) {
    std::vector<const Product*> ok;
    for (const Product& p : products)
      if ((vendorId == 0 || p.vendorId == vendorId) && stock[p.id] >= quantity) ok.push_back(&p);
    if (ok.empty()) return nullptr;
    return ok[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(ok.size()) - 1))];
  }

  Result<Staff> ensureStaff(Role role, const char* name) {
    for (const Staff& s : store.staff().list())
      if (s.active && (s.role == role || (role == Role::Supervisor && s.role == Role::Organizer))) return s;
    // A random 8-digit PIN: nobody logs in as the simulator, but PINs stay unique.
    return store.staff().add(name, role, std::to_string(uniform(10'000'000, 99'999'999)));
  }

  std::vector<Tender> pay(const Cart& cart, Rupiah total) {
    std::vector<Tender> tenders;
    const int roll = static_cast<int>(uniform(1, 100));
    const CartTotals t = computeTotals(cart);
    if (roll <= 45) {
      const std::vector<Rupiah> quick = quickTenders(total);
      tenders.push_back(Tender::cash(total, quick[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(quick.size()) - 1))]));
    } else if (roll <= 75) {
      bool allVendorsHaveQris = true;
      for (const VendorSubtotal& v : t.vendors)
        for (const auto& [id, vendor] : vendors)
          if (vendor.code == v.vendorCode && vendor.qris.empty()) allVendorsHaveQris = false;
      if (allVendorsHaveQris && (t.vendors.size() == 1 || !event.qrisViaOrganizer)) {
        for (const VendorSubtotal& v : t.vendors)
          if (v.net.idr() > 0) {
            tenders.push_back(Tender::qris(v.net, QrisAccount::Vendor, v.vendorCode, cashier.name));
          }
      } else {
        tenders.push_back(Tender::qris(total, QrisAccount::Organizer, {}, cashier.name));
      }
    } else if (roll <= 85) {
      tenders.push_back(Tender::withReference(PaymentMethod::Card, total, "EDC-" + std::to_string(uniform(100000, 999999))));
    } else if (roll <= 90) {
      tenders.push_back(Tender::withReference(PaymentMethod::Transfer, total, "TRF-" + std::to_string(uniform(100000, 999999))));
    } else if (roll <= 95) {
      tenders.push_back(Tender::withReference(PaymentMethod::Ewallet, total, "EW-" + std::to_string(uniform(100000, 999999))));
    } else if (total.idr() >= 2) {
      const Rupiah cash = Rupiah(std::max<std::int64_t>(1, total.idr() / 2 / 1000 * 1000));
      tenders.push_back(Tender::cash(cash, cash));
      tenders.push_back(Tender::withReference(PaymentMethod::Card, total - cash, "EDC-" + std::to_string(uniform(100000, 999999))));
    } else {
      tenders.push_back(Tender::cash(total, total));
    }
    return tenders;
  }

  Result<bool> sellOne(SimulationSummary& sum) {
    Cart cart;
    const int vendorsInCart = chance(20) ? 2 : 1;
    std::int64_t firstVendor = 0;
    for (int v = 0; v < vendorsInCart; ++v) {
      const Product* seed = pick(0, 1);
      if (!seed) break;
      if (seed->vendorId == firstVendor && v > 0) continue;
      firstVendor = seed->vendorId;
      const std::int64_t lines = uniform(1, 2);
      for (std::int64_t l = 0; l < lines; ++l) {
        const std::int64_t qty = chance(70) ? 1 : uniform(2, 3);
        const Product* p = l == 0 && stock[seed->id] >= qty ? seed : pick(seed->vendorId, qty);
        if (!p || stock[p->id] - quantityInCart(cart, p->id) < qty) continue;
        addToCart(cart, *p, vendors[p->vendorId], qty);
        if (chance(8)) cart.lines.back().discount = Discount::percent(chance(50) ? 500 : 1000);
      }
    }
    if (cart.lines.empty()) return false;
    if (chance(5)) cart.discount = Discount::rupiah(Rupiah(5000));
    if (chance(3)) cart.discount = Discount::percent(2000);
    // As at the till: a discount beyond the cashier's limit is approved by a supervisor.
    const ApprovalKinds needed = approvalsNeeded(
        cart, static_cast<std::int32_t>(store.settings().getInt(settings::kDiscountThresholdBp, settings::kDefaultDiscountThresholdBp)));
    if (!needed.empty()) approve(cart, supervisor, needed);
    const CartTotals totals = computeTotals(cart);
    SaleDraft draft{cart, pay(cart, totals.total), cashier};
    if (totals.total.idr() == 0) draft.tenders.clear();
    auto sale = store.sales().commit(draft);
    if (!sale) return sale.failure();
    for (const CartLine& l : cart.lines) stock[l.productId] -= l.quantity;
    ++sum.sales;
    sum.total += sale->total;
    if (auto ok = restockSoldOut(cart, sum); !ok) return ok.failure();

    if (chance(3)) {
      RefundDraft refund;
      refund.saleUuid = sale->uuid;
      refund.reason = "Barang cacat";
      refund.staff = cashier;
      refund.lines.push_back(RefundRequestLine{1, 1, true});
      approve(refund, supervisor);
      auto done = store.sales().refund(refund);
      if (!done) return done.failure();
      stock[cart.lines.front().productId] += 1;
      ++sum.refunds;
      sum.total -= done->total;
    } else if (chance(1)) {
      RefundDraft voiding;
      voiding.saleUuid = sale->uuid;
      voiding.isVoid = true;
      voiding.reason = "Salah input";
      voiding.staff = cashier;
      approve(voiding, supervisor);
      auto done = store.sales().refund(voiding);
      if (!done) return done.failure();
      for (const CartLine& l : cart.lines) stock[l.productId] += l.quantity;
      ++sum.voids;
      sum.total -= sale->total;
    }
    return true;
  }
};

}  // namespace

Result<SimulationSummary> simulateSales(Store& store, std::int64_t count, std::uint64_t seed, bool restock) {
  if (count < 0) return fail(Errc::Invalid, "the number of sales cannot be negative");
  auto event = store.catalog().currentEvent();
  if (!event) return event.failure();
  Simulator sim{store, std::mt19937_64(seed), *event, store.catalog().products(event->id, true), {}, {}, {}, {}, restock, {}};
  for (const Vendor& v : store.catalog().vendors(event->id)) sim.vendors[v.id] = v;
  for (const auto& [id, level] : store.stock().levels(event->id)) sim.stock[id] = level.onHand;
  sim.batch = sim.stock;
  auto cashier = sim.ensureStaff(Role::Cashier, "Kasir Simulasi");
  if (!cashier) return cashier.failure();
  auto supervisor = sim.ensureStaff(Role::Supervisor, "Supervisor Simulasi");
  if (!supervisor) return supervisor.failure();
  sim.cashier = *cashier;
  sim.supervisor = *supervisor;
  SimulationSummary sum;
  while (sum.sales < count) {
    auto sold = sim.sellOne(sum);
    if (!sold) return sold.failure();
    if (!*sold && !sim.pick(0, 1))
      return fail(Errc::OutOfStock, "no product has stock left after " + std::to_string(sum.sales) +
                                        " sales; take in more stock (or simulate without --no-restock)");
  }
  return sum;
}

}  // namespace pameran::core
