#pragma once
// What screens ask for, grouped by the feature whose controller handles it. A draw function only
// emits actions; the controller validates and applies them to core after the frame (STYLE.md), so
// a frame never waits on SQLite. Each feature lists its actions once (`CartActions`...); `Action`
// is made of those lists, and the AppController's router checks at compile time that exactly one
// controller handles each of them.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "pameran/core/cart.hpp"
#include "pameran/core/domain.hpp"
#include "pameran/core/money.hpp"
#include "pameran/core/price_tag.hpp"
#include "pameran/core/store.hpp"
#include "pameran/kiosk/state.hpp"
#include "pameran/kiosk/text.hpp"

namespace pameran::kiosk {

template <class... A>
struct ActionList {};

namespace act {

// ---- Session: navigation, who is logged in, banners, the supervisor's PIN ----------------------
struct Navigate { Screen to; };
struct Quit {};
struct Login { std::string pin; std::int64_t pickedStaffId = 0; };
struct SwitchUser {};
struct DismissBanner {};
struct SupervisorPin { std::string pin; };  // approves whatever waits for it
struct SupervisorCancel {};
struct DismissCatalogNotice {};  // the list of what a catalog refresh changed

// ---- Cart (the sell screen) ---------------------------------------------------------------------
struct Scan { std::string code; };
struct AddProduct { std::int64_t productId = 0; };
struct ChangeQuantity { int line = 0; std::int64_t delta = 0; };
struct SetQuantity { int line = 0; std::int64_t quantity = 0; };
struct RemoveLine { int line = 0; };
struct SetDiscount { int line = -1; core::Discount discount; };  // line -1: the cart discount
struct ClearCart {};
struct HoldCart {};
struct RecallCart { std::int64_t id = 0; };

// ---- Payment ------------------------------------------------------------------------------------
struct OpenPayment {};
struct PayCash { core::Rupiah tendered; };  // zero: the exact rest
struct AddReferenceTender { core::PaymentMethod method = core::PaymentMethod::Card; core::Rupiah amount; std::string reference; };
struct ConfirmQris {};
struct RemoveTender { int index = 0; };
struct BackToSell {};

// ---- Documents: the receipt screen, reprints ----------------------------------------------------
struct PrintReceipt {};
struct SaveReceiptPdf {};
struct NewSale {};
struct ReprintSale { std::string uuid; };

// ---- Refund and void ----------------------------------------------------------------------------
struct FindSale { std::string receiptNo; };
struct OpenSale { std::string uuid; };
struct RequestRefund {
  std::vector<core::RefundRequestLine> lines;
  bool isVoid = false;
  std::string reason;
  core::PaymentMethod method = core::PaymentMethod::Cash;
};
struct PrintRefundSlip {};
struct SaveRefundPdf {};
struct CloseSale {};

/// A custom-price item (goods not in the catalog) of a vendor, with a typed name and price.
struct AddCustomItem { std::int64_t vendorId = 0; std::string name; core::Rupiah price; };

// ---- Stock --------------------------------------------------------------------------------------
struct StockIntake { std::int64_t productId = 0; std::int64_t quantity = 0; std::string note; };
struct StockAdjust { std::int64_t productId = 0; std::int64_t delta = 0; std::string reason; };
struct LoadReturnSlip { std::int64_t vendorId = 0; };
struct PrintReturnSlip {};
struct SaveReturnSlipPdf {};
struct RequestReturnToVendor {};
struct SaveIntakeManifestPdf {};
/// Price tags of every product of the vendor picked: an A4 sheet as PDF, or the 58 mm roll printed.
struct MakePriceTags { core::LabelLayout layout = core::LabelLayout::Sheet3x7; };
/// Price tags of the products whose barcode the server made this kiosk change (CatalogData::reprints).
struct PrintReprintTags { core::LabelLayout layout = core::LabelLayout::Sheet3x7; };
/// The old tags are dealt with: the reprint list is emptied once a supervisor's PIN approves.
struct DismissReprints {};

// ---- Shift --------------------------------------------------------------------------------------
struct OpenShift { core::Rupiah openingFloat; };
struct MoveCash { bool in = true; core::Rupiah amount; std::string reason; };
struct CloseShift { std::map<std::int64_t, std::int64_t> counts; };
struct PrintShiftReport {};
struct SaveShiftPdf {};
struct RefreshShift {};

// ---- Today --------------------------------------------------------------------------------------
struct RefreshToday {};

// ---- Settings -----------------------------------------------------------------------------------
struct SetLanguage { Language language = Language::Id; };
/// Printer and server reach outside the kiosk: changing either waits for a supervisor's PIN.
struct SaveSettings { std::string printer; int width = 32; std::string serverUrl; };
struct TestPrint {};

}  // namespace act

using SessionActions = ActionList<act::Navigate, act::Quit, act::Login, act::SwitchUser, act::DismissBanner, act::SupervisorPin,
                                  act::SupervisorCancel, act::DismissCatalogNotice>;
using CartActions = ActionList<act::Scan, act::AddProduct, act::ChangeQuantity, act::SetQuantity, act::RemoveLine, act::SetDiscount,
                               act::ClearCart, act::HoldCart, act::RecallCart, act::AddCustomItem>;
using PaymentActions = ActionList<act::OpenPayment, act::PayCash, act::AddReferenceTender, act::ConfirmQris, act::RemoveTender, act::BackToSell>;
using DocumentActions = ActionList<act::PrintReceipt, act::SaveReceiptPdf, act::NewSale, act::ReprintSale>;
using RefundActions = ActionList<act::FindSale, act::OpenSale, act::RequestRefund, act::PrintRefundSlip, act::SaveRefundPdf, act::CloseSale>;
using StockActions = ActionList<act::StockIntake, act::StockAdjust, act::LoadReturnSlip, act::PrintReturnSlip, act::SaveReturnSlipPdf,
                                act::RequestReturnToVendor, act::SaveIntakeManifestPdf, act::MakePriceTags,
                                act::PrintReprintTags, act::DismissReprints>;
using ShiftActions = ActionList<act::OpenShift, act::MoveCash, act::CloseShift, act::PrintShiftReport, act::SaveShiftPdf, act::RefreshShift>;
using TodayActions = ActionList<act::RefreshToday>;
using SettingsActions = ActionList<act::SetLanguage, act::SaveSettings, act::TestPrint>;

namespace detail {
template <class... Lists>
struct JoinActions;
template <class... A>
struct JoinActions<ActionList<A...>> {
  using type = std::variant<A...>;
};
template <class... A, class... B, class... Rest>
struct JoinActions<ActionList<A...>, ActionList<B...>, Rest...> : JoinActions<ActionList<A..., B...>, Rest...> {};
}  // namespace detail

/// Every action of the kiosk: one line per feature.
using Action = typename detail::JoinActions<SessionActions, CartActions, PaymentActions, DocumentActions, RefundActions, StockActions,
                                            ShiftActions, TodayActions, SettingsActions>::type;

/// The actions one frame emitted, in order.
class Actions {
 public:
  template <class A>
  void emit(A&& action) {
    m_list.emplace_back(std::forward<A>(action));
  }
  const std::vector<Action>& list() const { return m_list; }
  bool empty() const { return m_list.empty(); }
  std::vector<Action> take() { return std::exchange(m_list, {}); }

 private:
  std::vector<Action> m_list;
};

}  // namespace pameran::kiosk
