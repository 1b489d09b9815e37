#pragma once
// Printed documents as text for 58 mm (32 columns) and 80 mm (48 columns) paper or a PDF page:
// receipts, refund slips, return slips and shift reports; and the ESC/POS bytes for a printer.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pameran/core/price_tag.hpp"
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
  std::string custom = "(manual)";  // after the name of a custom-price item
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

/// What goes back to a vendor at the end of the event, with the counts that explain it.
struct ReturnSlip {
  std::string vendorName;
  std::string vendorCode;
  std::string vendorOwner;
  EpochMs printedAt = 0;
  std::vector<ReturnSlipLine> lines;
};

/// Labels of a return slip; `{0}`.. are filled as the comments say.
struct ReturnSlipLabels {
  std::string product = "Produk";
  std::string brought = "Bawa", sold = "Jual", refunded = "Refund", adjusted = "Sesuai", returned = "Retur", remaining = "Sisa";
  std::string vendorLine = "{0} ({1}) · {2}";  // name, code, owner
  std::string printedAt = "Dicetak {0}";       // local date and time
  std::string totals = "Total dibawa {0} · terjual {1} · sisa dikembalikan {2}";
  std::string handedBy = "Diserahkan oleh";
  std::string receivedBy = "Diterima oleh";
};

/// A return slip for `options.width` columns: on thermal paper the six numbers go under each name,
/// on a page of 60 columns or more beside it; two signature lines at the end. Lines end in '\n'.
std::string renderReturnSlip(const ReturnSlip& slip, const ReceiptOptions& options, const ReturnSlipLabels& labels = {});

/// Labels of an intake manifest; `{0}`.. are filled as the comments say.
struct IntakeManifestLabels {
  std::string product = "Produk", sku = "SKU", brought = "Jumlah";
  std::string vendorLine = "{0} ({1}) · {2}";  // name, code, owner
  std::string printedAt = "Dicetak {0}";       // local date and time
  std::string totals = "Total diterima {0} barang, {1} produk";
  std::string handedBy = "Diserahkan oleh (IKM)";
  std::string receivedBy = "Diterima oleh";
};

/// The intake manifest of a vendor, signed at the start of the event: every product taken in with
/// the units brought (ReturnSlipLine::brought; products with none are left out), the totals and two
/// signature lines. Lines end in '\n'.
std::string renderIntakeManifest(const ReturnSlip& slip, const ReceiptOptions& options, const IntakeManifestLabels& labels = {});

struct ShiftReportLabels {
  std::string title = "LAPORAN SHIFT";
  std::string openedAt = "Dibuka", closedAt = "Ditutup", salesCount = "Jumlah transaksi";
  std::string openingFloat = "Modal awal", cashSales = "Penjualan tunai", cashRefunds = "Refund tunai";
  std::string cashIn = "Kas masuk", cashOut = "Kas keluar";
  std::string expected = "Seharusnya di laci", counted = "Dihitung", variance = "Selisih";
  std::string count = "Hitung uang di laci";
  std::string byMethod = "Per metode pembayaran";
};

/// A closed shift: who opened and closed it, the cash expected and counted with the variance, the
/// count by denomination and the totals per payment method (named by `options.labels`). `heading`
/// adds the title and the event's name (a PDF puts them in its own header instead).
std::string renderShiftReport(const ShiftRecord& shift, const ReceiptOptions& options, const ShiftReportLabels& labels = {},
                              bool heading = true);

/// ESC/POS bytes: initialise, code page for Latin text, the text, an optional QR (GS ( k model 2,
/// module size, error correction M, store, print) centred, feed and partial cut.
std::string escposDocument(std::string_view text, std::optional<std::string_view> qrData = std::nullopt);

/// ESC/POS bytes for price tags on a 58 mm label roll: per tag the name, the vendor, the price in
/// double size and the EAN-13 printed by the printer itself (GS k, digits below), then a feed to
/// the next label; one cut at the end.
std::string escposPriceTags(const std::vector<PriceTag>& tags);

}  // namespace pameran::core
