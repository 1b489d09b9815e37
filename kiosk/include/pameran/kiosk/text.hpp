#pragma once
// User-facing text: one enum value per string, looked up in the translation tables shipped in
// assets/i18n/ (id.txt, en.txt). Screens never hold string literals; they ask tr(T::SellPay).
#include <array>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "pameran/core/error.hpp"

namespace pameran::kiosk {

enum class T : std::uint16_t {
#define PAMERAN_TEXT(name) name,
#include "pameran/kiosk/text_keys.inc"
#undef PAMERAN_TEXT
  Count_
};

inline constexpr std::size_t kTextCount = static_cast<std::size_t>(T::Count_);

/// The key of a text in the tables (the enumerator's name, e.g. `SellPay`).
std::string_view textKey(T text);

enum class Language { Id, En };
std::string_view languageCode(Language lang);  // "id" | "en"
std::optional<Language> parseLanguage(std::string_view code);

/// Parses a table of `Key = value` lines (`#` comments, blank lines, `\n` escapes). Fails on a line
/// without `=`, an empty key or a key given twice, naming `name:line`.
core::Result<std::map<std::string, std::string>> parseTextTable(std::string_view text, std::string_view name);

/// The raw text of a built-in table (assets/i18n/<code>.txt), empty when missing from the build.
std::string_view builtInTable(Language lang);

class Translator {
 public:
  Translator();  // Bahasa Indonesia
  /// The built-in table of a language. A key missing from it shows as the key itself, so a gap is
  /// visible on screen (and the table test fails).
  static Translator builtIn(Language lang);

  const std::string& operator()(T text) const { return m_text[static_cast<std::size_t>(text)]; }
  const char* c(T text) const { return m_text[static_cast<std::size_t>(text)].c_str(); }
  /// Fills {0}, {1}... with `args`.
  std::string format(T text, std::initializer_list<std::string_view> args) const;
  Language language() const { return m_lang; }

 private:
  void load(Language lang);
  Language m_lang = Language::Id;
  std::array<std::string, kTextCount> m_text;
};

/// A core error as a translated, actionable sentence (e.g. `Stok habis: Tas Anyaman (sisa 0)`).
std::string describeError(const core::Error& error, const Translator& tr);

}  // namespace pameran::kiosk
