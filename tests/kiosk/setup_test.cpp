// First boot (setup.hpp): a kiosk with a missing database says how to enroll, enrolls with only
// the code against a real server on loopback, takes its first staff, and then sells. Headless
// ImGui frames driven as a person (or a barcode scanner) does.
#include <gtest/gtest.h>

#include <thread>

#include "../sync/client/client_fixtures.hpp"
#include "kiosk_fixtures.hpp"
#include "pameran/kiosk/setup.hpp"

namespace pameran::kiosk {
namespace {

using namespace std::chrono_literals;
using sync::testing::LoopbackServer;
using testing::Headless;

class FirstBoot : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = testing::uniqueDir("setup");
    m_db = (m_dir / "kiosk.db").string();
  }
  void TearDown() override {
    m_setup.reset();
    m_store.reset();
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
  }
  /// The window's start: the database is opened (made when missing) and the setup takes over.
  SetupController& start(const std::string& server, std::optional<Language> lang = Language::En) {
    auto store = core::Store::open(m_db);
    EXPECT_TRUE(store);
    m_store = std::move(*store);
    EXPECT_TRUE(needsSetup(*m_store));
    SetupOptions o;
    o.dbPath = m_db;
    o.server = server;
    o.language = lang;
    o.log = [this](const std::string& line) { m_log += line + "\n"; };
    o.enroll = [db = m_db](const std::string& url, const std::string& code) -> core::Result<EnrollOutcome> {
      auto own = core::Store::open(db);
      if (!own) return own.failure();
      auto answer = sync::enroll(**own, url, code, "Kios Uji");
      if (!answer) return answer.failure();
      return EnrollOutcome{answer->deviceCode, answer->event.name};
    };
    m_setup = std::make_unique<SetupController>(*m_store, o);
    return *m_setup;
  }
  Headless ui() {
    return Headless([this] { m_setup->refresh(); }, [this] { drawSetupFrame(*m_setup); }, [this] { m_setup->applyFrameActions(); });
  }
  /// Frames until the enrollment in flight has ended.
  void waitForEnrollment(Headless& ui) {
    for (int i = 0; i < 1000 && m_setup->viewModel().busy; ++i) {
      std::this_thread::sleep_for(5ms);
      ui.frame();
    }
    ASSERT_FALSE(m_setup->viewModel().busy);
    ui.frame();
  }

  std::filesystem::path m_dir;
  std::string m_db;
  std::string m_log;
  std::unique_ptr<core::Store> m_store;
  std::unique_ptr<SetupController> m_setup;
};

TEST_F(FirstBoot, AMissingDatabaseOpensOnHowToEnroll) {
  ASSERT_FALSE(std::filesystem::exists(m_db));
  SetupController& setup = start("", Language::Id);
  Headless ui = this->ui();
  const SetupVm vm = setup.viewModel();
  EXPECT_EQ(vm.step, SetupStep::Enroll);
  EXPECT_NE(vm.terminalHint.find("pameran-kiosk enroll --db " + m_db + " --server URL --code KODE"), std::string::npos) << vm.terminalHint;
  EXPECT_NE(vm.database.find(m_db), std::string::npos);
  EXPECT_TRUE(ui.visible("setup-server"));
  EXPECT_TRUE(ui.visible("setup-code"));
  EXPECT_FALSE(ui.rect("setup-enroll").enabled) << "nothing to enroll with yet";
  EXPECT_NE(m_log.find("no event"), std::string::npos);
}

TEST_F(FirstBoot, TheCodeIsAllThatIsTypedWhenTheServerIsConfigured) {
  LoopbackServer server((m_dir / "server.db").string());
  const std::string code = server.enrollmentCode();
  SetupController& setup = start(server.url());
  Headless ui = this->ui();
  // A scanner types the code into the focused code field and ends with Enter.
  ui.type(code);
  EXPECT_EQ(setup.state().code, code);
  ui.frame();
  EXPECT_TRUE(ui.rect("setup-enroll").enabled);
  ui.press(keys::kEnter);
  waitForEnrollment(ui);
  const SetupVm vm = setup.viewModel();
  EXPECT_EQ(vm.step, SetupStep::Staff) << vm.status;
  EXPECT_EQ(vm.statusTone, Tone::Good);
  EXPECT_NE(vm.status.find("Enrolled as K"), std::string::npos) << vm.status;
  EXPECT_EQ(m_store->catalog().currentEvent()->code, sync::testing::kEventCode);
  EXPECT_GT(m_store->catalog().products(m_store->catalog().currentEvent()->id).size(), 150u);
  EXPECT_EQ(m_store->settings().device().serverUrl, server.url());
  EXPECT_EQ(m_log.find(code), std::string::npos) << "the enrollment code never reaches the log";
  EXPECT_EQ(m_log.find(m_store->settings().device().token), std::string::npos);
}

