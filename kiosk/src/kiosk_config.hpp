#pragma once
// /etc/pameran/kiosk.toml: what a volunteer writes once per kiosk (the commented example is
// deploy/config/kiosk.toml), so that a new kiosk only asks for its enrollment code.
#include <string>

#include "pameran/core/error.hpp"

namespace pameran::kiosk {

inline constexpr const char* kKioskConfigPath = "/etc/pameran/kiosk.toml";

struct KioskConfig {
  std::string server;    // server.url: https://host[:port]
  std::string caFile;    // server.ca_file: the private CA of the server's certificate
  std::string database;  // kiosk.database (empty: ~/.local/share/pameran/kiosk.db)
  std::string language;  // kiosk.language: id | en (empty: the kiosk's saved choice)
  std::string name;      // kiosk.name: sent at enrollment (empty: the machine's host name)
};

/// Reads a kiosk settings file; fails with `file:line:column: reason` on an unknown key or a bad
/// value.
core::Result<KioskConfig> readKioskConfig(const std::string& path);

}  // namespace pameran::kiosk
