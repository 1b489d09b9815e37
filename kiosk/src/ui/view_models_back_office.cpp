// View models of the back-office screens: refund and void, stock and the return slip, the shift
// and the day's figures.
#include <fmt/format.h>

#include <algorithm>

#include "pameran/kiosk/documents.hpp"
#include "pameran/kiosk/view_models.hpp"
#include "vm_text.hpp"

namespace pameran::kiosk {
namespace {

using core::Rupiah;
using vm::dateTime;
using vm::money;
using vm::num;

StockVm::Row stockRow(const CatalogData& data, int row, std::int64_t selectedId) {
  StockVm::Row r;
  const ProductRow& pr = data.rows[static_cast<std::size_t>(row)];
  r.productId = pr.product->id;
  r.name = pr.product->name;
  if (pr.vendor >= 0) r.vendor = data.vendorLabels[static_cast<std::size_t>(pr.vendor)];
  auto it = data.stock.find(pr.product->id);
  const std::int64_t onHand = it == data.stock.end() ? 0 : it->second.onHand;
  const std::int64_t low = it == data.stock.end() ? 0 : it->second.lowStock;
  r.onHand = num(onHand);
  r.low = num(low);
  r.tone = onHand <= 0 ? Tone::Bad : onHand <= low ? Tone::Warn : Tone::Neutral;
  r.selected = pr.product->id == selectedId;
  return r;
}

}  // namespace

RefundVm buildRefundVm(const RefundState& state, const SessionData& data, const RefundData& refund, const Translator& tr) {
  RefundVm vm;
  const int tz = data.catalog.event.tzOffsetMinutes;
  for (const core::SaleSummary& s : refund.recent) {
    std::string flag = s.voided ? tr(T::RefundStateVoid) : s.refunded.idr() > 0 ? tr(T::RefundStateRefunded) : std::string();
    vm.recent.push_back({s.uuid, s.receiptNo, hhmm(s.createdAt, tz), money(s.total), std::move(flag)});
  }
  vm.reasons = refundReasons(tr);
  if (refund.last && refund.sale) vm.slip = splitLines(core::renderRefundSlip(*refund.last, *refund.sale, receiptOptions(data, tr, false)));
  if (!refund.sale) return vm;
  const core::SaleRecord& sale = *refund.sale;
  vm.receiptNo = sale.receiptNo;
  vm.saleInfo = tr.format(T::RefundSaleInfo, {dateTime(sale.createdAt, tz), sale.cashier, money(sale.total)});
  vm.methodValues = refundMethods(sale);
  for (core::PaymentMethod m : vm.methodValues) vm.methods.push_back(methodName(m, tr));
  Rupiah total;
  bool any = false;
  for (std::size_t i = 0; i < sale.lines.size(); ++i) {
    const core::SaleLine& l = sale.lines[i];
    auto it = refund.refundedQty.find(l.lineNo);
    const std::int64_t already = it == refund.refundedQty.end() ? 0 : it->second;
    RefundVm::Line line;
    line.name = l.name;
    line.refundable = l.quantity - already;
    line.detail = tr.format(T::RefundLineDetail, {num(l.quantity), money(l.net)});
    if (already > 0) line.detail += " · " + tr.format(T::RefundLineAlready, {num(already)});
    const std::int64_t chosen = i < state.quantity.size() ? std::clamp<std::int64_t>(state.quantity[i], 0, line.refundable) : 0;
    line.quantity = num(chosen);
    line.restock = i < state.restock.size() ? state.restock[i] : true;
    if (state.isVoid) {
      line.quantity = num(l.quantity);
    } else if (chosen > 0) {
      const Rupiah amount = core::refundShare(l, already, chosen);
      line.amount = money(amount);
      total += amount;
      any = true;
    }
    vm.lines.push_back(std::move(line));
  }
  if (state.isVoid) total = sale.total;
  vm.total = money(total);
  vm.canVoid = refund.refundedQty.empty() && !refund.voided;
  const bool other = state.reason == static_cast<int>(vm.reasons.size()) - 1;
  const bool hasReason = !other || !state.otherReason.empty();
  vm.canSubmit = !refund.voided && (state.isVoid ? vm.canVoid : any) && hasReason;
  if (refund.voided) vm.problem = tr(T::RefundAlreadyVoid);
  else if (!hasReason) vm.problem = tr(T::RefundNeedReason);
  return vm;
}

StockVm buildStockVm(const StockState& state, const SessionData& session, const StockData& stock, const Translator& tr) {
  StockVm vm;
  const CatalogData& data = session.catalog;
  vm.rows.size = stock.list.size();
  vm.rows.at = [&data, &stock, selected = state.productId](std::size_t i) { return stockRow(data, stock.list[i], selected); };
  const std::string count = tr.format(T::StockCount, {num(static_cast<std::int64_t>(stock.list.size()))});
  std::int64_t low = 0;
  for (const auto& [id, level] : data.stock)
    if (level.isLow()) ++low;
  vm.countLine = count + "   " + tr.format(T::StockLowCount, {num(low)});
  vm.reasons = adjustReasons(tr);
  vm.reprint = buildReprintVm(data, tr);
  for (const core::Vendor& v : data.vendors) vm.vendors.push_back({v.id, vendorLabel(data, v), v.sector, state.returnVendorId == v.id});

  auto row = data.rowOf.find(state.productId);
  if (row != data.rowOf.end()) {
    const ProductRow& pr = data.rows[static_cast<std::size_t>(row->second)];
    vm.hasSelection = true;
    vm.selectedName = pr.product->name;
    std::string vendor = pr.vendor >= 0 ? data.vendorLabels[static_cast<std::size_t>(pr.vendor)] : std::string();
    vm.selectedDetail = tr.format(T::StockSelectedDetail, {pr.product->sku, pr.product->barcode, vendor, pr.price});
    auto it = data.stock.find(pr.product->id);
    const std::int64_t onHand = it == data.stock.end() ? 0 : it->second.onHand;
    vm.selectedOnHand = num(onHand);
    const std::int64_t q = digitsToRupiah(state.quantity).idr();
    vm.quantity = state.quantity.empty() ? std::string("0") : num(q);
    if (q > 0) {
      const std::int64_t after = state.tab == StockTab::Intake ? onHand + q : state.negative ? onHand - q : onHand + q;
      vm.preview = tr.format(T::StockPreview, {num(onHand), num(after)});
    }
    if (stock.movementsProductId == pr.product->id) {
      const int tz = data.event.tzOffsetMinutes;
      for (const core::StockMovement& m : stock.movements) {
        T kind = T::MoveIntake;
        switch (m.kind) {
          case core::MovementKind::Intake: kind = T::MoveIntake; break;
          case core::MovementKind::Sale: kind = T::MoveSale; break;
          case core::MovementKind::Refund: kind = T::MoveRefund; break;
          case core::MovementKind::Adjustment: kind = T::MoveAdjust; break;
          case core::MovementKind::ReturnToVendor: kind = T::MoveReturn; break;
          case core::MovementKind::Void: kind = T::MoveVoid; break;
        }
        vm.movements.push_back(fmt::format("{}  {}  {}{}  {}{}", dateTime(m.at, tz).substr(5), tr(kind), m.quantity > 0 ? "+" : "",
                                           num(m.quantity), m.staff, m.reason.empty() ? std::string() : " · " + m.reason));
      }
    }
  }

  if (stock.slipVendorId != 0) {
    if (const core::Vendor* v = data.vendor(stock.slipVendorId)) vm.slipVendor = vendorLabel(data, *v);
    std::int64_t brought = 0, sold = 0, remaining = 0;
    for (const core::ReturnSlipLine& l : stock.slip) {
      vm.slip.push_back({l.name, num(l.brought), num(l.sold), num(l.refunded), num(l.adjusted), num(l.returned), num(l.remaining)});
      brought += l.brought;
      sold += l.sold;
      remaining += l.remaining;
    }
    vm.slipTotals = tr.format(T::SlipTotals, {num(brought), num(sold), num(remaining)});
  }
  return vm;
}

ShiftVm buildShiftVm(const ShiftUiState& state, const SessionData& session, const ShiftData& data, const Translator& tr) {
  ShiftVm vm;
  const int tz = session.catalog.event.tzOffsetMinutes;
  const core::Rupiah defaultFloat = session.device.defaultFloat;
  vm.floatValue = state.floatDigits.empty() ? money(defaultFloat) : money(digitsToRupiah(state.floatDigits));
  vm.defaultFloat = defaultFloat;
  vm.cashValue = money(digitsToRupiah(state.cashDigits));
  if (data.shift) {
    const core::ShiftState& s = *data.shift;
    vm.open = true;
    vm.title = tr.format(T::ShiftOpenSince, {dateTime(s.openedAt, tz)});
    vm.openedBy = tr.format(T::ShiftOpenedBy, {s.openedBy});
    vm.summary = {{tr(T::ShiftFloat), money(s.openingFloat)},
                  {tr(T::ShiftSalesCount), num(s.salesCount)},
                  {tr(T::ShiftCashIn), money(s.cashIn)},
                  {tr(T::ShiftCashOut), money(s.cashOut)}};
    for (core::PaymentMethod m : core::kAllPaymentMethods) {
      auto it = s.totalsByMethod.find(std::string(core::toString(m)));
      vm.byMethod.emplace_back(methodName(m, tr), money(Rupiah(it == s.totalsByMethod.end() ? 0 : it->second)));
    }
    for (const core::CashMovement& m : data.cashMoves)
      vm.moves.push_back(tr.format(m.in ? T::ShiftMoveIn : T::ShiftMoveOut, {hhmm(m.at, tz), money(m.amount), m.reason, m.staff}));
  }
  Rupiah counted;
  for (std::int64_t d : core::kDenominations) {
    auto it = state.counts.find(d);
    const std::int64_t pieces = it == state.counts.end() ? 0 : it->second;
    counted += Rupiah(d) * pieces;
    vm.counts.push_back({d, money(Rupiah(d)), num(pieces), money(Rupiah(d) * pieces), state.denomination == d});
  }
  vm.counted = money(counted);
  if (data.closed) {
    const core::ShiftRecord& r = *data.closed;
    vm.closed = true;
    vm.closedSummary = {{tr(T::ShiftOpenedAt), dateTime(r.openedAt, tz) + " · " + r.openedBy},
                        {tr(T::ShiftClosedAt), dateTime(r.closedAt, tz) + " · " + r.closedBy},
                        {tr(T::ShiftFloat), money(r.openingFloat)},
                        {tr(T::ShiftCashSales), money(r.cashSales)},
                        {tr(T::ShiftCashRefunds), money(-r.cashRefunds)},
                        {tr(T::ShiftCashIn), money(r.cashIn)},
                        {tr(T::ShiftCashOut), money(-r.cashOut)},
                        {tr(T::ShiftExpected), money(r.expectedCash)},
                        {tr(T::ShiftCounted), money(r.countedCash)}};
    vm.variance = money(r.variance);
    vm.varianceTone = r.variance.idr() == 0 ? Tone::Good : r.variance.idr() > 0 ? Tone::Warn : Tone::Bad;
    vm.byMethod.clear();
    for (core::PaymentMethod m : core::kAllPaymentMethods) {
      auto it = r.totalsByMethod.find(std::string(core::toString(m)));
      vm.byMethod.emplace_back(methodName(m, tr), money(Rupiah(it == r.totalsByMethod.end() ? 0 : it->second)));
    }
  }
  return vm;
}

TodayVm buildTodayVm(const SessionData& data, const TodayData& today, const Translator& tr) {
  TodayVm vm;
  const int tz = data.catalog.event.tzOffsetMinutes;
  vm.date = core::businessDate(data.now, tz, data.catalog.event.cutoffHour);
  vm.cards = {{tr(T::TodaySales), num(today.count)},
              {tr(T::TodayItems), num(today.items)},
              {tr(T::TodayRevenue), money(today.total - today.refunded)},
              {tr(T::TodayRefunds), money(today.refunded)}};
  if (today.shift) {
    for (core::PaymentMethod m : core::kAllPaymentMethods) {
      auto it = today.shift->totalsByMethod.find(std::string(core::toString(m)));
      vm.byMethod.emplace_back(methodName(m, tr), money(Rupiah(it == today.shift->totalsByMethod.end() ? 0 : it->second)));
    }
  }
  if (today.report) {
    for (const core::VendorTotals& v : today.report->byVendor)
      vm.byVendor.emplace_back(v.name.empty() ? v.vendorCode : v.name, money(v.net));
  }
  for (const core::SaleSummary& s : today.sales) {
    TodayVm::SaleRow r;
    r.uuid = s.uuid;
    r.receiptNo = s.receiptNo;
    r.time = hhmm(s.createdAt, tz);
    r.cashier = s.cashier;
    r.items = num(s.items);
    r.total = money(s.total);
    std::string methods;
    std::size_t pos = 0;
    while (pos <= s.methods.size() && !s.methods.empty()) {
      const std::size_t plus = std::min(s.methods.find('+', pos), s.methods.size());
      if (auto m = core::parsePaymentMethod(s.methods.substr(pos, plus - pos))) {
        if (!methods.empty()) methods += " + ";
        methods += methodName(*m, tr);
      }
      pos = plus + 1;
    }
    r.methods = methods;
    if (s.voided) {
      r.flagged = true;
      r.total = tr.format(T::TodayVoided, {money(s.total)});
    } else if (s.refunded.idr() > 0) {
      r.flagged = true;
      r.total = tr.format(T::TodayRefunded, {money(s.total), money(s.refunded)});
    }
    switch (s.sync) {
      case core::SyncState::Synced: r.sync = tr(T::SaleSynced); r.syncTone = Tone::Good; break;
      case core::SyncState::Pending: r.sync = tr(T::SalePending); r.syncTone = Tone::Warn; break;
      case core::SyncState::Quarantined: r.sync = tr(T::SaleQuarantined); r.syncTone = Tone::Bad; break;
    }
    vm.sales.push_back(std::move(r));
  }
  const ChromeVm chrome = buildChromeVm(UiState{}, data, tr);
  vm.syncState = chrome.syncLabel;
  vm.syncTone = chrome.syncTone;
  vm.syncPending = tr.format(T::TodaySyncPending, {num(data.sync.pending), num(data.sync.quarantined)});
  vm.syncLast = data.sync.lastSuccessAt > 0 ? tr.format(T::TodaySyncLast, {dateTime(data.sync.lastSuccessAt, tz)}) : tr(T::TodaySyncNever);
  vm.syncError = data.sync.lastError;
  return vm;
}

}  // namespace pameran::kiosk
