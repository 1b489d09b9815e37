#pragma once
// A consistent copy of a live SQLite database (the kiosk's or the server's), made with SQLite's
// online backup API while its program keeps writing: `pameran-kiosk backup` and
// `pameran-server backup` (DESIGN.md).
#include <cstdint>
#include <functional>
#include <string>

#include "pameran/core/error.hpp"

namespace pameran::core {

struct BackupOptions {
  /// A table the source must have, so a kiosk backup refuses a server file and the reverse
  /// (empty: any SQLite database).
  std::string requiredTable;
  /// What the source is called in errors ("kiosk database").
  std::string kind = "database";
  /// Pages copied per step of the backup API.
  int pagesPerStep = 1024;
  /// Called after each step with the pages copied so far and the total (progress, pacing);
  /// returning false abandons the copy (the backup fails and leaves nothing).
  std::function<bool(std::int64_t copied, std::int64_t total)> onStep;
};

struct BackupSummary {
  std::int64_t pages = 0;
  std::int64_t bytes = 0;
  int steps = 0;
  double seconds = 0;
};

/// Copies `source` to `out` as one self-contained file (no -wal beside it) holding the source
/// exactly as it was when the copy began, whatever is committed meanwhile; writers to the source
/// are never blocked. The copy must pass `PRAGMA integrity_check` before it takes the name `out`;
/// until then it is `out.part`, removed on failure, so `out` is either the old file or a whole
/// good copy. Fails, changing nothing, when the source is missing or not a (matching) database,
/// when `out` is the source or one of its -wal/-shm/-journal files, a directory, in a missing
/// folder, or a live database (its -wal exists), and on any I/O error (disk full).
Result<BackupSummary> backupDatabase(const std::string& source, const std::string& out, const BackupOptions& options = {});

}  // namespace pameran::core
