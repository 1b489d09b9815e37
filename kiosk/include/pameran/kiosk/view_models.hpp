#pragma once
// View models: everything a screen shows, as text ready to draw, built by pure functions from the
// screen's state, the session's data and its feature's data (no ImGui, no SQLite, no clock:
// `SessionData::now` is the time). A screen gets what it draws, never the data behind it; long
// lists come as LazyList, made row by row for the rows in view. Tests build and check them
// without any window.
//
// Index
//   Chrome, login ............. ChromeVm, LoginVm
//   Sell ...................... SellVm, TileVm, filterGrid
//   Payment, receipt .......... PaymentVm, ReceiptVm
//   Refund, stock ............. RefundVm, StockVm, filterStock
//   Shift, today, settings .... ShiftVm, TodayVm, SettingsVm, SupervisorVm
//   Customer display .......... CustomerVm
//   Shared helpers ............ number pad digits, discounts, names, paper options
#include <cstdint>
#include <array>
#include <functional>
#include <string>
#include <vector>

#include "pameran/core/receipt.hpp"
#include "pameran/kiosk/features/cart.hpp"
#include "pameran/kiosk/features/payment.hpp"
#include "pameran/kiosk/features/refund.hpp"
#include "pameran/kiosk/features/session_controller.hpp"
#include "pameran/kiosk/features/shift.hpp"
#include "pameran/kiosk/features/stock.hpp"
#include "pameran/kiosk/features/today.hpp"
#include "pameran/kiosk/session.hpp"
#include "pameran/kiosk/state.hpp"
#include "pameran/kiosk/text.hpp"

