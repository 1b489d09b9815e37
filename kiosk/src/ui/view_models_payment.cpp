// View models of the payment and receipt screens and of the buyer's window.
#include <fmt/format.h>

#include <algorithm>

#include "pameran/kiosk/documents.hpp"
#include "pameran/kiosk/view_models.hpp"
#include "vm_text.hpp"

namespace pameran::kiosk {
namespace {

using core::Rupiah;
using vm::money;
using vm::num;

std::string tenderLabel(const core::Tender& t, const CatalogData& catalog, const Translator& tr) {
  std::string label = methodName(t.method, tr);
  if (t.method == core::PaymentMethod::Qris) {
    if (t.account == core::QrisAccount::Organizer) label += " · " + tr(T::PayQrisOrganizer);
    else if (const core::Vendor* v = catalog.vendorByCode(t.vendorCode)) label += " · " + v->name;
  } else if (t.method == core::PaymentMethod::Cash && t.tendered > t.amount) {
    label += " · " + tr.format(T::PayCashReceived, {money(t.tendered)});
  } else if (!t.reference.empty()) {
    label += " · " + t.reference;
  }
  return label;
}

}  // namespace

PaymentVm buildPaymentVm(const PaymentState& state, const SessionData& data, const PaymentData& payment, const Translator& tr) {
  PaymentVm vm;
  for (core::PaymentMethod m : core::kAllPaymentMethods) vm.tabs.push_back({m, methodName(m, tr), state.tab == m, true});
  const OpenSale& sale = data.sale;
  const Rupiah rest = remainingToPay(sale);
  vm.total = money(sale.totals.total);
  vm.remaining = money(rest);
  vm.items = tr.format(T::SellItems, {num(sale.totals.items)});
  vm.hasTenders = !sale.tenders.empty();
  for (const core::Tender& t : sale.tenders) vm.tenders.push_back({tenderLabel(t, data.catalog, tr), money(t.amount)});
  if (sale.totals.vendors.size() > 1)
    for (const core::VendorSubtotal& v : sale.totals.vendors) {
      core::Sector sector = core::Sector::Kriya;
      if (const core::Vendor* vendor = data.catalog.vendorByCode(v.vendorCode)) sector = vendor->sector;
      vm.vendorSubtotals.push_back({v.vendorName, money(v.net), tr.format(T::SellItems, {num(v.items)}), sector});
    }

  // Cash
  const Rupiah typed = digitsToRupiah(state.cashDigits);
  vm.tendered = state.cashDigits.empty() ? money(rest) : money(typed);
  if (state.cashDigits.empty()) {
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
  const core::QrisPlan& plan = payment.qris;
  if (const core::QrisStep* step = plan.currentStep()) {
    const core::QrisStep& s = *step;
    const QrPicture& qr = payment.qr;
    vm.hasQr = s.available && !s.payload.empty() && qr.payload == s.payload && qr.size > 0;
    vm.qrPayload = qr.payload;
    vm.qrTexture = qr.texture;
    vm.qrModules = qr.modules;
    vm.qrSize = qr.size;
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
  const Rupiah amount = state.amountDigits.empty() ? rest : digitsToRupiah(state.amountDigits);
  vm.referenceAmount = money(amount);
  const bool amountOk = amount.idr() > 0 && amount <= rest;
  vm.referenceReady = amountOk && !state.reference.empty();
  vm.referenceHint = !amountOk ? tr.format(T::PayAmountTooHigh, {money(rest)})
                     : state.reference.empty() ? tr(T::PayReferenceNeeded)
                                                    : tr(T::PayReferenceConfirmHint);
  return vm;
}

ReceiptVm buildReceiptVm(const SessionData& data, const Translator& tr) {
  ReceiptVm vm;
  if (!data.receipt) return vm;
  const ReceiptData& receipt = *data.receipt;
  const core::SaleRecord& sale = receipt.sale;
  vm.receiptNo = sale.receiptNo;
  vm.copy = receipt.copy;
  vm.lines = splitLines(core::renderReceipt(sale, receiptOptions(data, tr, receipt.copy)));
  vm.total = money(sale.total);
  vm.hasChange = receipt.change.idr() > 0;
  vm.change = money(receipt.change);
  std::string methods;
  for (const core::SalePayment& p : sale.payments) {
    if (!methods.empty()) methods += " + ";
    methods += methodName(p.method, tr);
  }
  vm.method = methods;
  vm.printLabel = receipt.prints == 0 && !receipt.copy ? tr(T::ReceiptPrint) : tr(T::ReceiptReprint);
  return vm;
}

CustomerVm buildCustomerVm(const UiState& ui, const SessionData& data, const PaymentData& payment, const Translator& id, const Translator& en) {
  CustomerVm vm;
  auto both = [&](T text) { return Bilingual{id(text), en(text)}; };
  const CatalogData& catalog = data.catalog;
  // The booth: its vendor's name when this kiosk is a vendor's own, else the kiosk's name.
  if (const core::Vendor* vendor = catalog.vendorByCode(data.device.boothVendorCode)) vm.booth = vendor->name;
  else if (!data.device.deviceName.empty()) vm.booth = data.device.deviceName;
  else vm.booth = catalog.hasEvent ? catalog.event.name : id(T::AppName);
  if (catalog.hasEvent && catalog.event.name != vm.booth)
    vm.event = catalog.event.venue.empty() ? catalog.event.name : catalog.event.name + " · " + catalog.event.venue;
  vm.welcome = both(T::CustWelcome);

  if (ui.screen == Screen::Receipt && data.receipt && !data.receipt->copy) {
    const ReceiptData& receipt = *data.receipt;
    vm.stage = CustomerVm::Stage::Paid;
    vm.totalLabel = both(T::CustTotal);
    vm.total = money(receipt.sale.total);
    if (receipt.change.idr() > 0) {
      vm.changeLabel = both(T::CustChange);
      vm.change = money(receipt.change);
    }
    vm.thanks = both(T::CustThanks);
    vm.receiptLabel = both(T::CustReceiptNo);
    vm.receiptNo = receipt.sale.receiptNo;
    return vm;
  }

  const OpenSale& sale = data.sale;
  if (sale.cart.lines.empty()) return vm;
  vm.stage = CustomerVm::Stage::Cart;
  const core::CartTotals& t = sale.totals;
  for (std::size_t i = 0; i < sale.cart.lines.size() && i < t.lines.size(); ++i) {
    const core::CartLine& l = sale.cart.lines[i];
    CustomerVm::Line line;
    line.name = l.name;
    line.detail = l.quantity == 1 ? money(l.unitPrice) : fmt::format("{} × {}", num(l.quantity), money(l.unitPrice));
    if (t.lines[i].lineDiscount.idr() > 0) line.detail += "  " + money(-t.lines[i].lineDiscount);
    line.amount = money(t.lines[i].gross - t.lines[i].lineDiscount);
    vm.lines.push_back(std::move(line));
  }
  vm.items = Bilingual{id.format(T::CustItems, {num(t.items)}), en.format(T::CustItems, {num(t.items)})};
  vm.totalLabel = both(T::CustTotal);
  vm.total = money(t.total);
  if (const Rupiah discount = t.lineDiscount + t.cartDiscount; discount.idr() > 0) {
    vm.discountLabel = both(T::CustDiscount);
    vm.discount = money(discount);
  }
  const Rupiah rest = remainingToPay(sale);
  if (!sale.tenders.empty() && rest.idr() > 0) {
    vm.restLabel = both(T::CustRest);
    vm.rest = money(rest);
  }

  // The QRIS while the cashier shows it: the same payload, the payee and the amount to check.
  const core::QrisStep* step = payment.qris.currentStep();
  const QrPicture& qr = payment.qr;
  if (ui.screen == Screen::Payment && ui.payment.tab == core::PaymentMethod::Qris && step && step->available && qr.payload == step->payload &&
      qr.size > 0) {
    vm.stage = CustomerVm::Stage::Qris;
    vm.scanQris = both(T::CustScanQris);
    vm.payTo = both(T::CustPayTo);
    vm.payee = step->merchantName.empty() ? step->label : step->merchantName;
    vm.nmid = step->nmid;
    vm.qrAmount = money(step->amount);
    if (payment.qris.steps.size() > 1) vm.qrStep = fmt::format("{} / {}", payment.qris.current + 1, payment.qris.steps.size());
    vm.qrPayload = qr.payload;
    vm.qrTexture = qr.texture;
    vm.qrModules = qr.modules;
    vm.qrSize = qr.size;
  }
  return vm;
}

}  // namespace pameran::kiosk
