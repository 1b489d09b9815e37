#pragma once
// The payment feature: cash with change, QRIS with the exact amount (one QR per vendor, or the
// organizer's), card / transfer / e-wallet with a reference, split tender, and the commit that
// comes before any receipt (P3).
#include <cstdint>
#include <string>
#include <vector>

#include "pameran/core/qris_plan.hpp"
#include "pameran/kiosk/actions.hpp"
#include "pameran/kiosk/session.hpp"

namespace pameran::kiosk {

/// The QR on show, as a texture (when the window has a TextureHost) and as modules.
struct QrPicture {
  std::string payload;                // what it encodes; empty: no QR
  void* texture = nullptr;
  std::vector<std::uint8_t> modules;  // size x size, 1 = dark
  int size = 0;
};

struct PaymentData {
  core::QrisPlan qris;                // the QRIS walk for what is left to pay
  QrPicture qr;                       // the current step's QR
};

class PaymentController final : public Feature {
 public:
  explicit PaymentController(Session& session);
  ~PaymentController() override;
  PaymentController(const PaymentController&) = delete;
  PaymentController& operator=(const PaymentController&) = delete;
  const PaymentData& data() const { return m_data; }

  void handle(const act::OpenPayment& a);
  void handle(const act::PayCash& a);
  void handle(const act::AddReferenceTender& a);
  void handle(const act::ConfirmQris& a);
  void handle(const act::RemoveTender& a);
  void handle(const act::BackToSell& a);

 private:
  void open();
  void replanQris();
  void showQr(const std::string& payload);
  void commitIfPaid();
  core::Rupiah rest() const;

  Session& m_session;
  PaymentData m_data;
};

}  // namespace pameran::kiosk
