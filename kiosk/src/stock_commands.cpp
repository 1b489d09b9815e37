#include "stock_commands.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "files.hpp"
#include "pameran/core/csv.hpp"
#include "pameran/core/price_tag.hpp"
#include "pameran/core/receipt.hpp"
#include "pameran/core/store.hpp"
#include "pameran/kiosk/documents.hpp"

namespace pameran::kiosk {
namespace {

using namespace pameran::core;

// Who the audit log names for a change made from the command line.
constexpr const char* kCommandLine = "command line";

int error(const std::string& message) {
  std::cerr << "pameran-kiosk: error: " << message << "\n";
  return 1;
}

int error(const Error& e) { return error(e.message); }

struct Opened {
  std::unique_ptr<Store> store;
  Event event;
};

// These commands work on a kiosk that already holds an event; they never create a database.
Result<Opened> openWithEvent(const std::string& path) {
  if (!std::filesystem::exists(path)) return fail(Errc::NotFound, path + ": no such database (seed-demo or catalog import creates one)");
  auto store = Store::open(path);
  if (!store) return store.failure();
  auto event = (*store)->catalog().currentEvent();
  if (!event) return fail(Errc::NotFound, path + " holds no event yet (catalog import makes one)");
  return Opened{std::move(*store), *event};
}

Staff commandLineStaff() {
  Staff s;
  s.name = kCommandLine;
  s.role = Role::Supervisor;
  return s;
}

}  // namespace

StockCommands addStockCommands(CLI::App& app, StockCommandOptions& o) {
  StockCommands c;
  auto* stock = app.add_subcommand("stock", "The booth's goods: intake, return to the vendor, levels");
  stock->require_subcommand(1);
  c.intake = stock->add_subcommand("intake", "Record goods a vendor brings to the booth");
  c.intake->add_option("--db", o.db, "Kiosk database")->required();
  c.intake->add_option("--sku", o.sku, "The product's SKU")->required();
  c.intake->add_option("--qty", o.quantity, "Units brought")->required()->check(CLI::Range(std::int64_t{1}, kMaxQuantity));
  c.intake->add_option("--note", o.note, "A note (delivery note number, who brought it)");
  c.giveBack = stock->add_subcommand("return", "Everything of a vendor on hand goes back to the vendor; prints the count of items");
  c.giveBack->add_option("--db", o.db, "Kiosk database")->required();
  c.giveBack->add_option("--vendor", o.vendor, "Vendor code")->required();
  c.giveBack->add_option("--pdf", o.pdf, "Write the return slip, to be signed, as this PDF");
  c.levels = stock->add_subcommand("levels", "What is on hand, per product of the current event");
  c.levels->add_option("--db", o.db, "Kiosk database")->required();
  c.levels->add_option("--format", o.format, "json, csv or table")->check(CLI::IsMember({"json", "csv", "table"}));

  c.labels = app.add_subcommand("labels", "Price tags with an EAN-13 that scans (A4 label sheets, or the 58 mm roll as ESC/POS)");
  c.labels->add_option("--db", o.db, "Kiosk database")->required();
  auto* vendor = c.labels->add_option("--vendor", o.vendor, "Every product of this vendor");
  auto* sku = c.labels->add_option("--sku", o.skus, "These products (repeat the flag or give several)");
  vendor->excludes(sku);
  c.labels->add_option("--out", o.out, "labels.pdf (3x7, 3x8), or the ESC/POS bytes for the roll (roll58)")->required();
  c.labels->add_option("--copies", o.copies, "Tags of each product")->check(CLI::Range(1, kMaxLabelCopies));
  c.labels->add_option("--layout", o.layout, "3x7 or 3x8 (A4 sheets), roll58 (58 mm label roll)")
      ->check(CLI::IsMember({"3x7", "3x8", "roll58"}));
  return c;
}

int stockIntakeCommand(const StockCommandOptions& o) {
  auto k = openWithEvent(o.db);
  if (!k) return error(k.error());
  auto product = k->store->catalog().productBySku(o.sku);
  if (!product) return error("no product with SKU " + o.sku);
  if (auto ok = k->store->stock().intake(k->event.id, product->id, o.quantity, kCommandLine, o.note); !ok) return error(ok.error());
  std::cout << fmt::format("took in {} of {} ({}); {} on hand\n", o.quantity, product->name, product->sku,
                           k->store->stock().onHand(k->event.id, product->id));
  return 0;
}

int stockReturnCommand(const StockCommandOptions& o) {
  auto k = openWithEvent(o.db);
  if (!k) return error(k.error());
  auto vendor = k->store->catalog().vendor(o.vendor, k->event.id);
  if (!vendor) return error("no vendor " + o.vendor);
  auto slip = k->store->stock().returnAll(k->event.id, o.vendor, commandLineStaff());
  if (!slip) return error(slip.error());
  std::int64_t units = 0;
  for (const ReturnSlipLine& l : *slip) units += std::max<std::int64_t>(l.remaining, 0);
  if (!o.pdf.empty()) {
    ReceiptOptions paper;
    paper.width = 72;
    paper.eventName = k->event.name;
    paper.venue = k->event.venue;
    paper.tzOffsetMinutes = k->event.tzOffsetMinutes;
    TextDocument doc;
    doc.title = "Slip retur barang";
    doc.subtitle = vendor->name + " · " + k->event.name;
    doc.lines = splitLines(renderReturnSlip(ReturnSlip{vendor->name, vendor->code, vendor->owner, k->store->now(), *slip}, paper));
    // The return is recorded whatever happens to the paper: say so rather than fail silently.
    if (auto ok = writePdf(o.pdf, doc, fontDirectory()); !ok)
      return error("the return is recorded, but the slip was not written: " + ok.error().message);
  }
  std::cout << fmt::format("returned to {} ({}):\n", vendor->name, vendor->code);
  std::cout << units << "\n";
  return 0;
}

int stockLevelsCommand(const StockCommandOptions& o) {
  auto k = openWithEvent(o.db);
  if (!k) return error(k.error());
  const std::vector<StockRow> rows = k->store->stock().rows(k->event.id);
  if (o.format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const StockRow& r : rows) out.push_back({{"sku", r.sku}, {"vendor_code", r.vendorCode}, {"on_hand", r.onHand}});
    std::cout << out.dump() << "\n";
  } else if (o.format == "csv") {
    std::cout << "sku,vendor_code,on_hand\r\n";
    for (const StockRow& r : rows) std::cout << fmt::format("{},{},{}\r\n", csvField(r.sku), csvField(r.vendorCode), r.onHand);
  } else {
    std::cout << fmt::format("{:<20} {:<12} {:>8}  {}\n", "SKU", "VENDOR", "ON HAND", "PRODUCT");
    for (const StockRow& r : rows) std::cout << fmt::format("{:<20} {:<12} {:>8}  {}\n", r.sku, r.vendorCode, r.onHand, r.name);
  }
  return 0;
}

