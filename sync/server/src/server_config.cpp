#include "pameran/sync/server_config.hpp"

#include <charconv>
#include <optional>

#include "client_address.hpp"
#include "pameran/core/config_file.hpp"

namespace pameran::sync {
namespace {

using core::Errc;
using core::fail;

std::optional<std::string> checkListen(const std::string& text) {
  if (auto ok = parseListenAddress(text); !ok) return ok.error().message;
  return std::nullopt;
}

std::optional<std::string> checkNotEmpty(const std::string& text) {
  if (text.empty()) return std::string("must not be empty");
  return std::nullopt;
}

std::optional<std::string> checkProxy(const std::string& text) {
  if (auto range = IpRange::parse(text); !range) return range.error().message;
  return std::nullopt;
}

std::optional<std::string> checkPgUri(const std::string& text) {
  if (!text.starts_with("postgresql://") && !text.starts_with("postgres://"))
    return std::string("must be a URI: postgresql://USER@HOST:PORT/DATABASE");
  return std::nullopt;
}

}  // namespace

core::Result<std::pair<std::string, int>> parseListenAddress(std::string_view text) {
  const auto bad = [&] { return fail(Errc::Invalid, "must be HOST:PORT, e.g. 127.0.0.1:8080"); };
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) return bad();
  std::string_view host = text.substr(0, colon);
  const std::string_view portText = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = -1;
  const auto [end, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
  if (ec != std::errc{} || end != portText.data() + portText.size() || host.empty()) return bad();
  if (port < 0 || port > 65535) return fail(Errc::Invalid, "port must be 0-65535");
  return std::pair<std::string, int>{std::string(host), port};
}

core::Result<ServeConfig> readServeConfig(const std::string& path, ServeConfig defaults) {
  ServeConfig c = std::move(defaults);
  ServerOptions& o = c.options;
  const std::vector<core::ConfigKey> keys = {
      core::stringKey("listen", c.listen, checkListen),
      core::stringKey("store.sqlite", c.db, checkNotEmpty),
      core::stringKey("store.postgresql", c.pg, checkPgUri),
      core::integerKey("http.workers", o.workers, 1, 1024),
      core::integerKey("http.max_connections", o.maxConnections, 16, 1'000'000),
      core::integerKey("http.max_connections_per_client", o.maxConnectionsPerAddress, 1, 100'000),
      core::integerKey("http.read_timeout_seconds", o.readTimeoutSeconds, 1, 600),
      core::integerKey("http.body_timeout_seconds", o.bodyTimeoutSeconds, 1, 3600),
      core::stringKey("http.access_log", o.accessLog),
      core::stringKey("log.file", o.logFile),
      core::integerKey("limits.max_body_bytes", o.limits.maxBodyBytes, 64 * 1024, 64 << 20),
      core::integerKey("limits.max_batch_records", o.limits.maxRecords, 1, 10'000),
      core::numberKey("limits.requests_per_second", o.requestsPerSecond, 0.01, 100'000),
      core::numberKey("limits.burst", o.burst, 1, 100'000),
      core::numberKey("limits.enroll_per_minute", o.enrollPerMinute, 0.1, 10'000),
      core::stringListKey("proxy.trusted", o.trustedProxies, checkProxy),
  };
  if (auto ok = core::readConfigFile(path, keys); !ok) return ok.failure();
  if (!c.db.empty() && !c.pg.empty()) return fail(Errc::Invalid, path + ": store.sqlite and store.postgresql are both set; keep one");
  return c;
}

void applyServeConfig(const ServeConfig& file, const std::function<bool(const std::string& flag)>& given, std::string& db,
                      std::string& pg, std::string& listen, ServerOptions& options) {
  if (!given("--db") && !given("--pg")) {
    db = file.db;
    pg = file.pg;
  }
  if (!given("--listen")) listen = file.listen;
  if (!given("--workers")) options.workers = file.options.workers;
  if (!given("--rate")) options.requestsPerSecond = file.options.requestsPerSecond;
  if (!given("--burst")) options.burst = file.options.burst;
  if (!given("--access-log")) options.accessLog = file.options.accessLog;
  if (!given("--log-file")) options.logFile = file.options.logFile;
  if (!given("--trusted-proxy")) options.trustedProxies = file.options.trustedProxies;
  if (!given("--max-connections")) options.maxConnections = file.options.maxConnections;
  if (!given("--max-connections-per-client")) options.maxConnectionsPerAddress = file.options.maxConnectionsPerAddress;
  options.readTimeoutSeconds = file.options.readTimeoutSeconds;
  options.bodyTimeoutSeconds = file.options.bodyTimeoutSeconds;
  options.enrollPerMinute = file.options.enrollPerMinute;
  options.limits = file.options.limits;
}

}  // namespace pameran::sync
