// The work-meeting workbook (workbook.hpp) with libxlsxwriter.
//
// Sections: sheets · the workbook · bytes
#include "pameran/sync/workbook.hpp"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "pameran/core/ids.hpp"

namespace pameran::sync {
namespace {

using core::Errc;
using core::fail;

// ---- sheets ----------------------------------------------------------------------------------

// Characters a cell shows (UTF-8 code points), for column widths.
std::size_t shownWidth(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

struct Formats {
  lxw_format* header = nullptr;
  lxw_format* money = nullptr;
  lxw_format* count = nullptr;
  lxw_format* title = nullptr;
};

// One table on its own sheet: a header row, then rows; numbers are numbers. Money goes through
// IEEE doubles as every spreadsheet stores numbers: exact for whole rupiah below 2^53 (Rp 9 quadrillion),
// far above the store's ceiling of an event.
class Sheet {
 public:
  Sheet(lxw_workbook* book, const Formats& f, const char* name, const std::vector<const char*>& columns)
      : m_ws(workbook_add_worksheet(book, name)), m_f(f), m_widths(columns.size(), 0) {
    lxw_col_t c = 0;
    for (const char* title : columns) {
      worksheet_write_string(m_ws, 0, c, title, m_f.header);
      fit(c++, shownWidth(title) + 3);  // room for the filter button
    }
  }

  void next() { ++m_row; }
  void text(lxw_col_t c, const std::string& value) {
    worksheet_write_string(m_ws, m_row, c, value.c_str(), nullptr);
    fit(c, shownWidth(value));
  }
  void money(lxw_col_t c, core::Rupiah value) {
    worksheet_write_number(m_ws, m_row, c, static_cast<double>(value.idr()), m_f.money);
    fit(c, core::formatRupiah(value).size());
  }
  void count(lxw_col_t c, std::int64_t value) {
    worksheet_write_number(m_ws, m_row, c, static_cast<double>(value), m_f.count);
    fit(c, core::formatThousands(value).size());
  }
  void percent(lxw_col_t c, std::int32_t bp) {  // basis points as a number of percent, 2 decimals
    worksheet_write_number(m_ws, m_row, c, bp / 100.0, nullptr);
    fit(c, 6);
  }

  // Widths, frozen header row and the autofilter over the table.
  void finish() {
    for (lxw_col_t c = 0; c < m_widths.size(); ++c)
      worksheet_set_column(m_ws, c, c, static_cast<double>(std::min<std::size_t>(m_widths[c] + 2, 80)), nullptr);
    worksheet_freeze_panes(m_ws, 1, 0);
    worksheet_autofilter(m_ws, 0, 0, m_row, static_cast<lxw_col_t>(m_widths.size() - 1));
  }

 private:
  void fit(lxw_col_t c, std::size_t width) { m_widths[c] = std::max(m_widths[c], width); }

  lxw_worksheet* m_ws;
  const Formats& m_f;
  std::vector<std::size_t> m_widths;
  lxw_row_t m_row = 0;
};

void summarySheet(lxw_workbook* book, const Formats& f, const WorkbookContent& in) {
  const core::Report& r = in.report;
  Sheet s(book, f, "Summary", {"Figure", "Value"});
  auto textRow = [&](const char* label, const std::string& value) {
    s.next();
    s.text(0, label);
    s.text(1, value);
  };
  auto moneyRow = [&](const std::string& label, core::Rupiah value) {
    s.next();
    s.text(0, label);
    s.money(1, value);
  };
  auto countRow = [&](const char* label, std::int64_t value) {
    s.next();
    s.text(0, label);
    s.count(1, value);
  };
  textRow("Event", in.event.code);
  textRow("Name", in.event.name);
  textRow("Venue", in.event.venue);
  textRow("Dates", in.event.startDate + (in.event.endDate.empty() ? "" : " - " + in.event.endDate));
  textRow("Made at", core::localDateTime(in.madeAt, in.event.tzOffsetMinutes));
  countRow("Sales", r.salesCount);
  countRow("Items sold", r.items);
  moneyRow("Gross", r.gross);
  moneyRow("Discounts", r.discount);
  moneyRow("Refunds", r.refund);
  moneyRow("Net", r.net);
  for (const auto& [sector, net] : r.bySector) moneyRow(fmt::format("Sector {}", core::toString(sector)), net);
  for (const auto& [method, amount] : r.byPayment) moneyRow(fmt::format("Payment {}", core::toString(method)), amount);
  s.finish();
}

// What a cell of a table holds; numbers stay numbers.
struct Money {
  core::Rupiah value;
};
struct Count {
  std::int64_t value;
};
struct Percent {
  std::int32_t bp;
};
using Cell = std::variant<std::string, Money, Count, Percent>;

template <class Row>
struct Column {
  const char* title;
  Cell (*cell)(const Row&);
};

// A sheet of one table: a column per field of the rows.
template <class Rows>
void tableSheet(lxw_workbook* book, const Formats& f, const char* name, const Rows& rows,
                std::initializer_list<Column<std::type_identity_t<typename Rows::value_type>>> columns) {
  std::vector<const char*> titles;
  for (const auto& c : columns) titles.push_back(c.title);
  Sheet s(book, f, name, titles);
  for (const auto& row : rows) {
    s.next();
    lxw_col_t c = 0;
    for (const auto& column : columns) {
      const Cell cell = column.cell(row);
      if (const auto* t = std::get_if<std::string>(&cell)) s.text(c, *t);
      else if (const auto* m = std::get_if<Money>(&cell)) s.money(c, m->value);
      else if (const auto* n = std::get_if<Count>(&cell)) s.count(c, n->value);
      else s.percent(c, std::get<Percent>(cell).bp);
      ++c;
    }
  }
  s.finish();
}

std::string sectorName(core::Sector s) { return std::string(core::toString(s)); }

void tableSheets(lxw_workbook* book, const Formats& f, const core::Report& r, const core::Settlement& st) {
  using V = core::VendorTotals;
  tableSheet(book, f, "Vendors", r.byVendor,
             {{"Vendor", [](const V& v) -> Cell { return v.vendorCode; }},
              {"Name", [](const V& v) -> Cell { return v.name; }},
              {"Sector", [](const V& v) -> Cell { return sectorName(v.sector); }},
              {"Sales", [](const V& v) -> Cell { return Count{v.salesCount}; }},
              {"Items", [](const V& v) -> Cell { return Count{v.items}; }},
              {"Net", [](const V& v) -> Cell { return Money{v.net}; }}});
  using P = core::ProductTotals;
  tableSheet(book, f, "Products", r.products,
             {{"SKU", [](const P& p) -> Cell { return p.sku; }},
              {"Name", [](const P& p) -> Cell { return p.name; }},
              {"Vendor", [](const P& p) -> Cell { return p.vendorCode; }},
              {"Items", [](const P& p) -> Cell { return Count{p.items}; }},
              {"Net", [](const P& p) -> Cell { return Money{p.net}; }}});
  using Day = std::pair<std::string, core::Rupiah>;
  tableSheet(book, f, "Days", r.byDay,
             {{"Date", [](const Day& d) -> Cell { return d.first; }}, {"Net", [](const Day& d) -> Cell { return Money{d.second}; }}});
  using Hour = std::pair<int, core::Rupiah>;
  tableSheet(book, f, "Hours", r.byHour,
             {{"Hour", [](const Hour& h) -> Cell { return Count{h.first}; }},
              {"Net", [](const Hour& h) -> Cell { return Money{h.second}; }}});
  using D = core::DeviceTotals;
  tableSheet(book, f, "Kiosks", r.byDevice,
             {{"Kiosk", [](const D& d) -> Cell { return d.deviceCode; }},
              {"Name", [](const D& d) -> Cell { return d.name; }},
              {"Booth", [](const D& d) -> Cell { return d.booth; }},
              {"Sales", [](const D& d) -> Cell { return Count{d.salesCount}; }},
              {"Net", [](const D& d) -> Cell { return Money{d.net}; }}});
  using C = core::CashierTotals;
  tableSheet(book, f, "Cashiers", r.byCashier,
             {{"Cashier", [](const C& c) -> Cell { return c.cashier; }},
              {"Sales", [](const C& c) -> Cell { return Count{c.salesCount}; }},
              {"Net", [](const C& c) -> Cell { return Money{c.net}; }}});
  using S = core::SettlementRow;
  tableSheet(book, f, "Settlement", st.vendors,
             {{"Vendor", [](const S& v) -> Cell { return v.vendorCode; }},
              {"Name", [](const S& v) -> Cell { return v.name; }},
              {"Sector", [](const S& v) -> Cell { return sectorName(v.sector); }},
              {"Sales", [](const S& v) -> Cell { return Count{v.salesCount}; }},
              {"Items", [](const S& v) -> Cell { return Count{v.items}; }},
              {"Gross", [](const S& v) -> Cell { return Money{v.gross}; }},
              {"Discounts", [](const S& v) -> Cell { return Money{v.discount}; }},
              {"Refunds", [](const S& v) -> Cell { return Money{v.refund}; }},
              {"Net", [](const S& v) -> Cell { return Money{v.net}; }},
              {"Commission %", [](const S& v) -> Cell { return Percent{v.commissionBp}; }},
              {"Commission", [](const S& v) -> Cell { return Money{v.commission}; }},
              {"Paid direct", [](const S& v) -> Cell { return Money{v.paidDirect}; }},
              {"Owed to vendor", [](const S& v) -> Cell { return Money{v.owedToVendor}; }}});
}

}  // namespace

// ---- the workbook ----------------------------------------------------------------------------

core::Result<void> writeWorkbook(const std::string& path, const WorkbookContent& in) {
  // Written beside the target and renamed into place: a reader never sees half a workbook.
  const std::string tmp = path + ".tmp-" + core::randomHex(4);
  lxw_workbook* book = workbook_new(tmp.c_str());
  if (!book) return fail(Errc::Storage, "cannot create " + path);
  Formats f;
  f.header = workbook_add_format(book);
  format_set_bold(f.header);
  format_set_bg_color(f.header, 0xDDEBF7);
  format_set_bottom(f.header, LXW_BORDER_THIN);
  f.money = workbook_add_format(book);
  format_set_num_format(f.money, "\"Rp \"#,##0;-\"Rp \"#,##0");
  f.count = workbook_add_format(book);
  format_set_num_format(f.count, "#,##0");
  std::string title = in.event.code + " " + in.event.name;
  lxw_doc_properties props{};
  props.title = title.data();
  props.subject = const_cast<char*>("Pameran POS work-meeting workbook");
  workbook_set_properties(book, &props);
  summarySheet(book, f, in);
  tableSheets(book, f, in.report, in.settlement);
  const lxw_error rc = workbook_close(book);
  std::error_code ec;
  if (rc != LXW_NO_ERROR) {
    std::filesystem::remove(tmp, ec);
    return fail(Errc::Storage, fmt::format("cannot write {}: {}", path, lxw_strerror(rc)));
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return fail(Errc::Storage, "cannot write " + path + ": " + ec.message());
  }
  return {};
}

// ---- bytes -----------------------------------------------------------------------------------

core::Result<std::string> workbookBytes(const WorkbookContent& in) {
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) return fail(Errc::Storage, "no temporary folder: " + ec.message());
  const std::string path = (dir / ("pameran-workbook-" + core::randomHex(8) + ".xlsx")).string();
  if (auto ok = writeWorkbook(path, in); !ok) return ok.failure();
  std::ifstream file(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  file.close();
  std::filesystem::remove(path, ec);
  if (!file && bytes.str().empty()) return fail(Errc::Storage, "cannot read the workbook back");
  return bytes.str();
}

}  // namespace pameran::sync
