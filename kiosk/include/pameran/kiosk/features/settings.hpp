#pragma once
// The settings feature: language, receipt width, and the settings that reach outside the kiosk
// (the printer's device or network address, the central server's URL), which a supervisor's PIN
// must approve.
#include "pameran/kiosk/actions.hpp"
#include "pameran/kiosk/session.hpp"

namespace pameran::kiosk {

class SettingsController final : public Feature {
 public:
  explicit SettingsController(Session& session) : m_session(session) {}

  void handle(const act::SetLanguage& a);
  void handle(const act::SaveSettings& a);
  void handle(const act::TestPrint& a);

  void entered(Screen screen) override;

 private:
  void save(const std::string& printer, int width, const std::string& serverUrl);

  Session& m_session;
};

}  // namespace pameran::kiosk
