#pragma once
// `pameran-server backup`: a consistent copy of the server's SQLite database while it serves
// (core::backupDatabase), one file or nightly files in a folder with the oldest removed.
#include <cstdint>
#include <string>
#include <vector>

#include "pameran/core/backup.hpp"
#include "pameran/core/error.hpp"
#include "pameran/core/time.hpp"

namespace pameran::sync {

struct ServerBackupRequest {
  std::string db;       // the server's SQLite file
  std::string out;      // the copy, or empty with outDir
  std::string outDir;   // nightly: the copy is outDir/server-YYYYMMDDTHHMMSSZ.db (UTC)
  int keep = 0;         // with outDir: keep this many newest nightly copies (0: all)
  core::EpochMs now = 0;
};

struct ServerBackupReport {
  std::string written;
  core::BackupSummary summary;
  std::vector<std::string> removed;  // older nightly copies beyond `keep`
};

/// Makes the copy; with `keep`, then removes the oldest `server-*.db` copies in outDir beyond it
/// (only files of that exact name form; nothing else in the folder is touched).
core::Result<ServerBackupReport> backupServer(const ServerBackupRequest& request);

/// The name of a nightly copy made at `at` (UTC): `server-20261127T023000Z.db`.
std::string nightlyBackupName(core::EpochMs at);

}  // namespace pameran::sync
