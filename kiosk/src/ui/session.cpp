#include "pameran/kiosk/session.hpp"

#include <algorithm>
#include <filesystem>

#include "pameran/kiosk/view_models.hpp"
#include "pameran/kiosk/worker.hpp"

namespace pameran::kiosk {
namespace {

using core::Rupiah;

constexpr core::EpochMs kBannerMs = 6000;
constexpr core::EpochMs kErrorBannerMs = 12000;
constexpr core::EpochMs kCatalogCheckMs = 3000;

enum JobKind { kJobPrint = 1, kJobPdf = 2 };

}  // namespace

std::string hhmm(core::EpochMs at, int tzOffsetMinutes) {
  const std::string full = core::localDateTime(at, tzOffsetMinutes);
  return full.size() >= 16 ? full.substr(11, 5) : full;
}

std::string trimmed(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return std::string(s);
}

std::string safeFileName(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ? c : '_');
  return out;
}

const core::Vendor* CatalogData::vendor(std::int64_t id) const {
  auto it = vendorIndex.find(id);
  return it == vendorIndex.end() ? nullptr : &vendors[static_cast<std::size_t>(it->second)];
}

const core::Vendor* CatalogData::vendorByCode(std::string_view code) const {
  auto it = std::find_if(vendors.begin(), vendors.end(), [&](const core::Vendor& v) { return v.code == code; });
  return it == vendors.end() ? nullptr : &*it;
}

std::int64_t CatalogData::onHand(std::int64_t productId) const {
  auto it = stock.find(productId);
  return it == stock.end() ? 0 : it->second.onHand;
}

Session::Session(core::Store& store, ControllerOptions options) : m_store(store), m_options(std::move(options)) {
  m_worker = std::make_unique<Worker>(m_options.wake);
  Language lang = Language::Id;
  if (m_options.language) lang = *m_options.language;
  else if (auto saved = parseLanguage(m_store.settings().get(core::settings::kLanguage))) lang = *saved;
  setLanguage(lang);
  m_data.now = m_options.clock();
  loadSettings();
  loadCatalog();
  refreshSyncStatus();
  m_auditCheck = std::async(std::launch::async, [path = m_store.path(), wake = m_options.wake]() -> core::Result<core::AuditCheck> {
    auto own = core::Store::open(path);
    core::Result<core::AuditCheck> check = own ? (*own)->audit().check() : core::Result<core::AuditCheck>(own.failure());
    if (wake) wake();
    return check;
  });
}

Session::~Session() {
  stopSync();
  m_worker.reset();  // finishes queued prints and PDFs
}

void Session::add(Feature& feature) { m_features.push_back(&feature); }

// ---- Settings, catalog and stock -------------------------------------------------------------

void Session::setLanguage(Language lang) {
  m_tr = Translator::builtIn(lang);
  m_data.language = lang;
}

