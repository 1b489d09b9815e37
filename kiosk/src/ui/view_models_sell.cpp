// View models of the sell screen: the filtered grid and its tiles, vendor chips, the cart with its
// totals, held carts and the line and cart discount editors.
#include <fmt/format.h>

#include <algorithm>

#include "pameran/core/text.hpp"
#include "pameran/kiosk/view_models.hpp"
#include "vm_text.hpp"

namespace pameran::kiosk {

using core::Rupiah;
using vm::money;
using vm::num;
using vm::sectorText;

namespace {

// Catalog rows (indexes into data.index.all()) that `keep` accepts: all of them in catalog order
// when the query is blank, else the search's matches in its ranking order.
template <class Keep>
std::vector<int> filterRows(const CatalogData& data, const std::string& query, Keep keep) {
  std::vector<int> out;
  const auto& all = data.index.all();
  if (all.empty()) return out;
  if (query.find_first_not_of(' ') == std::string::npos) {
    out.reserve(all.size());
    for (int i = 0; i < static_cast<int>(all.size()); ++i)
      if (keep(i)) out.push_back(i);
    return out;
  }
  for (const core::Product* p : data.index.search(query, all.size())) {
    const int row = static_cast<int>(p - all.data());
    if (keep(row)) out.push_back(row);
  }
  return out;
}

}  // namespace

std::vector<int> filterGrid(const CatalogData& data, const std::string& query, int sector, std::int64_t vendorId) {
  return filterRows(data, query, [&](int row) {
    const ProductRow& r = data.rows[static_cast<std::size_t>(row)];
    if (!r.product->active) return false;
    if (sector >= 0 && static_cast<int>(r.sector) != sector) return false;
    if (vendorId != 0 && r.product->vendorId != vendorId) return false;
    return true;
  });
}


std::vector<int> filterStock(const CatalogData& data, const std::string& query, bool lowOnly) {
  const auto& all = data.index.all();
  return filterRows(data, query, [&](int row) {
    if (!lowOnly) return true;
    auto it = data.stock.find(all[static_cast<std::size_t>(row)].id);
    return it != data.stock.end() && it->second.isLow();
  });
}

std::string vendorLabel(const CatalogData& catalog, const core::Vendor& vendor) {
  auto it = catalog.vendorIndex.find(vendor.id);
  return it == catalog.vendorIndex.end() ? vendor.name : catalog.vendorLabels[static_cast<std::size_t>(it->second)];
}

namespace {

constexpr std::string_view kEllipsis = "\u2026";

// The longest run of code points from the start of `text` (or, with `fromEnd`, from its end)
// whose width is at most `width`.
std::string_view fitting(std::string_view text, bool fromEnd, float width, const std::function<float(std::string_view)>& measure) {
  const std::size_t total = core::columns(text);
  std::size_t keep = total;
  auto piece = [&](std::size_t n) {
    return fromEnd ? text.substr(core::bytesOfColumns(text, total - n)) : text.substr(0, core::bytesOfColumns(text, n));
  };
  while (keep > 0 && measure(piece(keep)) > width) --keep;
  return piece(keep);
}

}  // namespace

std::array<std::string, 2> twoLineName(std::string_view name, float width, const std::function<float(std::string_view)>& measure) {
  std::vector<std::pair<std::size_t, std::size_t>> words;  // [start, end) of each word
  for (std::size_t pos = 0; pos < name.size();) {
    const std::size_t start = name.find_first_not_of(' ', pos);
    if (start == std::string_view::npos) break;
    const std::size_t end = std::min(name.find(' ', start), name.size());
    words.emplace_back(start, end);
    pos = end;
  }
  if (words.empty()) return {};
  const std::size_t n = words.size();
  auto slice = [&](std::size_t from, std::size_t to) { return name.substr(words[from].first, words[to - 1].second - words[from].first); };
  const float ellipsis = measure(kEllipsis);
  auto withEllipsis = [](std::string_view tail) { return std::string(kEllipsis) + std::string(tail); };
  // The end of the name, after an ellipsis: where names that share a long prefix differ.
  auto endOfName = [&](std::size_t notBefore) {
    std::size_t from = n - 1;
    while (from > notBefore && ellipsis + measure(slice(from - 1, n)) <= width) --from;
    if (ellipsis + measure(slice(from, n)) <= width) return withEllipsis(slice(from, n));
    return withEllipsis(fitting(slice(n - 1, n), true, width - ellipsis, measure));
  };

  std::size_t first = 0;  // whole words on the first line
  while (first < n && measure(slice(0, first + 1)) <= width) ++first;
  if (first == 0) {
    // One word wider than the tile: cut it, and go on with what is left of the name.
    const std::string_view head = fitting(slice(0, 1), false, width, measure);
    const std::string_view rest = name.substr(words[0].first + head.size());
    if (measure(rest) <= width) return {std::string(head), std::string(rest)};
    return {std::string(head), endOfName(1)};
  }
  if (first == n) return {std::string(slice(0, n)), {}};
  if (measure(slice(first, n)) <= width) return {std::string(slice(0, first)), std::string(slice(first, n))};
  return {std::string(slice(0, first)), endOfName(first)};
}

TileVm buildTile(const SessionData& data, int row, const Translator& tr) {
  const CatalogData& catalog = data.catalog;
  const ProductRow& r = catalog.rows[static_cast<std::size_t>(row)];
  const core::Product& p = *r.product;
  TileVm t;
  t.productId = p.id;
  t.name = p.name;
  t.price = r.price;
  t.sector = r.sector;
  if (r.vendor >= 0) t.detail = catalog.vendorLabels[static_cast<std::size_t>(r.vendor)];
  if (r.nameShared) t.detail = t.detail.empty() ? p.sku : p.sku + " · " + t.detail;
  auto level = catalog.stock.find(p.id);
  const std::int64_t low = level == catalog.stock.end() ? 0 : level->second.lowStock;
  const std::int64_t left = catalog.onHand(p.id) - core::quantityInCart(data.sale.cart, p.id);
  if (left <= 0) {
    t.stockTone = Tone::Bad;
    t.stock = tr(T::StockOut);
  } else if (left <= low) {
    t.stockTone = Tone::Warn;
    t.stock = tr.format(T::StockLow, {num(left)});
  } else {
    t.stock = tr.format(T::StockLeft, {num(left)});
  }
  t.soldOut = left <= 0 && !data.device.allowOversell;
  return t;
}

SellVm buildSellVm(const SellState& state, const SessionData& data, const SellData& sell, const Translator& tr) {
  SellVm vm;
  const CatalogData& catalog = data.catalog;
  vm.tiles.size = sell.grid.size();
  vm.tiles.at = [&data, &sell, &tr](std::size_t i) { return buildTile(data, sell.grid[i], tr); };
  if (!sell.grid.empty()) vm.firstProductId = catalog.rows[static_cast<std::size_t>(sell.grid.front())].product->id;
  vm.sectors.push_back({-1, tr(T::SellAll), state.sector == -1});
  for (core::Sector s : core::kAllSectors)
    vm.sectors.push_back({static_cast<int>(s), tr(sectorText(s)), state.sector == static_cast<int>(s)});
  for (const core::Vendor& v : catalog.vendors)
    if (state.sector < 0 || static_cast<int>(v.sector) == state.sector)
      vm.vendors.push_back({v.id, vendorLabel(catalog, v), v.sector, state.vendorId == v.id});
  vm.resultCount = tr.format(T::SellResults, {num(static_cast<std::int64_t>(sell.grid.size()))});

  const core::Cart& cart = data.sale.cart;
  const core::CartTotals& t = data.sale.totals;
  for (std::size_t i = 0; i < cart.lines.size() && i < t.lines.size(); ++i) {
    const core::CartLine& l = cart.lines[i];
    SellVm::Line line;
    line.name = l.name;
    line.sector = l.sector;
    line.quantity = num(l.quantity);
    line.quantityValue = l.quantity;
    line.discountValue = l.discount;
    const std::string unitPrice = l.quantity == 1 ? money(l.unitPrice) : fmt::format("{} × {}", num(l.quantity), money(l.unitPrice));
    line.total = money(t.lines[i].gross - t.lines[i].lineDiscount);
    line.subtitle = unitPrice + "  ·  " + l.vendorName + (l.custom ? "  ·  " + tr(T::SellLineCustom) : std::string());
    if (!l.discount.isNone()) {
      line.hasDiscount = true;
      line.discount = tr.format(T::SellLineDiscount, {discountLabel(l.discount), money(-t.lines[i].lineDiscount)});
    }
    vm.lines.push_back(std::move(line));
  }
  if (t.vendors.size() > 1) {
    for (const core::VendorSubtotal& v : t.vendors) {
      core::Sector sector = core::Sector::Kriya;
      if (const core::Vendor* vendor = catalog.vendorByCode(v.vendorCode)) sector = vendor->sector;
      vm.vendorSubtotals.push_back({v.vendorName, money(v.net), tr.format(T::SellItems, {num(v.items)}), sector});
    }
  }
  vm.items = tr.format(T::SellItems, {num(t.items)});
  vm.gross = money(t.gross);
  const Rupiah discount = t.lineDiscount + t.cartDiscount;
  vm.hasDiscount = discount.idr() > 0;
  vm.discount = money(-discount);
  vm.total = money(t.total);
  vm.cartDiscountButton = cart.discount.isNone() ? tr(T::SellCartDiscount)
                                                      : tr.format(T::SellCartDiscountSet, {discountLabel(cart.discount)});
  if (data.sale.supervisor && !cart.lines.empty()) vm.approvedBy = tr.format(T::SellApprovedBy, {data.sale.supervisor->name});
  vm.canPay = !cart.lines.empty();
  // The custom-price item being typed.
  for (const core::Vendor& v : catalog.vendors) vm.customVendors.push_back({v.id, vendorLabel(catalog, v), v.sector, state.custom.vendorId == v.id});
  const Rupiah customPrice = digitsToRupiah(state.custom.priceDigits);
  vm.customPrice = money(customPrice);
  vm.canAddCustom = state.custom.vendorId != 0 && !trimmed(state.custom.name).empty() && customPrice.idr() > 0;
  if (customPrice > data.device.customPriceLimit) vm.customHint = tr.format(T::CustomAboveLimit, {money(data.device.customPriceLimit)});
  vm.heldButton = tr.format(T::SellHeldCount, {num(static_cast<std::int64_t>(sell.held.size()))});
  const int tz = catalog.event.tzOffsetMinutes;
  for (const core::HeldCart& h : sell.held) {
    const core::CartTotals ht = core::computeTotals(h.cart);
    vm.held.push_back({h.id, h.label.empty() ? tr(T::SellHeldCart) : h.label,
                       tr.format(T::SellHeldDetail, {hhmm(h.at, tz), num(ht.items), money(ht.total)})});
  }
  vm.scan = state.scan;
  vm.scanning = !state.scan.empty();
  if (!data.catalogChanges.empty()) {
    vm.catalogNoticeTitle = tr(T::CatalogChangedTitle);
    vm.catalogNotice = catalogNoticeLines(data.catalogChanges, tr);
  }
  // A cashier cannot dismiss it and sells on: the tags are a supervisor's errand.
  if (data.user && data.user->role != core::Role::Cashier) vm.reprint = buildReprintVm(catalog, tr);

  if (state.modal == SellModal::LineEditor && state.editor.line >= 0 &&
      static_cast<std::size_t>(state.editor.line) < cart.lines.size()) {
    const core::CartLine& l = cart.lines[static_cast<std::size_t>(state.editor.line)];
    vm.editorTitle = l.name;
    vm.editorUnit = tr.format(T::EditorUnitPrice, {money(l.unitPrice), l.vendorName});
    vm.editorQuantity = state.editor.quantity.empty() ? std::string("0") : state.editor.quantity;
    const DiscountEntry& d = state.editor.discount;
    vm.editorDiscount = d.digits.empty() ? tr(T::EditorNoDiscount)
                        : d.percent      ? d.digits + " %"
                                         : money(digitsToRupiah(d.digits));
    core::Cart preview = cart;
    core::CartLine& pl = preview.lines[static_cast<std::size_t>(state.editor.line)];
    pl.quantity = std::max<std::int64_t>(1, digitsToRupiah(state.editor.quantity).idr());
    if (auto disc = discountFromEntry(d)) {
      pl.discount = *disc;
      const core::CartTotals pt = core::computeTotals(preview);
      const auto& lt = pt.lines[static_cast<std::size_t>(state.editor.line)];
      vm.editorPreview = tr.format(T::EditorLineTotal, {money(lt.gross - lt.lineDiscount)});
      if (core::needsSupervisor(preview, data.device.discountThresholdBp) && !core::needsSupervisor(cart, data.device.discountThresholdBp))
        vm.editorHint = tr.format(T::EditorNeedsSupervisor, {discountLabel(core::Discount::percent(data.device.discountThresholdBp))});
    } else {
      vm.editorPreview = tr(T::EditorBadDiscount);
    }
  }
  if (state.modal == SellModal::CartDiscount) {
    const DiscountEntry& d = state.cartDiscount;
    vm.cartDiscountValue = d.digits.empty() ? tr(T::EditorNoDiscount) : d.percent ? d.digits + " %" : money(digitsToRupiah(d.digits));
    core::Cart preview = cart;
    if (auto disc = discountFromEntry(d)) {
      preview.discount = *disc;
      vm.cartDiscountPreview = tr.format(T::EditorNewTotal, {money(core::computeTotals(preview).total)});
      if (core::needsSupervisor(preview, data.device.discountThresholdBp) && !core::needsSupervisor(cart, data.device.discountThresholdBp))
        vm.supervisorHint = tr.format(T::EditorNeedsSupervisor, {discountLabel(core::Discount::percent(data.device.discountThresholdBp))});
    } else {
      vm.cartDiscountPreview = tr(T::EditorBadDiscount);
    }
  }
  return vm;
}

}  // namespace pameran::kiosk

