#include <gtest/gtest.h>

#include <string>

#include "pameran/core/domain.hpp"
#include "pameran/core/server_url.hpp"

namespace pameran::core {
namespace {

TEST(Domain, SectorsRoundTripThroughText) {
  for (Sector s : kAllSectors) EXPECT_EQ(parseSector(toString(s)), s);
  EXPECT_EQ(toString(Sector::Fesyen), "fesyen");
  EXPECT_EQ(toString(Sector::Kriya), "kriya");
  EXPECT_EQ(toString(Sector::Kuliner), "kuliner");
  EXPECT_FALSE(parseSector("makanan").has_value());
  EXPECT_FALSE(parseSector("").has_value());
}

TEST(Domain, PaymentMethodsRoundTripThroughText) {
  for (PaymentMethod m : kAllPaymentMethods) EXPECT_EQ(parsePaymentMethod(toString(m)), m);
  EXPECT_EQ(toString(PaymentMethod::Ewallet), "ewallet");
  EXPECT_FALSE(parsePaymentMethod("bitcoin").has_value());
}

TEST(Domain, RolesRoundTripThroughText) {
  for (Role r : {Role::Cashier, Role::Supervisor, Role::Organizer}) EXPECT_EQ(parseRole(toString(r)), r);
  EXPECT_FALSE(parseRole("admin").has_value());
}

TEST(Domain, ValidCodesAreShortLettersDigitsAndDashDotUnderscore) {
  EXPECT_TRUE(isValidCode("DEPOK-2026"));
  EXPECT_TRUE(isValidCode("a.b_c-1"));
  EXPECT_TRUE(isValidCode("X"));
  EXPECT_TRUE(isValidCode(std::string(kMaxCodeLength, 'A')));
  EXPECT_FALSE(isValidCode(std::string(kMaxCodeLength + 1, 'A')));
  EXPECT_FALSE(isValidCode(""));
  EXPECT_FALSE(isValidCode("A B"));
  EXPECT_FALSE(isValidCode("A/B"));
  EXPECT_FALSE(isValidCode("A,B"));
  EXPECT_FALSE(isValidCode("caf\xC3\xA9"));
  EXPECT_FALSE(isValidCode(std::string("A\0B", 3)));
}

TEST(Domain, CleanUtf8AcceptsIndonesianAndOtherScripts) {
  EXPECT_TRUE(isCleanUtf8(""));
  EXPECT_TRUE(isCleanUtf8("Tas Anyaman Bambu"));
  EXPECT_TRUE(isCleanUtf8("Caf\xC3\xA9 \xC3\x91"));          // 2-byte
  EXPECT_TRUE(isCleanUtf8("\xE2\x82\xAC 10"));               // 3-byte euro sign
  EXPECT_TRUE(isCleanUtf8("\xF0\x9F\x98\x80"));              // 4-byte emoji
  EXPECT_TRUE(isCleanUtf8("\xF4\x8F\xBF\xBF"));              // U+10FFFF, the last code point
  EXPECT_TRUE(isCleanUtf8("\xC2\xA0"));                      // U+00A0, just past the C1 controls
}

TEST(Domain, CleanUtf8RejectsControlCharacters) {
  EXPECT_FALSE(isCleanUtf8("a\nb"));
  EXPECT_FALSE(isCleanUtf8("a\tb"));
  EXPECT_FALSE(isCleanUtf8("a\rb"));
  EXPECT_FALSE(isCleanUtf8(std::string("a\0b", 3)));
  EXPECT_FALSE(isCleanUtf8("\x1b[31m"));
  EXPECT_FALSE(isCleanUtf8("\x7f"));
  EXPECT_FALSE(isCleanUtf8("\xC2\x85"));  // U+0085, a C1 control
  EXPECT_FALSE(isCleanUtf8("\xC2\x9F"));
}

TEST(Domain, CleanUtf8RejectsOverlongForms) {
  EXPECT_FALSE(isCleanUtf8("\xC0\xAF"));          // '/' in two bytes
  EXPECT_FALSE(isCleanUtf8("\xC1\xBF"));
  EXPECT_FALSE(isCleanUtf8("\xE0\x80\xAF"));      // '/' in three bytes
  EXPECT_FALSE(isCleanUtf8("\xE0\x9F\xBF"));      // U+07FF in three bytes
  EXPECT_FALSE(isCleanUtf8("\xF0\x80\x80\xAF"));  // '/' in four bytes
  EXPECT_FALSE(isCleanUtf8("\xF0\x8F\xBF\xBF"));  // U+FFFF in four bytes
}

TEST(Domain, CleanUtf8RejectsSurrogatesAndBeyondUnicode) {
  EXPECT_FALSE(isCleanUtf8("\xED\xA0\x80"));      // U+D800
  EXPECT_FALSE(isCleanUtf8("\xED\xBF\xBF"));      // U+DFFF
  EXPECT_TRUE(isCleanUtf8("\xED\x9F\xBF"));       // U+D7FF, just below
  EXPECT_FALSE(isCleanUtf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(isCleanUtf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(isCleanUtf8("\xF8\x88\x80\x80\x80"));
}

TEST(Domain, CleanUtf8RejectsBrokenSequences) {
  EXPECT_FALSE(isCleanUtf8("\x80"));              // lone continuation byte
  EXPECT_FALSE(isCleanUtf8("abc\xE2\x82"));       // cut short at the end
  EXPECT_FALSE(isCleanUtf8("\xC3" "A"));          // lead byte without continuation
  EXPECT_FALSE(isCleanUtf8("\xFF"));
  EXPECT_FALSE(isCleanUtf8("\xFE"));
  EXPECT_FALSE(isCleanUtf8("Caf\xE9"));           // Latin-1, not UTF-8
}

TEST(Domain, Ean13CheckDigit) {
  EXPECT_EQ(ean13CheckDigit("400638133393"), '1');
  EXPECT_EQ(ean13CheckDigit("899123456789"), '1');
  EXPECT_EQ(ean13CheckDigit("899999000001"), '0');
  EXPECT_EQ(ean13CheckDigit("000000000000"), '0');
}

TEST(Domain, Ean13AcceptsOnlyThirteenDigitsWithTheRightCheckDigit) {
  EXPECT_TRUE(isValidEan13("4006381333931"));
  EXPECT_TRUE(isValidEan13("8991234567891"));
  EXPECT_TRUE(isValidEan13("8999990000010"));
  EXPECT_FALSE(isValidEan13("4006381333932"));
  EXPECT_FALSE(isValidEan13("4006381333930"));
  EXPECT_FALSE(isValidEan13("400638133393"));
  EXPECT_FALSE(isValidEan13("40063813339310"));
  EXPECT_FALSE(isValidEan13("40063813339a1"));
  EXPECT_FALSE(isValidEan13(" 400638133393"));
  EXPECT_FALSE(isValidEan13(""));
}

TEST(Domain, Ean13CatchesSwappedNeighbours) {
  // The 1-3 weighting exists to catch a swap of adjacent digits that differ by other than 5.
  EXPECT_FALSE(isValidEan13("4006381333391"));
}

TEST(Domain, AsciiLowerKeepsOtherBytes) {
  EXPECT_EQ(asciiLower("Tas ANYAMAN 123-X"), "tas anyaman 123-x");
  EXPECT_EQ(asciiLower("CAF\xC3\x89"), "caf\xC3\x89");
  EXPECT_EQ(asciiLower(""), "");
}

TEST(ServerUrl, OnlyHttpAndHttpsToAHostAndPort) {
  for (const char* ok : {"http://192.168.1.10:8080", "https://pameran.example.id", "http://[::1]:8080", "http://localhost"})
    EXPECT_TRUE(isValidServerUrl(ok)) << ok;
  for (const char* bad : {"", "ftp://server", "http://", "http://:8080", "192.168.1.10:8080", "http://host/path", "http://a b",
                          "https://host?x=1", "http://user@host"})
    EXPECT_FALSE(isValidServerUrl(bad)) << bad;
}

}  // namespace
}  // namespace pameran::core
