#include "pameran/kiosk/view_models.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "pameran/kiosk/documents.hpp"

namespace pameran::kiosk {
namespace {

using core::Rupiah;
using core::formatRupiah;

std::string money(Rupiah r) { return formatRupiah(r); }
std::string num(std::int64_t n) { return core::formatThousands(n); }

// `14:05` in the event's zone.
std::string hhmm(core::EpochMs at, int tz) {
  const std::string full = core::localDateTime(at, tz);
  return full.size() >= 16 ? full.substr(11, 5) : full;
}

std::string dateTime(core::EpochMs at, int tz) { return core::localDateTime(at, tz); }

T sectorText(core::Sector s) {
  switch (s) {
    case core::Sector::Fesyen: return T::SectorFesyen;
    case core::Sector::Kriya: return T::SectorKriya;
    case core::Sector::Kuliner: return T::SectorKuliner;
  }
  return T::SectorKriya;
}

T roleText(core::Role r) {
  switch (r) {
    case core::Role::Cashier: return T::RoleCashier;
    case core::Role::Supervisor: return T::RoleSupervisor;
    case core::Role::Organizer: return T::RoleOrganizer;
  }
  return T::RoleCashier;
}

const core::Vendor* vendorOf(const AppData& data, std::int64_t vendorId) {
  auto it = data.vendorIndex.find(vendorId);
  return it == data.vendorIndex.end() ? nullptr : &data.vendors[static_cast<std::size_t>(it->second)];
}

const core::Vendor* vendorByCode(const AppData& data, std::string_view code) {
  for (const core::Vendor& v : data.vendors)
    if (v.code == code) return &v;
  return nullptr;
}

Rupiah paidSoFar(const AppData& data) {
  Rupiah paid;
  for (const core::Tender& t : data.tenders) paid += t.amount;
  return paid;
}

std::string tenderLabel(const core::Tender& t, const AppData& data, const Translator& tr) {
  std::string label = methodName(t.method, tr);
  if (t.method == core::PaymentMethod::Qris) {
    if (t.account == core::QrisAccount::Organizer) label += " · " + tr(T::PayQrisOrganizer);
    else if (const core::Vendor* v = vendorByCode(data, t.vendorCode)) label += " · " + v->name;
  } else if (t.method == core::PaymentMethod::Cash && t.tendered > t.amount) {
    label += " · " + tr.format(T::PayCashReceived, {money(t.tendered)});
  } else if (!t.reference.empty()) {
    label += " · " + t.reference;
  }
  return label;
}

}  // namespace

std::string methodName(core::PaymentMethod method, const Translator& tr) {
  switch (method) {
    case core::PaymentMethod::Cash: return tr(T::MethodCash);
    case core::PaymentMethod::Qris: return tr(T::MethodQris);
    case core::PaymentMethod::Card: return tr(T::MethodCard);
    case core::PaymentMethod::Transfer: return tr(T::MethodTransfer);
    case core::PaymentMethod::Ewallet: return tr(T::MethodEwallet);
  }
  return tr(T::MethodCash);
}

core::Rupiah digitsToRupiah(const std::string& digits) {
  std::int64_t v = 0;
  int n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') continue;
    if (++n > 13) break;
    v = v * 10 + (c - '0');
  }
  return Rupiah(v);
}

core::Result<core::Discount> discountFromEntry(const DiscountEntry& entry) {
  if (entry.digits.empty()) return core::Discount::none();
  if (entry.percent) {
    auto bp = core::parsePercentBp(entry.digits);
    if (!bp) return bp.failure();
    return core::Discount::percent(*bp);
  }
  return core::Discount::rupiah(digitsToRupiah(entry.digits));
}

DiscountEntry entryFromDiscount(const core::Discount& d) {
  DiscountEntry e;
  switch (d.kind) {
    case core::Discount::Kind::None: break;
    case core::Discount::Kind::Percent: {
      const std::int32_t whole = d.bp / 100, frac = d.bp % 100;
      e.digits = frac == 0 ? std::to_string(whole) : frac % 10 == 0 ? fmt::format("{},{}", whole, frac / 10) : fmt::format("{},{:02}", whole, frac);
      if (d.bp == 0) e.digits.clear();
      break;
    }
    case core::Discount::Kind::Amount:
      e.percent = false;
      if (d.amount.idr() > 0) e.digits = std::to_string(d.amount.idr());
      break;
  }
  return e;
}

std::string discountLabel(const core::Discount& d) {
  switch (d.kind) {
    case core::Discount::Kind::None: return {};
    case core::Discount::Kind::Percent: {
      const std::int32_t whole = d.bp / 100, frac = d.bp % 100;
      if (frac == 0) return fmt::format("{}%", whole);
      return frac % 10 == 0 ? fmt::format("{},{}%", whole, frac / 10) : fmt::format("{},{:02}%", whole, frac);
    }
    case core::Discount::Kind::Amount: return money(d.amount);
  }
  return {};
}

