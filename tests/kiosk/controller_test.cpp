// The AppController over a real temp-file store: actions in, core and view data out (no ImGui).
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <fstream>
#include <sstream>

#include "kiosk_fixtures.hpp"

namespace pameran::kiosk {
namespace {

using core::Rupiah;
using testing::KioskTest;
namespace fs = std::filesystem;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class Controller : public KioskTest {};

TEST_F(Controller, StartsOnLoginWithTheDemoCatalogLoaded) {
  EXPECT_EQ(app().ui().screen, Screen::Login);
  EXPECT_TRUE(app().data().catalog.hasEvent);
  EXPECT_EQ(app().data().catalog.index.size(), 171u);
  EXPECT_EQ(app().data().catalog.vendors.size(), 14u);
  EXPECT_EQ(app().data().sync.state, SyncStatus::State::NotEnrolled);
}

TEST_F(Controller, LoginWithPinOpensTheSellScreenAndAShiftWithTheDefaultFloat) {
  login();
  EXPECT_EQ(app().ui().screen, Screen::Sell);
  EXPECT_EQ(app().data().user->name, "Kasir Demo");
  auto shift = app().store().shifts().current();
  ASSERT_TRUE(shift);
  EXPECT_EQ(shift->openingFloat.idr(), 200000);
}

TEST_F(Controller, WrongPinStaysOnLoginAndSaysHowManyTriesAreLeft) {
  app().apply(act::Login{"9999", 0});
  EXPECT_EQ(app().ui().screen, Screen::Login);
  EXPECT_FALSE(app().data().user);
  EXPECT_EQ(app().ui().banner.text, "PIN salah (4 kesempatan lagi).");
}

TEST_F(Controller, NavigationNeedsSomeoneLoggedIn) {
  app().apply(act::Navigate{Screen::Stock});
  EXPECT_EQ(app().ui().screen, Screen::Login);
}

TEST_F(Controller, ScanningTheSameBarcodeTwiceRaisesTheQuantity) {
  login();
  app().apply(act::Scan{"8991234010021"});
  app().apply(act::Scan{" 8991234010021\n"});
  ASSERT_EQ(app().data().sale.cart.lines.size(), 1u);
  EXPECT_EQ(app().data().sale.cart.lines[0].quantity, 2);
  EXPECT_EQ(app().data().sale.totals.total.idr(), 550000);
}

TEST_F(Controller, SkuWorksLikeABarcode) {
  login();
  app().apply(act::Scan{"ANY-LM-01"});
  ASSERT_EQ(app().data().sale.cart.lines.size(), 1u);
  EXPECT_EQ(app().data().sale.cart.lines[0].name, "Tas Anyaman Bambu");
}

TEST_F(Controller, UnknownCodeIsAVisibleErrorAndAddsNothing) {
  login();
  app().apply(act::Scan{"1234567890123"});
  EXPECT_TRUE(app().data().sale.cart.lines.empty());
  EXPECT_EQ(app().ui().banner.kind, BannerKind::Error);
  EXPECT_NE(app().ui().banner.text.find("1234567890123"), std::string::npos);
}

TEST_F(Controller, OutOfStockNamesTheProductAndWhatIsLeft) {
  login();
  for (int i = 0; i < 4; ++i) app().apply(act::Scan{"8991234050034"});  // Tampah Bambu Besar: 4 in stock
  app().apply(act::Scan{"8991234050034"});
  EXPECT_EQ(app().data().sale.cart.lines.at(0).quantity, 4);
  EXPECT_EQ(app().ui().banner.text, "Stok habis: Tampah Bambu Besar (sisa 0)");
  app().apply(act::ChangeQuantity{0, 1});
  EXPECT_EQ(app().data().sale.cart.lines.at(0).quantity, 4);
  app().apply(act::ChangeQuantity{0, -1});
  EXPECT_EQ(app().data().sale.cart.lines.at(0).quantity, 3);
}

TEST_F(Controller, QuantityToZeroRemovesTheLine) {
  login();
  app().apply(act::Scan{"8991234050027"});
  app().apply(act::ChangeQuantity{0, -1});
  EXPECT_TRUE(app().data().sale.cart.lines.empty());
}

TEST_F(Controller, SmallDiscountNeedsNoSupervisor) {
  login();
  app().apply(act::Scan{"8991234010014"});  // 650.000
  app().apply(act::SetDiscount{0, core::Discount::percent(1000)});
  EXPECT_EQ(app().ui().supervisor.purpose, SupervisorPurpose::None);
  EXPECT_EQ(app().data().sale.totals.total.idr(), 585000);
}

TEST_F(Controller, DiscountAboveThresholdWaitsForASupervisorPin) {
  login();
  app().apply(act::Scan{"8991234010014"});
  app().apply(act::SetDiscount{-1, core::Discount::percent(2500)});
  EXPECT_EQ(app().ui().supervisor.purpose, SupervisorPurpose::Discount);
  EXPECT_EQ(app().data().sale.totals.total.idr(), 650000) << "nothing applied before the PIN";
  // A cashier's PIN does not approve.
  app().apply(act::SupervisorPin{"1234"});
  EXPECT_EQ(app().ui().supervisor.purpose, SupervisorPurpose::Discount);
  EXPECT_EQ(app().data().sale.totals.total.idr(), 650000);
  app().apply(act::SupervisorPin{"4321"});
  EXPECT_EQ(app().ui().supervisor.purpose, SupervisorPurpose::None);
  EXPECT_EQ(app().data().sale.totals.total.idr(), 487500);
  ASSERT_TRUE(app().data().sale.supervisor);
  app().apply(act::OpenPayment{});
  app().apply(act::PayCash{Rupiah{}});
  ASSERT_TRUE(app().data().receipt);
  EXPECT_EQ(app().data().receipt->sale.approvedBy, "Supervisor Demo");
  EXPECT_EQ(app().data().receipt->sale.discount.idr(), 162500);
}

TEST_F(Controller, CancelledSupervisorLeavesTheCartAsItWas) {
  login();
  app().apply(act::Scan{"8991234010014"});
  app().apply(act::SetDiscount{0, core::Discount::rupiah(Rupiah(300000))});
  app().apply(act::SupervisorCancel{});
  EXPECT_EQ(app().data().sale.totals.total.idr(), 650000);
  EXPECT_TRUE(app().data().sale.cart.lines[0].discount.isNone());
}

TEST_F(Controller, CashWithChangeCommitsBeforeTheReceiptShows) {
  login();
  const std::int64_t before = onHand("8991234050010");
  app().apply(act::Scan{"8991234050010"});  // 135.000
  app().apply(act::OpenPayment{});
  EXPECT_EQ(app().ui().screen, Screen::Payment);
  app().apply(act::PayCash{Rupiah(200000)});
  EXPECT_EQ(app().ui().screen, Screen::Receipt);
  ASSERT_TRUE(app().data().receipt);
  const core::SaleRecord& sale = app().data().receipt->sale;
  EXPECT_EQ(sale.change.idr(), 65000);
  EXPECT_EQ(app().data().receipt->sale.change.idr(), 65000);
  // The receipt is what the store holds.
  auto stored = app().store().sales().byReceipt(sale.receiptNo);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->total.idr(), 135000);
  EXPECT_EQ(onHand("8991234050010"), before - 1);
  EXPECT_EQ(app().store().stock().onHand(app().data().catalog.event.id, productId("8991234050010")), before - 1);
  EXPECT_TRUE(app().data().sale.cart.lines.empty());
  // The sale, and the audit entries not yet uploaded (the demo's catalog import is one).
  EXPECT_EQ(app().data().sync.pending, 1 + app().store().audit().pendingUpload());
  const ReceiptVm vm = buildReceiptVm(app().data(), app().tr());
  EXPECT_EQ(vm.change, "Rp 65.000");
  EXPECT_EQ(vm.receiptNo, "DEPOK-2026-K01-000001");
  app().apply(act::NewSale{});
  EXPECT_EQ(app().ui().screen, Screen::Sell);
}

TEST_F(Controller, PartCashThenCardIsASplitTender) {
  login();
  app().apply(act::Scan{"8991234050010"});  // 135.000
  app().apply(act::OpenPayment{});
  app().apply(act::PayCash{Rupiah(100000)});
  EXPECT_EQ(app().ui().screen, Screen::Payment);
  EXPECT_EQ(remainingToPay(app().data().sale).idr(), 35000);
  app().apply(act::AddReferenceTender{core::PaymentMethod::Card, Rupiah{}, ""});
  EXPECT_EQ(app().ui().screen, Screen::Payment) << "a card payment needs its reference";
  app().apply(act::AddReferenceTender{core::PaymentMethod::Card, Rupiah{}, "EDC-778812"});
  ASSERT_EQ(app().ui().screen, Screen::Receipt);
  const auto& payments = app().data().receipt->sale.payments;
  ASSERT_EQ(payments.size(), 2u);
  EXPECT_EQ(payments[0].method, core::PaymentMethod::Cash);
  EXPECT_EQ(payments[0].amount.idr(), 100000);
  EXPECT_EQ(payments[1].method, core::PaymentMethod::Card);
  EXPECT_EQ(payments[1].reference, "EDC-778812");
}

TEST_F(Controller, QrisWalksEachVendorsQrAndRecordsWhoConfirmed) {
  login();
  app().apply(act::Scan{"8991234010014"});
  app().apply(act::Scan{"8991234050027"});
  app().apply(act::OpenPayment{});
  EXPECT_FALSE(app().payment().data().qr.payload.empty());
  app().apply(act::ConfirmQris{});
  EXPECT_EQ(app().ui().screen, Screen::Payment);
  EXPECT_EQ(app().payment().data().qris.current, 1);
  app().apply(act::ConfirmQris{});
  ASSERT_EQ(app().ui().screen, Screen::Receipt);
  const auto& payments = app().data().receipt->sale.payments;
  ASSERT_EQ(payments.size(), 2u);
  for (const core::SalePayment& p : payments) {
    EXPECT_EQ(p.method, core::PaymentMethod::Qris);
    EXPECT_EQ(p.account, core::QrisAccount::Vendor);
    EXPECT_EQ(p.confirmedBy, "Kasir Demo");
  }
  EXPECT_EQ(payments[0].vendorCode, "BTK-SB");
  EXPECT_EQ(payments[1].vendorCode, "ANY-LM");
}

TEST_F(Controller, OrganizerQrisWhenTheEventSaysSo) {
  {
    auto store = openStore();
    auto event = store->catalog().currentEvent();
    event->qrisViaOrganizer = true;
    ASSERT_TRUE(store->catalog().updateEvent(*event));
  }
  login();
  app().apply(act::Scan{"8991234010014"});
  app().apply(act::Scan{"8991234050027"});
  app().apply(act::OpenPayment{});
  ASSERT_EQ(app().payment().data().qris.steps.size(), 1u);
  EXPECT_EQ(app().payment().data().qris.steps[0].account, core::QrisAccount::Organizer);
  EXPECT_EQ(app().payment().data().qris.steps[0].amount.idr(), 695000);
  app().apply(act::ConfirmQris{});
  ASSERT_TRUE(app().data().receipt);
  EXPECT_EQ(app().data().receipt->sale.payments.at(0).account, core::QrisAccount::Organizer);
}

TEST_F(Controller, VendorWithoutQrisIsNotOfferedQrisAndSaysWhy) {
  {
    // Take the vendor's QRIS away (a CSV import with an empty qris column does this too).
    SQLite::Database db(m_db, SQLite::OPEN_READWRITE);
    db.exec("UPDATE vendor SET qris = '' WHERE code = 'ANY-LM'");
    db.exec("UPDATE event SET organizer_qris = ''");
  }
  login();
  app().apply(act::Scan{"8991234050027"});
  app().apply(act::OpenPayment{});
  EXPECT_LT(app().payment().data().qris.current, 0);
  const PaymentVm vm = buildPaymentVm(app().ui().payment, app().data(), app().payment().data(), app().tr());
  EXPECT_FALSE(vm.hasQr);
  EXPECT_NE(vm.qrProblem.find("belum punya QRIS"), std::string::npos) << vm.qrProblem;
  app().apply(act::ConfirmQris{});
  EXPECT_EQ(app().ui().screen, Screen::Payment);
  app().apply(act::PayCash{Rupiah{}});
  EXPECT_EQ(app().ui().screen, Screen::Receipt);
}

TEST_F(Controller, AFailedCommitShowsTheErrorAndNeverTheReceipt) {
  app(std::nullopt, 50);
  login();
  app().apply(act::Scan{"8991234050010"});
  app().apply(act::OpenPayment{});
  // Another writer holds the database: the commit cannot happen (P3).
  SQLite::Database other(m_db, SQLite::OPEN_READWRITE);
  auto lock = std::make_optional<SQLite::Transaction>(other, SQLite::TransactionBehavior::EXCLUSIVE);
  app().apply(act::PayCash{Rupiah(200000)});
  EXPECT_EQ(app().ui().screen, Screen::Payment);
  EXPECT_FALSE(app().data().receipt);
  EXPECT_EQ(app().ui().banner.kind, BannerKind::Error);
  EXPECT_TRUE(app().data().sale.tenders.empty()) << "the failed tender is taken off, to be taken again";
  EXPECT_EQ(app().data().sale.cart.lines.size(), 1u);
  lock.reset();  // rolls back
  app().apply(act::PayCash{Rupiah(200000)});
  EXPECT_EQ(app().ui().screen, Screen::Receipt);
  EXPECT_EQ(app().store().sales().count(app().data().catalog.event.id), 1);
}

TEST_F(Controller, HoldAndRecallACart) {
  login();
  app().apply(act::Scan{"8991234050010"});
  app().apply(act::Scan{"8991234050027"});
  app().apply(act::HoldCart{});
  EXPECT_TRUE(app().data().sale.cart.lines.empty());
  ASSERT_EQ(app().cart().data().held.size(), 1u);
  app().apply(act::Scan{"8991234010014"});
  app().apply(act::RecallCart{app().cart().data().held[0].id});
  EXPECT_EQ(app().ui().banner.kind, BannerKind::Error) << "a full cart is not replaced";
  app().apply(act::ClearCart{});
  app().apply(act::RecallCart{app().cart().data().held[0].id});
  EXPECT_EQ(app().data().sale.cart.lines.size(), 2u);
  EXPECT_TRUE(app().cart().data().held.empty());
}

TEST_F(Controller, SwitchingUserKeepsTheOpenCart) {
  login();
  app().apply(act::Scan{"8991234050010"});
  app().apply(act::SwitchUser{});
  EXPECT_EQ(app().ui().screen, Screen::Login);
  EXPECT_FALSE(app().data().user);
  EXPECT_FALSE(buildLoginVm(app().ui().login, app().data(), app().login().data(), app().tr()).keptCart.empty());
  login("4321");
  EXPECT_EQ(app().data().user->name, "Supervisor Demo");
  EXPECT_EQ(app().data().sale.cart.lines.size(), 1u);
}

TEST_F(Controller, PickedStaffMustOwnThePin) {
  const std::int64_t supervisorId = app().login().data().staff.at(1).id;
  app().apply(act::Login{"1234", supervisorId});
  EXPECT_FALSE(app().data().user);
  app().apply(act::Login{"4321", supervisorId});
  EXPECT_TRUE(app().data().user);
}

TEST_F(Controller, PartialRefundWithSupervisorRestocksAndRecordsTheReason) {
  login();
  app().apply(act::Scan{"8991234010021"});
  app().apply(act::Scan{"8991234010021"});
  app().apply(act::OpenPayment{});
  app().apply(act::PayCash{Rupiah{}});
  const std::string receiptNo = app().data().receipt->sale.receiptNo;
  app().apply(act::NewSale{});
  const std::int64_t before = onHand("8991234010021");
  app().apply(act::Navigate{Screen::Refund});
  ASSERT_FALSE(app().refund().data().recent.empty());
  app().apply(act::FindSale{"depok-2026-k01-000001"});
  ASSERT_TRUE(app().refund().data().sale);
  EXPECT_EQ(app().ui().refund.step, RefundStep::Choose);
  act::RequestRefund request;
  request.lines.push_back(core::RefundRequestLine{1, 1, true});
  request.reason = "Barang cacat";
  app().apply(request);
  EXPECT_EQ(app().ui().supervisor.purpose, SupervisorPurpose::Refund);
  EXPECT_FALSE(app().refund().data().last);
  app().apply(act::SupervisorPin{"4321"});
  ASSERT_TRUE(app().refund().data().last) << app().ui().banner.text;
  EXPECT_EQ(app().refund().data().last->total.idr(), 275000);
  EXPECT_EQ(app().refund().data().last->approvedBy, "Supervisor Demo");
  EXPECT_EQ(app().refund().data().last->reason, "Barang cacat");
  EXPECT_EQ(onHand("8991234010021"), before + 1);
  EXPECT_EQ(app().refund().data().refundedQty.at(1), 1);
  const RefundVm vm = buildRefundVm(app().ui().refund, app().data(), app().refund().data(), app().tr());
  EXPECT_FALSE(vm.slip.empty());
  EXPECT_EQ(vm.lines.at(0).refundable, 1);
  EXPECT_FALSE(vm.canVoid) << "a refunded sale is not voided";
  EXPECT_EQ(app().store().sales().refundsOf(app().refund().data().sale->uuid).size(), 1u);
  (void)receiptNo;
}

TEST_F(Controller, VoidOfASaleOfThisShift) {
  login();
  app().apply(act::Scan{"8991234050010"});
  app().apply(act::OpenPayment{});
  app().apply(act::PayCash{Rupiah{}});
  const std::string uuid = app().data().receipt->sale.uuid;
  app().apply(act::NewSale{});
  app().apply(act::Navigate{Screen::Refund});
  app().apply(act::OpenSale{uuid});
  act::RequestRefund request;
  request.isVoid = true;
  request.reason = "Salah input kasir";
  app().apply(request);
  app().apply(act::SupervisorPin{"4321"});
  ASSERT_TRUE(app().refund().data().last);
  EXPECT_TRUE(app().refund().data().last->isVoid);
  EXPECT_TRUE(app().refund().data().voided);
  auto report = app().store().reports().report("DEPOK-2026");
  ASSERT_TRUE(report);
  EXPECT_EQ(report->net.idr(), 0);
}

TEST_F(Controller, UnknownReceiptNumberSaysSo) {
  login();
  app().apply(act::FindSale{"DEPOK-2026-K01-999999"});
  EXPECT_FALSE(app().refund().data().sale);
  EXPECT_NE(app().ui().banner.text.find("DEPOK-2026-K01-999999"), std::string::npos);
}

TEST_F(Controller, IntakeAndAdjustmentChangeStockWithAReason) {
  login();
  const std::int64_t id = productId("8991234050010");
  const std::int64_t before = onHand("8991234050010");
  app().apply(act::Navigate{Screen::Stock});
  app().apply(act::StockIntake{id, 5, "kiriman kedua"});
  EXPECT_EQ(onHand("8991234050010"), before + 5);
  app().apply(act::StockAdjust{id, -2, ""});
  EXPECT_EQ(onHand("8991234050010"), before + 5) << "an adjustment needs a reason";
  app().apply(act::StockAdjust{id, -2, "Rusak"});
  EXPECT_EQ(onHand("8991234050010"), before + 3);
  app().apply(act::StockAdjust{id, -1000, "Hilang"});
  EXPECT_EQ(onHand("8991234050010"), before + 3);
  EXPECT_EQ(app().ui().banner.kind, BannerKind::Error);
  auto moves = app().store().stock().movements(app().data().catalog.event.id, id, 10);
  ASSERT_GE(moves.size(), 2u);
  EXPECT_EQ(moves[0].reason, "Rusak");
  EXPECT_TRUE(app().store().stock().verifyLedger(app().data().catalog.event.id));
}

TEST_F(Controller, ReturnSlipAndReturnToVendorWithSupervisor) {
  login();
  app().apply(act::Scan{"8991234050010"});
  app().apply(act::OpenPayment{});
  app().apply(act::PayCash{Rupiah{}});
  app().apply(act::NewSale{});
  const core::Vendor* vendor = nullptr;
  for (const core::Vendor& v : app().data().catalog.vendors)
    if (v.code == "ANY-LM") vendor = &v;
  ASSERT_NE(vendor, nullptr);
  app().apply(act::Navigate{Screen::Stock});
  app().apply(act::LoadReturnSlip{vendor->id});
  ASSERT_FALSE(app().stock().data().slip.empty());
  std::int64_t sold = 0, remaining = 0;
  for (const core::ReturnSlipLine& l : app().stock().data().slip) {
    sold += l.sold;
    remaining += l.remaining;
  }
  EXPECT_EQ(sold, 1);
  app().apply(act::RequestReturnToVendor{});
  EXPECT_EQ(app().ui().supervisor.purpose, SupervisorPurpose::ReturnToVendor);
  app().apply(act::SupervisorPin{"4321"});
  std::int64_t left = 0, returned = 0;
  for (const core::ReturnSlipLine& l : app().stock().data().slip) {
    left += l.remaining;
    returned += l.returned;
  }
  EXPECT_EQ(left, 0);
  EXPECT_EQ(returned, remaining);
}

TEST_F(Controller, PerVendorTheManifestAndPriceTagsAreWrittenAndTheRollPrinted) {
  login();
  const std::string printer = (m_dir / "printer.bin").string();
  app().apply(act::SaveSettings{printer, 32, ""});
  app().apply(act::SupervisorPin{"4321"});
  const core::Vendor vendor = app().data().catalog.vendors.front();
  app().apply(act::Navigate{Screen::Stock});
  app().apply(act::LoadReturnSlip{vendor.id});
  const std::vector<core::ReturnSlipLine> slip = app().stock().data().slip;
  ASSERT_FALSE(slip.empty());
  app().apply(act::SaveIntakeManifestPdf{});
  waitForJobs();
  EXPECT_EQ(app().ui().banner.kind, BannerKind::Success) << app().ui().banner.text;
  const fs::path manifest = m_dir / "docs" / "manifests" / (std::string(core::kDemoEventCode) + "-" + vendor.code + ".pdf");
  EXPECT_TRUE(fs::exists(manifest)) << manifest;
  app().apply(act::MakePriceTags{core::LabelLayout::Sheet3x7});
  waitForJobs();
  EXPECT_EQ(app().ui().banner.kind, BannerKind::Success) << app().ui().banner.text;
  EXPECT_TRUE(fs::exists(m_dir / "docs" / "labels" / (std::string(core::kDemoEventCode) + "-" + vendor.code + "-3x7.pdf")));
  app().apply(act::MakePriceTags{core::LabelLayout::Roll58});
  waitForJobs();
  const std::string bytes = slurp(printer);
  std::size_t barcodes = 0;
  for (std::size_t at = bytes.find("\x1d\x6b\x43"); at != std::string::npos; at = bytes.find("\x1d\x6b\x43", at + 1)) ++barcodes;
  EXPECT_EQ(barcodes, slip.size()) << "one tag per product of the vendor";
  for (const core::ReturnSlipLine& l : slip) {
    auto p = app().store().catalog().product(l.productId);
    ASSERT_TRUE(p);
    EXPECT_TRUE(core::isValidEan13(p->barcode)) << p->sku << " has a barcode that scans, kept in the catalog";
  }
}

TEST_F(Controller, ShiftCashMovesAndBlindCloseGiveTheVariance) {
  login();
  app().apply(act::Scan{"8991234050010"});  // 135.000 cash
  app().apply(act::OpenPayment{});
  app().apply(act::PayCash{Rupiah(150000)});
  app().apply(act::NewSale{});
  app().apply(act::Navigate{Screen::Shift});
  ASSERT_TRUE(app().shift().data().shift);
  app().apply(act::MoveCash{true, Rupiah(50000), "Tambah uang kecil"});
  app().apply(act::MoveCash{false, Rupiah(20000), ""});
  EXPECT_EQ(app().shift().data().cashMoves.size(), 1u) << "cash out without a reason is refused";
  app().apply(act::MoveCash{false, Rupiah(20000), "Beli plastik"});
  ASSERT_EQ(app().shift().data().cashMoves.size(), 2u);
  // Expected: 200.000 + 135.000 + 50.000 - 20.000 = 365.000; counted 360.000.
  app().apply(act::CloseShift{{{100000, 3}, {50000, 1}, {10000, 1}}});
  ASSERT_TRUE(app().shift().data().closed) << app().ui().banner.text;
  EXPECT_EQ(app().shift().data().closed->expectedCash.idr(), 365000);
  EXPECT_EQ(app().shift().data().closed->countedCash.idr(), 360000);
  EXPECT_EQ(app().shift().data().closed->variance.idr(), -5000);
  EXPECT_EQ(app().ui().shift.mode, ShiftMode::Closed);
  const ShiftVm vm = buildShiftVm(app().ui().shift, app().data(), app().shift().data(), app().tr());
  EXPECT_EQ(vm.variance, "-Rp 5.000");
  EXPECT_EQ(vm.varianceTone, Tone::Bad);
  EXPECT_FALSE(app().store().shifts().current());
  app().apply(act::OpenShift{Rupiah(100000)});
  ASSERT_TRUE(app().shift().data().shift);
  EXPECT_EQ(app().shift().data().shift->openingFloat.idr(), 100000);
}

TEST_F(Controller, PrintsEscPosToAFileAndReprintsAreMarkedCopy) {
  login();
  const std::string printer = (m_dir / "printer.bin").string();
  app().apply(act::SaveSettings{printer, 48, ""});
  app().apply(act::SupervisorPin{"4321"});
  EXPECT_EQ(app().data().device.receiptWidth, 48);
  app().apply(act::Scan{"8991234050010"});
  app().apply(act::OpenPayment{});
  app().apply(act::PayCash{Rupiah(200000)});
  app().apply(act::PrintReceipt{});
  waitForJobs();
  std::string bytes = slurp(printer);
  ASSERT_FALSE(bytes.empty());
  EXPECT_EQ(bytes.substr(0, 2), std::string("\x1b\x40", 2)) << "ESC @ first";
  EXPECT_NE(bytes.find("DEPOK-2026-K01-000001"), std::string::npos);
  EXPECT_EQ(bytes.find("SALINAN"), std::string::npos);
  EXPECT_EQ(app().ui().banner.kind, BannerKind::Success);
  app().apply(act::PrintReceipt{});
  waitForJobs();
  bytes = slurp(printer);
  EXPECT_NE(bytes.find("SALINAN"), std::string::npos);
}

TEST_F(Controller, PrintingWithoutAPrinterSaysWhereToSetIt) {
  login();
  app().apply(act::Scan{"8991234050010"});
  app().apply(act::OpenPayment{});
  app().apply(act::PayCash{Rupiah{}});
  app().apply(act::PrintReceipt{});
  EXPECT_EQ(app().ui().banner.text, "Printer belum diatur. Atur di menu Pengaturan.");
}

TEST_F(Controller, APrinterOrServerChangeWaitsForASupervisorsPin) {
  login();
  const std::string printer = (m_dir / "printer.bin").string();
  app().apply(act::SaveSettings{printer, 32, ""});
  EXPECT_EQ(app().ui().supervisor.purpose, SupervisorPurpose::Settings);
  EXPECT_NE(app().ui().supervisor.detail.find(printer), std::string::npos) << "the card says what would change";
  EXPECT_TRUE(app().data().device.printer.empty()) << "nothing saved before the PIN";
  app().apply(act::SupervisorPin{"1234"});  // a cashier's PIN does not approve
  EXPECT_EQ(app().ui().supervisor.purpose, SupervisorPurpose::Settings);
  EXPECT_TRUE(app().store().settings().get(core::settings::kPrinter).empty());
  app().apply(act::SupervisorCancel{});
  EXPECT_TRUE(app().store().settings().get(core::settings::kPrinter).empty()) << "cancelled: nothing saved";

  app().apply(act::SaveSettings{"", 48, "http://192.168.1.10:8080"});
  ASSERT_EQ(app().ui().supervisor.purpose, SupervisorPurpose::Settings);
  app().apply(act::SupervisorPin{"4321"});
  EXPECT_EQ(app().ui().supervisor.purpose, SupervisorPurpose::None);
  EXPECT_EQ(app().store().settings().device().serverUrl, "http://192.168.1.10:8080");
  EXPECT_EQ(app().data().device.receiptWidth, 48);
  EXPECT_EQ(app().ui().banner.text, "Pengaturan disimpan.");
}

TEST_F(Controller, PaperWidthAloneNeedsNoSupervisorAndABadServerUrlIsRefused) {
  login();
  app().apply(act::SaveSettings{"", 48, ""});
  EXPECT_EQ(app().ui().supervisor.purpose, SupervisorPurpose::None);
  EXPECT_EQ(app().data().device.receiptWidth, 48);
  app().apply(act::SaveSettings{"", 48, "ftp://server"});
  EXPECT_EQ(app().ui().supervisor.purpose, SupervisorPurpose::None);
  EXPECT_EQ(app().ui().banner.kind, BannerKind::Error);
  EXPECT_NE(app().ui().banner.text.find("ftp://server"), std::string::npos) << app().ui().banner.text;
  EXPECT_TRUE(app().store().settings().device().serverUrl.empty());
}

TEST_F(Controller, SavesReceiptAndShiftReportAsPdf) {
  login();
  app().apply(act::Scan{"8991234050010"});
  app().apply(act::OpenPayment{});
  app().apply(act::PayCash{Rupiah{}});
  app().apply(act::SaveReceiptPdf{});
  waitForJobs();
  const fs::path receipt = m_dir / "docs" / "receipts" / "DEPOK-2026-K01-000001.pdf";
  ASSERT_TRUE(fs::exists(receipt)) << app().ui().banner.text;
  EXPECT_EQ(slurp(receipt.string()).substr(0, 5), "%PDF-");
  app().apply(act::NewSale{});
  app().apply(act::Navigate{Screen::Shift});
  app().apply(act::CloseShift{{{100000, 3}}});
  app().apply(act::SaveShiftPdf{});
  waitForJobs();
  bool found = false;
  for (const auto& e : fs::directory_iterator(m_dir / "docs" / "shifts")) found = found || e.path().extension() == ".pdf";
  EXPECT_TRUE(found);
}

TEST_F(Controller, ReprintFromTodayIsACopy) {
  login();
  app().apply(act::Scan{"8991234050010"});
  app().apply(act::OpenPayment{});
  app().apply(act::PayCash{Rupiah{}});
  app().apply(act::NewSale{});
  app().apply(act::Navigate{Screen::Today});
  ASSERT_EQ(app().today().data().sales.size(), 1u);
  EXPECT_EQ(app().today().data().count, 1);
  EXPECT_EQ(app().today().data().total.idr(), 135000);
  const TodayVm vm = buildTodayVm(app().data(), app().today().data(), app().tr());
  EXPECT_EQ(vm.sales.at(0).sync, "Menunggu");
  EXPECT_EQ(vm.cards.at(2).value, "Rp 135.000");
  app().apply(act::ReprintSale{app().today().data().sales[0].uuid});
  EXPECT_EQ(app().ui().screen, Screen::Receipt);
  EXPECT_TRUE(app().data().receipt->copy);
  const ReceiptVm rvm = buildReceiptVm(app().data(), app().tr());
  EXPECT_NE(rvm.lines.front().find("SALINAN"), std::string::npos);
}

TEST_F(Controller, LanguageSwitchIsSavedAndUsed) {
  login();
  app().apply(act::SetLanguage{Language::En});
  EXPECT_EQ(app().tr().language(), Language::En);
  EXPECT_EQ(app().store().settings().get(core::settings::kLanguage), "en");
  EXPECT_EQ(buildSellVm(app().ui().sell, app().data(), app().cart().data(), app().tr()).sectors.at(1).label, "Fashion");
}

class FakeSync final : public SyncAgent {
 public:
  explicit FakeSync(int* started, int* stopped) : m_started(started), m_stopped(stopped) {}
  void start() override { ++*m_started; }
  void stop() override { ++*m_stopped; }
  void nudge() override { ++nudges; }
  SyncRuntime runtime() const override { return SyncRuntime{SyncStatus::State::Offline, "connection refused", generation}; }
  int nudges = 0;
  std::uint64_t generation = 0;

