#include <nlohmann/json.hpp>

#include "db.hpp"

namespace pameran::core {
namespace {

using nlohmann::json;

json discountJson(const Discount& d) {
  return json{{"kind", static_cast<int>(d.kind)}, {"bp", d.bp}, {"amount_idr", d.amount.idr()}};
}

Discount discountFrom(const json& j) {
  Discount d;
  d.kind = static_cast<Discount::Kind>(std::clamp(j.at("kind").get<int>(), 0, 2));
  d.bp = j.at("bp").get<std::int32_t>();
  d.amount = Rupiah(j.at("amount_idr").get<std::int64_t>());
  return d;
}

std::string cartToJson(const Cart& cart) {
  json lines = json::array();
  for (const CartLine& l : cart.lines)
    lines.push_back({{"product_id", l.productId}, {"sku", l.sku}, {"barcode", l.barcode}, {"name", l.name},
                     {"vendor_id", l.vendorId}, {"vendor_code", l.vendorCode}, {"vendor_name", l.vendorName},
                     {"sector", toString(l.sector)}, {"list_price_idr", l.listPrice.idr()}, {"unit_price_idr", l.unitPrice.idr()},
                     {"quantity", l.quantity}, {"discount", discountJson(l.discount)}});
  return json{{"lines", lines}, {"discount", discountJson(cart.discount)}}.dump();
}

Cart cartFromJson(const std::string& text) {
  const json j = json::parse(text);
  Cart cart;
  for (const json& l : j.at("lines")) {
    CartLine line;
    line.productId = l.at("product_id").get<std::int64_t>();
    line.sku = l.at("sku").get<std::string>();
    line.barcode = l.at("barcode").get<std::string>();
    line.name = l.at("name").get<std::string>();
    line.vendorId = l.at("vendor_id").get<std::int64_t>();
    line.vendorCode = l.at("vendor_code").get<std::string>();
    line.vendorName = l.at("vendor_name").get<std::string>();
    line.sector = parseSector(l.at("sector").get<std::string>()).value_or(Sector::Kriya);
    line.listPrice = Rupiah(l.at("list_price_idr").get<std::int64_t>());
    line.unitPrice = Rupiah(l.at("unit_price_idr").get<std::int64_t>());
    line.quantity = l.at("quantity").get<std::int64_t>();
    line.discount = discountFrom(l.at("discount"));
    cart.lines.push_back(std::move(line));
  }
  cart.discount = discountFrom(j.at("discount"));
  return cart;
}

}  // namespace

Result<std::int64_t> HeldCarts::hold(const Cart& cart, std::string_view label) {
  if (cart.lines.empty()) return fail(Errc::Invalid, "an empty cart cannot be held");
  if (label.size() > kMaxNameLength || !isCleanUtf8(label)) return fail(Errc::Invalid, "label too long");
  return m_db.write([&]() -> Result<std::int64_t> {
    auto s = m_db.stmt("INSERT INTO held_cart (label, at_ms, cart_json) VALUES (?, ?, ?)");
    s.bind(1, std::string(label));
    s.bind(2, m_db.now());
    s.bind(3, cartToJson(cart));
    s.exec();
    return m_db.conn.getLastInsertRowid();
  });
}

std::vector<HeldCart> HeldCarts::list() const {
  std::vector<HeldCart> out;
  auto s = m_db.stmt("SELECT id, label, at_ms, cart_json FROM held_cart ORDER BY id");
  while (s.executeStep()) {
    try {
      out.push_back(HeldCart{s.getColumn(0).getInt64(), s.getColumn(1).getString(), s.getColumn(2).getInt64(),
                             cartFromJson(s.getColumn(3).getString())});
    } catch (const std::exception&) {
      // A held cart this build cannot read is skipped rather than blocking the list.
    }
  }
  return out;
}

Result<Cart> HeldCarts::recall(std::int64_t id) {
  return m_db.write([&]() -> Result<Cart> {
    auto s = m_db.stmt("SELECT cart_json FROM held_cart WHERE id = ?");
    s.bind(1, id);
    if (!s.executeStep()) return fail(Errc::NotFound, "no held cart " + std::to_string(id));
    Cart cart = cartFromJson(s.getColumn(0).getString());
    s.reset();
    auto d = m_db.stmt("DELETE FROM held_cart WHERE id = ?");
    d.bind(1, id);
    d.exec();
    return cart;
  });
}

}  // namespace pameran::core