void Session::loadSettings() {
  core::Settings& s = m_store.settings();
  DeviceSettings& d = m_data.device;
  d.printer = s.get(core::settings::kPrinter);
  d.receiptWidth = s.getInt(core::settings::kReceiptWidth, 32) == 48 ? 48 : 32;
  d.receiptFooter = s.get(core::settings::kReceiptFooter);
  d.defaultFloat = Rupiah(std::max<std::int64_t>(0, s.getInt(core::settings::kDefaultFloat, 200'000)));
  d.discountThresholdBp = static_cast<std::int32_t>(
      std::clamp<std::int64_t>(s.getInt(core::settings::kDiscountThresholdBp, core::settings::kDefaultDiscountThresholdBp), 0, core::kFullBp));
  d.customPriceLimit = Rupiah(std::max<std::int64_t>(0, s.getInt(core::settings::kCustomPriceLimit, core::kDefaultCustomPriceLimitIdr)));
  d.allowOversell = s.get(core::settings::kAllowOversell) == "1";
  d.qrisTerminalLabel = s.get(core::settings::kQrisTerminalLabel) == "1";
  const core::DeviceInfo device = s.device();
  d.deviceCode = device.deviceCode;
  d.deviceName = device.name;
  d.boothVendorCode = device.boothVendorCode;
  d.serverUrl = device.serverUrl;
  d.dbPath = m_store.path();
  m_ui.settings.loaded = false;
}

void Session::loadCatalog() {
  CatalogData& c = m_data.catalog;
  auto event = m_store.catalog().currentEvent();
  c.hasEvent = event.has_value();
  c.event = event ? *event : core::Event{};
  c.vendors = c.hasEvent ? m_store.catalog().vendors(c.event.id) : std::vector<core::Vendor>{};
  c.vendorIndex.clear();
  for (std::size_t i = 0; i < c.vendors.size(); ++i) c.vendorIndex[c.vendors[i].id] = static_cast<int>(i);
  // Two vendors of the same name look alike on a chip: their codes tell them apart.
  std::unordered_map<std::string, int> vendorNames;
  for (const core::Vendor& v : c.vendors) ++vendorNames[core::asciiLower(v.name)];
  c.vendorLabels.clear();
  for (const core::Vendor& v : c.vendors)
    c.vendorLabels.push_back(vendorNames[core::asciiLower(v.name)] > 1 ? v.name + " · " + v.code : v.name);
  c.index.rebuild(c.hasEvent ? m_store.catalog().products(c.event.id, false) : std::vector<core::Product>{});
  const auto& all = c.index.all();
  c.rows.clear();
  c.rows.reserve(all.size());
  c.rowOf.clear();
  c.rowOf.reserve(all.size());
  std::unordered_map<std::string, int> productNames;
  for (const core::Product& p : all) ++productNames[core::asciiLower(p.name)];
  for (std::size_t i = 0; i < all.size(); ++i) {
    ProductRow row;
    row.product = &all[i];
    auto v = c.vendorIndex.find(all[i].vendorId);
    row.vendor = v == c.vendorIndex.end() ? -1 : v->second;
    if (row.vendor >= 0) row.sector = c.vendors[static_cast<std::size_t>(row.vendor)].sector;
    row.price = core::formatRupiah(all[i].price);
    row.nameShared = productNames[core::asciiLower(all[i].name)] > 1;
    c.rows.push_back(std::move(row));
    c.rowOf[all[i].id] = static_cast<int>(i);
  }
  c.version = m_store.catalog().version();
  loadStock();
  loadReprints();
}

void Session::loadReprints() { m_data.catalog.reprints = m_store.catalog().tagsToReprint(); }

void Session::loadStock() {
  CatalogData& c = m_data.catalog;
  c.stock.clear();
  if (c.hasEvent)
    for (const auto& [id, level] : m_store.stock().levels(c.event.id)) c.stock.emplace(id, level);
  ++c.stockVersion;
}

void Session::moveStock(std::int64_t productId, std::int64_t delta) {
  CatalogData& c = m_data.catalog;
  auto level = c.stock.find(productId);
  if (level != c.stock.end()) level->second.onHand += delta;
  ++c.stockVersion;
}

// ---- The open sale and the receipt -----------------------------------------------------------

void Session::saleChanged() {
  OpenSale& sale = m_data.sale;
  sale.totals = core::computeTotals(sale.cart);
  if (!sale.tenders.empty()) {
    // Tenders belong to one total; a changed cart starts its payment again.
    sale.tenders.clear();
    info(T::PayTendersCleared);
  }
  // An approval covers the cart it was given for (P25): any change asks the supervisor again.
  if (core::dropStaleApproval(sale.cart) || sale.cart.lines.empty()) sale.supervisor.reset();
}

void Session::clearSale() {
  m_data.sale = OpenSale{};
  m_data.sale.totals = core::computeTotals(m_data.sale.cart);
}

void Session::showReceipt(core::SaleRecord sale, bool copy, core::Rupiah change) {
  m_data.receipt = ReceiptData{std::move(sale), copy, 0, change};
  m_ui.screen = Screen::Receipt;
}

// ---- Banners and navigation ------------------------------------------------------------------

void Session::banner(BannerKind kind, std::string text) {
  m_ui.banner = Banner{kind, std::move(text), m_data.now + (kind == BannerKind::Error ? kErrorBannerMs : kBannerMs)};
  ++m_bannerSerial;
}

void Session::error(const core::Error& e) { banner(BannerKind::Error, describeError(e, m_tr)); }
void Session::info(T text) { banner(BannerKind::Info, m_tr(text)); }
void Session::success(std::string text) { banner(BannerKind::Success, std::move(text)); }

void Session::clearError() {
  if (m_ui.banner.kind == BannerKind::Error) m_ui.banner = Banner{};
}

void Session::goTo(Screen screen) {
  if (!m_data.user && screen != Screen::Login) return;
  m_ui.screen = screen;
  for (Feature* f : m_features) f->entered(screen);
}

void Session::askSupervisor(SupervisorPurpose purpose, std::string detail, std::function<void(const core::Staff&)> approved) {
  m_ui.supervisor = SupervisorState{purpose, std::move(detail), {}};
  m_approval = std::move(approved);
}

std::function<void(const core::Staff&)> Session::takeApproval() {
  m_ui.supervisor = SupervisorState{};
  return std::exchange(m_approval, {});
}

void Session::cancelApproval() {
  m_ui.supervisor = SupervisorState{};
  m_approval = {};
}

void Session::signOut() {
  m_data.user.reset();
  cancelApproval();
  for (Feature* f : m_features) f->signedOut();
  m_ui.screen = Screen::Login;
}

// ---- Printing and PDFs -----------------------------------------------------------------------

core::ReceiptOptions Session::paper(bool copy) const { return receiptOptions(m_data, m_tr, copy); }

void Session::print(std::string text) { printBytes(core::escposDocument(text)); }

void Session::printBytes(std::string bytes, std::function<void()> printed) {
  if (m_data.device.printer.empty()) return banner(BannerKind::Error, m_tr(T::ErrNoPrinter));
  const std::string target = m_data.device.printer;
  const std::uint64_t job = m_worker->submit(kJobPrint, [target, bytes = std::move(bytes)]() -> core::Result<std::string> {
    if (auto ok = sendToPrinter(target, bytes); !ok) return ok.failure();
    return target;
  });
  if (printed) m_afterJob[job] = std::move(printed);
  m_data.jobsRunning = 1;
}

std::string Session::documentsDir() const {
  if (!m_options.documentsDir.empty()) return m_options.documentsDir;
  const std::filesystem::path db(m_store.path());
  return (db.has_parent_path() ? db.parent_path() : std::filesystem::path(".")).string();
}

void Session::writeDocument(const std::string& fileName,
                            std::function<core::Result<void>(const std::string& path, const std::string& fontDir)> write,
                            std::function<void()> done) {
  const std::string path = (std::filesystem::path(documentsDir()) / fileName).string();
  const std::string fonts = m_options.fontDir.empty() ? fontDirectory() : m_options.fontDir;
  const std::uint64_t job = m_worker->submit(kJobPdf, [write = std::move(write), path, fonts]() -> core::Result<std::string> {
    if (auto ok = write(path, fonts); !ok) return ok.failure();
    return path;
  });
  if (done) m_afterJob[job] = std::move(done);
  m_data.jobsRunning = 1;
}

void Session::savePdf(TextDocument doc, const std::string& fileName) {
  writeDocument(fileName, [doc = std::move(doc)](const std::string& path, const std::string& fonts) { return writePdf(path, doc, fonts); });
}

void Session::saveLabelsPdf(std::vector<core::PriceTag> tags, core::LabelLayout layout, const std::string& fileName,
                            std::function<void()> saved) {
  writeDocument(
      fileName,
      [tags = std::move(tags), layout](const std::string& path, const std::string& fonts) { return writeLabelsPdf(path, tags, layout, fonts); },
      std::move(saved));
}

// ---- Sync ------------------------------------------------------------------------------------

void Session::refreshSyncStatus() {
  const core::OutboxStats st = m_store.outbox().stats();
  SyncStatus& s = m_data.sync;
  s.pending = st.pending;
  s.quarantined = st.quarantined;
  s.lastSuccessAt = st.lastSuccessAt;
  s.lastError = st.lastError;
  s.insecureHttp = m_store.settings().device().allowInsecureHttp;
  if (m_sync) {
    const SyncRuntime rt = m_sync->runtime();
    s.state = rt.state;
    if (!rt.lastError.empty()) s.lastError = rt.lastError;
    m_syncGeneration = rt.generation;
  } else {
    const core::DeviceInfo device = m_store.settings().device();
    s.state = device.serverUrl.empty() || device.token.empty() ? SyncStatus::State::NotEnrolled : SyncStatus::State::Offline;
  }
  m_syncCheckedAt = m_data.now;
}

void Session::attachSync(std::unique_ptr<SyncAgent> agent) {
  stopSync();
  m_sync = std::move(agent);
  if (m_sync) m_sync->start();
  refreshSyncStatus();
}

void Session::stopSync() {
  if (m_sync) m_sync->stop();
  m_sync.reset();
}

void Session::queuedForUpload() {
  ++m_data.sync.pending;
  if (m_sync) m_sync->nudge();
}

// ---- Before a frame --------------------------------------------------------------------------

bool Session::refresh() {
  m_data.now = m_options.clock();
  bool changed = false;
  try {
    changed = refreshShared();
    for (Feature* f : m_features) changed = f->refresh() || changed;
  } catch (const std::exception& e) {
    error(core::Error{core::Errc::Storage, e.what(), {}});
  }
  const std::string clock = hhmm(m_data.now, m_data.catalog.event.tzOffsetMinutes);
  if (clock != m_lastClock) {
    m_lastClock = clock;
    changed = true;
  }
  if (!m_ui.banner.text.empty() && m_ui.banner.until != 0 && m_ui.banner.until <= m_data.now) {
    m_ui.banner = Banner{};
    changed = true;
  }
  return changed;
}

bool Session::refreshShared() {
  bool changed = false;
  for (const JobResult& r : m_worker->drain()) {
    changed = true;
    auto after = m_afterJob.extract(r.id);
    if (!r.ok) banner(BannerKind::Error, m_tr.format(r.kind == kJobPdf ? T::JobPdfFailed : T::JobPrintFailed, {r.detail}));
    else success(m_tr.format(r.kind == kJobPdf ? T::JobPdfSaved : T::JobPrinted, {r.detail}));
    if (r.ok && !after.empty()) after.mapped()();
  }
  if (m_auditCheck.valid() && m_auditCheck.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    // A log that cannot be read says nothing either way: no chip (the CLI's verify tells more).
    if (auto check = m_auditCheck.get()) m_data.audit = *check;
    changed = true;
  }
  const int running = m_worker->busy() ? 1 : 0;
  if (running != m_data.jobsRunning) {
    m_data.jobsRunning = running;
    changed = true;
  }
  // The sync thread (or a catalog pull) changes the database under us: look again now and then,
  // never every frame.
  const bool agentMoved = m_sync && m_sync->runtime().generation != m_syncGeneration;
  if (agentMoved || m_data.now - m_syncCheckedAt >= m_options.syncRefreshMs) {
    const SyncStatus before = m_data.sync;
    refreshSyncStatus();
    const SyncStatus& after = m_data.sync;
    changed = changed || before.pending != after.pending || before.quarantined != after.quarantined || before.state != after.state ||
              before.lastSuccessAt != after.lastSuccessAt;
  }
  if (agentMoved || m_data.now - m_catalogCheckedAt >= kCatalogCheckMs) {
    m_catalogCheckedAt = m_data.now;
    if (m_store.catalog().version() != m_data.catalog.version) {
      // A pull changed the catalog under the open cart: its lines keep their prices; the people
      // at the kiosk are told what changed (issue 11 §6).
      const bool sameEvent = m_data.catalog.hasEvent;
      const std::int64_t eventId = m_data.catalog.event.id;
      const std::vector<core::Product> before = m_data.catalog.index.all();
      loadCatalog();
      if (sameEvent && m_data.catalog.hasEvent && m_data.catalog.event.id == eventId)
        m_data.catalogChanges =
            core::mergeCatalogChanges(m_data.catalogChanges, core::diffCatalog(before, m_data.catalog.index.all()));
      changed = true;
    }
  }
  return changed;
}

core::EpochMs Session::msUntilTimedChange(core::EpochMs cap) const {
  core::EpochMs wait = std::min(cap, 60'000 - (m_data.now % 60'000) + 5);
  if (!m_ui.banner.text.empty() && m_ui.banner.until != 0) wait = std::min(wait, std::max<core::EpochMs>(m_ui.banner.until - m_data.now, 1));
  for (const Feature* f : m_features) wait = std::min(wait, f->msUntilTimedChange(wait));
  return std::max<core::EpochMs>(wait, 1);
}

}  // namespace pameran::kiosk
