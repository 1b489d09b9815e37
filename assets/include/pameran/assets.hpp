#pragma once
// Files of assets/ compiled into the program (see assets/CMakeLists.txt for the list).
#include <optional>
#include <string_view>

namespace pameran::assets {

/// The bytes of an embedded asset by its path under assets/ (`demo/vendors.csv`).
std::optional<std::string_view> find(std::string_view name);

}  // namespace pameran::assets