TEST_F(FirstBoot, AWrongCodeSaysWhyAndTheKioskStaysAsItWas) {
  LoopbackServer server((m_dir / "server.db").string());
  SetupController& setup = start(server.url());
  Headless ui = this->ui();
  ui.type("WXYZ-WXYZ-WXYZ");
  ui.press(keys::kEnter);
  waitForEnrollment(ui);
  const SetupVm vm = setup.viewModel();
  EXPECT_EQ(vm.step, SetupStep::Enroll);
  EXPECT_EQ(vm.statusTone, Tone::Bad);
  EXPECT_NE(vm.status.find("Enrollment failed"), std::string::npos) << vm.status;
  EXPECT_FALSE(m_store->catalog().currentEvent());
  EXPECT_TRUE(m_store->settings().device().token.empty());
}

TEST_F(FirstBoot, AnUnreachableServerSaysSo) {
  SetupController& setup = start("http://127.0.0.1:9");
  Headless ui = this->ui();
  ui.type("ABCD-EFGH-JKMN");
  ui.press(keys::kEnter);
  waitForEnrollment(ui);
  EXPECT_NE(setup.viewModel().status.find("cannot reach the server"), std::string::npos) << setup.viewModel().status;
  EXPECT_EQ(setup.viewModel().step, SetupStep::Enroll);
}

TEST_F(FirstBoot, WithoutAConfiguredServerItIsTypedOnce) {
  LoopbackServer server((m_dir / "server.db").string());
  SetupController& setup = start("");
  Headless ui = this->ui();
  ui.type(server.enrollmentCode());
  EXPECT_FALSE(ui.rect("setup-enroll").enabled);
  EXPECT_NE(setup.viewModel().status.find("server address"), std::string::npos);
  ui.tap("setup-server");
  ui.type(server.url());
  ui.tap("setup-enroll");
  waitForEnrollment(ui);
  EXPECT_EQ(setup.viewModel().step, SetupStep::Staff) << setup.viewModel().status;
}

TEST_F(FirstBoot, TheFirstStaffAreAddedAndThenTheKioskSells) {
  LoopbackServer server((m_dir / "server.db").string());
  SetupController& setup = start(server.url());
  Headless ui = this->ui();
  ui.type(server.enrollmentCode());
  ui.press(keys::kEnter);
  waitForEnrollment(ui);
  ASSERT_EQ(setup.viewModel().step, SetupStep::Staff);
  EXPECT_FALSE(ui.rect("setup-start").enabled) << "nobody could log in yet";

  // The name field has the cursor; PINs that differ are refused and nothing is added.
  ui.type("Ibu Sari");
  ui.tap("setup-pin");
  ui.type("975313");
  ui.tap("setup-pin-again");
  ui.type("2469");
  ui.tap("setup-add");
  EXPECT_EQ(setup.viewModel().statusTone, Tone::Bad);
  EXPECT_TRUE(m_store->staff().list().empty());
  ui.tap("setup-pin");
  ui.type("975313");
  ui.tap("setup-pin-again");
  ui.type("975313");
  ui.press(keys::kEnter);
  ASSERT_EQ(m_store->staff().list().size(), 1u) << setup.viewModel().status;
  EXPECT_EQ(m_store->staff().list()[0].role, core::Role::Supervisor) << "the first is a supervisor by default";
  EXPECT_TRUE(setup.state().pin.empty());
  EXPECT_TRUE(ui.rect("setup-start").enabled);
  ui.tap("setup-start");
  EXPECT_TRUE(setup.isDone());
  EXPECT_FALSE(needsSetup(*m_store));
  EXPECT_EQ(m_log.find("975313"), std::string::npos) << "no PIN in the log";

  // The window hands the store to the kiosk: the PIN logs in.
  m_setup.reset();
  AppController app(std::move(m_store));
  app.apply(act::Login{"975313", 0});
  ASSERT_TRUE(app.data().user.has_value()) << app.ui().banner.text;
  EXPECT_EQ(app.data().user->name, "Ibu Sari");
}

TEST_F(FirstBoot, CtrlQQuits) {
  SetupController& setup = start("");
  Headless ui = this->ui();
  ui.press(keys::kQ, true);
  EXPECT_TRUE(setup.wantsQuit());
}

}  // namespace
}  // namespace pameran::kiosk