 private:
  int* m_started;
  int* m_stopped;
};

TEST_F(Controller, ASyncAgentIsStartedStoppedNudgedAndShown) {
  int started = 0, stopped = 0;
  auto agent = std::make_unique<FakeSync>(&started, &stopped);
  FakeSync* raw = agent.get();
  app().attachSync(std::move(agent));
  EXPECT_EQ(started, 1);
  EXPECT_EQ(app().data().sync.state, SyncStatus::State::Offline);
  EXPECT_EQ(app().data().sync.lastError, "connection refused");
  login();
  app().apply(act::Scan{"8991234050010"});
  app().apply(act::OpenPayment{});
  app().apply(act::PayCash{Rupiah{}});
  EXPECT_EQ(raw->nudges, 1);
  const ChromeVm vm = buildChromeVm(app().ui(), app().data(), app().tr());
  EXPECT_EQ(vm.syncLabel, "Offline");
  EXPECT_EQ(vm.syncDetail, std::to_string(1 + app().store().audit().pendingUpload()) + " menunggu") << "the sale and the audit entries";
  m_app.reset();
  EXPECT_EQ(stopped, 1);
}

TEST_F(Controller, QuitIsAnAction) {
  app().apply(act::Quit{});
  EXPECT_TRUE(app().wantsQuit());
}

}  // namespace
}  // namespace pameran::kiosk