core::Rupiah remainingToPay(const AppData& data) { return core::remainingToPay(data.totals.total, data.tenders); }

core::ReceiptOptions receiptOptions(const AppData& data, const Translator& tr, bool copy) {
  core::ReceiptOptions o;
  o.width = data.receiptWidth == 48 ? 48 : 32;
  o.copy = copy;
  o.eventName = data.event.name;
  o.venue = data.event.venue;
  o.footer = data.receiptFooter;
  o.tzOffsetMinutes = data.event.tzOffsetMinutes;
  core::ReceiptLabels& l = o.labels;
  l.receipt = tr(T::RcReceipt);
  l.copy = tr(T::RcCopy);
  l.cashier = tr(T::RcCashier);
  l.subtotal = tr(T::RcSubtotal);
  l.discount = tr(T::RcDiscount);
  l.total = tr(T::RcTotal);
  l.change = tr(T::RcChange);
  l.vendorSubtotal = tr(T::RcVendorSubtotal);
  l.refund = tr(T::RcRefund);
  l.voided = tr(T::RcVoided);
  l.reason = tr(T::RcReason);
  l.approvedBy = tr(T::RcApprovedBy);
  l.thanks = tr(T::RcThanks);
  l.cash = tr(T::MethodCash);
  l.qris = tr(T::MethodQris);
  l.card = tr(T::MethodCard);
  l.transfer = tr(T::MethodTransfer);
  l.ewallet = tr(T::MethodEwallet);
  return o;
}

core::ReturnSlipLabels returnSlipLabels(const Translator& tr) {
  core::ReturnSlipLabels l;
  l.product = tr(T::SlipProduct);
  l.brought = tr(T::SlipBrought);
  l.sold = tr(T::SlipSold);
  l.refunded = tr(T::SlipRefunded);
  l.adjusted = tr(T::SlipAdjusted);
  l.returned = tr(T::SlipColReturned);
  l.remaining = tr(T::SlipRemaining);
  l.vendorLine = tr(T::SlipVendorLine);
  l.printedAt = tr(T::SlipPrintedAt);
  l.totals = tr(T::SlipTotals);
  l.handedBy = tr(T::SlipHandedBy);
  l.receivedBy = tr(T::SlipReceivedBy);
  return l;
}

core::ShiftReportLabels shiftReportLabels(const Translator& tr) {
  core::ShiftReportLabels l;
  l.title = tr(T::ShiftReportTitle);
  l.openedAt = tr(T::ShiftOpenedAt);
  l.closedAt = tr(T::ShiftClosedAt);
  l.salesCount = tr(T::ShiftSalesCount);
  l.openingFloat = tr(T::ShiftFloat);
  l.cashSales = tr(T::ShiftCashSales);
  l.cashRefunds = tr(T::ShiftCashRefunds);
  l.cashIn = tr(T::ShiftCashIn);
  l.cashOut = tr(T::ShiftCashOut);
  l.expected = tr(T::ShiftExpected);
  l.counted = tr(T::ShiftCounted);
  l.variance = tr(T::ShiftVariance);
  l.count = tr(T::ShiftCountTitle);
  l.byMethod = tr(T::ShiftByMethod);
  return l;
}

