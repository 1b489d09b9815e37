#pragma once
// Reading the report and settlement JSON of DESIGN.md back (the organizer console reads what the
// server's reportToJson / settlementToJson wrote). One reader, beside the writers in report.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pameran/core/error.hpp"
#include "pameran/core/report.hpp"

namespace pameran::core {

/// by_device rows (DESIGN.md): a kiosk's sales and net.
struct ReportDeviceRow {
  std::string deviceCode;
  std::string name;
  std::string booth;
  std::int64_t salesCount = 0;
  Rupiah net;
};

struct ReportCashierRow {
  std::string cashier;
  std::int64_t salesCount = 0;
  Rupiah net;
};

struct ReportProductRow {
  std::string sku;
  std::string name;
  std::string vendorCode;
  std::int64_t items = 0;
  Rupiah net;
};

/// The report with the optional breakdowns a server may add (absent: nullopt).
struct ReportReading {
  Report report;
  std::optional<std::vector<ReportDeviceRow>> byDevice;
  std::optional<std::vector<ReportCashierRow>> byCashier;
  std::optional<std::vector<ReportProductRow>> topProducts;
};

/// Parses the report JSON. Fails (Errc::Invalid) on anything that is not that shape: a missing
/// total, a money field that is not an integer, an unknown sector or payment method.
Result<ReportReading> reportFromJson(std::string_view json);

/// Parses the settlement JSON (fields other than DESIGN.md's minimum default to 0 when absent).
Result<Settlement> settlementFromJson(std::string_view json);

}  // namespace pameran::core
