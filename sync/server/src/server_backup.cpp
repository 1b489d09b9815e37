#include "pameran/sync/server_backup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <regex>

namespace pameran::sync {
namespace {

namespace fs = std::filesystem;

bool isNightlyName(const std::string& name) {
  static const std::regex pattern(R"(server-\d{8}T\d{6}Z\.db)");
  return std::regex_match(name, pattern);
}

}  // namespace

std::string nightlyBackupName(core::EpochMs at) {
  const std::time_t seconds = static_cast<std::time_t>(at / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("server-{:04}{:02}{:02}T{:02}{:02}{:02}Z.db", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec);
}

core::Result<ServerBackupReport> backupServer(const ServerBackupRequest& request) {
  if (request.out.empty() == request.outDir.empty())
    return core::fail(core::Errc::Invalid, "give either --out FILE or --out-dir DIR");
  if (request.keep < 0) return core::fail(core::Errc::Invalid, "--keep must be at least 1");
  if (request.keep > 0 && request.outDir.empty()) return core::fail(core::Errc::Invalid, "--keep goes with --out-dir");
  std::error_code ec;
  if (!request.outDir.empty() && !fs::is_directory(request.outDir, ec))
    return core::fail(core::Errc::NotFound, request.outDir + ": no such folder");
  ServerBackupReport report;
  report.written = request.out.empty() ? (fs::path(request.outDir) / nightlyBackupName(request.now)).string() : request.out;
  core::BackupOptions options;
  options.requiredTable = "tokens";
  options.kind = "server database";
  auto summary = core::backupDatabase(request.db, report.written, options);
  if (!summary) return summary.failure();
  report.summary = *summary;
  if (request.keep > 0) {
    std::vector<std::string> nightly;
    for (const fs::directory_entry& e : fs::directory_iterator(request.outDir, ec))
      if (e.is_regular_file(ec) && isNightlyName(e.path().filename().string())) nightly.push_back(e.path().string());
    // The names sort by time; the newest `keep` stay.
    std::sort(nightly.begin(), nightly.end(), std::greater<>());
    for (std::size_t i = static_cast<std::size_t>(request.keep); i < nightly.size(); ++i)
      if (fs::remove(nightly[i], ec)) report.removed.push_back(nightly[i]);
  }
  return report;
}

}  // namespace pameran::sync
