#include "pameran/kiosk/app_controller.hpp"

namespace pameran::kiosk {

AppController::AppController(std::unique_ptr<core::Store> store, ControllerOptions options)
    : m_store(std::move(store)),
      m_session(*m_store, std::move(options)),
      m_login(m_session),
      m_cart(m_session),
      m_payment(m_session),
      m_documents(m_session),
      m_refund(m_session),
      m_stock(m_session),
      m_shift(m_session),
      m_today(m_session),
      m_settings(m_session),
      m_router(m_login, m_cart, m_payment, m_documents, m_refund, m_stock, m_shift, m_today, m_settings) {
  for (Feature* f : std::initializer_list<Feature*>{&m_login, &m_cart, &m_payment, &m_documents, &m_refund, &m_stock, &m_shift, &m_today,
                                                    &m_settings})
    m_session.add(*f);
}

AppController::~AppController() {
  // Sync stops and queued prints finish before the store closes (the session goes first).
  m_session.stopSync();
}

void AppController::applyFrameActions() {
  for (const Action& a : m_actions.take()) apply(a);
}

void AppController::apply(const Action& action) {
  const std::uint64_t banners = m_session.bannerSerial();
  try {
    std::visit(m_router, action);
  } catch (const std::exception& e) {
    // Repositories that return plain values throw on I/O errors; nothing half-done stays behind
    // (their writes are transactions), so the person sees the error and can try again.
    m_session.error(core::Error{core::Errc::Storage, e.what(), {}});
  }
  if (m_session.bannerSerial() == banners) m_session.clearError();
}

}  // namespace pameran::kiosk