int labelsCommand(const StockCommandOptions& o) {
  const auto layout = parseLabelLayout(o.layout);
  if (!layout) return error("--layout must be 3x7, 3x8 or roll58");
  if (o.vendor.empty() && o.skus.empty()) return error("say which products: --vendor CODE or --sku SKU ...");
  auto k = openWithEvent(o.db);
  if (!k) return error(k.error());
  std::vector<std::int64_t> ids;
  if (!o.vendor.empty()) {
    if (!k->store->catalog().vendor(o.vendor, k->event.id)) return error("no vendor " + o.vendor);
    for (const Product& p : k->store->catalog().products(k->event.id, true))
      if (p.vendorCode == o.vendor) ids.push_back(p.id);
    if (ids.empty()) return error("vendor " + o.vendor + " has no products on sale");
  }
  for (const std::string& s : o.skus) {
    auto p = k->store->catalog().productBySku(s);
    if (!p) return error("no product with SKU " + s);
    ids.push_back(p->id);
  }
  std::size_t unbarcoded = 0;
  for (std::int64_t id : ids)
    if (auto p = k->store->catalog().product(id); p && p->barcode.empty()) ++unbarcoded;
  auto tags = preparePriceTags(*k->store, ids, o.copies, kCommandLine);
  if (!tags) return error(tags.error());
  if (*layout == LabelLayout::Roll58) {
    if (auto ok = writeFileAtomic(o.out, escposPriceTags(*tags)); !ok) return error(ok.error());
    std::cout << fmt::format("{} price tags for the 58 mm roll (ESC/POS) in {}", tags->size(), o.out);
  } else {
    if (auto ok = writeLabelsPdf(o.out, *tags, *layout, fontDirectory()); !ok) return error(ok.error());
    const int perPage = labelSheet(*layout)->perPage();
    std::cout << fmt::format("{} price tags on {} {} sheets in {}", tags->size(), (static_cast<int>(tags->size()) + perPage - 1) / perPage,
                             o.layout, o.out);
  }
  // The tags are written: products told to reprint theirs (a new barcode from the server) are done.
  if (auto ok = markTagsPrinted(*k->store, *tags); !ok) return error(ok.error());
  std::cout << (unbarcoded ? fmt::format("; {} products got an in-store barcode\n", unbarcoded) : std::string("\n"));
  return 0;
}

}  // namespace pameran::kiosk
