#pragma once
// One seeder for the benchmarks that need a big event on a server store (server_bench's report
// over 1,000,000 sales, console_bench's refresh): the event BENCH-2026 with 60 vendors and 1,200
// products, kiosks enrolled straight into the store, and random sales ingested through the
// store's own API in chunks (non-durable for speed).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "pameran/core/ids.hpp"
#include "pameran/core/records.hpp"
#include "pameran/sync/protocol.hpp"
#include "pameran/sync/server.hpp"
#include "pameran/sync/server_store.hpp"

namespace pameran::bench {

namespace core = pameran::core;
namespace sync = pameran::sync;

inline constexpr const char* kEvent = "BENCH-2026";
inline constexpr int kProductsPerVendor = 20;  // 1,200 products: top_products sorts them all
inline constexpr int kSeededKiosks = 100;

struct Dir {
  std::filesystem::path path = std::filesystem::temp_directory_path() / ("pameran-bench-" + core::randomHex(6));
  Dir() { std::filesystem::create_directories(path); }
  ~Dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string file(const char* name) const { return (path / name).string(); }
};

inline const std::vector<std::pair<std::string, core::Sector>>& vendors() {
  static const auto v = [] {
    std::vector<std::pair<std::string, core::Sector>> out;
    for (int i = 1; i <= 60; ++i) out.emplace_back(fmt::format("V{:03}", i), core::kAllSectors[i % 3]);
    return out;
  }();
  return v;
}

inline core::CatalogFiles catalog() {
  core::CatalogFiles f;
  for (const auto& [code, sector] : vendors()) {
    core::CatalogVendorRow v;
    v.code = code;
    v.name = "Vendor " + code;
    v.sector = sector;
    f.vendors.push_back(v);
    for (int k = 1; k <= kProductsPerVendor; ++k) {
      core::CatalogProductRow p;
      p.sku = fmt::format("{}-P{}", code, k);
      p.vendorCode = code;
      p.name = fmt::format("Produk {} {}", code, k);
      p.priceIdr = 25'000;
      p.stock = 100;
      f.products.push_back(p);
    }
  }
  return f;
}

// A realistic small sale: one to three lines of random vendors, cash or QRIS. `spreadHours` 0:
// anywhere in a 5-day event (a backlog, and the most rollup cells for the totals); else within
// that many hours (live uploads, which land in the current hour's cells).
inline core::SaleRecord randomSale(std::mt19937_64& rng, const std::string& deviceId, std::int64_t seq, int spreadHours = 0) {
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
  core::SaleRecord s;
  s.uuid = core::newUuid();
  s.seq = seq;
  s.eventCode = kEvent;
  s.deviceId = deviceId;
  s.deviceCode = "K01";
  s.receiptNo = core::formatReceiptNo(kEvent, "K01", seq);
  s.createdAt = spreadHours > 0
                    ? 1'795'464'000'000 + pick(0, spreadHours * 3'600'000 - 1)
                    : 1'795'464'000'000 + pick(0, 4) * 86'400'000 + pick(2, 13) * 3'600'000 + pick(0, 3'599'999);
  s.cashier = fmt::format("Kasir {}-{}", deviceId.substr(0, 4), pick(1, 2));  // two cashiers a kiosk
  const auto n = pick(1, 3);
  for (int i = 1; i <= n; ++i) {
    const auto& [code, sector] = vendors()[static_cast<std::size_t>(pick(0, static_cast<std::int64_t>(vendors().size()) - 1))];
    core::SaleLine l;
    l.lineNo = i;
    l.sku = fmt::format("{}-P{}", code, pick(1, kProductsPerVendor));
    l.name = "Produk " + code;
    l.vendorCode = code;
    l.sector = sector;
    l.listPrice = l.unitPrice = core::Rupiah(pick(1, 100) * 1'000);
    l.quantity = pick(1, 3);
    l.gross = l.unitPrice * l.quantity;
    l.net = l.gross;
    s.gross += l.gross;
    s.lines.push_back(l);
  }
  s.total = s.gross;
  core::SalePayment p;
  p.method = pick(0, 2) == 0 ? core::PaymentMethod::Qris : core::PaymentMethod::Cash;
  if (p.method == core::PaymentMethod::Qris) p.account = core::QrisAccount::Organizer;
  p.amount = s.total;
  s.payments.push_back(p);
  return s;
}

struct Device {
  std::string id;
  std::string token;
  std::int64_t eventId = 0;
};

inline Device enrollDirect(sync::ServerStore& store, int i) {
  const std::string code = sync::newEnrollmentCode();
  const std::string token = sync::newToken();
  sync::EnrollmentTicket t{kEvent, fmt::format("Kios {}", i), "", "", sync::secretHash(sync::normalizeEnrollmentCode(code)),
                           4'000'000'000'000};
  if (!store.createEnrollment(t, 1)) std::abort();
  auto r = store.redeemEnrollment(t.codeHash, "bench", sync::secretHash(token), 2);
  if (!r) std::abort();
  return {r->deviceId, token, r->event.id};
}

inline std::unique_ptr<sync::ServerStore> freshStore(const std::string& path, bool durable) {
  sync::SqliteStoreOptions options;
  options.durable = durable;
  auto store = sync::openSqliteStore(path, options);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    std::abort();
  }
  core::Event e;
  e.code = kEvent;
  e.name = "Benchmark";
  if (!(*store)->createEvent(e) || !(*store)->importCatalog(kEvent, catalog())) std::abort();
  return std::move(*store);
}

/// Ingests `total` random sales spread evenly over `devices` (each device's numbers from 1 up).
inline void seedSales(sync::ServerStore& store, const std::vector<Device>& devices, std::int64_t total, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  constexpr std::int64_t kChunk = 20'000;
  for (std::int64_t done = 0; done < total; done += kChunk) {
    const std::int64_t n = std::min(kChunk, total - done);
    std::vector<core::SaleRecord> sales;
    sales.reserve(static_cast<std::size_t>(n));
    std::vector<sync::IngestRequest> requests(devices.size());
    for (std::size_t d = 0; d < devices.size(); ++d) {
      requests[d].deviceId = devices[d].id;
      requests[d].eventId = devices[d].eventId;
      requests[d].receivedAt = 1;
    }
    for (std::int64_t i = 0; i < n; ++i) {
      const std::size_t d = static_cast<std::size_t>((done + i) % static_cast<std::int64_t>(devices.size()));
      sales.push_back(randomSale(rng, devices[d].id, (done + i) / static_cast<std::int64_t>(devices.size()) + 1));
    }
    for (std::int64_t i = 0; i < n; ++i) {
      const std::size_t d = static_cast<std::size_t>((done + i) % static_cast<std::int64_t>(devices.size()));
      requests[d].items.push_back(sync::ingestItem(sales[static_cast<std::size_t>(i)]));
    }
    std::vector<const sync::IngestRequest*> ptrs;
    for (auto& r : requests) {
      if (!store.admit(r)) std::abort();
      ptrs.push_back(&r);
    }
    for (const auto& r : store.ingest(ptrs))
      if (!r) {
        std::fprintf(stderr, "seeding failed: %s\n", r.error().message.c_str());
        std::abort();
      }
  }
}

}  // namespace pameran::bench
