#include "pameran/kiosk/view_models.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "vm_text.hpp"

namespace pameran::kiosk {
namespace {

using core::Rupiah;
using vm::money;
using vm::num;

T roleText(core::Role r) {
  switch (r) {
    case core::Role::Cashier: return T::RoleCashier;
    case core::Role::Supervisor: return T::RoleSupervisor;
    case core::Role::Organizer: return T::RoleOrganizer;
  }
  return T::RoleCashier;
}

}  // namespace

// ---- Shared helpers -----------------------------------------------------------------------------

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

core::Rupiah remainingToPay(const OpenSale& sale) { return core::remainingToPay(sale.totals.total, sale.tenders); }

core::ReceiptOptions receiptOptions(const SessionData& data, const Translator& tr, bool copy) {
  core::ReceiptOptions o;
  o.width = data.device.receiptWidth == 48 ? 48 : 32;
  o.copy = copy;
  o.eventName = data.catalog.event.name;
  o.venue = data.catalog.event.venue;
  o.footer = data.device.receiptFooter;
  o.tzOffsetMinutes = data.catalog.event.tzOffsetMinutes;
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
  l.custom = tr(T::RcCustom);
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

// ---- Chrome, login, settings, supervisor --------------------------------------------------------

ChromeVm buildChromeVm(const UiState& ui, const SessionData& data, const Translator& tr) {
  ChromeVm vm;
  vm.screen = ui.screen;
  vm.title = data.catalog.hasEvent ? data.catalog.event.name : tr(T::AppName);
  vm.subtitle = data.device.deviceName.empty() ? data.device.deviceCode : data.device.deviceName + " · " + data.device.deviceCode;
  const int tz = data.catalog.hasEvent ? data.catalog.event.tzOffsetMinutes : core::kWibOffsetMinutes;
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
  if (data.sync.insecureHttp) vm.insecure = tr(T::SyncInsecureHttp);
  if (data.jobsRunning > 0) vm.jobs = tr(T::JobsRunning);
  // Cashiers are not told (the log is about what they did); whoever oversees the kiosk is.
  if (data.audit && !data.audit->intact() && data.user && data.user->role != core::Role::Cashier)
    vm.auditBroken = tr.format(T::AuditChainBroken, {num(data.audit->firstBad)});
  if (!ui.banner.text.empty() && (ui.banner.until == 0 || ui.banner.until > data.now)) {
    vm.showBanner = true;
    vm.banner = ui.banner.text;
    vm.bannerKind = ui.banner.kind;
  }
  return vm;
}

LoginVm buildLoginVm(const LoginState& state, const SessionData& data, const LoginData& login, const Translator& tr) {
  LoginVm vm;
  vm.hasEvent = data.catalog.hasEvent;
  vm.eventName = data.catalog.hasEvent ? data.catalog.event.name : tr(T::LoginNoEvent);
  vm.venue = data.catalog.event.venue;
  const std::string* picked = nullptr;
  for (const core::Staff& s : login.staff) {
    if (!s.active) continue;
    vm.staff.push_back({s.id, s.name, tr(roleText(s.role)), s.id == state.pickedStaffId});
    if (s.id == state.pickedStaffId) picked = &s.name;
  }
  vm.hasStaff = !vm.staff.empty();
  vm.pinLength = state.pin.size();
  vm.locked = login.lockout.locked;
  if (vm.locked) {
    const std::int64_t s = login.lockout.secondsLeft;
    vm.lockText = tr.format(T::LoginLocked, {fmt::format("{}:{:02}", s / 60, s % 60)});
  }
  vm.prompt = picked ? tr.format(T::LoginPinFor, {*picked}) : tr(T::LoginEnterPin);
  vm.canSubmit = !vm.locked && vm.pinLength >= 4 && vm.hasStaff;
  if (!data.sale.cart.lines.empty()) vm.keptCart = tr.format(T::LoginCartKept, {num(data.sale.totals.items), money(data.sale.totals.total)});
  return vm;
}

SettingsVm buildSettingsVm(const SettingsState& state, const SessionData& data, const Translator& tr) {
  SettingsVm vm;
  const DeviceSettings& d = data.device;
  vm.device = tr.format(T::SettingsDevice, {d.deviceName.empty() ? d.deviceCode : d.deviceName, d.deviceCode});
  vm.database = d.dbPath;
  vm.threshold = tr.format(T::SettingsThreshold, {discountLabel(core::Discount::percent(d.discountThresholdBp))});
  vm.printerHint = tr(T::SettingsPrinterHint);
  vm.serverHint = tr(T::SettingsServerHint);
  vm.language = data.language;
  vm.printer = d.printer;
  vm.width = d.receiptWidth;
  vm.serverUrl = d.serverUrl;
  vm.needsSupervisor = state.loaded && (trimmed(state.printer) != d.printer || trimmed(state.serverUrl) != d.serverUrl);
  return vm;
}

SupervisorVm buildSupervisorVm(const SupervisorState& state, const Translator& tr) {
  SupervisorVm vm;
  vm.open = state.purpose != SupervisorPurpose::None;
  vm.pinLength = state.pin.size();
  vm.detail = state.detail;
  switch (state.purpose) {
    case SupervisorPurpose::Discount: vm.title = tr(T::SupDiscountTitle); break;
    case SupervisorPurpose::Refund: vm.title = tr(T::SupRefundTitle); break;
    case SupervisorPurpose::ReturnToVendor: vm.title = tr(T::SupReturnTitle); break;
    case SupervisorPurpose::DismissReprints: vm.title = tr(T::SupReprintTitle); break;
    case SupervisorPurpose::CustomPrice: vm.title = tr(T::SupCustomTitle); break;
    case SupervisorPurpose::Settings: vm.title = tr(T::SupSettingsTitle); break;
    case SupervisorPurpose::None: break;
  }
  return vm;
}

}  // namespace pameran::kiosk
