#include "pameran/core/qris.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace pameran::core {
namespace {

constexpr std::string_view kQrisDomain = "ID.CO.QRIS.WWW";
constexpr std::size_t kMaxAmountDigits = 13;
constexpr std::size_t kMaxMerchantName = 25;
constexpr std::size_t kMaxMerchantCity = 15;
constexpr std::size_t kMaxSubfieldLength = 25;  // EMVCo limit for 62.xx values

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isPrintableAscii(char c) { return c >= 0x20 && c <= 0x7e; }

int twoDigits(std::string_view s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

// EMVCo makes 26-51 and 62 templates; everything else holds a plain value.
bool isTemplateId(int id) { return (id >= 26 && id <= 51) || id == 62; }

Result<std::vector<Tlv>> parseLevel(std::string_view data, bool nested, std::string_view parentId) {
  std::vector<Tlv> out;
  std::size_t pos = 0;
  const std::string where = nested ? fmt::format(" inside {}", parentId) : std::string();
  while (pos < data.size()) {
    if (data.size() - pos < 4)
      return fail(Errc::Invalid, fmt::format("QRIS payload truncated at position {}{}", pos, where));
    const std::string_view id = data.substr(pos, 2);
    const std::string_view len = data.substr(pos + 2, 2);
    if (!isDigit(id[0]) || !isDigit(id[1]))
      return fail(Errc::Invalid, fmt::format("QRIS field id '{}' at position {}{} is not two digits", id, pos, where));
    if (!isDigit(len[0]) || !isDigit(len[1]))
      return fail(Errc::Invalid, fmt::format("QRIS field {} has a bad length '{}'{}", id, len, where));
    const auto n = static_cast<std::size_t>(twoDigits(len));
    if (data.size() - pos - 4 < n)
      return fail(Errc::Invalid, fmt::format("QRIS field {} is longer than the payload{}", id, where));
    Tlv tlv{std::string(id), std::string(data.substr(pos + 4, n)), {}};
    if (!nested && isTemplateId(twoDigits(id)) && !tlv.value.empty()) {
      auto children = parseLevel(tlv.value, true, id);
      if (!children) return children.failure();
      tlv.children = std::move(*children);
    }
    out.push_back(std::move(tlv));
    pos += 4 + n;
  }
  return out;
}

const Tlv* findTlv(const std::vector<Tlv>& tlvs, std::string_view id) {
  for (const Tlv& t : tlvs)
    if (t.id == id) return &t;
  return nullptr;
}

Result<std::string> serialise(const Tlv& tlv) {
  if (tlv.value.size() > 99) return fail(Errc::Invalid, fmt::format("QRIS field {} would exceed 99 characters", tlv.id));
  return fmt::format("{}{:02}{}", tlv.id, tlv.value.size(), tlv.value);
}

// The CRC covers its own id and length, so `6304` is part of the input.
std::string withCrc(std::string body) {
  body += "6304";
  body += crcHex(crc16Ccitt(body));
  return body;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// Demo identifiers must differ per seed, so the mix is a bijection on 32 bits.
std::uint32_t mixSeed(std::uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

std::string printableCut(std::string_view text, std::size_t maxLen, std::string_view fallback) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && out.size() < maxLen; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      // One '?' per non-ASCII code point: skip its continuation bytes.
      while (i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xc0) == 0x80) ++i;
      out.push_back('?');
    } else if (isPrintableAscii(static_cast<char>(c))) {
      out.push_back(static_cast<char>(c));
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  while (!out.empty() && out.front() == ' ') out.erase(out.begin());
  return out.empty() ? std::string(fallback) : out;
}

}  // namespace

std::uint16_t crc16Ccitt(std::string_view data) {
  std::uint16_t crc = 0xFFFF;
  for (char ch : data) {
    crc = static_cast<std::uint16_t>(crc ^ (static_cast<unsigned char>(ch) << 8));
    for (int bit = 0; bit < 8; ++bit)
      crc = static_cast<std::uint16_t>((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
  }
  return crc;
}

std::string crcHex(std::uint16_t crc) { return fmt::format("{:04X}", crc); }

Result<std::vector<Tlv>> parseTlv(std::string_view payload) {
  for (std::size_t i = 0; i < payload.size(); ++i)
    if (!isPrintableAscii(payload[i]))
      return fail(Errc::Invalid, fmt::format("QRIS payload has a non-printable or non-ASCII byte at position {}", i));
  if (payload.empty()) return fail(Errc::Invalid, "QRIS payload is empty");
  return parseLevel(payload, false, {});
}

Result<QrisInfo> inspectQris(std::string_view payload) {
  auto parsed = parseTlv(payload);
  if (!parsed) return parsed.failure();
  const std::vector<Tlv>& tlvs = *parsed;

  if (tlvs.front().id != "00" || tlvs.front().value != "01")
    return fail(Errc::Invalid, "QRIS payload must start with 000201");
  const Tlv& last = tlvs.back();
  if (last.id != "63" || last.value.size() != 4) return fail(Errc::Invalid, "QRIS payload must end with a CRC (6304XXXX)");
  const std::string expected = crcHex(crc16Ccitt(payload.substr(0, payload.size() - 4)));
  if (!equalsIgnoreCase(last.value, expected))
    return fail(Errc::Invalid, fmt::format("QRIS CRC is {} but the payload gives {}", last.value, expected));

  for (std::size_t i = 0; i < tlvs.size(); ++i)
    for (std::size_t j = i + 1; j < tlvs.size(); ++j)
      if (tlvs[i].id == tlvs[j].id) return fail(Errc::Invalid, fmt::format("QRIS field {} appears twice", tlvs[i].id));

  QrisInfo info;
  const Tlv* poi = findTlv(tlvs, "01");
  if (!poi || (poi->value != "11" && poi->value != "12"))
    return fail(Errc::Invalid, "QRIS point of initiation (01) must be 11 (static) or 12 (dynamic)");
  info.isStatic = poi->value == "11";

  const Tlv* national = findTlv(tlvs, "51");
  const Tlv* domain = national ? findTlv(national->children, "00") : nullptr;
  if (!domain || domain->value != kQrisDomain)
    return fail(Errc::Invalid, "not a QRIS: merchant account 51 must name ID.CO.QRIS.WWW");
  const Tlv* nmid = findTlv(national->children, "02");
  if (!nmid || nmid->value.empty()) return fail(Errc::Invalid, "QRIS has no NMID (51.02)");
  info.nmid = nmid->value;

  const Tlv* mcc = findTlv(tlvs, "52");
  if (!mcc || mcc->value.size() != 4 || !std::all_of(mcc->value.begin(), mcc->value.end(), isDigit))
    return fail(Errc::Invalid, "QRIS merchant category code (52) must be 4 digits");
  const Tlv* currency = findTlv(tlvs, "53");
  if (!currency || currency->value != "360") return fail(Errc::Invalid, "QRIS currency (53) must be 360 (rupiah)");
  const Tlv* country = findTlv(tlvs, "58");
  if (!country || country->value != "ID") return fail(Errc::Invalid, "QRIS country (58) must be ID");
  const Tlv* name = findTlv(tlvs, "59");
  if (!name || name->value.empty() || name->value.size() > kMaxMerchantName)
    return fail(Errc::Invalid, "QRIS merchant name (59) must be 1 to 25 characters");
  info.merchantName = name->value;
  const Tlv* city = findTlv(tlvs, "60");
  if (!city || city->value.empty() || city->value.size() > kMaxMerchantCity)
    return fail(Errc::Invalid, "QRIS merchant city (60) must be 1 to 15 characters");
  info.merchantCity = city->value;

  if (const Tlv* amount = findTlv(tlvs, "54")) {
    const std::string& v = amount->value;
    if (v.empty() || v.size() > kMaxAmountDigits || !std::all_of(v.begin(), v.end(), isDigit))
      return fail(Errc::Invalid, "QRIS amount (54) must be whole rupiah, digits only");
    info.amount = std::stoll(v);
  }
  return info;
}

Result<std::string> makeDynamicQris(std::string_view staticPayload, Rupiah amount, std::string_view terminalLabel) {
  if (amount.idr() <= 0) return fail(Errc::Invalid, "a QRIS amount must be more than Rp 0");
  const std::string amountText = std::to_string(amount.idr());
  if (amountText.size() > kMaxAmountDigits) return fail(Errc::Invalid, "amount too large for QRIS (13 digits at most)");
  if (terminalLabel.size() > kMaxSubfieldLength ||
      !std::all_of(terminalLabel.begin(), terminalLabel.end(), isPrintableAscii))
    return fail(Errc::Invalid, "terminal label must be at most 25 printable ASCII characters");

  auto info = inspectQris(staticPayload);
  if (!info) return info.failure();
  if (!info->isStatic) return fail(Errc::Invalid, "QRIS is already dynamic (01 is 12); use the vendor's static QRIS");

  // Rebuild from parsed fields rather than editing text: `010211` can occur inside other values.
  std::vector<Tlv> tlvs = *parseTlv(staticPayload);
  std::erase_if(tlvs, [](const Tlv& t) { return t.id == "63" || (t.id >= "54" && t.id <= "57"); });
  for (Tlv& t : tlvs)
    if (t.id == "01") t.value = "12";
  tlvs.push_back(Tlv{"54", amountText, {}});

  if (!terminalLabel.empty()) {
    auto it = std::find_if(tlvs.begin(), tlvs.end(), [](const Tlv& t) { return t.id == "62"; });
    if (it == tlvs.end()) {
      tlvs.push_back(Tlv{"62", {}, {}});
      it = std::prev(tlvs.end());
    }
    std::erase_if(it->children, [](const Tlv& t) { return t.id == "07"; });
    it->children.push_back(Tlv{"07", std::string(terminalLabel), {}});
    std::stable_sort(it->children.begin(), it->children.end(), [](const Tlv& a, const Tlv& b) { return a.id < b.id; });
    std::string value;
    for (const Tlv& child : it->children) {
      auto s = serialise(child);
      if (!s) return s.failure();
      value += *s;
    }
    it->value = std::move(value);
  }

  // Two-digit ids sort as strings in numeric order, and 00 is the lowest.
  std::stable_sort(tlvs.begin(), tlvs.end(), [](const Tlv& a, const Tlv& b) { return a.id < b.id; });
  std::string body;
  for (const Tlv& t : tlvs) {
    auto s = serialise(t);
    if (!s) return s.failure();
    body += *s;
  }
  return withCrc(std::move(body));
}

std::string makeDemoStaticQris(std::string_view merchantName, std::string_view city, std::uint32_t seed) {
  const std::uint32_t mixed = mixSeed(seed);
  const std::string nmid = fmt::format("ID100{:010}", mixed);
  const std::string name = printableCut(merchantName, kMaxMerchantName, "IKM");
  const std::string place = printableCut(city, kMaxMerchantCity, "Indonesia");

  auto field = [](std::string_view id, std::string_view value) {
    return fmt::format("{}{:02}{}", id, value.size(), value);
  };
  // A made-up acquirer domain, so a demo sticker can never be mistaken for a real account.
  const std::string acquirer = field("00", "ID.PAMERAN.DEMO") + field("01", fmt::format("936099990{:010}", mixed)) +
                               field("02", fmt::format("DEMO{:010}", mixed)) + field("03", "UMI");
  const std::string national = field("00", kQrisDomain) + field("02", nmid) + field("03", "UMI");
  std::string body = field("00", "01") + field("01", "11") + field("26", acquirer) + field("51", national) +
                     field("52", "5999") + field("53", "360") + field("58", "ID") + field("59", name) +
                     field("60", place);
  return withCrc(std::move(body));
}

}  // namespace pameran::core
