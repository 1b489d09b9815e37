#include "pameran/kiosk/features/session_controller.hpp"

namespace pameran::kiosk {

SessionController::SessionController(Session& session) : m_session(session) { loadStaff(); }

void SessionController::loadStaff() {
  m_data.staff = m_session.store().staff().list();
  m_data.lockout = m_session.store().staff().lockout();
  m_lockoutCheckedAt = m_session.now();
}

bool SessionController::refresh() {
  // The lockout counts down on the login screen; read it once a second, not every frame.
  if (m_session.ui().screen != Screen::Login || m_session.now() - m_lockoutCheckedAt < 1000) return false;
  const core::LockoutStatus before = m_data.lockout;
  m_data.lockout = m_session.store().staff().lockout();
  m_lockoutCheckedAt = m_session.now();
  return before.locked != m_data.lockout.locked || before.secondsLeft != m_data.lockout.secondsLeft;
}

core::EpochMs SessionController::msUntilTimedChange(core::EpochMs cap) const {
  return m_session.ui().screen == Screen::Login && m_data.lockout.locked ? std::min<core::EpochMs>(cap, 1000) : cap;
}

void SessionController::handle(const act::Navigate& a) { m_session.goTo(a.to); }

void SessionController::handle(const act::Quit&) { m_session.ui().quit = true; }

void SessionController::handle(const act::Login& a) {
  UiState& ui = m_session.ui();
  ui.login.pin.clear();
  if (!m_session.catalog().hasEvent) return m_session.info(T::LoginNoEvent);
  core::Store& store = m_session.store();
  auto staff = store.staff().login(a.pin);
  m_data.lockout = store.staff().lockout();
  m_lockoutCheckedAt = m_session.now();
  if (!staff) return m_session.error(staff.error());
  if (a.pickedStaffId != 0 && staff->id != a.pickedStaffId) {
    ui.login.pickedStaffId = 0;
    return m_session.banner(BannerKind::Error, m_session.tr()(T::LoginNotPicked));
  }
  m_session.data().user = *staff;
  ui.login = LoginState{};
  // DESIGN.md: if no shift is open, one opens with the configured default float, as Moka does.
  if (!store.shifts().current()) {
    const core::Rupiah openingFloat = m_session.device().defaultFloat;
    auto opened = store.shifts().open(openingFloat, *staff);
    if (opened) m_session.success(m_session.tr().format(T::LoginShiftOpened, {staff->name, core::formatRupiah(openingFloat)}));
    else if (opened.error().code != core::Errc::Conflict) m_session.error(opened.error());
  } else {
    m_session.success(m_session.tr().format(T::LoginWelcome, {staff->name}));
  }
  m_session.goTo(m_session.data().receipt ? Screen::Receipt : Screen::Sell);
}

void SessionController::handle(const act::SwitchUser&) {
  m_session.ui().login = LoginState{};
  m_session.signOut();
  loadStaff();
}

void SessionController::handle(const act::DismissBanner&) { m_session.ui().banner = Banner{}; }

void SessionController::handle(const act::DismissCatalogNotice&) { m_session.data().catalogChanges = core::CatalogChanges{}; }

void SessionController::handle(const act::SupervisorPin& a) {
  UiState& ui = m_session.ui();
  ui.supervisor.pin.clear();
  if (ui.supervisor.purpose == SupervisorPurpose::None) return;
  auto supervisor = m_session.store().staff().verifySupervisor(a.pin);
  if (!supervisor) {
    if (supervisor.error().code == core::Errc::LockedOut) m_session.cancelApproval();
    return m_session.error(supervisor.error());
  }
  if (auto approved = m_session.takeApproval()) approved(*supervisor);
}

void SessionController::handle(const act::SupervisorCancel&) { m_session.cancelApproval(); }

}  // namespace pameran::kiosk
