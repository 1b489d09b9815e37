#include "pameran/core/ids.hpp"
#include "store_fixture.hpp"

namespace pameran::test {
namespace {

using ShiftTest = StoreTest;

TEST_F(ShiftTest, FirstSaleOpensAShiftWithTheDefaultFloat) {
  ASSERT_TRUE(s().settings().set(settings::kDefaultFloat, "200000"));
  EXPECT_FALSE(s().shifts().current());
  const SaleRecord sale = sell({{"KUL-01", 1}});
  auto shift = s().shifts().current();
  ASSERT_TRUE(shift);
  EXPECT_TRUE(isUuid(shift->uuid));
  EXPECT_EQ(sale.shiftUuid, shift->uuid);
  EXPECT_EQ(shift->openingFloat, Rupiah(200'000));
  EXPECT_EQ(shift->openedBy, cashier.name);
  EXPECT_EQ(shift->openedAt, now);
  EXPECT_EQ(shift->expectedCash, Rupiah(212'500));
  EXPECT_EQ(shift->salesCount, 1);
}

TEST_F(ShiftTest, UnreadableDefaultFloatDoesNotStopSelling) {
  ASSERT_TRUE(s().settings().set(settings::kDefaultFloat, "dua ratus ribu"));
  const SaleRecord sale = sell({{"KUL-01", 1}});
  ASSERT_FALSE(sale.uuid.empty()) << "a bad setting blocked every sale";
  EXPECT_EQ(s().shifts().current()->openingFloat, Rupiah(0));
}

TEST_F(ShiftTest, OnlyOneShiftIsOpenAtATime) {
  auto opened = s().shifts().open(Rupiah(150'000), cashier);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->openingFloat, Rupiah(150'000));
  EXPECT_EQ(opened->expectedCash, Rupiah(150'000));
  EXPECT_EQ(s().shifts().open(Rupiah(0), cashier).error().code, Errc::Conflict);
  EXPECT_FALSE(s().shifts().open(Rupiah(-1), cashier));
  EXPECT_EQ(sell({{"KUL-01", 1}}).shiftUuid, opened->uuid);
}

TEST_F(ShiftTest, CashInAndOutNeedAReasonAndCannotEmptyMoreThanTheDrawer) {
  ASSERT_TRUE(s().shifts().open(Rupiah(100'000), cashier));
  EXPECT_EQ(s().shifts().moveCash(true, Rupiah(50'000), "", cashier).error().code, Errc::Invalid);
  EXPECT_FALSE(s().shifts().moveCash(true, Rupiah(0), "nol", cashier));
  ASSERT_TRUE(s().shifts().moveCash(true, Rupiah(50'000), "tambah uang kecil", cashier));
  auto tooMuch = s().shifts().moveCash(false, Rupiah(150'001), "setor", cashier);
  ASSERT_FALSE(tooMuch);
  EXPECT_EQ(tooMuch.error().args.at(0), "Rp 150.000");
  ASSERT_TRUE(s().shifts().moveCash(false, Rupiah(20'000), "beli es batu", cashier));
  auto shift = s().shifts().current();
  ASSERT_TRUE(shift);
  EXPECT_EQ(shift->cashIn, Rupiah(50'000));
  EXPECT_EQ(shift->cashOut, Rupiah(20'000));
  EXPECT_EQ(shift->expectedCash, Rupiah(130'000));
  const auto moves = s().shifts().cashMovements(shift->id);
  ASSERT_EQ(moves.size(), 2u);
  EXPECT_TRUE(moves[0].in);
  EXPECT_EQ(moves[1].reason, "beli es batu");
  EXPECT_EQ(s().audit().entries(1).at(0).action, "cash_out");
}

TEST_F(ShiftTest, CloseCountsExpectedAgainstCountedPerMethod) {
  ASSERT_TRUE(s().shifts().open(Rupiah(150'000), cashier));
  const auto pay = [&](std::vector<std::pair<std::string, std::int64_t>> items, std::vector<Tender> tenders) {
    SaleDraft d = cashDraft(cart(std::move(items)));
    d.tenders = std::move(tenders);
    auto sale = s().sales().commit(d);
    EXPECT_TRUE(sale) << sale.error().message;
    return sale ? *sale : SaleRecord{};
  };
  pay({{"KUL-01", 3}}, {Tender::cash(Rupiah(37'500), Rupiah(50'000))});
  pay({{"KUL-01", 1}}, {Tender::qris(Rupiah(12'500), QrisAccount::Organizer, "", cashier.name)});
  pay({{"BTK-02", 1}}, {Tender::withReference(PaymentMethod::Card, Rupiah(245'000), "EDC-1")});
  pay({{"KUL-01", 1}}, {Tender::cash(Rupiah(5'000)), Tender::withReference(PaymentMethod::Ewallet, Rupiah(7'500), "OVO")});
  const SaleRecord refunded = pay({{"KRY-02", 1}}, {Tender::cash(Rupiah(15'000))});
  ASSERT_TRUE(s().sales().refund(refundDraft(refunded, {{1, 1, true}})));
  const SaleRecord voided = pay({{"KUL-01", 1}}, {Tender::cash(Rupiah(12'500))});
  ASSERT_TRUE(s().sales().refund(voidDraft(voided)));
  ASSERT_TRUE(s().shifts().moveCash(true, Rupiah(50'000), "modal tambahan", cashier));
  ASSERT_TRUE(s().shifts().moveCash(false, Rupiah(20'000), "beli plastik", cashier));

  now += 8 * kHourMs;
  auto record = s().shifts().close({{100'000, 2}, {20'000, 1}, {2'000, 1}}, supervisor);
  ASSERT_TRUE(record) << record.error().message;
  EXPECT_EQ(record->openingFloat, Rupiah(150'000));
  EXPECT_EQ(record->cashSales, Rupiah(57'500)) << "cash kept, change already given, the void left out";
  EXPECT_EQ(record->cashRefunds, Rupiah(15'000));
  EXPECT_EQ(record->cashIn, Rupiah(50'000));
  EXPECT_EQ(record->cashOut, Rupiah(20'000));
  EXPECT_EQ(record->expectedCash, Rupiah(222'500));
  EXPECT_EQ(record->countedCash, Rupiah(222'000));
  EXPECT_EQ(record->variance, Rupiah(-500));
  EXPECT_EQ(record->salesCount, 5);
  EXPECT_EQ(record->closedBy, supervisor.name);
  EXPECT_EQ(record->closedAt, now);
  EXPECT_EQ(record->counts, (std::map<std::int64_t, std::int64_t>{{100'000, 2}, {20'000, 1}, {2'000, 1}}));
  EXPECT_EQ(record->totalsByMethod, (std::map<std::string, std::int64_t>{
                                        {"cash", 42'500}, {"qris", 12'500}, {"card", 245'000}, {"transfer", 0}, {"ewallet", 7'500}}));
  EXPECT_TRUE(validateShiftRecord(*record));

  EXPECT_FALSE(s().shifts().current());
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'shift_close' AND uuid = '" + record->uuid + "'"), 1);
  auto again = s().outbox().shiftRecord(record->uuid);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->expectedCash, record->expectedCash);
  EXPECT_EQ(again->counts, record->counts);
  EXPECT_EQ(again->totalsByMethod, record->totalsByMethod);
  const auto closed = s().shifts().closed(event.id);
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].uuid, record->uuid);
  const auto audit = s().audit().entries(1);
  EXPECT_EQ(audit.at(0).action, "shift_close");
  EXPECT_EQ(audit.at(0).details, "expected Rp 222.500, counted Rp 222.000, variance -Rp 500");
}

TEST_F(ShiftTest, ClosingWithoutAnOpenShiftFails) {
  EXPECT_EQ(s().shifts().close({}, supervisor).error().code, Errc::ShiftClosed);
  ASSERT_TRUE(s().shifts().open(Rupiah(0), cashier));
  ASSERT_TRUE(s().shifts().close({}, supervisor));
  EXPECT_EQ(s().shifts().close({}, supervisor).error().code, Errc::ShiftClosed);
}

TEST_F(ShiftTest, BadCountsAreRefused) {
  ASSERT_TRUE(s().shifts().open(Rupiah(0), cashier));
  EXPECT_EQ(s().shifts().close({{0, 1}}, supervisor).error().code, Errc::Invalid);
  EXPECT_EQ(s().shifts().close({{1'000, -1}}, supervisor).error().code, Errc::Invalid);
  EXPECT_TRUE(s().shifts().current()) << "still open";
}

TEST_F(ShiftTest, SaleAfterCloseOpensTheNextShift) {
  const SaleRecord first = sell({{"KUL-01", 1}});
  auto record = s().shifts().close({{10'000, 1}, {2'000, 1}, {500, 1}}, supervisor);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->variance, Rupiah(0));
  const SaleRecord second = sell({{"KUL-01", 1}});
  EXPECT_NE(second.shiftUuid, first.shiftUuid);
  EXPECT_EQ(s().shifts().current()->salesCount, 1);
}

}  // namespace
}  // namespace pameran::test
