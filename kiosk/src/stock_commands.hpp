#pragma once
// `pameran-kiosk stock intake|return|levels` and `pameran-kiosk labels`: the booth's goods from the
// command line (DESIGN.md), each a recorded stock movement or a catalog change with the audit log.
#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace pameran::kiosk {

struct StockCommandOptions {
  std::string db;
  std::string sku;
  std::int64_t quantity = 0;
  std::string note;
  std::string vendor;
  std::string pdf;
  std::string format = "table";
  std::vector<std::string> skus;
  std::string out;
  int copies = 1;
  std::string layout = "3x7";
};

struct StockCommands {
  CLI::App* intake = nullptr;
  CLI::App* giveBack = nullptr;
  CLI::App* levels = nullptr;
  CLI::App* labels = nullptr;
};
/// Adds `stock intake|return|levels` and `labels` to `app`.
StockCommands addStockCommands(CLI::App& app, StockCommandOptions& options);

int stockIntakeCommand(const StockCommandOptions& options);
int stockReturnCommand(const StockCommandOptions& options);
int stockLevelsCommand(const StockCommandOptions& options);
int labelsCommand(const StockCommandOptions& options);

}  // namespace pameran::kiosk
