#include "kiosk_config.hpp"

#include <optional>
#include <vector>

#include "pameran/core/config_file.hpp"

namespace pameran::kiosk {
namespace {

std::optional<std::string> checkUrl(const std::string& url) {
  if (!url.starts_with("https://") && !url.starts_with("http://")) return std::string("must start with https:// (or http://)");
  return std::nullopt;
}

std::optional<std::string> checkLanguage(const std::string& lang) {
  if (lang != "id" && lang != "en") return std::string("must be \"id\" or \"en\"");
  return std::nullopt;
}

}  // namespace

core::Result<KioskConfig> readKioskConfig(const std::string& path) {
  KioskConfig c;
  const std::vector<core::ConfigKey> keys = {
      core::stringKey("server.url", c.server, checkUrl),
      core::stringKey("server.ca_file", c.caFile),
      core::stringKey("kiosk.database", c.database),
      core::stringKey("kiosk.language", c.language, checkLanguage),
      core::stringKey("kiosk.name", c.name),
  };
  if (auto ok = core::readConfigFile(path, keys); !ok) return ok.failure();
  return c;
}

}  // namespace pameran::kiosk
