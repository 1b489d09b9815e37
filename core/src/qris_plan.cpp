#include "pameran/core/qris_plan.hpp"

#include <algorithm>

#include "pameran/core/qris.hpp"

namespace pameran::core {
namespace {

const Vendor* vendorByCode(std::span<const Vendor> vendors, std::string_view code) {
  auto it = std::find_if(vendors.begin(), vendors.end(), [&](const Vendor& v) { return v.code == code; });
  return it == vendors.end() ? nullptr : &*it;
}

// Makes the step's dynamic QRIS from a static one; a missing or broken static QRIS leaves the step
// unavailable, which the screen explains.
void fill(QrisStep& step, const std::string& staticPayload, std::string_view terminalLabel) {
  if (staticPayload.empty()) return;
  auto info = inspectQris(staticPayload);
  auto dynamic = makeDynamicQris(staticPayload, step.amount, terminalLabel);
  if (!info || !dynamic) return;
  step.available = true;
  step.payload = std::move(*dynamic);
  step.merchantName = info->merchantName;
  step.nmid = info->nmid;
}

}  // namespace

QrisPlan planQris(const Event& event, std::span<const Vendor> vendors, const CartTotals& totals, std::span<const Tender> tenders,
                  std::string_view terminalLabel) {
  QrisPlan plan;
  const Rupiah rest = remainingToPay(totals.total, tenders);
  if (rest.idr() <= 0 || totals.lines.empty()) return plan;
  bool otherTenders = false;
  for (const Tender& t : tenders)
    if (t.method != PaymentMethod::Qris || t.account == QrisAccount::Organizer) otherTenders = true;

  auto organizerStep = [&] {
    QrisStep s;
    s.account = QrisAccount::Organizer;
    s.label = event.name;
    s.amount = rest;
    fill(s, event.organizerQris, terminalLabel);
    return s;
  };

  const std::vector<VendorSubtotal>& subtotals = totals.vendors;
  const bool severalVendors = subtotals.size() > 1;
  if (severalVendors && event.qrisViaOrganizer) {
    plan.steps.push_back(organizerStep());
  } else if (!otherTenders) {
    for (const VendorSubtotal& v : subtotals) {
      if (v.net.idr() <= 0) continue;
      QrisStep s;
      s.vendorCode = v.vendorCode;
      s.label = v.vendorName;
      s.amount = v.net;
      s.paid = std::any_of(tenders.begin(), tenders.end(),
                           [&](const Tender& t) { return t.method == PaymentMethod::Qris && t.vendorCode == v.vendorCode; });
      if (!s.paid)
        if (const Vendor* vendor = vendorByCode(vendors, v.vendorCode)) fill(s, vendor->qris, terminalLabel);
      plan.steps.push_back(std::move(s));
    }
    const bool anyAvailable = std::any_of(plan.steps.begin(), plan.steps.end(), [](const QrisStep& s) { return !s.paid && s.available; });
    const bool anyPaid = std::any_of(plan.steps.begin(), plan.steps.end(), [](const QrisStep& s) { return s.paid; });
    // No vendor of the cart has a QRIS of its own: the organizer's takes the whole rest.
    if (!anyAvailable && !anyPaid && !event.organizerQris.empty()) {
      plan.steps.clear();
      plan.steps.push_back(organizerStep());
    }
  } else if (!event.organizerQris.empty()) {
    plan.steps.push_back(organizerStep());
  } else if (!severalVendors && !subtotals.empty()) {
    QrisStep s;
    s.vendorCode = subtotals.front().vendorCode;
    s.label = subtotals.front().vendorName;
    s.amount = rest;
    if (const Vendor* vendor = vendorByCode(vendors, s.vendorCode)) fill(s, vendor->qris, terminalLabel);
    plan.steps.push_back(std::move(s));
  } else {
    plan.problem = QrisProblem::SplitNeedsOrganizer;
    return plan;
  }
  for (std::size_t i = 0; i < plan.steps.size(); ++i)
    if (!plan.steps[i].paid && plan.steps[i].available) {
      plan.current = static_cast<int>(i);
      break;
    }
  if (plan.current < 0) plan.problem = QrisProblem::NoQris;
  return plan;
}

}  // namespace pameran::core
