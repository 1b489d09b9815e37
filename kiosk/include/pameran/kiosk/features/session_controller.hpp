#pragma once
// The session feature: the login screen (staff, PIN, lockout countdown), switching user,
// navigation, quitting, banners, and the supervisor's PIN card for whatever waits for it.
#include <vector>

#include "pameran/core/store.hpp"
#include "pameran/kiosk/actions.hpp"
#include "pameran/kiosk/session.hpp"

namespace pameran::kiosk {

struct LoginData {
  std::vector<core::Staff> staff;
  core::LockoutStatus lockout;
};

class SessionController final : public Feature {
 public:
  explicit SessionController(Session& session);
  const LoginData& data() const { return m_data; }

  void handle(const act::Navigate& a);
  void handle(const act::Quit& a);
  void handle(const act::Login& a);
  void handle(const act::SwitchUser& a);
  void handle(const act::DismissBanner& a);
  void handle(const act::DismissCatalogNotice& a);
  void handle(const act::SupervisorPin& a);
  void handle(const act::SupervisorCancel& a);

  bool refresh() override;
  core::EpochMs msUntilTimedChange(core::EpochMs cap) const override;

 private:
  void loadStaff();

  Session& m_session;
  LoginData m_data;
  core::EpochMs m_lockoutCheckedAt = 0;
};

}  // namespace pameran::kiosk
