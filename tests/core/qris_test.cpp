#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "pameran/core/qris.hpp"

namespace pameran::core {
namespace {

// From shared/QRIS.md: a real static QRIS and the dynamic one it must become for Rp 10.000.
const std::string kStatic =
    "00020101021126570011ID.DANA.WWW011893600915302259148102090225914810303UMI51440014ID.CO.QRIS.WWW0215ID102001761"
    "14730303UMI5204581253033605802ID5922Warung Sayur Bu Sugeng6010Kab. Demak610559567630458C7";
const std::string kDynamic10k =
    "00020101021226570011ID.DANA.WWW011893600915302259148102090225914810303UMI51440014ID.CO.QRIS.WWW0215ID102001761"
    "14730303UMI5204581253033605405100005802ID5922Warung Sayur Bu Sugeng6010Kab. Demak6105595676304460E";

std::string field(const std::string& id, const std::string& value) {
  return id + (value.size() < 10 ? "0" : "") + std::to_string(value.size()) + value;
}

std::string sealed(std::string body) {
  body += "6304";
  return body + crcHex(crc16Ccitt(body));
}

const std::string kNational = field("51", field("00", "ID.CO.QRIS.WWW") + field("02", "ID1234567890123") + field("03", "UMI"));

// A static payload built from parts, so single fields can be varied.
std::string staticWith(const std::string& middle, const std::string& name = "Toko Uji") {
  return sealed(field("00", "01") + field("01", "11") + kNational + field("52", "5999") + middle +
                field("59", name) + field("60", "Depok"));
}

std::vector<std::string> topIds(const std::string& payload) {
  auto tlvs = parseTlv(payload);
  EXPECT_TRUE(tlvs.has_value());
  std::vector<std::string> ids;
  if (tlvs)
    for (const Tlv& t : *tlvs) ids.push_back(t.id);
  return ids;
}

TEST(Qris, CrcOfCheckStringIs29B1) {
  EXPECT_EQ(crc16Ccitt("123456789"), 0x29B1);
  EXPECT_EQ(crc16Ccitt(""), 0xFFFF);
}

TEST(Qris, CrcHexIsFourUppercaseZeroPaddedDigits) {
  EXPECT_EQ(crcHex(0x29B1), "29B1");
  EXPECT_EQ(crcHex(0x00AB), "00AB");
  EXPECT_EQ(crcHex(0x0ABC), "0ABC");
  EXPECT_EQ(crcHex(0), "0000");
  EXPECT_EQ(crcHex(0xFFFF), "FFFF");
}

TEST(Qris, StaticVectorBecomesDynamicVectorForTenThousand) {
  auto dynamic = makeDynamicQris(kStatic, Rupiah(10'000));
  ASSERT_TRUE(dynamic.has_value()) << dynamic.error().message;
  EXPECT_EQ(*dynamic, kDynamic10k);
}

TEST(Qris, StaticVectorShowsMerchantNameCityAndNmid) {
  auto info = inspectQris(kStatic);
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_EQ(info->merchantName, "Warung Sayur Bu Sugeng");
  EXPECT_EQ(info->merchantCity, "Kab. Demak");
  EXPECT_EQ(info->nmid, "ID1020017611473");
  EXPECT_TRUE(info->isStatic);
  EXPECT_EQ(info->amount, 0);
}

TEST(Qris, DynamicVectorInspectsAsDynamicWithItsAmount) {
  auto info = inspectQris(kDynamic10k);
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_FALSE(info->isStatic);
  EXPECT_EQ(info->amount, 10'000);
}

TEST(Qris, ParseTlvReadsTemplatesIntoChildren) {
  auto tlvs = parseTlv(kStatic);
  ASSERT_TRUE(tlvs.has_value());
  ASSERT_EQ(tlvs->size(), 11u);
  const Tlv& acquirer = (*tlvs)[2];
  EXPECT_EQ(acquirer.id, "26");
  ASSERT_EQ(acquirer.children.size(), 4u);
  EXPECT_EQ(acquirer.children[0].value, "ID.DANA.WWW");
  EXPECT_EQ(acquirer.children[3].value, "UMI");
  EXPECT_TRUE((*tlvs)[5].children.empty());  // 52 is not a template
}

TEST(Qris, ChangedCrcIsRejected) {
  std::string tampered = kStatic;
  tampered.back() = '8';
  auto info = inspectQris(tampered);
  ASSERT_FALSE(info.has_value());
  EXPECT_EQ(info.error().code, Errc::Invalid);
  EXPECT_NE(info.error().message.find("CRC"), std::string::npos);
  EXPECT_FALSE(makeDynamicQris(tampered, Rupiah(1000)).has_value());
}

TEST(Qris, ChangedMerchantNameBreaksTheCrc) {
  std::string tampered = kStatic;
  tampered.replace(tampered.find("Sugeng"), 6, "Sugenk");
  EXPECT_FALSE(inspectQris(tampered).has_value());
}

TEST(Qris, LowercaseCrcIsAccepted) {
  std::string lower = kStatic;
  lower.replace(lower.size() - 4, 4, "58c7");
  EXPECT_TRUE(inspectQris(lower).has_value());
}

TEST(Qris, LengthRunningPastTheEndIsRejected) {
  EXPECT_FALSE(parseTlv("000201010211269900").has_value());
  EXPECT_FALSE(parseTlv("00020").has_value());
  EXPECT_FALSE(inspectQris(kStatic.substr(0, kStatic.size() - 2)).has_value());
}

TEST(Qris, NonDigitIdOrLengthIsRejected) {
  EXPECT_FALSE(parseTlv("0A0201").has_value());
  EXPECT_FALSE(parseTlv("00x201").has_value());
  EXPECT_TRUE(parseTlv("000201").has_value());
}

TEST(Qris, BytesOutsidePrintableAsciiAreRejected) {
  EXPECT_FALSE(parseTlv("0002\x01" "1").has_value());
  std::string withNewline = kStatic;
  withNewline.insert(10, "\n");
  EXPECT_FALSE(inspectQris(withNewline).has_value());
  EXPECT_FALSE(inspectQris(staticWith(field("53", "360") + field("58", "ID"), "Caf\xC3\xA9")).has_value());
}

TEST(Qris, BadTemplateContentIsRejected) {
  const std::string body = field("00", "01") + field("01", "11") + field("26", "00XXabc") + kNational +
                           field("52", "5999") + field("53", "360") + field("58", "ID") + field("59", "A") + field("60", "B");
  EXPECT_FALSE(inspectQris(sealed(body)).has_value());
}

TEST(Qris, PayloadBuiltFromPartsIsValid) {
  auto info = inspectQris(staticWith(field("53", "360") + field("58", "ID")));
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_EQ(info->nmid, "ID1234567890123");
}

TEST(Qris, ForeignCurrencyIsRejected) {
  auto info = inspectQris(staticWith(field("53", "840") + field("58", "ID")));
  ASSERT_FALSE(info.has_value());
  EXPECT_NE(info.error().message.find("360"), std::string::npos);
}

TEST(Qris, ForeignCountryIsRejected) {
  EXPECT_FALSE(inspectQris(staticWith(field("53", "360") + field("58", "SG"))).has_value());
}

TEST(Qris, PayloadWithoutNationalQrisAccountIsRejected) {
  const std::string body = field("00", "01") + field("01", "11") +
                           field("51", field("00", "ID.CO.OTHER.WWW") + field("02", "ID1234567890123")) +
                           field("52", "5999") + field("53", "360") + field("58", "ID") + field("59", "A") + field("60", "B");
  auto info = inspectQris(sealed(body));
  ASSERT_FALSE(info.has_value());
  EXPECT_NE(info.error().message.find("ID.CO.QRIS.WWW"), std::string::npos);
}

TEST(Qris, PayloadNotStartingWithFormatIndicatorIsRejected) {
  const std::string body = field("01", "11") + field("00", "01") + kNational + field("52", "5999") + field("53", "360") +
                           field("58", "ID") + field("59", "A") + field("60", "B");
  EXPECT_FALSE(inspectQris(sealed(body)).has_value());
}

TEST(Qris, PayloadWithoutCrcIsRejected) {
  EXPECT_FALSE(inspectQris(kStatic.substr(0, kStatic.size() - 8)).has_value());
}

TEST(Qris, DynamicPayloadIsNotMadeDynamicAgain) {
  auto again = makeDynamicQris(kDynamic10k, Rupiah(5000));
  ASSERT_FALSE(again.has_value());
  EXPECT_NE(again.error().message.find("dynamic"), std::string::npos);
}

TEST(Qris, ZeroOrNegativeAmountIsRejected) {
  EXPECT_FALSE(makeDynamicQris(kStatic, Rupiah(0)).has_value());
  EXPECT_FALSE(makeDynamicQris(kStatic, Rupiah(-10'000)).has_value());
}

TEST(Qris, AmountIsLimitedToThirteenDigits) {
  auto largest = makeDynamicQris(kStatic, Rupiah(9'999'999'999'999));
  ASSERT_TRUE(largest.has_value());
  EXPECT_NE(largest->find("54139999999999999"), std::string::npos);
  EXPECT_FALSE(makeDynamicQris(kStatic, Rupiah(10'000'000'000'000)).has_value());
}

TEST(Qris, DynamicPayloadIsValidAndCarriesTheAmount) {
  auto dynamic = makeDynamicQris(kStatic, Rupiah(1'250'000));
  ASSERT_TRUE(dynamic.has_value());
  auto info = inspectQris(*dynamic);
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_FALSE(info->isStatic);
  EXPECT_EQ(info->amount, 1'250'000);
  EXPECT_EQ(info->merchantName, "Warung Sayur Bu Sugeng");
}

TEST(Qris, PointOfInitiationTextInsideAnotherValueIsLeftAlone) {
  const std::string payload = staticWith(field("53", "360") + field("58", "ID"), "Toko 010211 Jaya");
  auto dynamic = makeDynamicQris(payload, Rupiah(5000));
  ASSERT_TRUE(dynamic.has_value()) << dynamic.error().message;
  auto info = inspectQris(*dynamic);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->merchantName, "Toko 010211 Jaya");
  EXPECT_FALSE(info->isStatic);
}

TEST(Qris, TipAndFeeFieldsAreDroppedAndOldAmountReplaced) {
  const std::string payload =
      staticWith(field("53", "360") + field("54", "777") + field("55", "02") + field("56", "1000") + field("57", "5") +
                 field("58", "ID"));
  ASSERT_TRUE(inspectQris(payload).has_value());
  auto dynamic = makeDynamicQris(payload, Rupiah(20'000));
  ASSERT_TRUE(dynamic.has_value());
  const auto ids = topIds(*dynamic);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "54"), 1);
  for (const char* dropped : {"55", "56", "57"}) EXPECT_EQ(std::count(ids.begin(), ids.end(), dropped), 0) << dropped;
  EXPECT_EQ(inspectQris(*dynamic)->amount, 20'000);
}

TEST(Qris, OutputIsInAscendingIdOrderWithCrcLast) {
  // Currency and country deliberately out of order in the source.
  const std::string payload = staticWith(field("58", "ID") + field("53", "360"));
  ASSERT_TRUE(inspectQris(payload).has_value());
  auto dynamic = makeDynamicQris(payload, Rupiah(1000));
  ASSERT_TRUE(dynamic.has_value());
  auto ids = topIds(*dynamic);
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids.front(), "00");
  EXPECT_EQ(ids.back(), "63");
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
}

TEST(Qris, TerminalLabelAddsAdditionalDataField) {
  auto dynamic = makeDynamicQris(kStatic, Rupiah(10'000), "K01");
  ASSERT_TRUE(dynamic.has_value()) << dynamic.error().message;
  EXPECT_NE(dynamic->find("62070703K01"), std::string::npos);
  EXPECT_TRUE(inspectQris(*dynamic).has_value());
  EXPECT_NE(*dynamic, kDynamic10k);
}

TEST(Qris, TerminalLabelJoinsExistingAdditionalData) {
  const std::string payload =
      staticWith(field("53", "360") + field("58", "ID") + field("62", field("07", "OLD") + field("05", "REF1")));
  auto dynamic = makeDynamicQris(payload, Rupiah(1000), "K02");
  ASSERT_TRUE(dynamic.has_value()) << dynamic.error().message;
  EXPECT_NE(dynamic->find(field("62", field("05", "REF1") + field("07", "K02"))), std::string::npos);
  EXPECT_EQ(dynamic->find("OLD"), std::string::npos);
}

TEST(Qris, OverlongTerminalLabelIsRejected) {
  EXPECT_FALSE(makeDynamicQris(kStatic, Rupiah(1000), std::string(26, 'K')).has_value());
  EXPECT_TRUE(makeDynamicQris(kStatic, Rupiah(1000), std::string(25, 'K')).has_value());
}

TEST(Qris, DemoStaticQrisIsValidStaticWithNationalAndAcquirerAccounts) {
  const std::string demo = makeDemoStaticQris("Batik Tulis Ibu Ani", "Depok", 7);
  auto info = inspectQris(demo);
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_TRUE(info->isStatic);
  EXPECT_EQ(info->merchantName, "Batik Tulis Ibu Ani");
  EXPECT_EQ(info->merchantCity, "Depok");
  ASSERT_EQ(info->nmid.size(), 15u);
  EXPECT_EQ(info->nmid.substr(0, 2), "ID");
  EXPECT_TRUE(std::all_of(info->nmid.begin() + 2, info->nmid.end(), [](char c) { return c >= '0' && c <= '9'; }));
  const auto ids = topIds(demo);
  for (const char* id : {"26", "51", "52", "53", "58", "59", "60"})
    EXPECT_EQ(std::count(ids.begin(), ids.end(), id), 1) << id;
  EXPECT_EQ(demo.substr(0, 12), "000201010211");
  EXPECT_TRUE(makeDynamicQris(demo, Rupiah(35'000)).has_value());
}

TEST(Qris, DemoStaticQrisCutsNameAndCity) {
  auto info = inspectQris(makeDemoStaticQris("Kerajinan Anyaman Bambu Sejahtera Abadi", "Kabupaten Bogor Barat", 1));
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_EQ(info->merchantName, "Kerajinan Anyaman Bambu S");
  EXPECT_EQ(info->merchantCity, "Kabupaten Bogor");
}

TEST(Qris, DemoStaticQrisStaysAsciiForAccentedNames) {
  const std::string demo = makeDemoStaticQris("Caf\xC3\xA9 Ibu", "Depok", 3);
  auto info = inspectQris(demo);
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_EQ(info->merchantName, "Caf? Ibu");
}

TEST(Qris, DemoNmidsDifferPerSeedAndRepeatPerSeed) {
  std::set<std::string> nmids;
  for (std::uint32_t seed = 0; seed < 300; ++seed) nmids.insert(inspectQris(makeDemoStaticQris("IKM", "Depok", seed))->nmid);
  EXPECT_EQ(nmids.size(), 300u);
  EXPECT_EQ(makeDemoStaticQris("A", "B", 42), makeDemoStaticQris("A", "B", 42));
}

}  // namespace
}  // namespace pameran::core
