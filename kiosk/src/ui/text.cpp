#include "pameran/kiosk/text.hpp"

#include <fmt/format.h>

#include "pameran/assets.hpp"
#include "pameran/core/text.hpp"

namespace pameran::kiosk {
namespace {

constexpr std::string_view kKeys[] = {
#define PAMERAN_TEXT(name) #name,
#include "pameran/kiosk/text_keys.inc"
#undef PAMERAN_TEXT
};
static_assert(std::size(kKeys) == kTextCount);

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char n = s[++i];
      out.push_back(n == 'n' ? '\n' : n);
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

std::string_view textKey(T text) {
  const auto i = static_cast<std::size_t>(text);
  return i < kTextCount ? kKeys[i] : std::string_view();
}

std::string_view languageCode(Language lang) { return lang == Language::En ? "en" : "id"; }

std::optional<Language> parseLanguage(std::string_view code) {
  if (code == "id") return Language::Id;
  if (code == "en") return Language::En;
  return std::nullopt;
}

core::Result<std::map<std::string, std::string>> parseTextTable(std::string_view text, std::string_view name) {
  std::map<std::string, std::string> out;
  int lineNo = 0;
  while (!text.empty()) {
    ++lineNo;
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos)
      return core::fail(core::Errc::Invalid, fmt::format("{}:{}: expected `Key = text`", name, lineNo));
    const std::string key(trim(line.substr(0, eq)));
    if (key.empty()) return core::fail(core::Errc::Invalid, fmt::format("{}:{}: empty key", name, lineNo));
    if (!out.emplace(key, unescape(trim(line.substr(eq + 1)))).second)
      return core::fail(core::Errc::Invalid, fmt::format("{}:{}: {} is given twice", name, lineNo, key));
  }
  return out;
}

std::string_view builtInTable(Language lang) {
  auto data = assets::find(lang == Language::En ? "i18n/en.txt" : "i18n/id.txt");
  return data ? *data : std::string_view();
}

Translator::Translator() { load(Language::Id); }

Translator Translator::builtIn(Language lang) {
  Translator t;
  if (lang != Language::Id) t.load(lang);
  return t;
}

void Translator::load(Language lang) {
  m_lang = lang;
  auto table = parseTextTable(builtInTable(lang), languageCode(lang));
  for (std::size_t i = 0; i < kTextCount; ++i) {
    std::string value;
    if (table) {
      auto it = table->find(std::string(kKeys[i]));
      if (it != table->end()) value = it->second;
    }
    m_text[i] = value.empty() ? std::string(kKeys[i]) : std::move(value);
  }
}

std::string Translator::format(T text, std::initializer_list<std::string_view> args) const {
  return core::fillPattern((*this)(text), args);
}

std::string describeError(const core::Error& e, const Translator& tr) {
  auto arg = [&](std::size_t i) -> std::string_view { return i < e.args.size() ? std::string_view(e.args[i]) : std::string_view(); };
  switch (e.code) {
    case core::Errc::OutOfStock:
      if (e.args.size() >= 2) return tr.format(T::ErrOutOfStock, {arg(0), arg(1)});
      return tr.format(T::ErrGeneric, {e.message});
    case core::Errc::LockedOut: {
      const std::string seconds(arg(0));
      long long s = 0;
      for (char c : seconds) s = c >= '0' && c <= '9' ? s * 10 + (c - '0') : s;
      return tr.format(T::ErrLockedOut, {fmt::format("{}:{:02}", s / 60, s % 60)});
    }
    case core::Errc::Unauthorized:
      if (!e.args.empty()) return tr.format(T::ErrWrongPin, {arg(0)});
      return tr(T::ErrNotAllowed);
    case core::Errc::NeedsSupervisor: return tr(T::ErrNeedsSupervisor);
    case core::Errc::ShiftClosed: return tr(T::ErrShiftClosed);
    case core::Errc::DiskFull: return tr(T::ErrDiskFull);
    case core::Errc::Storage: return tr.format(T::ErrStorage, {e.message});
    case core::Errc::NotFound:
      if (!e.args.empty()) return tr.format(T::ErrNotFound, {arg(0)});
      return tr.format(T::ErrGeneric, {e.message});
    case core::Errc::Conflict: return tr.format(T::ErrConflict, {e.message});
    case core::Errc::Invalid: return tr.format(T::ErrGeneric, {e.message});
  }
  return e.message;
}

}  // namespace pameran::kiosk
