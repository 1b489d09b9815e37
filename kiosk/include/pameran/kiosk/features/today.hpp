#pragma once
// The today feature: the business day's figures, its sales with their sync state, the shift's
// totals per method and the sync indicator in full.
#include <cstdint>
#include <optional>
#include <vector>

#include "pameran/core/report.hpp"
#include "pameran/kiosk/actions.hpp"
#include "pameran/kiosk/session.hpp"

namespace pameran::kiosk {

struct TodayData {
  std::optional<core::Report> report;           // the event's local report (per vendor)
  std::optional<core::ShiftState> shift;        // the open shift (per method)
  std::vector<core::SaleSummary> sales;         // newest first, the first few hundred
  core::EpochMs from = 0;                       // start of the business day
  std::int64_t count = 0;                       // sales not voided
  std::int64_t items = 0;
  core::Rupiah total;
  core::Rupiah refunded;
};

class TodayController final : public Feature {
 public:
  explicit TodayController(Session& session) : m_session(session) {}
  const TodayData& data() const { return m_data; }

  void handle(const act::RefreshToday& a);

  void entered(Screen screen) override;

 private:
  void load();

  Session& m_session;
  TodayData m_data;
};

}  // namespace pameran::kiosk
