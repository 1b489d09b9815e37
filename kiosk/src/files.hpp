#pragma once
// Small file helpers for the commands: whole-file reads with clear errors, atomic writes.
#include <string>

#include "pameran/core/error.hpp"

namespace pameran::kiosk {

/// Reads a whole regular file (at most 64 MiB).
core::Result<std::string> readFile(const std::string& path);
/// Writes through a temporary file and a rename, so readers never see half a file.
core::Result<void> writeFileAtomic(const std::string& path, const std::string& data);
/// The default database path: $PAMERAN_DB, else $XDG_DATA_HOME/pameran/kiosk.db, else
/// ~/.local/share/pameran/kiosk.db (its folder is created).
std::string defaultDatabasePath();

}  // namespace pameran::kiosk
