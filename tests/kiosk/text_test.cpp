// Translation tables: both languages complete, same keys, same placeholders; errors translated.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "pameran/kiosk/text.hpp"

namespace pameran::kiosk {
namespace {

std::set<std::string> placeholders(const std::string& text) {
  std::set<std::string> out;
  static const std::regex re(R"(\{[0-9]\})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) out.insert(it->str());
  return out;
}

TEST(TextTables, BothLanguagesHaveExactlyTheKeysOfTheEnum) {
  std::set<std::string> keys;
  for (std::size_t i = 0; i < kTextCount; ++i) keys.insert(std::string(textKey(static_cast<T>(i))));
  for (Language lang : {Language::Id, Language::En}) {
    auto table = parseTextTable(builtInTable(lang), languageCode(lang));
    ASSERT_TRUE(table) << table.error().message;
    std::set<std::string> have;
    for (const auto& [key, value] : *table) {
      have.insert(key);
      EXPECT_FALSE(value.empty()) << languageCode(lang) << ": " << key << " is empty";
    }
    for (const std::string& k : keys) EXPECT_TRUE(have.count(k)) << languageCode(lang) << " lacks " << k;
    for (const std::string& k : have) EXPECT_TRUE(keys.count(k)) << languageCode(lang) << " has unknown key " << k;
  }
}

TEST(TextTables, PlaceholdersAgreeBetweenLanguages) {
  const Translator id = Translator::builtIn(Language::Id);
  const Translator en = Translator::builtIn(Language::En);
  for (std::size_t i = 0; i < kTextCount; ++i) {
    const T t = static_cast<T>(i);
    EXPECT_EQ(placeholders(id(t)), placeholders(en(t))) << textKey(t);
  }
}

TEST(TextTables, IndonesianIsTheDefaultAndEnglishDiffers) {
  const Translator def;
  EXPECT_EQ(def.language(), Language::Id);
  EXPECT_EQ(def(T::SellPay), "Bayar");
  EXPECT_EQ(Translator::builtIn(Language::En)(T::SellPay), "Pay");
}

TEST(TextTables, ParserRejectsBadLinesWithTheirNumber) {
  auto bad = parseTextTable("A = 1\nno equals sign\n", "x.txt");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("x.txt:2"), std::string::npos);
  auto twice = parseTextTable("A = 1\nA = 2\n", "y.txt");
  ASSERT_FALSE(twice);
  auto ok = parseTextTable("# comment\n\nA = one\\ntwo  \n", "z.txt");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->at("A"), "one\ntwo");
}

TEST(Errors, OutOfStockSaysWhatAndHowManyLeft) {
  const Translator tr;
  core::Error e{core::Errc::OutOfStock, "Out of stock", {"Tas Anyaman Bambu", "0"}};
  EXPECT_EQ(describeError(e, tr), "Stok habis: Tas Anyaman Bambu (sisa 0)");
  EXPECT_EQ(describeError(e, Translator::builtIn(Language::En)), "Out of stock: Tas Anyaman Bambu (0 left)");
}

TEST(Errors, LockoutShowsMinutesAndSeconds) {
  const Translator tr;
  core::Error e{core::Errc::LockedOut, "locked", {"275"}};
  EXPECT_NE(describeError(e, tr).find("4:35"), std::string::npos);
}

TEST(Errors, DiskFullSaysNothingWasSaved) {
  const Translator tr;
  EXPECT_NE(describeError(core::Error{core::Errc::DiskFull, "full", {}}, tr).find("TIDAK ada yang tersimpan"), std::string::npos);
}

}  // namespace
}  // namespace pameran::kiosk
