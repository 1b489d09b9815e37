#pragma once
// First boot: a kiosk with no event (a new or missing database) or with nobody to log in shows
// this screen instead of the login. It enrolls with the event's server using only the one-time
// code (the server address comes from /etc/pameran/kiosk.toml, or is typed once), then takes the
// first staff members and their PINs, then hands over to the AppController. The same split as the
// other screens: a state struct, a pure view model, a draw function that only emits actions, and
// a controller that applies them after the frame.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "pameran/core/domain.hpp"
#include "pameran/core/store.hpp"
#include "pameran/kiosk/text.hpp"
#include "pameran/kiosk/view_models.hpp"

namespace pameran::kiosk {

struct EnrollOutcome {
  std::string deviceCode;
  std::string eventName;
};

/// Enrolls the kiosk with `server` using `code` (sync::enroll, made by the executable, which links
/// the sync client). Called on a worker thread: it opens its own connection to the database.
using EnrollFunction = std::function<core::Result<EnrollOutcome>(const std::string& server, const std::string& code)>;

struct SetupOptions {
  std::string dbPath;                 // shown, and in the terminal hint
  std::string server;                 // from kiosk.toml; empty: typed on the screen
  std::optional<Language> language;   // --lang or kiosk.toml; otherwise the saved choice
  EnrollFunction enroll;
  std::function<void()> wake;         // called from the worker thread when enrollment ended
  std::function<void(const std::string&)> log;  // one line per step (never a code or a PIN)
};

enum class SetupStep { Enroll, Staff, Done };

struct SetupState {
  std::string server;
  std::string code;
  std::string staffName;
  std::string pin;
  std::string pinAgain;
  core::Role role = core::Role::Supervisor;
  bool focusCode = true;              // put the cursor in the code field (a scanner types there)
  bool focusName = false;
};

struct SetupVm {
  SetupStep step = SetupStep::Enroll;
  std::string database;               // "Database: PATH"
  std::string terminalHint;
  bool busy = false;                  // enrollment in flight
  bool canEnroll = false;
  std::string status;                 // the last outcome
  Tone statusTone = Tone::Neutral;
  std::string eventName;
  std::vector<std::string> staff;     // "Name: Role"
  bool canAddStaff = false;
  bool canFinish = false;
};

namespace setup_act {
struct Enroll {
  std::string server, code;
};
struct AddStaff {
  std::string name;
  core::Role role = core::Role::Supervisor;
  std::string pin, pinAgain;
};
struct Finish {};
struct Quit {};
}  // namespace setup_act
using SetupAction = std::variant<setup_act::Enroll, setup_act::AddStaff, setup_act::Finish, setup_act::Quit>;

/// True when the window must set the kiosk up first: no current event, or no staff to log in.
bool needsSetup(const core::Store& store);

class SetupController {
 public:
  SetupController(core::Store& store, SetupOptions options);
  ~SetupController();  // waits for an enrollment in flight
  SetupController(const SetupController&) = delete;
  SetupController& operator=(const SetupController&) = delete;

  /// Before a frame: takes a finished enrollment. Returns true when the screen changed.
  bool refresh();
  /// After the frame: applies the actions it emitted, in order.
  void applyFrameActions();
  void apply(const SetupAction& action);

  SetupState& state() { return m_state; }
  const Translator& tr() const { return m_tr; }
  std::vector<SetupAction>& actions() { return m_actions; }
  SetupVm viewModel() const;
  /// The kiosk has an event and staff, and "Start selling" was pressed.
  bool isDone() const { return m_step == SetupStep::Done; }
  bool wantsQuit() const { return m_quit; }

 private:
  struct Worker;
  void reload();
  void note(const std::string& line) const;

  core::Store& m_store;
  SetupOptions m_options;
  Translator m_tr;
  SetupState m_state;
  std::vector<SetupAction> m_actions;
  SetupStep m_step = SetupStep::Enroll;
  std::optional<core::Event> m_event;
  std::vector<core::Staff> m_staff;
  std::string m_status;
  Tone m_statusTone = Tone::Neutral;
  bool m_quit = false;
  std::unique_ptr<Worker> m_worker;
};

/// Draws one first-boot frame (the whole window) between ImGui::NewFrame() and ImGui::Render().
void drawSetupFrame(SetupController& setup);

}  // namespace pameran::kiosk
