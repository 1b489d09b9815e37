#pragma once
// The shift feature: opening float, cash in and out with a reason, the blind count by denomination
// at close with expected, counted and variance, and the shift report printed or saved.
#include <optional>
#include <vector>

#include "pameran/kiosk/actions.hpp"
#include "pameran/kiosk/session.hpp"

namespace pameran::kiosk {

struct ShiftData {
  std::optional<core::ShiftState> shift;        // the open shift, read when the screen shows
  std::vector<core::CashMovement> cashMoves;
  std::optional<core::ShiftRecord> closed;      // the shift just closed, for its report
};

class ShiftController final : public Feature {
 public:
  explicit ShiftController(Session& session) : m_session(session) {}
  const ShiftData& data() const { return m_data; }

  void handle(const act::OpenShift& a);
  void handle(const act::MoveCash& a);
  void handle(const act::CloseShift& a);
  void handle(const act::PrintShiftReport& a);
  void handle(const act::SaveShiftPdf& a);
  void handle(const act::RefreshShift& a);

  void entered(Screen screen) override;

 private:
  void load();
  std::string reportText(int width, bool heading) const;

  Session& m_session;
  ShiftData m_data;
};

}  // namespace pameran::kiosk
