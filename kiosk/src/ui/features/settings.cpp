#include "pameran/kiosk/features/settings.hpp"

#include "pameran/core/server_url.hpp"

namespace pameran::kiosk {
namespace {

constexpr std::size_t kMaxPrinterTarget = 500;

}  // namespace

void SettingsController::entered(Screen screen) {
  if (screen == Screen::Settings) m_session.ui().settings.loaded = false;
}

void SettingsController::handle(const act::SetLanguage& a) {
  auto ok = m_session.store().settings().set(core::settings::kLanguage, languageCode(a.language));
  if (!ok) return m_session.error(ok.error());
  m_session.setLanguage(a.language);
  m_session.success(m_session.tr()(T::SettingsSaved));
}

void SettingsController::handle(const act::SaveSettings& a) {
  const std::string printer = trimmed(a.printer);
  if (printer.size() > kMaxPrinterTarget) return m_session.info(T::SettingsPrinterHint);
  const std::string serverUrl = trimmed(a.serverUrl);
  if (!serverUrl.empty() && !core::isValidServerUrl(serverUrl))
    return m_session.banner(BannerKind::Error, m_session.tr().format(T::SettingsServerInvalid, {serverUrl}));
  const int width = a.width == 48 ? 48 : 32;
  // Where receipts are printed and where sales are uploaded reach outside the kiosk: a cashier
  // alone cannot point them elsewhere.
  const DeviceSettings& device = m_session.device();
  if (printer == device.printer && serverUrl == device.serverUrl) return save(printer, width, serverUrl);
  std::string detail;
  if (printer != device.printer) detail = m_session.tr().format(T::SupSettingsPrinter, {printer.empty() ? "-" : printer});
  if (serverUrl != device.serverUrl) {
    if (!detail.empty()) detail += "\n";
    detail += m_session.tr().format(T::SupSettingsServer, {serverUrl.empty() ? "-" : serverUrl});
  }
  m_session.askSupervisor(SupervisorPurpose::Settings, detail,
                          [this, printer, width, serverUrl](const core::Staff&) { save(printer, width, serverUrl); });
}

void SettingsController::save(const std::string& printer, int width, const std::string& serverUrl) {
  core::Settings& settings = m_session.store().settings();
  if (auto ok = settings.set(core::settings::kPrinter, printer); !ok) return m_session.error(ok.error());
  if (auto ok = settings.set(core::settings::kReceiptWidth, width == 48 ? "48" : "32"); !ok) return m_session.error(ok.error());
  core::DeviceInfo device = settings.device();
  if (device.serverUrl != serverUrl) {
    device.serverUrl = serverUrl;
    if (auto ok = settings.setDevice(device); !ok) return m_session.error(ok.error());
    m_session.refreshSyncStatus();
  }
  m_session.loadSettings();
  m_session.success(m_session.tr()(T::SettingsSaved));
}

void SettingsController::handle(const act::TestPrint&) {
  const DeviceSettings& device = m_session.device();
  const core::Event& event = m_session.catalog().event;
  const auto width = static_cast<std::size_t>(device.receiptWidth);
  m_session.print(m_session.tr()(T::SettingsTestPrintText) + "\n" + std::string(width, '-') + "\n" + event.name + "\n" +
                  core::localDateTime(m_session.now(), event.tzOffsetMinutes) + "\n" + std::string(width, '=') + "\n");
}

}  // namespace pameran::kiosk
