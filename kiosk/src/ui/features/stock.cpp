#include "pameran/kiosk/features/stock.hpp"

#include <algorithm>

#include "pameran/kiosk/view_models.hpp"

namespace pameran::kiosk {
namespace {

constexpr std::size_t kMovementsShown = 12;

}  // namespace

void StockController::entered(Screen screen) {
  if (screen == Screen::Stock) m_data.listKey = FilterKey{};
}

bool StockController::refresh() {
  if (m_session.ui().screen != Screen::Stock) return false;
  const CatalogData& c = m_session.catalog();
  const StockState& state = m_session.ui().stock;
  bool changed = false;
  const FilterKey key{state.query, state.lowOnly ? 1 : 0, 0, c.version * 1'000'000 + c.stockVersion};
  if (!(key == m_data.listKey)) {
    m_data.list = filterStock(c, key.query, state.lowOnly);
    m_data.listKey = key;
    changed = true;
  }
  if (state.productId != 0 && state.productId != m_data.movementsProductId && c.hasEvent) {
    m_data.movements = m_session.store().stock().movements(c.event.id, state.productId, kMovementsShown);
    m_data.movementsProductId = state.productId;
    changed = true;
  }
  return changed;
}

std::string StockController::changed(std::int64_t productId) {
  m_session.loadStock();
  m_data.movementsProductId = 0;
  m_session.ui().stock.quantity.clear();
  m_session.ui().stock.note.clear();
  const core::Product* p = m_session.catalog().index.findById(productId);
  return p ? p->name : std::string();
}

void StockController::handle(const act::StockIntake& a) {
  const CatalogData& c = m_session.catalog();
  if (!m_session.user() || !c.hasEvent) return;
  if (a.quantity <= 0) return m_session.info(T::StockNeedQuantity);
  auto ok = m_session.store().stock().intake(c.event.id, a.productId, a.quantity, m_session.user()->name, trimmed(a.note));
  if (!ok) return m_session.error(ok.error());
  m_session.success(m_session.tr().format(T::StockIntakeDone, {core::formatThousands(a.quantity), changed(a.productId)}));
}

void StockController::handle(const act::StockAdjust& a) {
  const CatalogData& c = m_session.catalog();
  if (!m_session.user() || !c.hasEvent) return;
  if (a.delta == 0) return m_session.info(T::StockNeedQuantity);
  const std::string reason = trimmed(a.reason);
  if (reason.empty()) return m_session.info(T::StockNeedReason);
  auto ok = m_session.store().stock().adjust(c.event.id, a.productId, a.delta, reason, *m_session.user());
  if (!ok) return m_session.error(ok.error());
  const std::string delta = (a.delta > 0 ? "+" : "") + core::formatThousands(a.delta);
  m_session.success(m_session.tr().format(T::StockAdjustDone, {delta, changed(a.productId)}));
}

void StockController::handle(const act::LoadReturnSlip& a) {
  const CatalogData& c = m_session.catalog();
  const core::Vendor* vendor = c.vendor(a.vendorId);
  if (!c.hasEvent || !vendor) return;
  m_data.slip = m_session.store().stock().returnSlip(c.event.id, vendor->code);
  m_data.slipVendorId = a.vendorId;
  m_session.ui().stock.returnVendorId = a.vendorId;
}

std::string StockController::slipText(int width) const {
  const core::Vendor* vendor = m_session.catalog().vendor(m_data.slipVendorId);
  if (!vendor) return {};
  core::ReceiptOptions paper = m_session.paper();
  paper.width = width;
  const core::ReturnSlip slip{vendor->name, vendor->code, vendor->owner, m_session.now(), m_data.slip};
  return core::renderReturnSlip(slip, paper, returnSlipLabels(m_session.tr()));
}

void StockController::handle(const act::PrintReturnSlip&) {
  if (m_data.slipVendorId == 0) return;
  m_session.print(slipText(m_session.device().receiptWidth));
}

void StockController::handle(const act::SaveReturnSlipPdf&) {
  const CatalogData& c = m_session.catalog();
  const core::Vendor* vendor = c.vendor(m_data.slipVendorId);
  if (!vendor) return;
  TextDocument doc;
  doc.title = m_session.tr()(T::SlipTitle);
  doc.subtitle = vendor->name;
  doc.lines = splitLines(slipText(72));
  const std::string day = core::businessDate(m_session.now(), c.event.tzOffsetMinutes, c.event.cutoffHour);
  m_session.savePdf(std::move(doc), "slips/" + safeFileName(c.event.code) + "-" + safeFileName(vendor->code) + "-" + day + ".pdf");
}

void StockController::handle(const act::RequestReturnToVendor&) {
  if (m_data.slipVendorId == 0) return;
  bool any = false;
  for (const core::ReturnSlipLine& l : m_data.slip) any = any || l.remaining > 0;
  if (!any) return m_session.info(T::SlipNothingLeft);
  m_session.askSupervisor(SupervisorPurpose::ReturnToVendor, m_session.tr()(T::SupReturnDetail),
                          [this](const core::Staff& supervisor) { returnToVendor(supervisor); });
}

void StockController::returnToVendor(const core::Staff& supervisor) {
  const CatalogData& c = m_session.catalog();
  const core::Vendor* vendor = c.vendor(m_data.slipVendorId);
  if (!c.hasEvent || !vendor) return;
  auto slip = m_session.store().stock().returnAll(c.event.id, vendor->code, supervisor);
  m_session.loadStock();
  handle(act::LoadReturnSlip{m_data.slipVendorId});
  if (!slip) return m_session.error(slip.error());
  std::int64_t units = 0;
  for (const core::ReturnSlipLine& l : *slip) units += std::max<std::int64_t>(l.remaining, 0);
  m_session.success(m_session.tr().format(T::SlipReturned, {core::formatThousands(units)}));
}

void StockController::handle(const act::SaveIntakeManifestPdf&) {
  const CatalogData& c = m_session.catalog();
  const core::Vendor* vendor = c.vendor(m_data.slipVendorId);
  if (!vendor) return;
  bool any = false;
  for (const core::ReturnSlipLine& l : m_data.slip) any = any || l.brought > 0;
  if (!any) return m_session.info(T::ManifestNothing);
  const Translator& tr = m_session.tr();
  core::ReceiptOptions paper = m_session.paper();
  paper.width = 72;
  core::IntakeManifestLabels labels;
  labels.product = tr(T::SlipProduct);
  labels.brought = tr(T::ManifestUnits);
  labels.vendorLine = tr(T::SlipVendorLine);
  labels.printedAt = tr(T::SlipPrintedAt);
  labels.totals = tr(T::ManifestTotals);
  labels.handedBy = tr(T::ManifestHandedBy);
  labels.receivedBy = tr(T::SlipReceivedBy);
  TextDocument doc;
  doc.title = tr(T::ManifestTitle);
  doc.subtitle = vendor->name;
  doc.lines = splitLines(core::renderIntakeManifest(core::ReturnSlip{vendor->name, vendor->code, vendor->owner, m_session.now(), m_data.slip},
                                                    paper, labels));
  m_session.savePdf(std::move(doc), "manifests/" + safeFileName(c.event.code) + "-" + safeFileName(vendor->code) + ".pdf");
}

void StockController::handle(const act::MakePriceTags& a) {
  const CatalogData& c = m_session.catalog();
  const core::Vendor* vendor = c.vendor(m_data.slipVendorId);
  if (!vendor || !m_session.user()) return;
  std::vector<std::int64_t> ids;
  for (const core::ReturnSlipLine& l : m_data.slip)
    if (const core::Product* p = c.index.findById(l.productId); p && p->active) ids.push_back(p->id);
  if (ids.empty()) return m_session.info(T::TagsNone);
  printTags(ids, a.layout, safeFileName(vendor->code));
}

void StockController::handle(const act::PrintReprintTags& a) {
  const CatalogData& c = m_session.catalog();
  if (!m_session.user()) return;
  std::vector<std::int64_t> ids;
  for (const core::PendingBarcode& r : c.reprints)
    if (const core::Product* p = c.index.findByCode(r.sku)) ids.push_back(p->id);
  if (ids.empty()) return m_session.info(T::ReprintNone);
  printTags(ids, a.layout, "reprint");
}

void StockController::handle(const act::DismissReprints&) {
  if (m_session.catalog().reprints.empty()) return m_session.info(T::ReprintNone);
  m_session.askSupervisor(SupervisorPurpose::DismissReprints, m_session.tr()(T::SupReprintDetail), [this](const core::Staff& supervisor) {
    auto ok = m_session.store().catalog().dismissReprints(supervisor.name);
    m_session.loadReprints();
    if (!ok) return m_session.error(ok.error());
    m_session.success(m_session.tr()(T::ReprintDismissed));
  });
}

void StockController::printTags(const std::vector<std::int64_t>& productIds, core::LabelLayout layout, const std::string& name) {
  const CatalogData& c = m_session.catalog();
  // A product without a barcode gets its in-store code now, kept in the catalog before printing.
  auto tags = core::preparePriceTags(m_session.store(), productIds, 1, m_session.user()->name);
  if (!tags) return m_session.error(tags.error());
  auto printed = [&session = m_session, done = *tags] {
    if (auto ok = core::markTagsPrinted(session.store(), done); !ok) return session.error(ok.error());
    session.loadReprints();
  };
  if (layout == core::LabelLayout::Roll58) return m_session.printBytes(core::escposPriceTags(*tags), std::move(printed));
  m_session.saveLabelsPdf(std::move(*tags), layout,
                          "labels/" + safeFileName(c.event.code) + "-" + name + "-" + std::string(core::toString(layout)) + ".pdf",
                          std::move(printed));
}

}  // namespace pameran::kiosk
