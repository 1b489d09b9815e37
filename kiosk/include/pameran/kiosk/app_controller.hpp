#pragma once
// The kiosk's application controller: owns the Store, keeps the data the screens show
// (AppData), and applies the actions a frame emitted to core after the frame. The window, the
// headless screen tests and the benchmarks all drive the same controller.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pameran/core/receipt.hpp"
#include "pameran/core/store.hpp"
#include "pameran/kiosk/actions.hpp"
#include "pameran/kiosk/app_data.hpp"
#include "pameran/kiosk/documents.hpp"
#include "pameran/kiosk/qr.hpp"
#include "pameran/kiosk/state.hpp"
#include "pameran/kiosk/text.hpp"
#include "pameran/kiosk/worker.hpp"

namespace pameran::kiosk {

/// What a background sync reports about itself (thread-safe snapshot).
struct SyncRuntime {
  SyncStatus::State state = SyncStatus::State::Idle;
  std::string lastError;
  std::uint64_t generation = 0;   // changes whenever the agent changed the outbox
};

/// The seam for the sync client: a background uploader the window starts with the controller and
/// stops before the store closes. It opens its own Store on the same file (Store is not
/// thread-safe). See kiosk/src/sync_hook.cpp for where the window makes one.
class SyncAgent {
 public:
  virtual ~SyncAgent() = default;
  virtual void start() = 0;                 // returns at once; work happens on the agent's thread
  virtual void stop() = 0;                  // stops and joins, within a second or two
  virtual void nudge() = 0;                 // something was just queued for upload
  virtual SyncRuntime runtime() const = 0;
};

struct ControllerOptions {
  core::Clock clock = core::systemClock();
  std::optional<Language> language;         // --lang; otherwise the saved ui.language
  std::function<void()> wake;               // called from any thread to get a redraw
  TextureHost* textures = nullptr;          // QR textures; null: screens draw modules
  std::string fontDir;                      // TTF fonts for PDFs; empty: fontDirectory()
  std::string documentsDir;                 // PDFs go here; empty: next to the database
  core::EpochMs syncRefreshMs = 5000;       // outbox counts are re-read at most this often
};

class AppController {
 public:
  AppController(std::unique_ptr<core::Store> store, ControllerOptions options = {});
  ~AppController();
  AppController(const AppController&) = delete;
  AppController& operator=(const AppController&) = delete;

  /// Before a frame: reads the clock, takes finished print/PDF jobs, refreshes the sync status
  /// when due and the caches the UI state asks for (grid filter). Returns true when something on
  /// screen changed, so an idle window knows to draw.
  bool refresh();
  /// After the frame: applies the actions it emitted, in order.
  void applyFrameActions();
  void apply(const Action& action);

  UiState& ui() { return m_ui; }
  const UiState& ui() const { return m_ui; }
  const AppData& data() const { return m_data; }
  const Translator& tr() const { return m_tr; }
  Actions& actions() { return m_actions; }
  core::Store& store() { return *m_store; }
  bool wantsQuit() const { return m_ui.quit; }
  /// Milliseconds until something on screen changes by itself (clock, countdown, banner), for the
  /// idle wait; never more than `cap`.
  core::EpochMs msUntilTimedChange(core::EpochMs cap) const;

  /// Starts a background sync with the window; stopSync() ends it (also done by the destructor).
  void attachSync(std::unique_ptr<SyncAgent> agent);
  void stopSync();
  /// Re-reads the outbox counts now (after a commit, or when the agent reports a change).
  void refreshSyncStatus();

 private:
  friend struct ControllerAccess;
  void loadAll();
  void loadCatalog();
  void loadStock();
  std::string stockChanged(std::int64_t productId);
  void loadStaff();
  void loadSettings();
  void loadHeld();
  void loadShift();
  void loadToday();
  void loadRecentSales();
  void cartChanged();
  void replanQris();
  void updateQrTexture();
  void setLanguage(Language lang);
  void banner(BannerKind kind, std::string text);
  void error(const core::Error& e);
  void info(T text);
  void success(std::string text);
  void goTo(Screen screen);
  void submitJob(int kind, std::function<core::Result<std::string>()> job);
  std::string documentsDir() const;
  core::ReceiptOptions receiptOptions(bool copy) const;

  void handle(const act::Navigate& a);
  void handle(const act::Quit& a);
  void handle(const act::Login& a);
  void handle(const act::SwitchUser& a);
  void handle(const act::DismissBanner& a);
  void handle(const act::Scan& a);
  void handle(const act::AddProduct& a);
  void handle(const act::ChangeQuantity& a);
  void handle(const act::SetQuantity& a);
  void handle(const act::RemoveLine& a);
  void handle(const act::SetDiscount& a);
  void handle(const act::ClearCart& a);
  void handle(const act::HoldCart& a);
  void handle(const act::RecallCart& a);
  void handle(const act::OpenPayment& a);
  void handle(const act::SupervisorPin& a);
  void handle(const act::SupervisorCancel& a);
  void handle(const act::PayCash& a);
  void handle(const act::AddReferenceTender& a);
  void handle(const act::ConfirmQris& a);
  void handle(const act::RemoveTender& a);
  void handle(const act::BackToSell& a);
  void handle(const act::PrintReceipt& a);
  void handle(const act::SaveReceiptPdf& a);
  void handle(const act::NewSale& a);
  void handle(const act::FindSale& a);
  void handle(const act::OpenSale& a);
  void handle(const act::RequestRefund& a);
  void handle(const act::PrintRefundSlip& a);
  void handle(const act::SaveRefundPdf& a);
  void handle(const act::CloseSale& a);
  void handle(const act::StockIntake& a);
  void handle(const act::StockAdjust& a);
  void handle(const act::LoadReturnSlip& a);
  void handle(const act::PrintReturnSlip& a);
  void handle(const act::SaveReturnSlipPdf& a);
  void handle(const act::RequestReturnToVendor& a);
  void handle(const act::OpenShift& a);
  void handle(const act::MoveCash& a);
  void handle(const act::CloseShift& a);
  void handle(const act::PrintShiftReport& a);
  void handle(const act::SaveShiftPdf& a);
  void handle(const act::RefreshShift& a);
  void handle(const act::RefreshToday& a);
  void handle(const act::ReprintSale& a);
  void handle(const act::SetLanguage& a);
  void handle(const act::SaveSettings& a);
  void handle(const act::TestPrint& a);

  bool addProduct(const core::Product& product, std::int64_t quantity);
  void commitIfPaid();
  void loadRefundSale(core::SaleRecord sale);
  void print(std::string text, int kind);
  void savePdf(TextDocument doc, const std::string& fileName, int kind);
  /// Laid out for `width` columns: the printer's paper (32/48) or a PDF page.
  std::string returnSlipText(int width) const;
  std::string shiftReportText(const core::ShiftRecord& record, int width, bool heading) const;

  std::unique_ptr<core::Store> m_store;
  ControllerOptions m_options;
  Translator m_tr;
  UiState m_ui;
  AppData m_data;
  Actions m_actions;
  std::unique_ptr<Worker> m_worker;
  std::unique_ptr<SyncAgent> m_sync;
  std::uint64_t m_syncGeneration = 0;
  core::EpochMs m_syncCheckedAt = 0;
  core::EpochMs m_lockoutCheckedAt = 0;
  core::EpochMs m_catalogCheckedAt = 0;
  std::string m_lastClock;

  // A change waiting for a supervisor's PIN.
  std::optional<act::SetDiscount> m_pendingDiscount;
  std::optional<core::RefundDraft> m_pendingRefund;
};

}  // namespace pameran::kiosk
