#pragma once
// The settings file of `pameran-server serve --config FILE` (/etc/pameran/server.toml; the
// commented example is deploy/config/server.toml). Flags given on the command line win over it.
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "pameran/core/error.hpp"
#include "pameran/sync/server.hpp"

namespace pameran::sync {

struct ServeConfig {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT
  std::string db;                         // store.sqlite
  std::string pg;                         // store.postgresql
  ServerOptions options;                  // with proxy.trusted in options.trustedProxies
};

/// Reads `path` over `defaults`. Every key is optional; fails with `file:line:column: reason` on
/// an unknown key, a wrong type or a value out of range, and when both stores are set.
core::Result<ServeConfig> readServeConfig(const std::string& path, ServeConfig defaults = {});

/// What `serve` runs with: what the command line gave (`given("--listen")`) stays, the rest
/// comes from the file.
void applyServeConfig(const ServeConfig& file, const std::function<bool(const std::string& flag)>& given,
                                    std::string& db, std::string& pg, std::string& listen, ServerOptions& options);

/// `HOST:PORT` (IPv6 as `[::1]:8080`) split into host and port 0-65535.
core::Result<std::pair<std::string, int>> parseListenAddress(std::string_view text);

}  // namespace pameran::sync