namespace pameran::kiosk {

ReprintVm buildReprintVm(const CatalogData& catalog, const Translator& tr, std::size_t maxLines) {
  ReprintVm vm;
  if (catalog.reprints.empty()) return vm;
  vm.title = tr.format(T::ReprintTitle, {num(static_cast<std::int64_t>(catalog.reprints.size()))});
  for (const core::PendingBarcode& r : catalog.reprints) {
    if (maxLines > 0 && vm.lines.size() + 1 == maxLines && catalog.reprints.size() > maxLines) {
      vm.lines.push_back(tr.format(T::ReprintMore, {num(static_cast<std::int64_t>(catalog.reprints.size() - vm.lines.size()))}));
      break;
    }
    const core::Product* p = catalog.index.findByCode(r.sku);
    vm.lines.push_back(tr.format(T::ReprintLine, {p ? p->name : r.sku, r.sku, r.barcode}));
  }
  return vm;
}

std::vector<std::string> catalogNoticeLines(const core::CatalogChanges& changes, const Translator& tr, std::size_t maxLines) {
  std::vector<std::string> lines;
  for (const core::PriceChange& p : changes.prices)
    lines.push_back(tr.format(T::CatalogPriceChanged, {p.name, money(p.before), money(p.after)}));
  for (const core::Product& p : changes.added) lines.push_back(tr.format(T::CatalogProductAdded, {p.name, money(p.price)}));
  for (const core::Product& p : changes.removed) lines.push_back(tr.format(T::CatalogProductRemoved, {p.name}));
  if (maxLines > 0 && lines.size() > maxLines) {
    const std::size_t more = lines.size() - (maxLines - 1);
    lines.resize(maxLines - 1);
    lines.push_back(tr.format(T::CatalogMoreChanges, {num(static_cast<std::int64_t>(more))}));
  }
  return lines;
}

}  // namespace pameran::kiosk
