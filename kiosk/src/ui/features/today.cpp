#include "pameran/kiosk/features/today.hpp"

namespace pameran::kiosk {
namespace {

constexpr std::size_t kTodayLimit = 5000;
constexpr std::size_t kTodayShown = 300;

}  // namespace

void TodayController::entered(Screen screen) {
  if (screen == Screen::Today) handle(act::RefreshToday{});
}

void TodayController::handle(const act::RefreshToday&) {
  load();
  m_session.refreshSyncStatus();
}

void TodayController::load() {
  const CatalogData& c = m_session.catalog();
  if (!c.hasEvent) return;
  core::Store& store = m_session.store();
  m_data.shift = store.shifts().current();
  auto report = store.reports().report(c.event.code);
  m_data.report = report ? std::optional<core::Report>(std::move(*report)) : std::nullopt;
  const core::EpochMs now = m_session.now();
  m_data.from = core::businessDayStart(now, c.event.tzOffsetMinutes, c.event.cutoffHour);
  auto sales = store.sales().list(c.event.id, m_data.from, now + 86'400'000, kTodayLimit);
  m_data.count = 0;
  m_data.items = 0;
  m_data.total = core::Rupiah{};
  m_data.refunded = core::Rupiah{};
  for (const core::SaleSummary& s : sales) {
    if (s.voided) continue;
    ++m_data.count;
    m_data.items += s.items;
    m_data.total += s.total;
    m_data.refunded += s.refunded;
  }
  if (sales.size() > kTodayShown) sales.resize(kTodayShown);
  m_data.sales = std::move(sales);
}

}  // namespace pameran::kiosk
