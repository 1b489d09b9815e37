#pragma once
// The organizer dashboard's files (sync/server/dashboard/), embedded in the binary at build time
// by cmake/EmbedAssets.cmake: the page needs nothing from any other host or any file at run time.
#include <optional>
#include <string_view>

namespace pameran::sync::dashboard {

/// The bytes of a dashboard file by its name (`index.html`, `app.js`), or nothing.
std::optional<std::string_view> find(std::string_view name);

}  // namespace pameran::sync::dashboard
