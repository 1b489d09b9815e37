#pragma once
#include <SQLiteCpp/SQLiteCpp.h>

#include "pameran/core/error.hpp"

namespace pameran::core::detail {

int latestSchemaVersion();
/// Brings the schema up to `target`, one transaction per version.
Result<void> migrate(SQLite::Database& db, int target);

}  // namespace pameran::core::detail
