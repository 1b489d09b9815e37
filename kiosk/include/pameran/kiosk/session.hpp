#pragma once
// The session every feature controller shares (STYLE.md, "No god objects"): the store, the clock,
// the language, what the person at the kiosk is doing (UiState), who is logged in, the catalog
// with stock, the sale being rung up, the last receipt, the sync indicator, banners, requests for
// a supervisor's PIN, and printing and PDFs off the UI thread. Features read and change the
// session; they never call each other.
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "pameran/core/cart.hpp"
#include "pameran/core/catalog_changes.hpp"
#include "pameran/core/payment.hpp"
#include "pameran/core/product_index.hpp"
#include "pameran/core/receipt.hpp"
#include "pameran/core/records.hpp"
#include "pameran/core/store.hpp"
#include "pameran/kiosk/documents.hpp"
#include "pameran/kiosk/qr.hpp"
#include "pameran/kiosk/state.hpp"
#include "pameran/kiosk/text.hpp"

namespace pameran::kiosk {

class Worker;

struct ControllerOptions {
  core::Clock clock = core::systemClock();
  std::optional<Language> language;         // --lang; otherwise the saved ui.language
  std::function<void()> wake;               // called from any thread to get a redraw
  TextureHost* textures = nullptr;          // QR textures; null: screens draw modules
  std::string fontDir;                      // TTF fonts for PDFs; empty: fontDirectory()
  std::string documentsDir;                 // PDFs go here; empty: next to the database
  core::EpochMs syncRefreshMs = 5000;       // outbox counts are re-read at most this often
};

/// The sync indicator's data. The kiosk fills counts from the outbox; a SyncAgent (the sync
/// client, when present) adds its state and last error.
struct SyncStatus {
  enum class State { NotEnrolled, Idle, Syncing, Offline, Error, AuthFailed };
  State state = State::NotEnrolled;
  std::int64_t pending = 0;
  std::int64_t quarantined = 0;
  core::EpochMs lastSuccessAt = 0;   // 0: never
  std::string lastError;
  bool insecureHttp = false;          // enrolled with --allow-insecure-http: tokens travel in clear
};

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

/// One product as lists show it (parallel to ProductIndex::all()).
struct ProductRow {
  const core::Product* product = nullptr;
  int vendor = -1;            // index into CatalogData::vendors
  core::Sector sector = core::Sector::Kriya;
  std::string price;          // `Rp 35.000`
  bool nameShared = false;    // another product of the event has the same name
};

/// The catalog of the current event with stock levels, reloaded when core's catalog changes.
struct CatalogData {
  bool hasEvent = false;
  core::Event event;
  std::vector<core::Vendor> vendors;                     // by name
  std::unordered_map<std::int64_t, int> vendorIndex;     // vendor id -> index
  std::vector<std::string> vendorLabels;                 // parallel to vendors: the name, with the code when two share it
  core::ProductIndex index;
  std::vector<ProductRow> rows;                          // parallel to index.all()
  std::unordered_map<std::int64_t, int> rowOf;           // product id -> row
  std::unordered_map<std::int64_t, core::StockLevel> stock;
  std::int64_t version = -1;                             // core's catalog version it was read at
  std::int64_t stockVersion = 0;                         // bumped by every change of `stock`
  std::vector<core::PendingBarcode> reprints;            // products whose printed tags carry an old barcode

  const core::Vendor* vendor(std::int64_t id) const;
  const core::Vendor* vendorByCode(std::string_view code) const;
  std::int64_t onHand(std::int64_t productId) const;
};

/// This kiosk's settings as the screens use them.
struct DeviceSettings {
  std::string printer;
  int receiptWidth = 32;
  std::string receiptFooter;
  std::string deviceCode;
  std::string deviceName;
  std::string boothVendorCode;              // the vendor whose own booth this is, or empty
  std::string serverUrl;
  std::string dbPath;
  bool allowOversell = false;
  bool qrisTerminalLabel = false;
  std::int32_t discountThresholdBp = core::settings::kDefaultDiscountThresholdBp;
  core::Rupiah customPriceLimit{core::kDefaultCustomPriceLimitIdr};  // above it a custom item needs a supervisor
  core::Rupiah defaultFloat;
};

/// The sale being rung up: it survives switching user.
struct OpenSale {
  core::Cart cart;
  core::CartTotals totals;                  // computeTotals(cart)
  std::vector<core::Tender> tenders;        // taken so far for these totals
  std::optional<core::Staff> supervisor;    // approved this cart's discounts
};

/// The sale just paid, or one shown again from the day's list, for the receipt screen.
struct ReceiptData {
  core::SaleRecord sale;
  bool copy = false;                        // shown again: prints as COPY
  int prints = 0;
  core::Rupiah change;
};

/// What the session knows, as plain data: the view models read it.
struct SessionData {
  core::EpochMs now = 0;
  CatalogData catalog;
  DeviceSettings device;
  Language language = Language::Id;
  std::optional<core::Staff> user;
  OpenSale sale;
  std::optional<ReceiptData> receipt;
  SyncStatus sync;
  int jobsRunning = 0;                      // printing or writing a PDF
  /// What catalog refreshes changed (prices, products added or gone), shown on the sell screen
  /// until dismissed; empty: nothing to tell. Carts keep the prices they were rung up at.
  core::CatalogChanges catalogChanges;
  std::optional<core::AuditCheck> audit = {};  // the start-up check of the audit log, once it finished
};

/// A feature of the kiosk: a controller with its own data that the session tells of its moments.
/// A new feature is a class like this plus one registration line in AppController.
class Feature {
 public:
  virtual ~Feature() = default;
  /// Before a frame; true when something on screen changed by itself.
  virtual bool refresh() { return false; }
  /// Milliseconds until something of this feature on screen changes by itself (a countdown).
  virtual core::EpochMs msUntilTimedChange(core::EpochMs cap) const { return cap; }
  /// `screen` just came on show.
  virtual void entered(Screen) {}
  /// The person at the kiosk logged out (switch user): forget what was theirs.
  virtual void signedOut() {}
};

class Session {
 public:
  Session(core::Store& store, ControllerOptions options);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  core::Store& store() const { return m_store; }
  const ControllerOptions& options() const { return m_options; }
  const Translator& tr() const { return m_tr; }
  UiState& ui() { return m_ui; }
  const UiState& ui() const { return m_ui; }
  SessionData& data() { return m_data; }
  const SessionData& data() const { return m_data; }
  const CatalogData& catalog() const { return m_data.catalog; }
  const DeviceSettings& device() const { return m_data.device; }
  const std::optional<core::Staff>& user() const { return m_data.user; }
  core::EpochMs now() const { return m_data.now; }

