#include "pameran/kiosk/app_controller.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>

#include "pameran/core/qris.hpp"
#include "pameran/core/receipt.hpp"
#include "pameran/kiosk/documents.hpp"
#include "pameran/kiosk/view_models.hpp"

namespace pameran::kiosk {
namespace {

using core::Rupiah;

enum JobKind { kJobPrint = 1, kJobPdf = 2 };

constexpr core::EpochMs kBannerMs = 6000;
constexpr core::EpochMs kErrorBannerMs = 12000;
constexpr core::EpochMs kCatalogCheckMs = 3000;
constexpr std::size_t kTodayLimit = 5000;
constexpr std::size_t kTodayShown = 300;
constexpr std::size_t kRecentLimit = 100;

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return std::string(s);
}

std::size_t columns(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

// The first `width` code points of `s`, padded with spaces to `width`.
std::string fit(std::string_view s, std::size_t width, bool right = false) {
  std::string out;
  std::size_t cols = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool start = (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    if (start && cols == width) break;
    if (start) ++cols;
    out.push_back(s[i]);
  }
  const std::string padding(width - cols, ' ');
  return right ? padding + out : out + padding;
}

std::string leftRight(std::string_view left, std::string_view right, std::size_t width) {
  const std::size_t r = columns(right);
  const std::size_t l = r + 1 >= width ? 0 : width - r - 1;
  return fit(left, l) + " " + std::string(right);
}

std::string hhmm(core::EpochMs at, int tz) {
  const std::string full = core::localDateTime(at, tz);
  return full.size() >= 16 ? full.substr(11, 5) : full;
}

// File names made from receipt numbers and codes keep to letters, digits and dashes.
std::string safeName(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ? c : '_');
  return out;
}

}  // namespace

AppController::AppController(std::unique_ptr<core::Store> store, ControllerOptions options)
    : m_store(std::move(store)), m_options(std::move(options)) {
  m_worker = std::make_unique<Worker>(m_options.wake);
  Language lang = Language::Id;
  if (m_options.language) lang = *m_options.language;
  else if (auto saved = parseLanguage(m_store->settings().get(core::settings::kLanguage))) lang = *saved;
  setLanguage(lang);
  m_data.now = m_options.clock();
  loadAll();
}

AppController::~AppController() {
  stopSync();
  m_worker.reset();  // finishes queued prints and PDFs
  if (m_options.textures && m_data.qrTexture) m_options.textures->destroyTexture(m_data.qrTexture);
}

void AppController::loadAll() {
  loadSettings();
  loadCatalog();
  loadStaff();
  loadHeld();
  refreshSyncStatus();
}