namespace {

// Catalog rows (indexes into data.index.all()) that `keep` accepts: all of them in catalog order
// when the query is blank, else the search's matches in its ranking order.
template <class Keep>
std::vector<int> filterRows(const AppData& data, const std::string& query, Keep keep) {
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

std::vector<int> filterGrid(const AppData& data, const std::string& query, int sector, std::int64_t vendorId) {
  return filterRows(data, query, [&](int row) {
    const ProductRow& r = data.rows[static_cast<std::size_t>(row)];
    if (!r.product->active) return false;
    if (sector >= 0 && static_cast<int>(r.sector) != sector) return false;
    if (vendorId != 0 && r.product->vendorId != vendorId) return false;
    return true;
  });
}

std::vector<int> filterStock(const AppData& data, const std::string& query, bool lowOnly) {
  const auto& all = data.index.all();
  return filterRows(data, query, [&](int row) {
    if (!lowOnly) return true;
    auto it = data.stock.find(all[static_cast<std::size_t>(row)].id);
    return it != data.stock.end() && it->second.isLow();
  });
}

ChromeVm buildChromeVm(const UiState& ui, const AppData& data, const Translator& tr) {
  ChromeVm vm;
  vm.screen = ui.screen;
  vm.title = data.hasEvent ? data.event.name : tr(T::AppName);
  vm.subtitle = data.deviceName.empty() ? data.deviceCode : data.deviceName + " · " + data.deviceCode;
  const int tz = data.hasEvent ? data.event.tzOffsetMinutes : core::kWibOffsetMinutes;
  vm.clock = hhmm(data.now, tz) + " " + core::zoneName(tz);
  vm.loggedIn = data.user.has_value();
  if (data.user) vm.staff = data.user->name;

  const SyncStatus& s = data.sync;
  using State = SyncStatus::State;
  if (s.quarantined > 0) {
    vm.syncLabel = tr.format(T::SyncQuarantined, {num(s.quarantined)});
    vm.syncTone = Tone::Bad;
  } else if (s.state == State::NotEnrolled) {
    vm.syncLabel = tr(T::SyncNotEnrolled);
    vm.syncTone = Tone::Neutral;
  } else if (s.state == State::AuthFailed) {
    vm.syncLabel = tr(T::SyncAuthFailed);
    vm.syncTone = Tone::Bad;
  } else if (s.state == State::Offline) {
    vm.syncLabel = tr(T::SyncOffline);
    vm.syncTone = Tone::Warn;
  } else if (s.state == State::Error) {
    vm.syncLabel = tr(T::SyncError);
    vm.syncTone = Tone::Warn;
  } else if (s.pending > 0) {
    vm.syncLabel = s.state == State::Syncing ? tr(T::SyncSending) : tr(T::SyncWaiting);
    vm.syncTone = Tone::Warn;
  } else {
    vm.syncLabel = tr(T::SyncDone);
    vm.syncTone = Tone::Good;
  }
  vm.syncDetail = s.pending > 0 ? tr.format(T::SyncPendingCount, {num(s.pending)})
                  : s.lastSuccessAt > 0 ? tr.format(T::SyncLastAt, {hhmm(s.lastSuccessAt, tz)})
                                        : std::string();
  vm.syncLine = vm.syncDetail.empty() ? tr.format(T::SyncLine, {vm.syncLabel}) : tr.format(T::SyncLineDetail, {vm.syncLabel, vm.syncDetail});
  if (data.jobsRunning > 0) vm.jobs = tr(T::JobsRunning);
  if (!ui.banner.text.empty() && (ui.banner.until == 0 || ui.banner.until > data.now)) {
    vm.showBanner = true;
    vm.banner = ui.banner.text;
    vm.bannerKind = ui.banner.kind;
  }
  return vm;
}

LoginVm buildLoginVm(const UiState& ui, const AppData& data, const Translator& tr) {
  LoginVm vm;
  vm.hasEvent = data.hasEvent;
  vm.eventName = data.hasEvent ? data.event.name : tr(T::LoginNoEvent);
  vm.venue = data.event.venue;
  const std::string* picked = nullptr;
  for (const core::Staff& s : data.staff) {
    if (!s.active) continue;
    vm.staff.push_back({s.id, s.name, tr(roleText(s.role)), s.id == ui.login.pickedStaffId});
    if (s.id == ui.login.pickedStaffId) picked = &s.name;
  }
  vm.hasStaff = !vm.staff.empty();
  vm.pinLength = ui.login.pin.size();
  vm.locked = data.lockout.locked;
  if (vm.locked) {
    const std::int64_t s = data.lockout.secondsLeft;
    vm.lockText = tr.format(T::LoginLocked, {fmt::format("{}:{:02}", s / 60, s % 60)});
  }
  vm.prompt = picked ? tr.format(T::LoginPinFor, {*picked}) : tr(T::LoginEnterPin);
  vm.canSubmit = !vm.locked && vm.pinLength >= 4 && vm.hasStaff;
  if (!data.cart.lines.empty()) vm.keptCart = tr.format(T::LoginCartKept, {num(data.totals.items), money(data.totals.total)});
  return vm;
}

std::string tileStockText(const AppData& data, std::int64_t productId, const Translator& tr, Tone& tone) {
  auto it = data.stock.find(productId);
  const std::int64_t onHand = it == data.stock.end() ? 0 : it->second.onHand;
  const std::int64_t low = it == data.stock.end() ? 0 : it->second.lowStock;
  const std::int64_t left = onHand - core::quantityInCart(data.cart, productId);
  if (left <= 0) {
    tone = Tone::Bad;
    return tr(T::StockOut);
  }
  if (left <= low) {
    tone = Tone::Warn;
    return tr.format(T::StockLow, {num(left)});
  }
  tone = Tone::Neutral;
  return tr.format(T::StockLeft, {num(left)});
}

SellVm buildSellVm(const UiState& ui, const AppData& data, const Translator& tr) {
  SellVm vm;
  vm.data = &data;
  vm.grid = &data.grid;
  vm.sectors.push_back({-1, tr(T::SellAll), ui.sell.sector == -1});
  for (core::Sector s : core::kAllSectors)
    vm.sectors.push_back({static_cast<int>(s), tr(sectorText(s)), ui.sell.sector == static_cast<int>(s)});
  for (const core::Vendor& v : data.vendors)
    if (ui.sell.sector < 0 || static_cast<int>(v.sector) == ui.sell.sector)
      vm.vendors.push_back({v.id, v.name, v.sector, ui.sell.vendorId == v.id});
  vm.resultCount = tr.format(T::SellResults, {num(static_cast<std::int64_t>(data.grid.size()))});

  const core::CartTotals& t = data.totals;
  for (std::size_t i = 0; i < data.cart.lines.size() && i < t.lines.size(); ++i) {
    const core::CartLine& l = data.cart.lines[i];
    SellVm::Line line;
    line.name = l.name;
    line.vendor = l.vendorName;
    line.sector = l.sector;
    line.quantity = num(l.quantity);
    line.quantityValue = l.quantity;
    line.discountValue = l.discount;
    line.unitPrice = l.quantity == 1 ? money(l.unitPrice) : fmt::format("{} × {}", num(l.quantity), money(l.unitPrice));
    line.total = money(t.lines[i].gross - t.lines[i].lineDiscount);
    line.subtitle = line.unitPrice + "  ·  " + l.vendorName;
    if (!l.discount.isNone()) {
      line.hasDiscount = true;
      line.discount = tr.format(T::SellLineDiscount, {discountLabel(l.discount), money(-t.lines[i].lineDiscount)});
    }
    vm.lines.push_back(std::move(line));
  }
  if (t.vendors.size() > 1) {
    for (const core::VendorSubtotal& v : t.vendors) {
      core::Sector sector = core::Sector::Kriya;
      if (const core::Vendor* vendor = vendorByCode(data, v.vendorCode)) sector = vendor->sector;
      vm.vendorSubtotals.push_back({v.vendorName, money(v.net), tr.format(T::SellItems, {num(v.items)}), sector});
    }
  }
  vm.items = tr.format(T::SellItems, {num(t.items)});
  vm.gross = money(t.gross);
  const Rupiah discount = t.lineDiscount + t.cartDiscount;
  vm.hasDiscount = discount.idr() > 0;
  vm.discount = money(-discount);
  vm.total = money(t.total);
  vm.cartDiscountButton = data.cart.discount.isNone() ? tr(T::SellCartDiscount)
                                                      : tr.format(T::SellCartDiscountSet, {discountLabel(data.cart.discount)});
  if (data.supervisor && !data.cart.lines.empty()) vm.approvedBy = tr.format(T::SellApprovedBy, {data.supervisor->name});
  vm.canPay = !data.cart.lines.empty();
  vm.heldButton = tr.format(T::SellHeldCount, {num(static_cast<std::int64_t>(data.held.size()))});
  const int tz = data.event.tzOffsetMinutes;
  for (const core::HeldCart& h : data.held) {
    const core::CartTotals ht = core::computeTotals(h.cart);
    vm.held.push_back({h.id, h.label.empty() ? tr(T::SellHeldCart) : h.label,
                       tr.format(T::SellHeldDetail, {hhmm(h.at, tz), num(ht.items), money(ht.total)})});
  }
  vm.scan = ui.sell.scan;
  vm.scanning = !ui.sell.scan.empty();

  if (ui.sell.modal == SellModal::LineEditor && ui.sell.editor.line >= 0 &&
      static_cast<std::size_t>(ui.sell.editor.line) < data.cart.lines.size()) {
    const core::CartLine& l = data.cart.lines[static_cast<std::size_t>(ui.sell.editor.line)];
    vm.editorTitle = l.name;
    vm.editorUnit = tr.format(T::EditorUnitPrice, {money(l.unitPrice), l.vendorName});
    vm.editorQuantity = ui.sell.editor.quantity.empty() ? std::string("0") : ui.sell.editor.quantity;
    const DiscountEntry& d = ui.sell.editor.discount;
    vm.editorDiscount = d.digits.empty() ? tr(T::EditorNoDiscount)
                        : d.percent      ? d.digits + " %"
                                         : money(digitsToRupiah(d.digits));
    core::Cart preview = data.cart;
    core::CartLine& pl = preview.lines[static_cast<std::size_t>(ui.sell.editor.line)];
    pl.quantity = std::max<std::int64_t>(1, digitsToRupiah(ui.sell.editor.quantity).idr());
    if (auto disc = discountFromEntry(d)) {
      pl.discount = *disc;
      const core::CartTotals pt = core::computeTotals(preview);
      const auto& lt = pt.lines[static_cast<std::size_t>(ui.sell.editor.line)];
      vm.editorPreview = tr.format(T::EditorLineTotal, {money(lt.gross - lt.lineDiscount)});
      if (core::needsSupervisor(preview, data.discountThresholdBp) && !core::needsSupervisor(data.cart, data.discountThresholdBp))
        vm.editorHint = tr.format(T::EditorNeedsSupervisor, {discountLabel(core::Discount::percent(data.discountThresholdBp))});
    } else {
      vm.editorPreview = tr(T::EditorBadDiscount);
    }
  }
  if (ui.sell.modal == SellModal::CartDiscount) {
    const DiscountEntry& d = ui.sell.cartDiscount;
    vm.cartDiscountValue = d.digits.empty() ? tr(T::EditorNoDiscount) : d.percent ? d.digits + " %" : money(digitsToRupiah(d.digits));
    core::Cart preview = data.cart;
    if (auto disc = discountFromEntry(d)) {
      preview.discount = *disc;
      vm.cartDiscountPreview = tr.format(T::EditorNewTotal, {money(core::computeTotals(preview).total)});
      if (core::needsSupervisor(preview, data.discountThresholdBp) && !core::needsSupervisor(data.cart, data.discountThresholdBp))
        vm.supervisorHint = tr.format(T::EditorNeedsSupervisor, {discountLabel(core::Discount::percent(data.discountThresholdBp))});
    } else {
      vm.cartDiscountPreview = tr(T::EditorBadDiscount);
    }
  }
  return vm;
}

PaymentVm buildPaymentVm(const UiState& ui, const AppData& data, const Translator& tr) {
  PaymentVm vm;
  const PayTab tabs[] = {PayTab::Cash, PayTab::Qris, PayTab::Card, PayTab::Transfer, PayTab::Ewallet};
  const T labels[] = {T::MethodCash, T::MethodQris, T::MethodCard, T::MethodTransfer, T::MethodEwallet};
  for (std::size_t i = 0; i < std::size(tabs); ++i) vm.tabs.push_back({tabs[i], tr(labels[i]), ui.payment.tab == tabs[i], true});
  const Rupiah rest = remainingToPay(data);
  vm.total = money(data.totals.total);
  vm.remaining = money(rest);
  vm.paid = money(paidSoFar(data));
  vm.items = tr.format(T::SellItems, {num(data.totals.items)});
  vm.hasTenders = !data.tenders.empty();
  for (const core::Tender& t : data.tenders) vm.tenders.push_back({tenderLabel(t, data, tr), money(t.amount)});
  if (data.totals.vendors.size() > 1)
    for (const core::VendorSubtotal& v : data.totals.vendors) {
      core::Sector sector = core::Sector::Kriya;
      if (const core::Vendor* vendor = vendorByCode(data, v.vendorCode)) sector = vendor->sector;
      vm.vendorSubtotals.push_back({v.vendorName, money(v.net), tr.format(T::SellItems, {num(v.items)}), sector});
    }

  // Cash
  const Rupiah typed = digitsToRupiah(ui.payment.cashDigits);
  vm.tendered = ui.payment.cashDigits.empty() ? money(rest) : money(typed);
  if (ui.payment.cashDigits.empty()) {
    vm.change = money(Rupiah{});
    vm.changeKnown = true;
    vm.cashHint = tr(T::PayCashExactHint);
  } else if (typed >= rest) {
    vm.change = money(typed - rest);
    vm.changeKnown = true;
    vm.cashHint = tr(T::PayCashConfirmHint);
  } else {
    vm.shortOfTotal = typed.idr() > 0;
    vm.change = money(Rupiah{});
    vm.cashHint = tr.format(T::PayCashPartialHint, {money(rest - typed)});
  }
  if (rest.idr() > 0) {
    const std::vector<Rupiah> quick = core::quickTenders(rest);
    for (std::size_t i = 0; i < quick.size() && i < 5; ++i)
      vm.quick.push_back({quick[i], i == 0 ? tr(T::PayExact) : money(quick[i])});
  }

  // QRIS
  const core::QrisPlan& plan = data.qris;
  if (plan.current >= 0) {
    const core::QrisStep& s = plan.steps[static_cast<std::size_t>(plan.current)];
    vm.hasQr = s.available && !s.payload.empty() && data.qrPayload == s.payload && data.qrSize > 0;
    vm.qrTexture = data.qrTexture;
    vm.qrModules = &data.qrModules;
    vm.qrSize = data.qrSize;
    vm.qrFor = s.account == core::QrisAccount::Organizer ? tr.format(T::PayQrisToOrganizer, {s.label}) : s.label;
    vm.qrAmount = money(s.amount);
    vm.qrMerchant = s.merchantName;
    vm.qrNmid = s.nmid;
    if (plan.steps.size() > 1)
      vm.qrStep = tr.format(T::PayQrisStep, {num(plan.current + 1), num(static_cast<std::int64_t>(plan.steps.size()))});
  }
  switch (plan.problem) {
    case core::QrisProblem::None: break;
    case core::QrisProblem::SplitNeedsOrganizer: vm.qrProblem = tr(T::PayQrisSplitProblem); break;
    case core::QrisProblem::NoQris: vm.qrProblem = tr(T::PayQrisNone); break;
  }
  for (const core::QrisStep& s : plan.steps) {
    if (s.paid) vm.qrSteps.push_back(tr.format(T::PayQrisStepPaid, {s.label, money(s.amount)}));
    else if (!s.available) vm.qrSteps.push_back(tr.format(T::PayQrisStepNoQris, {s.label, money(s.amount)}));
    else vm.qrSteps.push_back(tr.format(T::PayQrisStepTodo, {s.label, money(s.amount)}));
  }

  // Card / transfer / e-wallet
  const Rupiah amount = ui.payment.amountDigits.empty() ? rest : digitsToRupiah(ui.payment.amountDigits);
  vm.referenceAmount = money(amount);
  const bool amountOk = amount.idr() > 0 && amount <= rest;
  vm.referenceReady = amountOk && !ui.payment.reference.empty();
  vm.referenceHint = !amountOk ? tr.format(T::PayAmountTooHigh, {money(rest)})
                     : ui.payment.reference.empty() ? tr(T::PayReferenceNeeded)
                                                    : tr(T::PayReferenceConfirmHint);
  return vm;
}

ReceiptVm buildReceiptVm(const UiState&, const AppData& data, const Translator& tr) {
  ReceiptVm vm;
  if (!data.receipt) return vm;
  const core::SaleRecord& sale = *data.receipt;
  vm.receiptNo = sale.receiptNo;
  vm.lines = splitLines(core::renderReceipt(sale, receiptOptions(data, tr, data.receiptIsCopy)));
  vm.total = money(sale.total);
  vm.hasChange = data.receiptChange.idr() > 0;
  vm.change = money(data.receiptChange);
  std::string methods;
  for (const core::SalePayment& p : sale.payments) {
    if (!methods.empty()) methods += " + ";
    methods += methodName(p.method, tr);
  }
  vm.method = methods;
  vm.printLabel = data.receiptPrints == 0 && !data.receiptIsCopy ? tr(T::ReceiptPrint) : tr(T::ReceiptReprint);
  return vm;
}

std::vector<std::string> refundReasons(const Translator& tr) {
  return {tr(T::ReasonDefect), tr(T::ReasonWrongItem), tr(T::ReasonChangedMind), tr(T::ReasonWrongEntry), tr(T::ReasonOther)};
}

std::vector<std::string> adjustReasons(const Translator& tr) {
  return {tr(T::AdjustDamaged), tr(T::AdjustLost), tr(T::AdjustFound), tr(T::AdjustCountFix), tr(T::ReasonOther)};
}

std::vector<core::PaymentMethod> refundMethods(const core::SaleRecord& sale) {
  std::vector<core::PaymentMethod> out{core::PaymentMethod::Cash};
  for (const core::SalePayment& p : sale.payments)
    if (std::find(out.begin(), out.end(), p.method) == out.end()) out.push_back(p.method);
  return out;
}

RefundVm buildRefundVm(const UiState& ui, const AppData& data, const Translator& tr) {
  RefundVm vm;
  const int tz = data.event.tzOffsetMinutes;
  for (const core::SaleSummary& s : data.recentSales) {
    std::string state = s.voided ? tr(T::RefundStateVoid) : s.refunded.idr() > 0 ? tr(T::RefundStateRefunded) : std::string();
    vm.recent.push_back({s.uuid, s.receiptNo, hhmm(s.createdAt, tz), money(s.total), std::move(state)});
  }
  vm.reasons = refundReasons(tr);
  if (data.lastRefund && data.refundSale)
    vm.slip = splitLines(core::renderRefundSlip(*data.lastRefund, *data.refundSale, receiptOptions(data, tr, false)));
  if (!data.refundSale) return vm;
  const core::SaleRecord& sale = *data.refundSale;
  vm.receiptNo = sale.receiptNo;
  vm.voided = data.refundSaleVoided;
  vm.saleInfo = tr.format(T::RefundSaleInfo, {dateTime(sale.createdAt, tz), sale.cashier, money(sale.total)});
  vm.methodValues = refundMethods(sale);
  for (core::PaymentMethod m : vm.methodValues) vm.methods.push_back(methodName(m, tr));
  Rupiah total;
  bool any = false;
  for (std::size_t i = 0; i < sale.lines.size(); ++i) {
    const core::SaleLine& l = sale.lines[i];
    auto it = data.refundedQty.find(l.lineNo);
    const std::int64_t already = it == data.refundedQty.end() ? 0 : it->second;
    RefundVm::Line line;
    line.name = l.name;
    line.refundable = l.quantity - already;
    line.detail = tr.format(T::RefundLineDetail, {num(l.quantity), money(l.net)});
    if (already > 0) line.detail += " · " + tr.format(T::RefundLineAlready, {num(already)});
    const std::int64_t chosen = i < ui.refund.quantity.size() ? std::clamp<std::int64_t>(ui.refund.quantity[i], 0, line.refundable) : 0;
    line.quantity = num(chosen);
    line.restock = i < ui.refund.restock.size() ? ui.refund.restock[i] : true;
    if (ui.refund.isVoid) {
      line.quantity = num(l.quantity);
    } else if (chosen > 0) {
      const Rupiah amount = core::refundShare(l, already, chosen);
      line.amount = money(amount);
      total += amount;
      any = true;
    }
    vm.lines.push_back(std::move(line));
  }
  if (ui.refund.isVoid) total = sale.total;
  vm.total = money(total);
  vm.canVoid = data.refundedQty.empty() && !data.refundSaleVoided;
  const bool other = ui.refund.reason == static_cast<int>(vm.reasons.size()) - 1;
  const bool hasReason = !other || !ui.refund.otherReason.empty();
  vm.canSubmit = !data.refundSaleVoided && (ui.refund.isVoid ? vm.canVoid : any) && hasReason;
  if (data.refundSaleVoided) vm.problem = tr(T::RefundAlreadyVoid);
  else if (!hasReason) vm.problem = tr(T::RefundNeedReason);
  return vm;
}

StockVm::Row stockRow(const AppData& data, int row, std::int64_t selectedId, const Translator& tr) {
  StockVm::Row r;
  const ProductRow& pr = data.rows[static_cast<std::size_t>(row)];
  r.productId = pr.product->id;
  r.name = pr.product->name;
  if (pr.vendor >= 0) r.vendor = data.vendors[static_cast<std::size_t>(pr.vendor)].name;
  auto it = data.stock.find(pr.product->id);
  const std::int64_t onHand = it == data.stock.end() ? 0 : it->second.onHand;
  const std::int64_t low = it == data.stock.end() ? 0 : it->second.lowStock;
  r.onHand = num(onHand);
  r.low = num(low);
  r.tone = onHand <= 0 ? Tone::Bad : onHand <= low ? Tone::Warn : Tone::Neutral;
  r.selected = pr.product->id == selectedId;
  (void)tr;
  return r;
}

StockVm buildStockVm(const UiState& ui, const AppData& data, const Translator& tr) {
  StockVm vm;
  vm.list = &data.stockList;
  vm.count = tr.format(T::StockCount, {num(static_cast<std::int64_t>(data.stockList.size()))});
  std::int64_t low = 0;
  for (const auto& [id, level] : data.stock)
    if (level.isLow()) ++low;
  vm.lowCount = tr.format(T::StockLowCount, {num(low)});
  vm.countLine = vm.count + "   " + vm.lowCount;
  vm.reasons = adjustReasons(tr);
  for (const core::Vendor& v : data.vendors) vm.vendors.push_back({v.id, v.name, v.sector, ui.stock.returnVendorId == v.id});

  auto row = data.rowOf.find(ui.stock.productId);
  if (row != data.rowOf.end()) {
    const ProductRow& pr = data.rows[static_cast<std::size_t>(row->second)];
    vm.hasSelection = true;
    vm.selectedName = pr.product->name;
    std::string vendor = pr.vendor >= 0 ? data.vendors[static_cast<std::size_t>(pr.vendor)].name : std::string();
    vm.selectedDetail = tr.format(T::StockSelectedDetail, {pr.product->sku, pr.product->barcode, vendor, pr.price});
    auto it = data.stock.find(pr.product->id);
    const std::int64_t onHand = it == data.stock.end() ? 0 : it->second.onHand;
    vm.selectedOnHand = num(onHand);
    const std::int64_t q = digitsToRupiah(ui.stock.quantity).idr();
    vm.quantity = ui.stock.quantity.empty() ? std::string("0") : num(q);
    if (q > 0) {
      const std::int64_t after = ui.stock.tab == StockTab::Intake ? onHand + q : ui.stock.negative ? onHand - q : onHand + q;
      vm.preview = tr.format(T::StockPreview, {num(onHand), num(after)});
    }
    if (data.movementsProductId == pr.product->id) {
      const int tz = data.event.tzOffsetMinutes;
      for (const core::StockMovement& m : data.movements) {
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

  if (data.returnSlipVendorId != 0) {
    if (const core::Vendor* v = vendorOf(data, data.returnSlipVendorId)) vm.slipVendor = v->name;
    std::int64_t brought = 0, sold = 0, remaining = 0;
    for (const core::ReturnSlipLine& l : data.returnSlip) {
      vm.slip.push_back({l.name, num(l.brought), num(l.sold), num(l.refunded), num(l.adjusted), num(l.returned), num(l.remaining)});
      brought += l.brought;
      sold += l.sold;
      remaining += l.remaining;
    }
    vm.slipTotals = tr.format(T::SlipTotals, {num(brought), num(sold), num(remaining)});
  }
  return vm;
}

ShiftVm buildShiftVm(const UiState& ui, const AppData& data, const Translator& tr) {
  ShiftVm vm;
  const int tz = data.event.tzOffsetMinutes;
  vm.floatValue = ui.shift.floatDigits.empty() ? money(data.defaultFloat) : money(digitsToRupiah(ui.shift.floatDigits));
  vm.defaultFloat = data.defaultFloat;
  vm.cashValue = money(digitsToRupiah(ui.shift.cashDigits));
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
    auto it = ui.shift.counts.find(d);
    const std::int64_t pieces = it == ui.shift.counts.end() ? 0 : it->second;
    counted += Rupiah(d) * pieces;
    vm.counts.push_back({d, money(Rupiah(d)), num(pieces), money(Rupiah(d) * pieces), ui.shift.denomination == d});
  }
  vm.counted = money(counted);
  if (data.closedShift) {
    const core::ShiftRecord& r = *data.closedShift;
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

TodayVm buildTodayVm(const UiState&, const AppData& data, const Translator& tr) {
  TodayVm vm;
  const int tz = data.event.tzOffsetMinutes;
  vm.date = core::businessDate(data.now, tz, data.event.cutoffHour);
  vm.cards = {{tr(T::TodaySales), num(data.todayCount)},
              {tr(T::TodayItems), num(data.todayItems)},
              {tr(T::TodayRevenue), money(data.todayTotal - data.todayRefunded)},
              {tr(T::TodayRefunds), money(data.todayRefunded)}};
  if (data.shift) {
    for (core::PaymentMethod m : core::kAllPaymentMethods) {
      auto it = data.shift->totalsByMethod.find(std::string(core::toString(m)));
      vm.byMethod.emplace_back(methodName(m, tr), money(Rupiah(it == data.shift->totalsByMethod.end() ? 0 : it->second)));
    }
  }
  if (data.report) {
    for (const core::VendorTotals& v : data.report->byVendor)
      vm.byVendor.emplace_back(v.name.empty() ? v.vendorCode : v.name, money(v.net));
  }
  for (const core::SaleSummary& s : data.todaySales) {
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

SettingsVm buildSettingsVm(const UiState&, const AppData& data, const Translator& tr) {
  SettingsVm vm;
  vm.device = tr.format(T::SettingsDevice, {data.deviceName.empty() ? data.deviceCode : data.deviceName, data.deviceCode});
  vm.database = data.dbPath;
  vm.threshold = tr.format(T::SettingsThreshold, {discountLabel(core::Discount::percent(data.discountThresholdBp))});
  vm.printerHint = tr(T::SettingsPrinterHint);
  vm.language = data.language;
  return vm;
}

SupervisorVm buildSupervisorVm(const UiState& ui, const AppData& data, const Translator& tr) {
  SupervisorVm vm;
  vm.open = ui.supervisor.purpose != SupervisorPurpose::None;
  vm.pinLength = ui.supervisor.pin.size();
  switch (ui.supervisor.purpose) {
    case SupervisorPurpose::Discount:
      vm.title = tr(T::SupDiscountTitle);
      vm.detail = tr.format(T::SupDiscountDetail, {discountLabel(core::Discount::percent(data.discountThresholdBp))});
      break;
    case SupervisorPurpose::Refund:
      vm.title = tr(T::SupRefundTitle);
      vm.detail = data.refundSale ? tr.format(T::SupRefundDetail, {data.refundSale->receiptNo}) : std::string();
      break;
    case SupervisorPurpose::ReturnToVendor:
      vm.title = tr(T::SupReturnTitle);
      vm.detail = tr(T::SupReturnDetail);
      break;
    case SupervisorPurpose::None: break;
  }
  return vm;
}

}  // namespace pameran::kiosk
