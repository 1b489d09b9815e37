#pragma once
// The settings feature: language, the receipt printer (device, tcp://host:9100 or a file) and
// the paper width.
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
  Session& m_session;
};

}  // namespace pameran::kiosk