void AppController::loadSettings() {
  core::Settings& s = m_store->settings();
  m_data.printer = s.get(core::settings::kPrinter);
  m_data.receiptWidth = s.getInt(core::settings::kReceiptWidth, 32) == 48 ? 48 : 32;
  m_data.receiptFooter = s.get(core::settings::kReceiptFooter);
  m_data.defaultFloat = Rupiah(std::max<std::int64_t>(0, s.getInt(core::settings::kDefaultFloat, 200'000)));
  m_data.discountThresholdBp = static_cast<std::int32_t>(
      std::clamp<std::int64_t>(s.getInt(core::settings::kDiscountThresholdBp, core::settings::kDefaultDiscountThresholdBp), 0, core::kFullBp));
  m_data.allowOversell = s.get(core::settings::kAllowOversell) == "1";
  const core::DeviceInfo device = s.device();
  m_data.deviceCode = device.deviceCode;
  m_data.deviceName = device.name;
  m_data.dbPath = m_store->path();
  m_data.language = m_tr.language();
  m_ui.settings.loaded = false;
}

void AppController::loadCatalog() {
  auto event = m_store->catalog().currentEvent();
  m_data.hasEvent = event.has_value();
  m_data.event = event ? *event : core::Event{};
  m_data.vendors = m_data.hasEvent ? m_store->catalog().vendors(m_data.event.id) : std::vector<core::Vendor>{};
  m_data.vendorIndex.clear();
  for (std::size_t i = 0; i < m_data.vendors.size(); ++i) m_data.vendorIndex[m_data.vendors[i].id] = static_cast<int>(i);
  m_data.index.rebuild(m_data.hasEvent ? m_store->catalog().products(m_data.event.id, false) : std::vector<core::Product>{});
  const auto& all = m_data.index.all();
  m_data.rows.clear();
  m_data.rows.reserve(all.size());
  m_data.rowOf.clear();
  m_data.rowOf.reserve(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    ProductRow row;
    row.product = &all[i];
    auto v = m_data.vendorIndex.find(all[i].vendorId);
    row.vendor = v == m_data.vendorIndex.end() ? -1 : v->second;
    if (row.vendor >= 0) row.sector = m_data.vendors[static_cast<std::size_t>(row.vendor)].sector;
    row.price = core::formatRupiah(all[i].price);
    m_data.rows.push_back(std::move(row));
    m_data.rowOf[all[i].id] = static_cast<int>(i);
  }
  m_data.catalogVersion = m_store->catalog().version();
  m_data.gridKey = GridKey{};
  m_data.stockKey = GridKey{};
  loadStock();
}

void AppController::loadStock() {
  m_data.stock.clear();
  if (m_data.hasEvent)
    for (const auto& [id, level] : m_store->stock().levels(m_data.event.id)) m_data.stock.emplace(id, level);
  ++m_data.stockVersion;
}

void AppController::loadStaff() {
  m_data.staff = m_store->staff().list();
  m_data.lockout = m_store->staff().lockout();
  m_lockoutCheckedAt = m_data.now;
}

void AppController::loadHeld() { m_data.held = m_store->held().list(); }

void AppController::loadShift() {
  m_data.shift = m_store->shifts().current();
  m_data.cashMoves = m_data.shift ? m_store->shifts().cashMovements(m_data.shift->id) : std::vector<core::CashMovement>{};
}

void AppController::loadRecentSales() {
  if (!m_data.hasEvent) return;
  const core::EpochMs from = businessDayStart(m_data.now, m_data.event.tzOffsetMinutes, m_data.event.cutoffHour);
  m_data.recentSales = m_store->sales().list(m_data.event.id, from, m_data.now + 86'400'000, kRecentLimit);
}

void AppController::loadToday() {
  if (!m_data.hasEvent) return;
  loadShift();
  auto report = m_store->reports().report(m_data.event.code);
  m_data.report = report ? std::optional<core::Report>(std::move(*report)) : std::nullopt;
  m_data.todayFrom = businessDayStart(m_data.now, m_data.event.tzOffsetMinutes, m_data.event.cutoffHour);
  auto sales = m_store->sales().list(m_data.event.id, m_data.todayFrom, m_data.now + 86'400'000, kTodayLimit);
  m_data.todayCount = 0;
  m_data.todayItems = 0;
  m_data.todayTotal = Rupiah{};
  m_data.todayRefunded = Rupiah{};
  for (const core::SaleSummary& s : sales) {
    if (s.voided) continue;
    ++m_data.todayCount;
    m_data.todayItems += s.items;
    m_data.todayTotal += s.total;
    m_data.todayRefunded += s.refunded;
  }
  if (sales.size() > kTodayShown) sales.resize(kTodayShown);
  m_data.todaySales = std::move(sales);
}

void AppController::refreshSyncStatus() {
  const core::OutboxStats st = m_store->outbox().stats();
  SyncStatus& s = m_data.sync;
  s.pending = st.pending;
  s.quarantined = st.quarantined;
  s.lastSuccessAt = st.lastSuccessAt;
  s.lastError = st.lastError;
  if (m_sync) {
    const SyncRuntime rt = m_sync->runtime();
    s.state = rt.state;
    if (!rt.lastError.empty()) s.lastError = rt.lastError;
    m_syncGeneration = rt.generation;
  } else {
    const core::DeviceInfo device = m_store->settings().device();
    s.state = device.serverUrl.empty() || device.token.empty() ? SyncStatus::State::NotEnrolled : SyncStatus::State::Offline;
  }
  m_syncCheckedAt = m_data.now;
}

void AppController::attachSync(std::unique_ptr<SyncAgent> agent) {
  stopSync();
  m_sync = std::move(agent);
  if (m_sync) m_sync->start();
  refreshSyncStatus();
}

void AppController::stopSync() {
  if (m_sync) m_sync->stop();
  m_sync.reset();
}

void AppController::setLanguage(Language lang) {
  m_tr = Translator::builtIn(lang);
  m_data.language = lang;
}

bool AppController::refresh() {
  bool changed = false;
  m_data.now = m_options.clock();
  try {
    for (const JobResult& r : m_worker->drain()) {
      changed = true;
      if (!r.ok) banner(BannerKind::Error, m_tr.format(r.kind == kJobPdf ? T::JobPdfFailed : T::JobPrintFailed, {r.detail}));
      else if (r.kind == kJobPdf) success(m_tr.format(T::JobPdfSaved, {r.detail}));
      else success(m_tr.format(T::JobPrinted, {r.detail}));
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
      changed = changed || before.pending != m_data.sync.pending || before.quarantined != m_data.sync.quarantined ||
                before.state != m_data.sync.state || before.lastSuccessAt != m_data.sync.lastSuccessAt;
    }
    if (agentMoved || m_data.now - m_catalogCheckedAt >= kCatalogCheckMs) {
      m_catalogCheckedAt = m_data.now;
      if (m_store->catalog().version() != m_data.catalogVersion) {
        loadCatalog();
        changed = true;
      }
    }
    if (m_ui.screen == Screen::Login && m_data.now - m_lockoutCheckedAt >= 1000) {
      const core::LockoutStatus before = m_data.lockout;
      m_data.lockout = m_store->staff().lockout();
      m_lockoutCheckedAt = m_data.now;
      changed = changed || before.locked != m_data.lockout.locked || before.secondsLeft != m_data.lockout.secondsLeft;
    }
  } catch (const std::exception& e) {
    error(core::Error{core::Errc::Storage, e.what(), {}});
  }
  const std::string clock = hhmm(m_data.now, m_data.event.tzOffsetMinutes);
  if (clock != m_lastClock) {
    m_lastClock = clock;
    changed = true;
  }
  if (!m_ui.banner.text.empty() && m_ui.banner.until != 0 && m_ui.banner.until <= m_data.now) {
    m_ui.banner = Banner{};
    changed = true;
  }
  // The grid filter follows what is typed in search and the tabs; it runs only when they change.
  const GridKey key{m_ui.sell.query, m_ui.sell.sector, m_ui.sell.vendorId, m_data.catalogVersion};
  if (!(key == m_data.gridKey)) {
    m_data.grid = filterGrid(m_data, key.query, key.sector, key.vendorId);
    m_data.gridKey = key;
  }
  if (m_ui.screen == Screen::Stock) {
    const GridKey skey{m_ui.stock.query, m_ui.stock.lowOnly ? 1 : 0, 0, m_data.catalogVersion * 1'000'000 + m_data.stockVersion};
    if (!(skey == m_data.stockKey)) {
      m_data.stockList = filterStock(m_data, skey.query, m_ui.stock.lowOnly);
      m_data.stockKey = skey;
    }
    if (m_ui.stock.productId != 0 && m_ui.stock.productId != m_data.movementsProductId && m_data.hasEvent) {
      m_data.movements = m_store->stock().movements(m_data.event.id, m_ui.stock.productId, 12);
      m_data.movementsProductId = m_ui.stock.productId;
    }
  }
  return changed;
}

core::EpochMs AppController::msUntilTimedChange(core::EpochMs cap) const {
  core::EpochMs wait = cap;
  const core::EpochMs toMinute = 60'000 - (m_data.now % 60'000);
  wait = std::min(wait, toMinute + 5);
  if (m_ui.screen == Screen::Login && m_data.lockout.locked) wait = std::min<core::EpochMs>(wait, 1000);
  if (!m_ui.banner.text.empty() && m_ui.banner.until != 0) wait = std::min(wait, std::max<core::EpochMs>(m_ui.banner.until - m_data.now, 1));
  return std::max<core::EpochMs>(wait, 1);
}

void AppController::banner(BannerKind kind, std::string text) {
  m_ui.banner = Banner{kind, std::move(text), m_data.now + (kind == BannerKind::Error ? kErrorBannerMs : kBannerMs)};
}

void AppController::error(const core::Error& e) { banner(BannerKind::Error, describeError(e, m_tr)); }
void AppController::info(T text) { banner(BannerKind::Info, m_tr(text)); }
void AppController::success(std::string text) { banner(BannerKind::Success, std::move(text)); }

void AppController::applyFrameActions() {
  for (const Action& a : m_actions.take()) apply(a);
}

void AppController::apply(const Action& action) {
  try {
    std::visit([this](const auto& a) { handle(a); }, action);
  } catch (const std::exception& e) {
    // Repositories that return plain values throw on I/O errors; nothing half-done stays behind
    // (their writes are transactions), so the person sees the error and can try again.
    error(core::Error{core::Errc::Storage, e.what(), {}});
  }
}

void AppController::goTo(Screen screen) {
  if (!m_data.user && screen != Screen::Login) return;
  m_ui.screen = screen;
  switch (screen) {
    case Screen::Refund:
      loadRecentSales();
      if (!m_data.refundSale) {
        m_ui.refund.step = RefundStep::Find;
        m_ui.refund.focusQuery = true;
      }
      break;
    case Screen::Shift:
      loadShift();
      if (m_ui.shift.mode == ShiftMode::Closed && m_data.shift) m_ui.shift.mode = ShiftMode::Summary;
      break;
    case Screen::Today:
      loadToday();
      refreshSyncStatus();
      break;
    case Screen::Settings: m_ui.settings.loaded = false; break;
    case Screen::Stock: m_data.stockKey = GridKey{}; break;
    case Screen::Sell: m_ui.sell.focusSearch = false; break;
    default: break;
  }
}

// ---- Session ---------------------------------------------------------------------------------

void AppController::handle(const act::Navigate& a) {
  if (a.to == Screen::Payment) return handle(act::OpenPayment{});
  goTo(a.to);
}

void AppController::handle(const act::Quit&) { m_ui.quit = true; }

void AppController::handle(const act::Login& a) {
  m_ui.login.pin.clear();
  if (!m_data.hasEvent) return info(T::LoginNoEvent);
  auto staff = m_store->staff().login(a.pin);
  m_data.lockout = m_store->staff().lockout();
  m_lockoutCheckedAt = m_data.now;
  if (!staff) return error(staff.error());
  if (a.pickedStaffId != 0 && staff->id != a.pickedStaffId) {
    m_ui.login.pickedStaffId = 0;
    return banner(BannerKind::Error, m_tr(T::LoginNotPicked));
  }
  m_data.user = *staff;
  m_ui.login = LoginState{};
  // DESIGN.md: if no shift is open, one opens with the configured default float, as Moka does.
  loadShift();
  if (!m_data.shift) {
    auto opened = m_store->shifts().open(m_data.defaultFloat, *staff);
    if (opened) {
      m_data.shift = *opened;
      success(m_tr.format(T::LoginShiftOpened, {staff->name, core::formatRupiah(m_data.defaultFloat)}));
    } else if (opened.error().code != core::Errc::Conflict) {
      error(opened.error());
    }
  } else {
    success(m_tr.format(T::LoginWelcome, {staff->name}));
  }
  goTo(m_data.receipt ? Screen::Receipt : Screen::Sell);
}

void AppController::handle(const act::SwitchUser&) {
  m_data.user.reset();
  m_ui.login = LoginState{};
  m_ui.supervisor = SupervisorState{};
  m_ui.sell.modal = SellModal::None;
  m_pendingDiscount.reset();
  m_pendingRefund.reset();
  m_ui.screen = Screen::Login;
  loadStaff();
}

void AppController::handle(const act::DismissBanner&) { m_ui.banner = Banner{}; }

// ---- Cart ------------------------------------------------------------------------------------

void AppController::cartChanged() {
  m_data.totals = core::computeTotals(m_data.cart);
  if (!m_data.tenders.empty()) {
    // Tenders belong to one total; a changed cart starts its payment again.
    m_data.tenders.clear();
    info(T::PayTendersCleared);
  }
  // An approval covers the cart it was given for (P25): any change asks the supervisor again.
  if (core::dropStaleApproval(m_data.cart) || m_data.cart.lines.empty()) m_data.supervisor.reset();
}

bool AppController::addProduct(const core::Product& product, std::int64_t quantity) {
  if (!m_data.user) return false;
  if (!product.active) {
    banner(BannerKind::Error, m_tr.format(T::ErrInactive, {product.name}));
    return false;
  }
  auto vendor = m_data.vendorIndex.find(product.vendorId);
  if (vendor == m_data.vendorIndex.end()) {
    banner(BannerKind::Error, m_tr.format(T::ErrInactive, {product.name}));
    return false;
  }
  if (!m_data.allowOversell) {
    auto level = m_data.stock.find(product.id);
    const std::int64_t onHand = level == m_data.stock.end() ? 0 : level->second.onHand;
    const std::int64_t left = onHand - core::quantityInCart(m_data.cart, product.id);
    if (left < quantity) {
      banner(BannerKind::Error, m_tr.format(T::ErrOutOfStock, {product.name, core::formatThousands(std::max<std::int64_t>(left, 0))}));
      return false;
    }
  }
  core::addToCart(m_data.cart, product, m_data.vendors[static_cast<std::size_t>(vendor->second)], quantity);
  m_ui.sell.cartScrollToEnd = 1;
  cartChanged();
  return true;
}

void AppController::handle(const act::Scan& a) {
  const std::string code = trimmed(a.code);
  if (code.empty()) return;
  const core::Product* p = m_data.index.findByCode(code);
  if (!p) return banner(BannerKind::Error, m_tr.format(T::ErrUnknownCode, {code}));
  addProduct(*p, 1);
}

void AppController::handle(const act::AddProduct& a) {
  if (const core::Product* p = m_data.index.findById(a.productId)) addProduct(*p, 1);
}

void AppController::handle(const act::ChangeQuantity& a) {
  if (a.line < 0 || static_cast<std::size_t>(a.line) >= m_data.cart.lines.size()) return;
  const core::CartLine& line = m_data.cart.lines[static_cast<std::size_t>(a.line)];
  handle(act::SetQuantity{a.line, line.quantity + a.delta});
}

void AppController::handle(const act::SetQuantity& a) {
  if (a.line < 0 || static_cast<std::size_t>(a.line) >= m_data.cart.lines.size()) return;
  core::CartLine& line = m_data.cart.lines[static_cast<std::size_t>(a.line)];
  if (a.quantity <= 0) return handle(act::RemoveLine{a.line});
  const std::int64_t more = a.quantity - line.quantity;
  if (a.quantity > core::kMaxQuantity) return banner(BannerKind::Error, m_tr.format(T::ErrQuantity, {core::formatThousands(core::kMaxQuantity)}));
  if (more > 0 && !m_data.allowOversell) {
    auto level = m_data.stock.find(line.productId);
    const std::int64_t onHand = level == m_data.stock.end() ? 0 : level->second.onHand;
    const std::int64_t left = onHand - core::quantityInCart(m_data.cart, line.productId);
    if (left < more)
      return banner(BannerKind::Error, m_tr.format(T::ErrOutOfStock, {line.name, core::formatThousands(std::max<std::int64_t>(left, 0))}));
  }
  line.quantity = a.quantity;
  cartChanged();
}

void AppController::handle(const act::RemoveLine& a) {
  if (a.line < 0 || static_cast<std::size_t>(a.line) >= m_data.cart.lines.size()) return;
  m_data.cart.lines.erase(m_data.cart.lines.begin() + a.line);
  m_ui.sell.modal = SellModal::None;
  cartChanged();
}

void AppController::handle(const act::SetDiscount& a) {
  if (a.line >= 0 && static_cast<std::size_t>(a.line) >= m_data.cart.lines.size()) return;
  core::Cart candidate = m_data.cart;
  if (a.line < 0) candidate.discount = a.discount;
  else candidate.lines[static_cast<std::size_t>(a.line)].discount = a.discount;
  if (auto ok = core::validateCart(candidate); !ok) return error(ok.error());
  // A discount beyond the cashier's limit waits for a supervisor's PIN (FEATURES.md).
  if (core::needsSupervisor(candidate, m_data.discountThresholdBp)) {
    m_pendingDiscount = a;
    m_ui.supervisor = SupervisorState{SupervisorPurpose::Discount, {}};
    return;
  }
  m_data.cart = std::move(candidate);
  m_ui.sell.modal = SellModal::None;
  cartChanged();
  m_data.supervisor.reset();
}

void AppController::handle(const act::ClearCart&) {
  m_data.cart = core::Cart{};
  m_data.tenders.clear();
  m_data.supervisor.reset();
  m_ui.sell.modal = SellModal::None;
  cartChanged();
}

void AppController::handle(const act::HoldCart&) {
  if (m_data.cart.lines.empty() || !m_data.user) return;
  const std::string label = m_tr.format(T::SellHeldLabel, {hhmm(m_data.now, m_data.event.tzOffsetMinutes), m_data.user->name});
  auto held = m_store->held().hold(m_data.cart, label);
  if (!held) return error(held.error());
  m_data.cart = core::Cart{};
  m_data.tenders.clear();
  cartChanged();
  loadHeld();
  success(m_tr(T::SellHeldDone));
}

void AppController::handle(const act::RecallCart& a) {
  if (!m_data.cart.lines.empty()) return banner(BannerKind::Error, m_tr(T::SellRecallBusy));
  auto cart = m_store->held().recall(a.id);
  if (!cart) return error(cart.error());
  m_data.cart = std::move(*cart);
  m_data.supervisor.reset();
  m_ui.sell.modal = SellModal::None;
  cartChanged();
  loadHeld();
}

// ---- Payment ---------------------------------------------------------------------------------

void AppController::replanQris() {
  const bool label = m_store->settings().get(core::settings::kQrisTerminalLabel) == "1";
  m_data.qris = planQris(m_data, label ? std::string_view(m_data.deviceCode) : std::string_view());
  updateQrTexture();
}

void AppController::updateQrTexture() {
  std::string payload;
  if (m_data.qris.current >= 0) payload = m_data.qris.steps[static_cast<std::size_t>(m_data.qris.current)].payload;
  if (payload == m_data.qrPayload) return;
  if (m_options.textures && m_data.qrTexture) m_options.textures->destroyTexture(m_data.qrTexture);
  m_data.qrTexture = nullptr;
  m_data.qrModules.clear();
  m_data.qrSize = 0;
  m_data.qrPayload = payload;
  if (payload.empty()) return;
  auto qr = encodeQr(payload);
  if (!qr) return error(qr.error());
  m_data.qrModules = qr->dark;
  m_data.qrSize = qr->size;
  if (m_options.textures) m_data.qrTexture = m_options.textures->createQrTexture(*qr, 4);
}

void AppController::handle(const act::OpenPayment&) {
  if (m_data.cart.lines.empty() || !m_data.user) return;
  if (core::needsSupervisor(m_data.cart, m_data.discountThresholdBp) && !core::currentApproval(m_data.cart)) {
    m_pendingDiscount.reset();
    m_ui.supervisor = SupervisorState{SupervisorPurpose::Discount, {}};
    return;
  }
  m_ui.payment = PaymentState{};
  m_ui.sell.modal = SellModal::None;
  replanQris();
  m_ui.screen = Screen::Payment;
}

void AppController::handle(const act::PayCash& a) {
  const Rupiah rest = remainingToPay(m_data);
  if (rest.idr() <= 0 || m_ui.screen != Screen::Payment) return;
  if (a.tendered.idr() == 0) m_data.tenders.push_back(core::Tender::cash(rest));
  else if (a.tendered >= rest) m_data.tenders.push_back(core::Tender::cash(rest, a.tendered));
  else m_data.tenders.push_back(core::Tender::cash(a.tendered, a.tendered));  // part in cash, the rest another way
  m_ui.payment.cashDigits.clear();
  commitIfPaid();
}

void AppController::handle(const act::AddReferenceTender& a) {
  const Rupiah rest = remainingToPay(m_data);
  if (rest.idr() <= 0 || m_ui.screen != Screen::Payment) return;
  const Rupiah amount = a.amount.idr() == 0 ? rest : a.amount;
  if (amount > rest) return banner(BannerKind::Error, m_tr.format(T::PayAmountTooHigh, {core::formatRupiah(rest)}));
  const std::string reference = trimmed(a.reference);
  if (reference.empty()) return info(T::PayReferenceNeeded);
  if (reference.size() > core::kMaxCodeLength * 2) return info(T::PayReferenceTooLong);
  m_data.tenders.push_back(core::Tender::withReference(a.method, amount, reference));
  m_ui.payment.reference.clear();
  m_ui.payment.amountDigits.clear();
  commitIfPaid();
}

void AppController::handle(const act::ConfirmQris&) {
  if (m_ui.screen != Screen::Payment || !m_data.user) return;
  if (m_data.qris.current < 0) {
    if (m_data.qris.problem != T::Count_) info(m_data.qris.problem);
    return;
  }
  const QrisStep& step = m_data.qris.steps[static_cast<std::size_t>(m_data.qris.current)];
  // Offline nothing proves a QRIS payment but the merchant's own notification: the cashier
  // confirms it, and the sale records who did (QRIS.md).
  m_data.tenders.push_back(core::Tender::qris(step.amount, step.account, step.vendorCode, m_data.user->name));
  commitIfPaid();
}

void AppController::handle(const act::RemoveTender& a) {
  if (a.index < 0 || static_cast<std::size_t>(a.index) >= m_data.tenders.size()) return;
  m_data.tenders.erase(m_data.tenders.begin() + a.index);
  replanQris();
}

void AppController::handle(const act::BackToSell&) {
  if (m_ui.screen == Screen::Payment) m_ui.screen = Screen::Sell;
}

void AppController::commitIfPaid() {
  if (remainingToPay(m_data).idr() > 0 || m_data.tenders.empty()) {
    replanQris();
    return;
  }
  core::SaleDraft draft{m_data.cart, m_data.tenders, *m_data.user};
  // P3: nothing says "paid" before this commit returned; on failure the payment screen stays,
  // with the error, and the last tender comes off so it can be taken again.
  auto sale = m_store->sales().commit(draft);
  if (!sale) {
    m_data.tenders.pop_back();
    replanQris();
    return error(sale.error());
  }
  for (const core::CartLine& l : m_data.cart.lines) {
    auto level = m_data.stock.find(l.productId);
    if (level != m_data.stock.end()) level->second.onHand -= l.quantity;
  }
  ++m_data.stockVersion;
  m_data.receiptChange = sale->change;
  m_data.receipt = std::move(*sale);
  m_data.receiptIsCopy = false;
  m_data.receiptPrints = 0;
  m_data.cart = core::Cart{};
  m_data.tenders.clear();
  m_data.supervisor.reset();
  m_data.totals = core::computeTotals(m_data.cart);
  replanQris();
  ++m_data.sync.pending;
  if (m_sync) m_sync->nudge();
  m_data.shift.reset();
  m_ui.payment = PaymentState{};
  m_ui.sell.scan.clear();
  m_ui.sell.query.clear();
  m_ui.screen = Screen::Receipt;
}

// ---- Supervisor ------------------------------------------------------------------------------

void AppController::handle(const act::SupervisorPin& a) {
  const SupervisorPurpose purpose = m_ui.supervisor.purpose;
  m_ui.supervisor.pin.clear();
  if (purpose == SupervisorPurpose::None) return;
  auto supervisor = m_store->staff().verifySupervisor(a.pin);
  if (!supervisor) {
    if (supervisor.error().code == core::Errc::LockedOut) m_ui.supervisor = SupervisorState{};
    return error(supervisor.error());
  }
  m_ui.supervisor = SupervisorState{};
  switch (purpose) {
    case SupervisorPurpose::Discount: {
      core::Cart candidate = m_data.cart;
      if (m_pendingDiscount) {
        if (m_pendingDiscount->line < 0) candidate.discount = m_pendingDiscount->discount;
        else if (static_cast<std::size_t>(m_pendingDiscount->line) < candidate.lines.size())
          candidate.lines[static_cast<std::size_t>(m_pendingDiscount->line)].discount = m_pendingDiscount->discount;
        m_pendingDiscount.reset();
        m_data.cart = std::move(candidate);
        core::approve(m_data.cart, *supervisor, core::approvalsNeeded(m_data.cart, m_data.discountThresholdBp));
        m_data.supervisor = *supervisor;
        m_ui.sell.modal = SellModal::None;
        cartChanged();
        m_data.supervisor = *supervisor;
        success(m_tr.format(T::SupApproved, {supervisor->name}));
      } else {
        // A recalled cart with a large discount: approved now, then on to payment.
        m_data.supervisor = *supervisor;
        core::approve(m_data.cart, *supervisor, core::approvalsNeeded(m_data.cart, m_data.discountThresholdBp));
        handle(act::OpenPayment{});
      }
      break;
    }
    case SupervisorPurpose::Refund: {
      if (!m_pendingRefund) break;
      core::RefundDraft draft = *m_pendingRefund;
      m_pendingRefund.reset();
      core::approve(draft, *supervisor);
      auto refund = m_store->sales().refund(draft);
      if (!refund) return error(refund.error());
      if (m_data.refundSale) {
        for (const core::RefundLine& rl : refund->lines) {
          if (!rl.restock || rl.lineNo < 1 || static_cast<std::size_t>(rl.lineNo) > m_data.refundSale->lines.size()) continue;
          const core::SaleLine& sl = m_data.refundSale->lines[static_cast<std::size_t>(rl.lineNo - 1)];
          if (const core::Product* p = m_data.index.findByCode(sl.sku)) {
            auto level = m_data.stock.find(p->id);
            if (level != m_data.stock.end()) level->second.onHand += rl.quantity;
          }
        }
        ++m_data.stockVersion;
        m_data.refundedQty = m_store->sales().refundedQuantities(m_data.refundSale->uuid);
        m_data.refundSaleVoided = refund->isVoid;
      }
      ++m_data.sync.pending;
      if (m_sync) m_sync->nudge();
      m_data.shift.reset();
      success(m_tr.format(refund->isVoid ? T::RefundVoidDone : T::RefundDone, {core::formatRupiah(refund->total), refund->receiptNo}));
      m_data.lastRefund = std::move(*refund);
      m_ui.refund.step = RefundStep::Done;
      loadRecentSales();
      break;
    }
    case SupervisorPurpose::ReturnToVendor: {
      if (!m_data.hasEvent || m_data.returnSlipVendorId == 0) break;
      std::int64_t units = 0;
      for (const core::ReturnSlipLine& l : m_data.returnSlip) {
        if (l.remaining <= 0) continue;
        auto ok = m_store->stock().returnToVendor(m_data.event.id, l.productId, l.remaining, *supervisor);
        if (!ok) {
          error(ok.error());
          break;
        }
        units += l.remaining;
      }
      loadStock();
      handle(act::LoadReturnSlip{m_data.returnSlipVendorId});
      if (units > 0) success(m_tr.format(T::SlipReturned, {core::formatThousands(units)}));
      break;
    }
    case SupervisorPurpose::None: break;
  }
}

void AppController::handle(const act::SupervisorCancel&) {
  m_ui.supervisor = SupervisorState{};
  m_pendingDiscount.reset();
  m_pendingRefund.reset();
}

// ---- Receipt ---------------------------------------------------------------------------------

core::ReceiptOptions AppController::receiptOptions(bool copy) const { return kiosk::receiptOptions(m_data, m_tr, copy); }

void AppController::submitJob(int kind, std::function<core::Result<std::string>()> job) {
  m_worker->submit(kind, std::move(job));
  m_data.jobsRunning = 1;
}

void AppController::print(std::string text, int kind) {
  if (m_data.printer.empty()) return banner(BannerKind::Error, m_tr(T::ErrNoPrinter));
  const std::string target = m_data.printer;
  std::string bytes = core::escposDocument(text);
  submitJob(kind, [target, bytes = std::move(bytes)]() -> core::Result<std::string> {
    if (auto ok = sendToPrinter(target, bytes); !ok) return ok.failure();
    return target;
  });
}

std::string AppController::documentsDir() const {
  if (!m_options.documentsDir.empty()) return m_options.documentsDir;
  const std::filesystem::path db(m_store->path());
  return (db.has_parent_path() ? db.parent_path() : std::filesystem::path(".")).string();
}

void AppController::savePdf(TextDocument doc, const std::string& fileName, int kind) {
  const std::string path = (std::filesystem::path(documentsDir()) / fileName).string();
  const std::string fonts = m_options.fontDir.empty() ? fontDirectory() : m_options.fontDir;
  submitJob(kind, [doc = std::move(doc), path, fonts]() -> core::Result<std::string> {
    if (auto ok = writePdf(path, doc, fonts); !ok) return ok.failure();
    return path;
  });
}

void AppController::handle(const act::PrintReceipt&) {
  if (!m_data.receipt) return;
  const bool copy = m_data.receiptIsCopy || m_data.receiptPrints > 0;
  print(core::renderReceipt(*m_data.receipt, receiptOptions(copy)), kJobPrint);
  ++m_data.receiptPrints;
}

void AppController::handle(const act::SaveReceiptPdf&) {
  if (!m_data.receipt) return;
  const bool copy = m_data.receiptIsCopy;
  TextDocument doc;
  doc.receiptPaper = true;
  doc.columns = m_data.receiptWidth;
  doc.lines = splitLines(core::renderReceipt(*m_data.receipt, receiptOptions(copy)));
  savePdf(std::move(doc), "receipts/" + safeName(m_data.receipt->receiptNo) + (copy ? "-copy" : "") + ".pdf", kJobPdf);
}

void AppController::handle(const act::NewSale&) {
  m_data.receipt.reset();
  m_data.receiptIsCopy = false;
  m_ui.sell = SellState{};
  if (m_data.user) m_ui.screen = Screen::Sell;
}

// ---- Refund ----------------------------------------------------------------------------------

void AppController::loadRefundSale(core::SaleRecord sale) {
  m_data.refundedQty = m_store->sales().refundedQuantities(sale.uuid);
  m_data.refundSaleVoided = false;
  for (const core::RefundRecord& r : m_store->sales().refundsOf(sale.uuid))
    if (r.isVoid) m_data.refundSaleVoided = true;
  m_ui.refund.quantity.assign(sale.lines.size(), 0);
  m_ui.refund.restock.assign(sale.lines.size(), true);
  m_ui.refund.isVoid = false;
  m_ui.refund.reason = 0;
  m_ui.refund.otherReason.clear();
  m_ui.refund.method = 0;
  m_ui.refund.step = RefundStep::Choose;
  m_data.lastRefund.reset();
  m_data.refundSale = std::move(sale);
}

void AppController::handle(const act::FindSale& a) {
  const std::string no = trimmed(a.receiptNo);
  if (no.empty()) return;
  auto sale = m_store->sales().byReceipt(no);
  if (!sale) return banner(BannerKind::Error, m_tr.format(T::ErrReceiptNotFound, {no}));
  m_ui.refund.query.clear();
  loadRefundSale(std::move(*sale));
}

void AppController::handle(const act::OpenSale& a) {
  auto sale = m_store->sales().byUuid(a.uuid);
  if (!sale) return error(sale.error());
  loadRefundSale(std::move(*sale));
}

void AppController::handle(const act::RequestRefund& a) {
  if (!m_data.refundSale || !m_data.user) return;
  core::RefundDraft draft;
  draft.saleUuid = m_data.refundSale->uuid;
  draft.lines = a.lines;
  draft.isVoid = a.isVoid;
  draft.reason = trimmed(a.reason);
  draft.method = a.method;
  draft.staff = *m_data.user;
  if (draft.reason.empty()) return info(T::RefundNeedReason);
  if (!draft.isVoid && draft.lines.empty()) return info(T::RefundNeedLines);
  m_pendingRefund = std::move(draft);
  m_ui.supervisor = SupervisorState{SupervisorPurpose::Refund, {}};
}

void AppController::handle(const act::PrintRefundSlip&) {
  if (!m_data.lastRefund || !m_data.refundSale) return;
  print(core::renderRefundSlip(*m_data.lastRefund, *m_data.refundSale, receiptOptions(false)), kJobPrint);
}

void AppController::handle(const act::SaveRefundPdf&) {
  if (!m_data.lastRefund || !m_data.refundSale) return;
  TextDocument doc;
  doc.receiptPaper = true;
  doc.columns = m_data.receiptWidth;
  doc.lines = splitLines(core::renderRefundSlip(*m_data.lastRefund, *m_data.refundSale, receiptOptions(false)));
  savePdf(std::move(doc), "receipts/" + safeName(m_data.refundSale->receiptNo) + "-refund-" + m_data.lastRefund->uuid.substr(0, 8) + ".pdf",
          kJobPdf);
}

void AppController::handle(const act::CloseSale&) {
  m_data.refundSale.reset();
  m_data.lastRefund.reset();
  m_data.refundedQty.clear();
  m_ui.refund = RefundState{};
  m_ui.refund.focusQuery = true;
  loadRecentSales();
}

// ---- Stock -----------------------------------------------------------------------------------

// After an intake or adjustment: reloads the levels, clears the form and names the product for the
// confirmation.
std::string AppController::stockChanged(std::int64_t productId) {
  loadStock();
  m_data.movementsProductId = 0;
  m_ui.stock.quantity.clear();
  m_ui.stock.note.clear();
  const core::Product* p = m_data.index.findById(productId);
  return p ? p->name : std::string();
}

void AppController::handle(const act::StockIntake& a) {
  if (!m_data.user || !m_data.hasEvent) return;
  if (a.quantity <= 0) return info(T::StockNeedQuantity);
  auto ok = m_store->stock().intake(m_data.event.id, a.productId, a.quantity, m_data.user->name, trimmed(a.note));
  if (!ok) return error(ok.error());
  success(m_tr.format(T::StockIntakeDone, {core::formatThousands(a.quantity), stockChanged(a.productId)}));
}

void AppController::handle(const act::StockAdjust& a) {
  if (!m_data.user || !m_data.hasEvent) return;
  if (a.delta == 0) return info(T::StockNeedQuantity);
  const std::string reason = trimmed(a.reason);
  if (reason.empty()) return info(T::StockNeedReason);
  auto ok = m_store->stock().adjust(m_data.event.id, a.productId, a.delta, reason, *m_data.user);
  if (!ok) return error(ok.error());
  success(m_tr.format(T::StockAdjustDone, {(a.delta > 0 ? "+" : "") + core::formatThousands(a.delta), stockChanged(a.productId)}));
}

void AppController::handle(const act::LoadReturnSlip& a) {
  if (!m_data.hasEvent) return;
  auto v = m_data.vendorIndex.find(a.vendorId);
  if (v == m_data.vendorIndex.end()) return;
  m_data.returnSlip = m_store->stock().returnSlip(m_data.event.id, m_data.vendors[static_cast<std::size_t>(v->second)].code);
  m_data.returnSlipVendorId = a.vendorId;
  m_ui.stock.returnVendorId = a.vendorId;
}

std::vector<std::string> AppController::returnSlipText(std::size_t width) const {
  std::vector<std::string> out;
  auto v = m_data.vendorIndex.find(m_data.returnSlipVendorId);
  if (v == m_data.vendorIndex.end()) return out;
  const core::Vendor& vendor = m_data.vendors[static_cast<std::size_t>(v->second)];
  // A wide page has the name beside six numbers; thermal paper puts the numbers under the name.
  const bool wide = width >= 60;
  const std::size_t num = wide ? 7 : width / 6;
  const std::size_t nameW = wide ? width - 6 * num : width;
  auto numbers = [&](const std::array<std::string, 6>& cells) {
    std::string line;
    for (const std::string& c : cells) line += fit(c, num, true);
    return line;
  };
  const std::array<std::string, 6> heads = {m_tr(T::SlipBrought), m_tr(T::SlipSold), m_tr(T::SlipRefunded),
                                            m_tr(T::SlipAdjusted), m_tr(T::SlipColReturned), m_tr(T::SlipRemaining)};
  out.push_back(m_data.event.name);
  out.push_back(m_tr.format(T::SlipVendorLine, {vendor.name, vendor.code, vendor.owner}));
  out.push_back(m_tr.format(T::SlipPrintedAt, {core::localDateTime(m_data.now, m_data.event.tzOffsetMinutes)}));
  out.emplace_back();
  if (wide) out.push_back(fit(m_tr(T::SlipProduct), nameW) + numbers(heads));
  else {
    out.push_back(m_tr(T::SlipProduct));
    out.push_back(numbers(heads));
  }
  out.push_back(std::string(width, '-'));
  std::int64_t brought = 0, sold = 0, remaining = 0;
  for (const core::ReturnSlipLine& l : m_data.returnSlip) {
    const std::array<std::string, 6> cells = {std::to_string(l.brought),  std::to_string(l.sold),     std::to_string(l.refunded),
                                              std::to_string(l.adjusted), std::to_string(l.returned), std::to_string(l.remaining)};
    if (wide) {
      out.push_back(fit(l.name, nameW - 1) + " " + numbers(cells));
    } else {
      out.push_back(fit(l.name, nameW));
      out.push_back(numbers(cells));
    }
    brought += l.brought;
    sold += l.sold;
    remaining += l.remaining;
  }
  out.push_back(std::string(width, '-'));
  out.push_back(m_tr.format(T::SlipTotals, {core::formatThousands(brought), core::formatThousands(sold), core::formatThousands(remaining)}));
  out.emplace_back();
  out.emplace_back();
  const std::size_t half = width / 2;
  out.push_back(fit(m_tr(T::SlipHandedBy), half) + m_tr(T::SlipReceivedBy));
  out.emplace_back();
  out.emplace_back();
  const std::string blank = "(" + std::string(half > 6 ? half - 4 : 2, '_') + ")";
  out.push_back(fit(blank, half) + blank);
  return out;
}

void AppController::handle(const act::PrintReturnSlip&) {
  if (m_data.returnSlipVendorId == 0) return;
  std::string text;
  for (const std::string& l : returnSlipText(static_cast<std::size_t>(m_data.receiptWidth))) text += l + "\n";
  print(std::move(text), kJobPrint);
}

void AppController::handle(const act::SaveReturnSlipPdf&) {
  if (m_data.returnSlipVendorId == 0) return;
  auto v = m_data.vendorIndex.find(m_data.returnSlipVendorId);
  if (v == m_data.vendorIndex.end()) return;
  const core::Vendor& vendor = m_data.vendors[static_cast<std::size_t>(v->second)];
  TextDocument doc;
  doc.title = m_tr(T::SlipTitle);
  doc.subtitle = vendor.name;
  doc.lines = returnSlipText(72);
  savePdf(std::move(doc),
          "slips/" + safeName(m_data.event.code) + "-" + safeName(vendor.code) + "-" +
              core::businessDate(m_data.now, m_data.event.tzOffsetMinutes, m_data.event.cutoffHour) + ".pdf",
          kJobPdf);
}

void AppController::handle(const act::RequestReturnToVendor&) {
  if (m_data.returnSlipVendorId == 0) return;
  bool any = false;
  for (const core::ReturnSlipLine& l : m_data.returnSlip) any = any || l.remaining > 0;
  if (!any) return info(T::SlipNothingLeft);
  m_ui.supervisor = SupervisorState{SupervisorPurpose::ReturnToVendor, {}};
}

// ---- Shift -----------------------------------------------------------------------------------

void AppController::handle(const act::OpenShift& a) {
  if (!m_data.user) return;
  auto opened = m_store->shifts().open(a.openingFloat, *m_data.user);
  if (!opened) return error(opened.error());
  m_data.closedShift.reset();
  m_ui.shift = ShiftUiState{};
  loadShift();
  success(m_tr.format(T::ShiftOpened, {core::formatRupiah(a.openingFloat)}));
}

void AppController::handle(const act::MoveCash& a) {
  if (!m_data.user) return;
  if (a.amount.idr() <= 0) return info(T::ShiftNeedAmount);
  if (trimmed(a.reason).empty()) return info(T::ShiftNeedReason);
  auto ok = m_store->shifts().moveCash(a.in, a.amount, trimmed(a.reason), *m_data.user);
  if (!ok) return error(ok.error());
  m_ui.shift.cashDigits.clear();
  m_ui.shift.cashReason.clear();
  loadShift();
  success(m_tr.format(a.in ? T::ShiftCashInDone : T::ShiftCashOutDone, {core::formatRupiah(a.amount)}));
}

void AppController::handle(const act::CloseShift& a) {
  if (!m_data.user) return;
  auto closed = m_store->shifts().close(a.counts, *m_data.user);
  if (!closed) return error(closed.error());
  m_data.closedShift = std::move(*closed);
  m_data.shift.reset();
  m_data.cashMoves.clear();
  m_ui.shift = ShiftUiState{};
  m_ui.shift.mode = ShiftMode::Closed;
  ++m_data.sync.pending;
  if (m_sync) m_sync->nudge();
  success(m_tr(T::ShiftClosedDone));
}

std::vector<std::string> AppController::shiftReportText(const core::ShiftRecord& r, std::size_t width, bool heading) const {
  const int tz = m_data.event.tzOffsetMinutes;
  std::vector<std::string> out;
  if (heading) {
    out.push_back(m_tr(T::ShiftReportTitle));
    out.push_back(m_data.event.name);
    out.push_back(std::string(width, '-'));
  }
  auto when = [&](T label, core::EpochMs at, const std::string& who) {
    const std::string stamp = core::localDateTime(at, tz) + " " + core::zoneName(tz);
    if (width >= 48) {
      out.push_back(leftRight(m_tr(label), stamp + " · " + who, width));
    } else {
      out.push_back(leftRight(m_tr(label), stamp, width));
      out.push_back(leftRight("", who, width));
    }
  };
  when(T::ShiftOpenedAt, r.openedAt, r.openedBy);
  when(T::ShiftClosedAt, r.closedAt, r.closedBy);
  out.push_back(leftRight(m_tr(T::ShiftSalesCount), std::to_string(r.salesCount), width));
  out.push_back(std::string(width, '-'));
  out.push_back(leftRight(m_tr(T::ShiftFloat), core::formatRupiah(r.openingFloat), width));
  out.push_back(leftRight(m_tr(T::ShiftCashSales), core::formatRupiah(r.cashSales), width));
  out.push_back(leftRight(m_tr(T::ShiftCashRefunds), core::formatRupiah(-r.cashRefunds), width));
  out.push_back(leftRight(m_tr(T::ShiftCashIn), core::formatRupiah(r.cashIn), width));
  out.push_back(leftRight(m_tr(T::ShiftCashOut), core::formatRupiah(-r.cashOut), width));
  out.push_back(leftRight(m_tr(T::ShiftExpected), core::formatRupiah(r.expectedCash), width));
  out.push_back(leftRight(m_tr(T::ShiftCounted), core::formatRupiah(r.countedCash), width));
  out.push_back(leftRight(m_tr(T::ShiftVariance), core::formatRupiah(r.variance), width));
  out.push_back(std::string(width, '-'));
  out.push_back(m_tr(T::ShiftCountTitle));
  for (const auto& [denomination, pieces] : r.counts)
    if (pieces > 0)
      out.push_back(leftRight(fmt::format("{} x {}", core::formatRupiah(Rupiah(denomination)), pieces),
                              core::formatRupiah(Rupiah(denomination) * pieces), width));
  out.push_back(std::string(width, '-'));
  out.push_back(m_tr(T::ShiftByMethod));
  for (core::PaymentMethod m : core::kAllPaymentMethods) {
    auto it = r.totalsByMethod.find(std::string(core::toString(m)));
    out.push_back(leftRight(methodName(m, m_tr), core::formatRupiah(Rupiah(it == r.totalsByMethod.end() ? 0 : it->second)), width));
  }
  return out;
}

void AppController::handle(const act::PrintShiftReport&) {
  if (!m_data.closedShift) return;
  std::string text;
  for (const std::string& l : shiftReportText(*m_data.closedShift, static_cast<std::size_t>(m_data.receiptWidth), true)) text += l + "\n";
  print(std::move(text), kJobPrint);
}

void AppController::handle(const act::SaveShiftPdf&) {
  if (!m_data.closedShift) return;
  TextDocument doc;
  doc.title = m_tr(T::ShiftReportTitle);
  doc.subtitle = m_data.event.name;
  doc.lines = shiftReportText(*m_data.closedShift, 56, false);
  savePdf(std::move(doc), "shifts/shift-" + core::businessDate(m_data.closedShift->closedAt, m_data.event.tzOffsetMinutes, m_data.event.cutoffHour) +
                              "-" + m_data.closedShift->uuid.substr(0, 8) + ".pdf",
          kJobPdf);
}

void AppController::handle(const act::RefreshShift&) { loadShift(); }

// ---- Today -----------------------------------------------------------------------------------

void AppController::handle(const act::RefreshToday&) {
  loadToday();
  refreshSyncStatus();
}

void AppController::handle(const act::ReprintSale& a) {
  auto sale = m_store->sales().byUuid(a.uuid);
  if (!sale) return error(sale.error());
  m_data.receipt = std::move(*sale);
  m_data.receiptIsCopy = true;
  m_data.receiptPrints = 0;
  m_data.receiptChange = Rupiah{};
  m_ui.screen = Screen::Receipt;
}

// ---- Settings --------------------------------------------------------------------------------

void AppController::handle(const act::SetLanguage& a) {
  auto ok = m_store->settings().set(core::settings::kLanguage, languageCode(a.language));
  if (!ok) return error(ok.error());
  setLanguage(a.language);
  replanQris();
  success(m_tr(T::SettingsSaved));
}

void AppController::handle(const act::SaveSettings& a) {
  const std::string printer = trimmed(a.printer);
  if (printer.size() > 500) return info(T::SettingsPrinterHint);
  if (auto ok = m_store->settings().set(core::settings::kPrinter, printer); !ok) return error(ok.error());
  if (auto ok = m_store->settings().set(core::settings::kReceiptWidth, a.width == 48 ? "48" : "32"); !ok) return error(ok.error());
  loadSettings();
  success(m_tr(T::SettingsSaved));
}

void AppController::handle(const act::TestPrint&) {
  const auto width = static_cast<std::size_t>(m_data.receiptWidth);
  std::string text = m_tr(T::SettingsTestPrintText) + "\n" + std::string(width, '-') + "\n" + m_data.event.name + "\n" +
                     core::localDateTime(m_data.now, m_data.event.tzOffsetMinutes) + "\n" + std::string(width, '=') + "\n";
  print(std::move(text), kJobPrint);
}

}  // namespace pameran::kiosk
