#pragma once
// The central server's address as a kiosk stores it (DeviceInfo::serverUrl): checked once, here,
// for the settings screen and the sync client alike.
#include <string_view>

namespace pameran::core {

/// True for an http:// or https:// URL with a host (and an optional port) and no path, query,
/// user or spaces: `http://192.168.1.10:8080`, `https://pameran.example.id`.
bool isValidServerUrl(std::string_view url);

}  // namespace pameran::core
