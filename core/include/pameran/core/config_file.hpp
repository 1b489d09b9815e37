#pragma once
// Settings files in TOML (/etc/pameran/server.toml, /etc/pameran/kiosk.toml), read with toml++.
// A program lists its keys once, each with its type and where its value goes; reading a file
// checks every key in it against that list, so a typo is an error rather than a silent default.
// Every error is one line: `file:line:column: reason`.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "pameran/core/error.hpp"

namespace pameran::core {

enum class ConfigType { String, Integer, Number, Boolean, StringList };

using ConfigValue = std::variant<std::string, std::int64_t, double, bool, std::vector<std::string>>;

struct ConfigKey {
  std::string name;  // dotted path: `listen`, `store.sqlite`
  ConfigType type = ConfigType::String;
  /// Keeps the value (a Number key is given a double, also for `20`); returns why the value is
  /// refused (`must be 1 to 1024`), or nothing.
  std::function<std::optional<std::string>(const ConfigValue&)> apply;
};

/// Reads `path` and applies each key it sets, in file order; keys it does not set are left alone.
/// Fails on a missing or unreadable file, bad TOML, an unknown key or section, a value of the
/// wrong type, or one its key refuses; values applied before the failure stay applied, so read
/// into a copy and keep it only on success.
Result<void> readConfigFile(const std::string& path, const std::vector<ConfigKey>& keys);
/// The same over text already read; `fileName` names it in errors.
Result<void> readConfigText(std::string_view text, const std::string& fileName, const std::vector<ConfigKey>& keys);

// ---- keys -------------------------------------------------------------------------------------

/// A text; `check` may refuse it (returns the reason).
ConfigKey stringKey(std::string name, std::string& target,
                    std::function<std::optional<std::string>(const std::string&)> check = {});
ConfigKey boolKey(std::string name, bool& target);
ConfigKey numberKey(std::string name, double& target, double min, double max);
/// A list of texts; `checkEach` may refuse an item (returns the reason).
ConfigKey stringListKey(std::string name, std::vector<std::string>& target,
                        std::function<std::optional<std::string>(const std::string&)> checkEach = {});

/// A whole number within [min, max] (both must fit `Int`).
template <class Int>
ConfigKey integerKey(std::string name, Int& target, std::int64_t min, std::int64_t max) {
  return ConfigKey{std::move(name), ConfigType::Integer,
                   [&target, min, max](const ConfigValue& v) -> std::optional<std::string> {
                     const std::int64_t n = std::get<std::int64_t>(v);
                     if (n < min || n > max) return "must be " + std::to_string(min) + " to " + std::to_string(max);
                     target = static_cast<Int>(n);
                     return std::nullopt;
                   }};
}

}  // namespace pameran::core
