#include "kiosk_log.hpp"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>

namespace pameran::kiosk {
namespace {

namespace fs = std::filesystem;

fs::path g_marker;

}  // namespace

core::Result<std::string> openKioskLog(const std::string& dbPath, KioskLogOptions options) {
  std::error_code ec;
  const fs::path dir = fs::absolute(fs::path(dbPath), ec).parent_path() / "logs";
  fs::create_directories(dir, ec);
  if (ec) return core::fail(core::Errc::Storage, "cannot create " + dir.string() + ": " + ec.message());
  const fs::path file = dir / "kiosk.log";
  try {
    auto sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(file.string(), options.maxBytes, options.oldFiles);
    auto logger = std::make_shared<spdlog::logger>("kiosk", std::move(sink));
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
    logger->set_level(spdlog::level::info);
    logger->flush_on(spdlog::level::info);  // a line is on disk before a crash can take it
    spdlog::set_default_logger(std::move(logger));
  } catch (const spdlog::spdlog_ex& e) {
    return core::fail(core::Errc::Storage, "cannot open the log " + file.string() + ": " + e.what());
  }
  g_marker = dir / "kiosk.running";
  if (fs::exists(g_marker, ec))
    spdlog::warn("the previous run did not end cleanly (crash, kill or power cut); committed sales are safe in the database");
  std::ofstream(g_marker) << "";
  return file.string();
}

void closeKioskLog() {
  std::error_code ec;
  if (!g_marker.empty()) fs::remove(g_marker, ec);
  g_marker.clear();
  spdlog::default_logger()->flush();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("kiosk"));
}

}  // namespace pameran::kiosk
