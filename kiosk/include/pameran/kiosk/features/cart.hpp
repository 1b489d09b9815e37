#pragma once
// The cart feature (the sell screen): scanning and tapping products in, quantities, line and cart
// discounts (a supervisor's PIN above the limit), clearing, holding and recalling carts; and the
// filtered product grid the screen draws.
#include <cstdint>
#include <string>
#include <vector>

#include "pameran/kiosk/actions.hpp"
#include "pameran/kiosk/session.hpp"

namespace pameran::kiosk {

/// What a filtered list was made from; it is made again only when this changes.
struct FilterKey {
  std::string query;
  int sector = -2;
  std::int64_t vendorId = -1;
  std::int64_t version = -1;
  bool operator==(const FilterKey&) const = default;
};

struct SellData {
  std::vector<int> grid;                // rows of the catalog, filtered by search, sector and vendor
  FilterKey gridKey;
  std::vector<core::HeldCart> held;     // carts put aside, oldest first
};

class CartController final : public Feature {
 public:
  explicit CartController(Session& session);
  const SellData& data() const { return m_data; }

  void handle(const act::Scan& a);
  void handle(const act::AddProduct& a);
  void handle(const act::ChangeQuantity& a);
  void handle(const act::SetQuantity& a);
  void handle(const act::RemoveLine& a);
  void handle(const act::SetDiscount& a);
  void handle(const act::ClearCart& a);
  void handle(const act::HoldCart& a);
  void handle(const act::RecallCart& a);
  void handle(const act::AddCustomItem& a);

  bool refresh() override;
  void entered(Screen screen) override;
  void signedOut() override;

 private:
  bool addProduct(const core::Product& product, std::int64_t quantity);
  /// Units of a product still free to sell beside what the cart holds.
  std::int64_t unitsLeft(std::int64_t productId) const;
  void applyDiscount(const act::SetDiscount& a, const std::optional<core::Staff>& supervisor);

  Session& m_session;
  SellData m_data;
};

}  // namespace pameran::kiosk