  /// Tells `feature` of the session's moments from now on.
  void add(Feature& feature);
  /// Before a frame: the clock, finished print and PDF jobs, the sync indicator, catalog changes
  /// made by the sync thread, banners that expired, then each feature. True when something on
  /// screen changed.
  bool refresh();
  /// Milliseconds until something on screen changes by itself (clock, banner), never more than `cap`.
  core::EpochMs msUntilTimedChange(core::EpochMs cap) const;

  void setLanguage(Language lang);
  void loadSettings();
  void loadCatalog();
  void loadStock();
  /// Reads again which products' tags must be printed again (Catalog::tagsToReprint).
  void loadReprints();
  /// Keeps the cached level in step with a committed change of `delta` units.
  void moveStock(std::int64_t productId, std::int64_t delta);

  /// The open sale's cart changed: totals again; tenders taken for the old totals come off.
  void saleChanged();
  void clearSale();
  /// Shows a sale on the receipt screen (`copy`: shown again, prints as COPY).
  void showReceipt(core::SaleRecord sale, bool copy, core::Rupiah change = {});

  void banner(BannerKind kind, std::string text);
  void error(const core::Error& e);
  void info(T text);
  void success(std::string text);
  /// Bumped by every banner: an action that raised none succeeded.
  std::uint64_t bannerSerial() const { return m_bannerSerial; }
  /// Takes down an error banner (the person has moved on successfully).
  void clearError();

  /// Shows `screen` (any but login needs someone logged in) and tells the features.
  void goTo(Screen screen);

  /// Opens the supervisor's PIN card; `approved` runs with the supervisor once a supervisor's PIN
  /// is given. A new request replaces one that waits.
  void askSupervisor(SupervisorPurpose purpose, std::string detail, std::function<void(const core::Staff&)> approved);
  /// The waiting request's continuation, taken (the card closes); empty when none waits.
  std::function<void(const core::Staff&)> takeApproval();
  void cancelApproval();
  /// Tells the features the person logged out.
  void signOut();

  /// Paper layout for this kiosk (width, event header, footer) with translated labels.
  core::ReceiptOptions paper(bool copy = false) const;
  /// Prints on the configured printer, off the UI thread; a banner says how it went.
  void print(std::string text);
  /// Sends ready ESC/POS bytes (price tags on the label roll) the same way; `printed` runs on the
  /// UI thread once they were sent.
  void printBytes(std::string escpos, std::function<void()> printed = {});
  /// Writes a PDF under the documents folder (`receipts/...`), off the UI thread.
  void savePdf(TextDocument doc, const std::string& fileName);
  /// Writes a sheet of price tags as a PDF under the documents folder, off the UI thread; `saved`
  /// runs on the UI thread once it is written.
  void saveLabelsPdf(std::vector<core::PriceTag> tags, core::LabelLayout layout, const std::string& fileName,
                     std::function<void()> saved = {});

  void attachSync(std::unique_ptr<SyncAgent> agent);
  void stopSync();
  /// Re-reads the outbox counts now.
  void refreshSyncStatus();
  /// A record was just committed for upload.
  void queuedForUpload();

 private:
  bool refreshShared();
  std::string documentsDir() const;
  /// Runs `write(path, fontDir)` for a file under the documents folder on the worker; `done` after
  /// it succeeded.
  void writeDocument(const std::string& fileName,
                     std::function<core::Result<void>(const std::string& path, const std::string& fontDir)> write,
                     std::function<void()> done = {});

  core::Store& m_store;
  ControllerOptions m_options;
  Translator m_tr;
  UiState m_ui;
  SessionData m_data;
  std::vector<Feature*> m_features;
  std::unique_ptr<Worker> m_worker;
  std::unordered_map<std::uint64_t, std::function<void()>> m_afterJob;  // job id -> what follows its success
  std::unique_ptr<SyncAgent> m_sync;
  std::uint64_t m_syncGeneration = 0;
  core::EpochMs m_syncCheckedAt = 0;
  core::EpochMs m_catalogCheckedAt = 0;
  std::string m_lastClock;
  std::uint64_t m_bannerSerial = 0;
  std::function<void(const core::Staff&)> m_approval;
  // The audit log's chain, checked at start-up on a thread of its own with its own connection
  // (the whole log is read): selling starts at once, the result shows when it is there.
  std::future<core::Result<core::AuditCheck>> m_auditCheck;
};

/// `14:05` in the event's zone.
std::string hhmm(core::EpochMs at, int tzOffsetMinutes);
/// Text as typed, without surrounding blanks.
std::string trimmed(std::string_view s);
/// File names made from receipt numbers and codes keep to letters, digits and dashes.
std::string safeFileName(std::string_view s);

}  // namespace pameran::kiosk
