// First boot (setup.hpp): enrollment on a worker thread, the first staff, then hand-over.
#include <mutex>
#include <thread>

#include "pameran/kiosk/setup.hpp"

namespace pameran::kiosk {

// The enrollment in flight: a network exchange of up to a few seconds, never on the UI thread.
struct SetupController::Worker {
  std::thread thread;
  std::mutex mutex;
  std::optional<core::Result<EnrollOutcome>> result;

  ~Worker() {
    if (thread.joinable()) thread.join();
  }
};

bool needsSetup(const core::Store& store) { return !store.catalog().currentEvent() || store.staff().list().empty(); }

SetupController::SetupController(core::Store& store, SetupOptions options) : m_store(store), m_options(std::move(options)) {
  Language lang = Language::Id;
  if (m_options.language) lang = *m_options.language;
  else if (auto saved = parseLanguage(m_store.settings().get(core::settings::kLanguage))) lang = *saved;
  m_tr = Translator::builtIn(lang);
  m_state.server = m_options.server;
  reload();
  note(m_step == SetupStep::Enroll ? "first boot: this kiosk has no event; asking for an enrollment code"
                                   : "first boot: this kiosk has no staff; asking for the first staff member");
}

SetupController::~SetupController() = default;

void SetupController::note(const std::string& line) const {
  if (m_options.log) m_options.log(line);
}

void SetupController::reload() {
  auto event = m_store.catalog().currentEvent();
  m_event = event ? std::optional<core::Event>(*event) : std::nullopt;
  m_staff = m_store.staff().list();
  if (m_step == SetupStep::Done) return;
  m_step = m_event ? SetupStep::Staff : SetupStep::Enroll;
  if (m_step == SetupStep::Staff && m_state.staffName.empty() && m_staff.empty()) m_state.focusName = true;
}

bool SetupController::refresh() {
  if (!m_worker) return false;
  std::optional<core::Result<EnrollOutcome>> result;
  {
    std::lock_guard<std::mutex> lock(m_worker->mutex);
    result.swap(m_worker->result);
  }
  if (!result) return false;
  m_worker.reset();  // joins the finished thread
  if (*result) {
    m_status = m_tr.format(T::SetupEnrolled, {(*result)->deviceCode, (*result)->eventName});
    m_statusTone = Tone::Good;
    m_state.code.clear();
    note("enrolled with " + m_state.server + " as device " + (*result)->deviceCode + " for " + (*result)->eventName);
  } else {
    m_status = m_tr.format(T::SetupEnrollFailed, {result->error().message});
    m_statusTone = Tone::Bad;
    m_state.focusCode = true;
    note("enrollment with " + m_state.server + " failed: " + result->error().message);
  }
  // An enrollment that failed after the event arrived (a catalog pull cut short) still moves on:
  // the background sync pulls the catalog again.
  reload();
  if (m_step == SetupStep::Staff && !m_staff.empty()) m_step = SetupStep::Done;
  return true;
}

void SetupController::applyFrameActions() {
  for (const SetupAction& a : std::exchange(m_actions, {})) apply(a);
}

void SetupController::apply(const SetupAction& action) {
  if (const auto* a = std::get_if<setup_act::Enroll>(&action)) {
    if (m_worker || m_step != SetupStep::Enroll || !m_options.enroll) return;
    m_state.server = a->server;
    m_status = m_tr(T::SetupEnrolling);
    m_statusTone = Tone::Neutral;
    note("enrolling with " + a->server);
    m_worker = std::make_unique<Worker>();
    Worker* w = m_worker.get();
    m_worker->thread = std::thread([w, enroll = m_options.enroll, wake = m_options.wake, server = a->server, code = a->code] {
      core::Result<EnrollOutcome> r = enroll(server, code);
      {
        std::lock_guard<std::mutex> lock(w->mutex);
        w->result.emplace(std::move(r));
      }
      if (wake) wake();
    });
  } else if (const auto* add = std::get_if<setup_act::AddStaff>(&action)) {
    if (m_step != SetupStep::Staff) return;
    if (add->pin != add->pinAgain) {
      m_status = m_tr(T::SetupPinMismatch);
      m_statusTone = Tone::Bad;
      m_state.pin.clear();
      m_state.pinAgain.clear();
      return;
    }
    auto staff = m_store.staff().add(add->name, add->role, add->pin);
    if (!staff) {
      m_status = staff.error().message;
      m_statusTone = Tone::Bad;
      return;
    }
    m_status = m_tr.format(T::SetupStaffAdded, {staff->name});
    m_statusTone = Tone::Good;
    note("staff added: " + staff->name + " (" + std::string(core::toString(staff->role)) + ")");
    m_state.staffName.clear();
    m_state.pin.clear();
    m_state.pinAgain.clear();
    m_state.role = core::Role::Cashier;
    m_state.focusName = true;
    reload();
  } else if (std::holds_alternative<setup_act::Finish>(action)) {
    reload();
    if (m_event && !m_staff.empty()) {
      m_step = SetupStep::Done;
      note("set up: " + std::to_string(m_staff.size()) + " staff; opening the login");
    }
  } else if (std::holds_alternative<setup_act::Quit>(action)) {
    m_quit = true;
  }
}

SetupVm SetupController::viewModel() const {
  SetupVm vm;
  vm.step = m_step;
  vm.database = m_tr.format(T::SetupDatabase, {m_options.dbPath});
  vm.terminalHint = m_tr.format(T::SetupTerminalHint, {m_options.dbPath});
  vm.busy = m_worker != nullptr;
  vm.status = m_status;
  vm.statusTone = m_statusTone;
  vm.canEnroll = !vm.busy && m_step == SetupStep::Enroll && !m_state.code.empty() &&
                 (m_state.server.starts_with("https://") || m_state.server.starts_with("http://"));
  if (m_step == SetupStep::Enroll && !vm.busy && m_status.empty() && !m_state.code.empty() && !vm.canEnroll)
    vm.status = m_tr(T::SetupNeedServer);
  if (m_event) vm.eventName = m_event->name;
  for (const core::Staff& s : m_staff)
    vm.staff.push_back(s.name + ": " +
                       m_tr(s.role == core::Role::Supervisor ? T::RoleSupervisor : s.role == core::Role::Organizer ? T::RoleOrganizer : T::RoleCashier));
  vm.canAddStaff = m_step == SetupStep::Staff && !m_state.staffName.empty() && m_state.pin.size() >= 4 && !m_state.pinAgain.empty();
  vm.canFinish = m_step == SetupStep::Staff && !m_staff.empty();
  return vm;
}

}  // namespace pameran::kiosk
