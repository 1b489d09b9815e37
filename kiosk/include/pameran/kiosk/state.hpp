#pragma once
// What the person at the kiosk is doing: the screen on show and, per screen, what is being typed
// and what is selected. Plain data: draw functions edit their own screen's state (as an ImGui text
// field edits its buffer); everything that touches core goes through actions.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pameran/core/domain.hpp"
#include "pameran/core/time.hpp"
#include "pameran/kiosk/text.hpp"

namespace pameran::kiosk {

enum class Screen { Login, Sell, Payment, Receipt, Refund, Stock, Shift, Today, Settings };

enum class BannerKind { Info, Success, Error };

struct Banner {
  BannerKind kind = BannerKind::Info;
  std::string text;
  core::EpochMs until = 0;  // hidden after this instant; 0: until dismissed
};

struct LoginState {
  std::string pin;
  std::int64_t pickedStaffId = 0;  // 0: the PIN alone says who
};

/// Digits typed for a discount: a percentage (`12,5`) or rupiah.
struct DiscountEntry {
  bool percent = true;
  std::string digits;
};

enum class SellModal { None, LineEditor, CartDiscount, Held, ConfirmClear, CustomItem };

/// The custom-price item being typed: goods not in the catalog.
struct CustomItemState {
  std::int64_t vendorId = 0;  // mandatory
  std::string name;
  std::string priceDigits;
};

struct LineEditorState {
  int line = -1;
  std::string quantity;
  DiscountEntry discount;
  bool editingDiscount = false;  // which field the number pad and typed digits go to
};

struct SellState {
  std::string query;
  bool focusSearch = false;   // F2: focus the search field on the next frame
  int sector = -1;            // -1: all sectors, else index into core::kAllSectors
  std::int64_t vendorId = 0;  // 0: all vendors
  std::string scan;           // typed while no text field is focused (a barcode scanner)
  SellModal modal = SellModal::None;
  LineEditorState editor;
  DiscountEntry cartDiscount;
  CustomItemState custom;
  float cartScrollToEnd = 0;  // set when a line is added, so the new line is in view
};

struct PaymentState {
  core::PaymentMethod tab = core::PaymentMethod::Cash;  // one tab per method
  std::string cashDigits;     // tendered cash
  std::string amountDigits;   // card/transfer/e-wallet amount when splitting; empty: the rest
  std::string reference;
  bool focusReference = false;
};

enum class RefundStep { Find, Choose, Done };

struct RefundState {
  RefundStep step = RefundStep::Find;
  std::string query;                  // receipt number
  bool focusQuery = false;
  std::vector<std::int64_t> quantity; // per sale line: units to refund
  std::vector<bool> restock;          // per sale line
  int reason = 0;                     // index into the preset reasons; the last is "other"
  std::string otherReason;
  bool isVoid = false;
  int method = 0;                     // index into the refund methods offered
};

enum class StockTab { Levels, Intake, Adjust, ReturnSlip };

struct StockState {
  StockTab tab = StockTab::Levels;
  std::string query;
  bool lowOnly = false;
  std::int64_t productId = 0;
  std::string quantity;
  bool negative = false;              // adjustment direction
  int reason = 0;
  std::string note;
  std::int64_t returnVendorId = 0;
};

enum class ShiftMode { Summary, Count, Closed };

struct ShiftUiState {
  ShiftMode mode = ShiftMode::Summary;
  std::string floatDigits;
  std::string cashDigits;
  bool cashIn = true;
  std::string cashReason;
  std::map<std::int64_t, std::int64_t> counts;  // denomination -> pieces
  std::int64_t denomination = 100'000;          // the row the number pad types into
  bool confirmClose = false;
};

struct TodayState {
  std::string selectedUuid;
};

struct SettingsState {
  bool loaded = false;        // the form holds the saved settings
  std::string printer;
  int width = 32;
  std::string serverUrl;
};

enum class SupervisorPurpose { None, Discount, Refund, ReturnToVendor, Settings, CustomPrice, DismissReprints };

/// The supervisor's PIN card: on show while `purpose` is not None.
struct SupervisorState {
  SupervisorPurpose purpose = SupervisorPurpose::None;
  std::string detail;         // what is being approved, said by the feature that asks
  std::string pin;
};

struct UiState {
  Screen screen = Screen::Login;
  LoginState login;
  SellState sell;
  PaymentState payment;
  RefundState refund;
  StockState stock;
  ShiftUiState shift;
  TodayState today;
  SettingsState settings;
  SupervisorState supervisor;
  Banner banner;
  bool quit = false;
};

}  // namespace pameran::kiosk
