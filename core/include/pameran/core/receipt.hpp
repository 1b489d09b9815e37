#pragma once
// Receipt text for 58 mm (32 columns) and 80 mm (48 columns) paper, and ESC/POS bytes.
#include <optional>
#include <string>
#include <string_view>

#include "pameran/core/records.hpp"

namespace pameran::core {

/// Printed labels; Indonesian by default, the kiosk fills them from its translation table.
struct ReceiptLabels {
  std::string receipt = "Struk";
  std::string copy = "SALINAN";
  std::string cashier = "Kasir";
  std::string subtotal = "Subtotal";
  std::string discount = "Diskon";
  std::string total = "TOTAL";
  std::string change = "Kembali";
  std::string vendorSubtotal = "Subtotal";
  std::string refund = "Refund";
  std::string voided = "BATAL";
  std::string reason = "Alasan";
  std::string approvedBy = "Disetujui";
  std::string thanks = "Terima kasih atas kunjungan Anda";
  std::string cash = "Tunai", qris = "QRIS", card = "Kartu", transfer = "Transfer", ewallet = "E-wallet";
};

struct ReceiptOptions {
  int width = 32;              // 32 for 58 mm, 48 for 80 mm
  bool copy = false;           // a reprint: marked COPY at top and bottom
  std::string eventName;
  std::string venue;
  std::string footer;
  int tzOffsetMinutes = kWibOffsetMinutes;
  ReceiptLabels labels;
};

/// Receipt text: header, receipt number, time, cashier, lines grouped by vendor with a subtotal
/// per vendor when there are several, discounts, total, payments and change. Lines end in '\n'.
std::string renderReceipt(const SaleRecord& sale, const ReceiptOptions& options);
/// A refund or void slip for a sale.
std::string renderRefundSlip(const RefundRecord& refund, const SaleRecord& sale, const ReceiptOptions& options);

/// ESC/POS bytes: initialise, code page for Latin text, the text, an optional QR (GS ( k model 2,
/// module size, error correction M, store, print) centred, feed and partial cut.
std::string escposDocument(std::string_view text, std::optional<std::string_view> qrData = std::nullopt);

}  // namespace pameran::core
