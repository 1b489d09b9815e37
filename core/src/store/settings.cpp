#include "db.hpp"

namespace pameran::core {

std::string Settings::get(std::string_view key, std::string_view fallback) const {
  auto s = m_db.stmt("SELECT value FROM setting WHERE key = ?");
  s.bind(1, std::string(key));
  return s.executeStep() ? s.getColumn(0).getString() : std::string(fallback);
}

std::int64_t Settings::getInt(std::string_view key, std::int64_t fallback) const {
  const std::string text = get(key);
  if (text.empty()) return fallback;
  try {
    std::size_t used = 0;
    const long long v = std::stoll(text, &used);
    return used == text.size() ? v : fallback;
  } catch (const std::exception&) {
    return fallback;
  }
}

Result<void> Settings::set(std::string_view key, std::string_view value) {
  if (key.empty() || key.size() > 64) return fail(Errc::Invalid, "bad setting name");
  if (value.size() > 4096) return fail(Errc::Invalid, "setting value too long");
  return m_db.write([&]() -> Result<void> {
    auto s = m_db.stmt("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    s.bind(1, std::string(key));
    s.bind(2, std::string(value));
    s.exec();
    return {};
  });
}

DeviceInfo Settings::device() const {
  DeviceInfo d;
  d.deviceId = get("device.id");
  d.deviceCode = get("device.code", "K01");
  d.name = get("device.name");
  d.boothVendorCode = get("device.booth_vendor");
  d.serverUrl = get("sync.server_url");
  d.token = get("sync.token");
  d.caFile = get("sync.ca_file");
  d.allowInsecureHttp = get("sync.allow_insecure_http") == "1";
  auto s = m_db.stmt("SELECT last_seq FROM device_counter WHERE id = 1");
  if (s.executeStep()) d.lastSeq = s.getColumn(0).getInt64();
  return d;
}

Result<void> Settings::setDevice(const DeviceInfo& info) {
  if (info.deviceId.empty() || info.deviceId.size() > 64) return fail(Errc::Invalid, "bad device id");
  if (!isValidCode(info.deviceCode)) return fail(Errc::Invalid, "bad device code '" + info.deviceCode + "'");
  if (!info.boothVendorCode.empty() && !isValidCode(info.boothVendorCode)) return fail(Errc::Invalid, "bad booth vendor code");
  const std::string insecure = info.allowInsecureHttp ? "1" : "";
  return m_db.write([&]() -> Result<void> {
    const std::pair<const char*, const std::string*> rows[] = {
        {"device.id", &info.deviceId},       {"device.code", &info.deviceCode}, {"device.name", &info.name},
        {"device.booth_vendor", &info.boothVendorCode}, {"sync.server_url", &info.serverUrl},
        {"sync.token", &info.token},         {"sync.ca_file", &info.caFile},
        {"sync.allow_insecure_http", &insecure}};
    for (const auto& [key, value] : rows) {
      auto s = m_db.stmt("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
      s.bind(1, key);
      s.bind(2, *value);
      s.exec();
    }
    return {};
  });
}

}  // namespace pameran::core
