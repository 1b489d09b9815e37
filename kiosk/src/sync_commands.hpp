#pragma once
// `pameran-kiosk enroll` and `pameran-kiosk sync`: the command-line face of sync/client.
#include <string>

namespace CLI {
class App;
}

namespace pameran::kiosk {

struct SyncCommandOptions {
  std::string db;
  std::string server;
  std::string code;
  std::string name;
  std::string caFile;
  bool allowInsecureHttp = false;
  bool once = false;
};

/// Adds the enroll and sync subcommands to `app`; the returned pointers let the caller see which
/// one was chosen.
struct SyncCommands {
  CLI::App* enroll = nullptr;
  CLI::App* sync = nullptr;
};
SyncCommands addSyncCommands(CLI::App& app, SyncCommandOptions& options);

int enrollCommand(const SyncCommandOptions& options);
int syncCommand(const SyncCommandOptions& options);

}  // namespace pameran::kiosk
