#include "pameran/core/report_json.hpp"

#include <nlohmann/json.hpp>

namespace pameran::core {
namespace {

using nlohmann::json;

// Field readers that throw a readable message; reportFromJson turns it into an Error.
struct Bad {
  std::string what;
};

const json& field(const json& o, const char* name) {
  if (!o.is_object() || !o.contains(name)) throw Bad{std::string("missing \"") + name + "\""};
  return o.at(name);
}
std::int64_t integer(const json& o, const char* name) {
  const json& v = field(o, name);
  if (!v.is_number_integer()) throw Bad{std::string("\"") + name + "\" is not an integer"};
  return v.get<std::int64_t>();
}
std::int64_t integerOr(const json& o, const char* name) { return o.contains(name) ? integer(o, name) : 0; }
std::string text(const json& o, const char* name) {
  const json& v = field(o, name);
  if (!v.is_string()) throw Bad{std::string("\"") + name + "\" is not a string"};
  return v.get<std::string>();
}
std::string textOr(const json& o, const char* name) { return o.contains(name) ? text(o, name) : std::string(); }
const json& array(const json& o, const char* name) {
  const json& v = field(o, name);
  if (!v.is_array()) throw Bad{std::string("\"") + name + "\" is not a list"};
  return v;
}
Sector sector(const json& o) {
  const std::string s = text(o, "sector");
  auto parsed = parseSector(s);
  if (!parsed) throw Bad{"unknown sector \"" + s + "\""};
  return *parsed;
}

ReportReading readReport(const json& j) {
  ReportReading out;
  Report& r = out.report;
  r.event = text(j, "event");
  r.salesCount = integer(j, "sales_count");
  r.items = integer(j, "items_sold");
  r.gross = Rupiah(integer(j, "gross_idr"));
  r.discount = Rupiah(integer(j, "discount_idr"));
  r.refund = Rupiah(integer(j, "refund_idr"));
  r.net = Rupiah(integer(j, "net_idr"));
  for (const json& v : array(j, "by_vendor"))
    r.byVendor.push_back({text(v, "vendor_code"), text(v, "name"), sector(v), integer(v, "sales_count"), integer(v, "items_sold"),
                          Rupiah(integer(v, "net_idr"))});
  for (const json& v : array(j, "by_sector")) r.bySector.emplace_back(sector(v), Rupiah(integer(v, "net_idr")));
  for (const json& v : array(j, "by_payment")) {
    const std::string m = text(v, "method");
    auto method = parsePaymentMethod(m);
    if (!method) throw Bad{"unknown payment method \"" + m + "\""};
    r.byPayment.emplace_back(*method, Rupiah(integer(v, "amount_idr")));
  }
  for (const json& v : array(j, "by_day")) r.byDay.emplace_back(text(v, "date"), Rupiah(integer(v, "net_idr")));
  for (const json& v : array(j, "by_hour")) {
    const std::int64_t hour = integer(v, "hour");
    if (hour < 0 || hour > 23) throw Bad{"hour out of range"};
    r.byHour.emplace_back(static_cast<int>(hour), Rupiah(integer(v, "net_idr")));
  }
  if (j.contains("by_device")) {
    out.byDevice.emplace();
    for (const json& v : array(j, "by_device"))
      out.byDevice->push_back({text(v, "device_code"), textOr(v, "name"), textOr(v, "booth"), integerOr(v, "sales_count"),
                               Rupiah(integer(v, "net_idr"))});
  }
  if (j.contains("by_cashier")) {
    out.byCashier.emplace();
    for (const json& v : array(j, "by_cashier"))
      out.byCashier->push_back({text(v, "cashier"), integerOr(v, "sales_count"), Rupiah(integer(v, "net_idr"))});
  }
  if (j.contains("top_products")) {
    out.topProducts.emplace();
    for (const json& v : array(j, "top_products"))
      out.topProducts->push_back({text(v, "sku"), textOr(v, "name"), textOr(v, "vendor_code"), integerOr(v, "items_sold"),
                                  Rupiah(integer(v, "net_idr"))});
  }
  // A year's report (report --year, GET /api/v1/years/{yyyy}).
  if (j.contains("by_event") || j.contains("by_ikm")) {
    r.isYear = true;
    for (const json& v : array(j, "by_event"))
      r.byEvent.push_back({text(v, "event"), textOr(v, "name"), textOr(v, "start_date"), integerOr(v, "sales_count"),
                           Rupiah(integer(v, "net_idr"))});
    for (const json& v : array(j, "by_ikm")) {
      const json& growth = field(v, "growth_bp");
      if (!growth.is_null() && !growth.is_number_integer()) throw Bad{"\"growth_bp\" is neither an integer nor null"};
      r.byIkm.push_back({text(v, "vendor_code"), textOr(v, "name"), sector(v), integer(v, "events"), Rupiah(integer(v, "net_idr")),
                         growth.is_null() ? std::nullopt : std::optional<std::int64_t>(growth.get<std::int64_t>())});
    }
  }
  return out;
}

Settlement readSettlement(const json& j) {
  Settlement s;
  s.event = text(j, "event");
  for (const json& v : array(j, "vendors")) {
    SettlementRow row;
    row.vendorCode = text(v, "vendor_code");
    row.name = text(v, "name");
    if (v.contains("sector")) row.sector = sector(v);
    row.salesCount = integerOr(v, "sales_count");
    row.items = integerOr(v, "items_sold");
    row.gross = Rupiah(integerOr(v, "gross_idr"));
    row.discount = Rupiah(integerOr(v, "discount_idr"));
    row.refund = Rupiah(integerOr(v, "refund_idr"));
    row.net = Rupiah(integer(v, "net_idr"));
    row.commissionBp = static_cast<std::int32_t>(integerOr(v, "commission_bp"));
    row.commission = Rupiah(integer(v, "commission_idr"));
    row.paidDirect = Rupiah(integer(v, "paid_direct_idr"));
    row.owedToVendor = Rupiah(integer(v, "owed_to_vendor_idr"));
    s.vendors.push_back(std::move(row));
  }
  return s;
}

template <typename T, typename F>
Result<T> parseWith(std::string_view text, const char* what, F read) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail(Errc::Invalid, std::string(what) + " is not a JSON object");
  try {
    return read(j);
  } catch (const Bad& bad) {
    return fail(Errc::Invalid, std::string(what) + ": " + bad.what);
  } catch (const json::exception& e) {
    return fail(Errc::Invalid, std::string(what) + ": " + e.what());
  }
}

}  // namespace

Result<ReportReading> reportFromJson(std::string_view json) {
  return parseWith<ReportReading>(json, "report JSON", readReport);
}

Result<Settlement> settlementFromJson(std::string_view json) {
  return parseWith<Settlement>(json, "settlement JSON", readSettlement);
}

}  // namespace pameran::core