namespace pameran::kiosk {

enum class Tone { Neutral, Good, Warn, Bad };

/// A long list a screen draws only in part: its length, and each item made when it comes in view.
template <class T>
struct LazyList {
  std::size_t size = 0;
  std::function<T(std::size_t)> at;
};

// ---- Chrome, login ------------------------------------------------------------------------------

struct ChromeVm {
  std::string title;          // event name
  std::string subtitle;       // venue / device
  std::string clock;          // `14:05 WIB`
  std::string staff;          // who is logged in
  std::string syncLabel;
  std::string syncDetail;
  std::string syncLine;       // `Sinkron: 3 menunggu · ...`
  Tone syncTone = Tone::Neutral;
  std::string insecure;       // warning when the server is reached over plain http; empty otherwise
  std::string jobs;           // `Mencetak...` while the worker is busy
  std::string auditBroken;    // supervisors and organizers only: the audit log's chain is broken; empty otherwise
  bool loggedIn = false;
  bool showBanner = false;
  BannerKind bannerKind = BannerKind::Info;
  std::string banner;
  Screen screen = Screen::Login;
};
ChromeVm buildChromeVm(const UiState& ui, const SessionData& data, const Translator& tr);

struct LoginVm {
  struct StaffChip {
    std::int64_t id = 0;
    std::string name;
    std::string role;
    bool picked = false;
  };
  std::vector<StaffChip> staff;
  std::size_t pinLength = 0;
  bool locked = false;
  std::string lockText;       // with the time left
  std::string prompt;
  bool canSubmit = false;
  bool hasEvent = false;
  bool hasStaff = false;
  std::string eventName;
  std::string venue;
  std::string keptCart;       // switching user: the open cart waits
};
LoginVm buildLoginVm(const LoginState& state, const SessionData& data, const LoginData& login, const Translator& tr);

// ---- Sell ---------------------------------------------------------------------------------------

/// One product tile of the sell grid.
struct TileVm {
  std::int64_t productId = 0;
  std::string name;
  std::string price;
  std::string detail;         // the vendor; with the SKU first when another product has the same name
  core::Sector sector = core::Sector::Kriya;
  std::string stock;          // `Stok 12`, `Sisa 2` (low) or `Habis`
  Tone stockTone = Tone::Neutral;
  bool soldOut = false;       // nothing left and overselling is off: the tile is greyed
};

/// Products whose printed tags carry an old barcode: the server had the code on another product and
/// this kiosk gave them a new one (Catalog::tagsToReprint). Empty lines: no notice.
struct ReprintVm {
  std::string title;                     // `Label harga harus dicetak ulang: 2 produk dapat barcode baru`
  std::vector<std::string> lines;        // `Tas Anyaman (V02-P1): barcode baru 2012345678901`, at most maxLines
};
ReprintVm buildReprintVm(const CatalogData& catalog, const Translator& tr, std::size_t maxLines = 4);

struct SellVm {
  struct SectorTab {
    int sector = -1;          // -1: all
    std::string label;
    bool active = false;
  };
  struct VendorChip {
    std::int64_t id = 0;
    std::string label;
    core::Sector sector = core::Sector::Kriya;
    bool active = false;
  };
  struct Line {
    std::string name;
    std::string quantity;
    std::string subtitle;     // `2 × Rp 35.000  ·  vendor`
    std::string total;
    std::string discount;     // `Diskon 10%  -Rp 7.000`
    core::Sector sector = core::Sector::Kriya;
    bool hasDiscount = false;
    std::int64_t quantityValue = 0;
    core::Discount discountValue;
  };
  struct VendorSubtotal {
    std::string name;
    std::string amount;
    std::string items;
    core::Sector sector = core::Sector::Kriya;
  };
  struct Held {
    std::int64_t id = 0;
    std::string label;
    std::string detail;
  };
  std::vector<SectorTab> sectors;
  std::vector<VendorChip> vendors;
  LazyList<TileVm> tiles;                 // the filtered grid
  std::int64_t firstProductId = 0;        // what Enter in search adds; 0: nothing matches
  std::string resultCount;
  std::vector<Line> lines;
  std::vector<VendorSubtotal> vendorSubtotals;  // only when the cart spans vendors
  std::string items;
  std::string gross;
  std::string discount;
  std::string total;
  bool hasDiscount = false;
  std::string cartDiscountButton;
  std::string approvedBy;
  bool canPay = false;
  std::string heldButton;
  std::vector<Held> held;
  std::string scan;
  bool scanning = false;
  // Line editor
  std::string editorTitle;
  std::string editorUnit;
  std::string editorQuantity;
  std::string editorDiscount;
  std::string editorPreview;
  std::string editorHint;
  // Cart discount editor
  std::string cartDiscountValue;
  std::string cartDiscountPreview;
  std::string supervisorHint;
  // Custom-price item
  std::vector<VendorChip> customVendors;  // every vendor of the event; one must be picked
  std::string customPrice;
  std::string customHint;                 // above the limit: a supervisor is asked
  bool canAddCustom = false;
  // What a catalog refresh changed (issue 11 §6), until dismissed; empty lines: no notice.
  std::string catalogNoticeTitle;
  std::vector<std::string> catalogNotice;
  ReprintVm reprint;                      // tags to print again: shown to supervisors and organizers
};
/// The lines of the catalog-changes notice: `Harga berubah: X Rp a → Rp b`, `Produk baru: Y`,
/// `Tidak dijual lagi: Z`, at most `maxLines` (the last then says how many more).
std::vector<std::string> catalogNoticeLines(const core::CatalogChanges& changes, const Translator& tr, std::size_t maxLines = 6);
SellVm buildSellVm(const SellState& state, const SessionData& data, const SellData& sell, const Translator& tr);
/// The tile of catalog row `row`.
TileVm buildTile(const SessionData& data, int row, const Translator& tr);
/// Filters the catalog's rows for the grid (sector -1: all; vendorId 0: all; query: ProductIndex search).
std::vector<int> filterGrid(const CatalogData& catalog, const std::string& query, int sector, std::int64_t vendorId);
/// A vendor as chips and lists name it: its name, with its code when another vendor has the same name.
std::string vendorLabel(const CatalogData& catalog, const core::Vendor& vendor);
/// A product name in at most two lines of `width` (as `measure` says): whole words on the first;
/// when the rest does not fit the second, the second keeps the name's end, which tells similar
/// names apart, after an ellipsis.
std::array<std::string, 2> twoLineName(std::string_view name, float width, const std::function<float(std::string_view)>& measure);

// ---- Payment, receipt ---------------------------------------------------------------------------

struct PaymentVm {
  struct Tab {
    core::PaymentMethod tab = core::PaymentMethod::Cash;
    std::string label;
    bool active = false;
    bool enabled = true;
  };
  struct TenderLine {
    std::string label;
    std::string amount;
  };
  struct Quick {
    core::Rupiah amount;
    std::string label;
  };
  std::vector<Tab> tabs;
  std::string total;
  std::string remaining;
  bool hasTenders = false;
  std::vector<TenderLine> tenders;
  std::vector<SellVm::VendorSubtotal> vendorSubtotals;
  std::string items;
  // Cash
  std::string tendered;       // what has been typed, formatted
  std::string change;         // change for what is typed
  bool changeKnown = false;
  bool shortOfTotal = false;  // typed less than the rest: adds a part payment
  std::vector<Quick> quick;
  std::string cashHint;
  // QRIS
  bool hasQr = false;
  std::string qrStep;         // `QR 1 dari 2`
  std::string qrFor;          // vendor or organizer
  std::string qrAmount;
  std::string qrMerchant;
  std::string qrNmid;
  std::string qrProblem;
  std::vector<std::string> qrSteps;  // one line per step with its state
  std::string qrPayload;             // what the QR encodes
  void* qrTexture = nullptr;         // from the TextureHost, when there is one
  std::vector<std::uint8_t> qrModules;
  int qrSize = 0;
  // Card / transfer / e-wallet
  std::string referenceAmount;
  bool referenceReady = false;
  std::string referenceHint;
};
PaymentVm buildPaymentVm(const PaymentState& state, const SessionData& data, const PaymentData& payment, const Translator& tr);

struct ReceiptVm {
  std::string receiptNo;
  std::vector<std::string> lines;   // the receipt text, one line each
  std::string total;
  std::string change;
  bool hasChange = false;
  std::string method;
  std::string printLabel;
  bool copy = false;
};
ReceiptVm buildReceiptVm(const SessionData& data, const Translator& tr);

// ---- Refund, stock ------------------------------------------------------------------------------

struct RefundVm {
  struct SaleRow {
    std::string uuid;
    std::string receiptNo;
    std::string time;
    std::string total;
    std::string state;        // refunded / void
  };
  struct Line {
    std::string name;
    std::string detail;       // `2 x Rp 35.000`, refunded so far
    std::string quantity;     // chosen to refund
    std::int64_t refundable = 0;
    bool restock = true;
    std::string amount;
  };
  std::vector<SaleRow> recent;
  std::string receiptNo;
  std::string saleInfo;
  std::vector<Line> lines;
  std::vector<std::string> reasons;
  std::vector<std::string> methods;
  std::vector<core::PaymentMethod> methodValues;
  std::string total;
  bool canSubmit = false;
  bool canVoid = false;
  std::string problem;
  std::vector<std::string> slip;    // after a refund: its slip
};
RefundVm buildRefundVm(const RefundState& state, const SessionData& data, const RefundData& refund, const Translator& tr);

/// Preset refund reasons (translated); the last one is "other" (typed).
std::vector<std::string> refundReasons(const Translator& tr);
/// Adjustment reasons (translated); the last one is "other".
std::vector<std::string> adjustReasons(const Translator& tr);
/// Ways money goes back for a refund of `sale`: cash first, then the sale's other methods.
std::vector<core::PaymentMethod> refundMethods(const core::SaleRecord& sale);
std::string methodName(core::PaymentMethod method, const Translator& tr);

struct StockVm {
  struct Row {
    std::int64_t productId = 0;
    std::string name;
    std::string vendor;
    std::string onHand;
    std::string low;
    Tone tone = Tone::Neutral;
    bool selected = false;
  };
  struct SlipRow {
    std::string name;
    std::string brought, sold, refunded, adjusted, returned, remaining;
  };
  LazyList<Row> rows;                      // the filtered list
  std::string countLine;      // `171 produk   3 stok menipis`
  bool hasSelection = false;
  std::string selectedName;
  std::string selectedDetail;
  std::string selectedOnHand;
  std::string quantity;
  std::string preview;        // `12 -> 17`
  std::vector<std::string> reasons;
  std::vector<std::string> movements;
  std::vector<SellVm::VendorChip> vendors;
  std::vector<SlipRow> slip;
  std::string slipTotals;
  std::string slipVendor;
  ReprintVm reprint;                      // tags to print again, for anyone at the stock screen
};
StockVm buildStockVm(const StockState& state, const SessionData& data, const StockData& stock, const Translator& tr);
/// Filters the stock list (query over name/SKU/barcode, low only).
std::vector<int> filterStock(const CatalogData& catalog, const std::string& query, bool lowOnly);

// ---- Shift, today, settings ---------------------------------------------------------------------

struct ShiftVm {
  bool open = false;
  std::string title;
  std::string openedBy;
  std::vector<std::pair<std::string, std::string>> summary;   // label, value
  std::vector<std::pair<std::string, std::string>> byMethod;
  std::vector<std::string> moves;
  std::string floatValue;
  core::Rupiah defaultFloat;
  std::string cashValue;
  struct CountRow {
    std::int64_t denomination = 0;
    std::string label;
    std::string pieces;
    std::string amount;
    bool selected = false;
  };
  std::vector<CountRow> counts;
  std::string counted;
  // After closing
  bool closed = false;
  std::vector<std::pair<std::string, std::string>> closedSummary;
  std::string variance;
  Tone varianceTone = Tone::Neutral;
};
ShiftVm buildShiftVm(const ShiftUiState& state, const SessionData& data, const ShiftData& shift, const Translator& tr);

struct TodayVm {
  struct Card {
    std::string label;
    std::string value;
  };
  struct SaleRow {
    std::string uuid;
    std::string receiptNo;
    std::string time;
    std::string cashier;
    std::string items;
    std::string total;
    std::string methods;
    std::string sync;
    Tone syncTone = Tone::Neutral;
    bool flagged = false;     // refunded or void
  };
  std::string date;
  std::vector<Card> cards;
  std::vector<std::pair<std::string, std::string>> byMethod;
  std::vector<std::pair<std::string, std::string>> byVendor;
  std::vector<SaleRow> sales;
  std::string syncState;
  std::string syncPending;
  std::string syncLast;
  std::string syncError;
  Tone syncTone = Tone::Neutral;
};
TodayVm buildTodayVm(const SessionData& data, const TodayData& today, const Translator& tr);

struct SettingsVm {
  std::string device;
  std::string database;
  std::string threshold;
  std::string printerHint;
  std::string serverHint;
  Language language = Language::Id;
  // What is saved now (the form starts from it).
  std::string printer;
  int width = 32;
  std::string serverUrl;
  // The form differs from what is saved in what reaches outside the kiosk.
  bool needsSupervisor = false;
};
SettingsVm buildSettingsVm(const SettingsState& state, const SessionData& data, const Translator& tr);

struct SupervisorVm {
  bool open = false;
  std::string title;
  std::string detail;
  std::size_t pinLength = 0;
};
SupervisorVm buildSupervisorVm(const SupervisorState& state, const Translator& tr);

// ---- Customer display ---------------------------------------------------------------------------

/// Text in Bahasa Indonesia with the English beneath it: the buyer may read either.
struct Bilingual {
  std::string id;
  std::string en;
  bool operator==(const Bilingual&) const = default;
};

/// The window facing the buyer. Equal view models draw the same picture, so the window draws
/// only when this changes.
struct CustomerVm {
  enum class Stage { Welcome, Cart, Qris, Paid };
  Stage stage = Stage::Welcome;
  std::string booth;                 // the booth's name
  std::string event;                 // the event's name (and venue)
  Bilingual welcome;
  struct Line {
    std::string name;
    std::string detail;              // `2 × Rp 35.000`, a discount
    std::string amount;
    bool operator==(const Line&) const = default;
  };
  std::vector<Line> lines;           // the cart in the order it was scanned
  Bilingual items;                   // `3 item` / `3 items`
  Bilingual totalLabel;
  std::string total;
  Bilingual discountLabel;
  std::string discount;              // empty: no discount
  Bilingual restLabel;
  std::string rest;                  // empty: nothing paid yet
  // QRIS
  Bilingual scanQris;
  Bilingual payTo;
  std::string payee;                 // the merchant name in the payload
  std::string nmid;
  std::string qrAmount;
  std::string qrStep;                // `1 / 2` when the cart pays several vendors in turn
  std::string qrPayload;             // what the QR encodes (the cashier's screen shows the same)
  void* qrTexture = nullptr;
  std::vector<std::uint8_t> qrModules;
  int qrSize = 0;
  // Paid
  Bilingual changeLabel;
  std::string change;                // empty: no change due
  Bilingual thanks;
  Bilingual receiptLabel;
  std::string receiptNo;
  bool operator==(const CustomerVm&) const = default;
};
/// What the buyer sees now: the cart as it is scanned, the QRIS while the cashier shows it, then
/// the change due, thanks and the receipt number. `id` and `en` are the two languages' tables.
CustomerVm buildCustomerVm(const UiState& ui, const SessionData& data, const PaymentData& payment, const Translator& id, const Translator& en);

// ---- Shared helpers -----------------------------------------------------------------------------

/// Digits typed on a number pad as rupiah (empty: zero); at most 13 digits.
core::Rupiah digitsToRupiah(const std::string& digits);
/// A discount entry as a core discount (Invalid when the text is not a number or above 100 %).
core::Result<core::Discount> discountFromEntry(const DiscountEntry& entry);
/// The entry that shows an existing discount (for editing it).
DiscountEntry entryFromDiscount(const core::Discount& discount);
/// `10%` or `Rp 5.000`.
std::string discountLabel(const core::Discount& discount);
/// Receipt layout for this kiosk (width, event header, footer) with translated labels.
core::ReceiptOptions receiptOptions(const SessionData& data, const Translator& tr, bool copy);
/// The return slip's and the shift report's labels, translated.
core::ReturnSlipLabels returnSlipLabels(const Translator& tr);
core::ShiftReportLabels shiftReportLabels(const Translator& tr);
/// The open sale's remaining amount.
core::Rupiah remainingToPay(const OpenSale& sale);

}  // namespace pameran::kiosk
