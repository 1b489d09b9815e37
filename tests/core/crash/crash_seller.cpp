// The child of the crash test (P1, P19). It rings up sales through Sales::commit as fast as it can
// and reports each one on stdout only after commit() returned; the parent kills it with SIGKILL at
// a random moment and checks that everything reported is there and nothing is half there.
//
//   crash_seller sell DB SEED      sell until killed; lines: "S uuid seq total", "R uuid sale total",
//                                  "V uuid sale total", "C shift-uuid"
//   crash_seller migrate DB        open (and so migrate) the database, then exit
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "pameran/core/store.hpp"

namespace {

using namespace pameran::core;

// One write(2) per line: a line shorter than PIPE_BUF reaches the parent whole or not at all.
void report(const std::string& line) {
  const std::string out = line + "\n";
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, out.data() + done, out.size() - done);
    if (n <= 0) _exit(5);
    done += static_cast<std::size_t>(n);
  }
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "crash_seller: %s\n", what.c_str());
  std::fflush(stderr);
  _exit(4);
}

int sell(const std::string& path, std::uint64_t seed) {
  auto opened = Store::open(path);
  if (!opened) die("open: " + opened.error().message);
  Store& store = **opened;
  auto event = store.catalog().currentEvent();
  if (!event) die("no event");
  const std::vector<Product> products = store.catalog().products(event->id, true);
  std::map<std::int64_t, Vendor> vendors;
  for (const Vendor& v : store.catalog().vendors(event->id)) vendors[v.id] = v;
  Staff cashier, supervisor;
  for (const Staff& s : store.staff().list()) {
    if (s.role == Role::Cashier && cashier.id == 0) cashier = s;
    if (s.role == Role::Supervisor && supervisor.id == 0) supervisor = s;
  }
  if (products.empty() || cashier.id == 0 || supervisor.id == 0) die("the database is not seeded");

  std::mt19937_64 rng(seed);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
  auto chance = [&](int percent) { return uniform(1, 100) <= percent; };
  std::vector<SaleRecord> recent;  // this run's sales, for refunds and voids
  report("READY");

  for (;;) {
    Cart cart;
    const std::int64_t lines = uniform(1, 3);
    for (std::int64_t i = 0; i < lines; ++i) {
      const Product& p = products[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(products.size()) - 1))];
      addToCart(cart, p, vendors.at(p.vendorId), uniform(1, 3));
      if (chance(10)) cart.lines.back().discount = Discount::percent(static_cast<std::int32_t>(uniform(1, 30) * 100));
    }
    if (chance(10)) cart.discount = Discount::rupiah(Rupiah(uniform(1, 20) * 500));
    if (const ApprovalKinds needed = approvalsNeeded(cart, settings::kDefaultDiscountThresholdBp); !needed.empty())
      approve(cart, supervisor, needed);
    const CartTotals totals = computeTotals(cart);
    SaleDraft draft{cart, {}, cashier};
    const Rupiah total = totals.total;
    if (total.idr() > 0) {
      const int how = static_cast<int>(uniform(1, 6));
      if (how == 1) {
        draft.tenders = {Tender::cash(total)};
      } else if (how == 2) {
        draft.tenders = {Tender::cash(total, total + Rupiah(uniform(0, 100) * 1000))};
      } else if (how == 3) {
        bool allHaveQris = true;
        for (const VendorSubtotal& v : totals.vendors)
          for (const auto& [id, vendor] : vendors)
            if (vendor.code == v.vendorCode && vendor.qris.empty()) allHaveQris = false;
        if (allHaveQris) {
          for (const VendorSubtotal& v : totals.vendors)
            if (v.net.idr() > 0) draft.tenders.push_back(Tender::qris(v.net, QrisAccount::Vendor, v.vendorCode, cashier.name));
        } else {
          draft.tenders = {Tender::qris(total, QrisAccount::Organizer, "", cashier.name)};
        }
      } else if (how == 4) {
        draft.tenders = {Tender::withReference(PaymentMethod::Card, total, "EDC-" + std::to_string(uniform(1, 999999)))};
      } else if (how == 5 && total.idr() >= 2) {
        const Rupiah part(uniform(1, total.idr() - 1));
        draft.tenders = {Tender::cash(part, part + Rupiah(uniform(0, 50) * 1000)),
                         Tender::withReference(PaymentMethod::Ewallet, total - part, "OVO")};
      } else {
        draft.tenders = {Tender::withReference(PaymentMethod::Transfer, total, "TRF")};
      }
    }
    auto sale = store.sales().commit(draft);
    if (!sale) {
      if (sale.error().code != Errc::OutOfStock) die("commit: " + sale.error().message);
      for (const CartLine& l : cart.lines)
        if (auto ok = store.stock().intake(event->id, l.productId, 500, cashier.name, "restock"); !ok)
          die("intake: " + ok.error().message);
      continue;
    }
    report("S " + sale->uuid + " " + std::to_string(sale->seq) + " " + std::to_string(sale->total.idr()));
    recent.push_back(*sale);

    if (chance(8) && !recent.empty()) {
      const SaleRecord& target = recent[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(recent.size()) - 1))];
      const std::map<int, std::int64_t> done = store.sales().refundedQuantities(target.uuid);
      const SaleLine& line = target.lines[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(target.lines.size()) - 1))];
      const auto it = done.find(line.lineNo);
      const std::int64_t left = line.quantity - (it == done.end() ? 0 : it->second);
      if (left > 0) {
        RefundDraft r;
        r.saleUuid = target.uuid;
        r.lines = {{line.lineNo, uniform(1, left), chance(70)}};
        r.reason = "Barang cacat";
        r.method = chance(50) ? PaymentMethod::Cash : PaymentMethod::Transfer;
        r.staff = cashier;
        approve(r, supervisor);
        auto refund = store.sales().refund(r);
        if (refund)
          report("R " + refund->uuid + " " + target.uuid + " " + std::to_string(refund->total.idr()));
        else if (refund.error().code != Errc::Conflict)
          die("refund: " + refund.error().message);  // a voided sale: Conflict, fine
      }
    } else if (chance(3)) {
      RefundDraft v;
      v.saleUuid = sale->uuid;
      v.isVoid = true;
      v.reason = "Salah input";
      v.staff = cashier;
      approve(v, supervisor);
      auto voided = store.sales().refund(v);
      if (!voided) die("void: " + voided.error().message);
      report("V " + voided->uuid + " " + sale->uuid + " " + std::to_string(voided->total.idr()));
    } else if (chance(2)) {
      auto closed = store.shifts().close({{100'000, uniform(0, 50)}, {1'000, uniform(0, 99)}}, supervisor);
      if (!closed) die("close: " + closed.error().message);
      report("C " + closed->uuid);
    }
  }
}

int migrate(const std::string& path) {
  report("OPENING");
  auto opened = Store::open(path);
  if (!opened) die("open: " + opened.error().message);
  report("MIGRATED " + std::to_string((*opened)->schemaVersion()));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "sell") == 0) return sell(argv[2], std::stoull(argv[3]));
  if (argc == 3 && std::strcmp(argv[1], "migrate") == 0) return migrate(argv[2]);
  std::fprintf(stderr, "usage: crash_seller sell DB SEED | crash_seller migrate DB\n");
  return 2;
}
