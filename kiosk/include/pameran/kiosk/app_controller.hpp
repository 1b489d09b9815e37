#pragma once
// The kiosk's application controller: owns the Store and the Session, makes the feature
// controllers, and routes the actions a frame emitted to the one feature that handles each, after
// the frame. The window, the headless screen tests and the benchmarks all drive the same
// controller. A new feature is a controller (features/) with its actions (actions.hpp), a member
// here and its place in the Router's list.
#include <memory>
#include <optional>
#include <tuple>

#include "pameran/core/store.hpp"
#include "pameran/kiosk/actions.hpp"
#include "pameran/kiosk/features/cart.hpp"
#include "pameran/kiosk/features/documents.hpp"
#include "pameran/kiosk/features/payment.hpp"
#include "pameran/kiosk/features/refund.hpp"
#include "pameran/kiosk/features/session_controller.hpp"
#include "pameran/kiosk/features/settings.hpp"
#include "pameran/kiosk/features/shift.hpp"
#include "pameran/kiosk/features/stock.hpp"
#include "pameran/kiosk/features/today.hpp"
#include "pameran/kiosk/session.hpp"

namespace pameran::kiosk {

/// True when controller C has `void handle(const A&)` exactly (no conversion).
template <class C, class A>
concept Handles = requires { static_cast<void (C::*)(const A&)>(&C::handle); };

/// Sends each action to the one controller of `Cs` that handles it; an action no controller
/// handles, or two do, does not compile.
template <class... Cs>
class Router {
 public:
  explicit Router(Cs&... controllers) : m_controllers(controllers...) {}
  template <class A>
  void operator()(const A& action) {
    static_assert((0 + ... + (Handles<Cs, A> ? 1 : 0)) == 1, "every action needs exactly one controller that handles it");
    send<0>(action);
  }

 private:
  template <std::size_t I, class A>
  void send(const A& action) {
    using C = std::tuple_element_t<I, std::tuple<Cs...>>;
    if constexpr (Handles<C, A>) std::get<I>(m_controllers).handle(action);
    else send<I + 1>(action);
  }
  std::tuple<Cs&...> m_controllers;
};

class AppController {
 public:
  AppController(std::unique_ptr<core::Store> store, ControllerOptions options = {});
  ~AppController();
  AppController(const AppController&) = delete;
  AppController& operator=(const AppController&) = delete;

  /// Before a frame: the session's and each feature's refresh. True when something on screen
  /// changed, so an idle window knows to draw.
  bool refresh() { return m_session.refresh(); }
  /// After the frame: applies the actions it emitted, in order.
  void applyFrameActions();
  /// Applies one action. An error banner still up from before comes down when the action raises
  /// none of its own (the person has moved on successfully).
  void apply(const Action& action);

  Session& session() { return m_session; }
  const Session& session() const { return m_session; }
  const SessionData& data() const { return m_session.data(); }
  UiState& ui() { return m_session.ui(); }
  const UiState& ui() const { return m_session.ui(); }
  const Translator& tr() const { return m_session.tr(); }
  Actions& actions() { return m_actions; }
  core::Store& store() { return *m_store; }
  bool wantsQuit() const { return m_session.ui().quit; }
  core::EpochMs msUntilTimedChange(core::EpochMs cap) const { return m_session.msUntilTimedChange(cap); }

  const SessionController& login() const { return m_login; }
  const CartController& cart() const { return m_cart; }
  const PaymentController& payment() const { return m_payment; }
  const RefundController& refund() const { return m_refund; }
  const StockController& stock() const { return m_stock; }
  const ShiftController& shift() const { return m_shift; }
  const TodayController& today() const { return m_today; }

  /// Starts a background sync with the window; stopSync() ends it (also done by the destructor).
  void attachSync(std::unique_ptr<SyncAgent> agent) { m_session.attachSync(std::move(agent)); }
  void stopSync() { m_session.stopSync(); }

 private:
  std::unique_ptr<core::Store> m_store;
  Session m_session;
  Actions m_actions;
  SessionController m_login;
  CartController m_cart;
  PaymentController m_payment;
  DocumentsController m_documents;
  RefundController m_refund;
  StockController m_stock;
  ShiftController m_shift;
  TodayController m_today;
  SettingsController m_settings;
  Router<SessionController, CartController, PaymentController, DocumentsController, RefundController, StockController, ShiftController,
         TodayController, SettingsController>
      m_router;
};

}  // namespace pameran::kiosk
