#include "pameran/core/product_index.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace pameran::core {
namespace {

using Bigrams = std::array<std::uint64_t, 2>;

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
  return s;
}

// One bit of 128 per pair of adjacent bytes. A name lacking any pair of the query cannot contain
// it, so one AND per product rejects most names before any substring search.
void addBigrams(Bigrams& bits, std::string_view text) {
  for (std::size_t i = 1; i < text.size(); ++i) {
    const std::uint32_t pair =
        (static_cast<std::uint32_t>(static_cast<unsigned char>(text[i - 1])) << 8) | static_cast<unsigned char>(text[i]);
    const std::uint32_t bit = (pair * 0x9E3779B1u) >> 25;  // 0..127
    bits[bit >> 6] |= std::uint64_t{1} << (bit & 63);
  }
}

// Names are short, so the work is finding the needle's first byte: memchr does that with SIMD,
// several times faster than string_view::find's byte-by-byte loop, and without memmem's setup cost.
bool contains(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  if (haystack.size() < needle.size()) return false;
  const char* p = haystack.data();
  const char* const last = haystack.data() + (haystack.size() - needle.size());
  while (p <= last) {
    p = static_cast<const char*>(std::memchr(p, needle[0], static_cast<std::size_t>(last - p) + 1));
    if (p == nullptr) return false;
    if (std::memcmp(p + 1, needle.data() + 1, needle.size() - 1) == 0) return true;
    ++p;
  }
  return false;
}

// On a shared code, an active product wins over an inactive one, else the first one indexed.
void indexCode(std::unordered_map<std::string, std::size_t>& map, std::string key, std::size_t at,
               const std::vector<Product>& products) {
  if (key.empty()) return;
  auto [it, inserted] = map.try_emplace(std::move(key), at);
  if (!inserted && !products[it->second].active && products[at].active) it->second = at;
}

}  // namespace

void ProductIndex::rebuild(std::vector<Product> products) {
  std::vector<std::string> lowerNames;
  lowerNames.reserve(products.size());
  for (const Product& p : products) lowerNames.push_back(asciiLower(p.name));

  // Products are kept in name order: results come out sorted without sorting per query, and the
  // names that start with a phrase form one run found by binary search.
  std::vector<std::size_t> order(products.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (lowerNames[a] != lowerNames[b]) return lowerNames[a] < lowerNames[b];
    if (products[a].name != products[b].name) return products[a].name < products[b].name;
    return products[a].sku < products[b].sku;
  });

  m_products.clear();
  m_lowerNames.clear();
  m_lowerSkus.clear();
  m_byBarcode.clear();
  m_bySku.clear();
  m_byId.clear();
  m_nameBigrams.clear();
  m_sortedCodes.clear();
  m_products.reserve(products.size());
  m_lowerNames.reserve(products.size());
  m_lowerSkus.reserve(products.size());
  m_nameBigrams.reserve(products.size());
  m_sortedCodes.reserve(products.size() * 2);
  for (std::size_t i : order) {
    m_products.push_back(std::move(products[i]));
    // A fresh copy, not a move: allocated in name order, the names a search walks lie close
    // together in memory instead of scattered in the order they arrived.
    m_lowerNames.push_back(lowerNames[i]);
    m_lowerSkus.push_back(asciiLower(m_products.back().sku));
    Bigrams bits{};
    addBigrams(bits, m_lowerNames.back());
    m_nameBigrams.push_back(bits);
  }
  m_byBarcode.reserve(m_products.size());
  m_bySku.reserve(m_products.size());
  m_byId.reserve(m_products.size());
  for (std::size_t i = 0; i < m_products.size(); ++i) {
    indexCode(m_byBarcode, m_products[i].barcode, i, m_products);
    indexCode(m_bySku, m_lowerSkus[i], i, m_products);
    m_byId.try_emplace(m_products[i].id, i);
    if (!m_lowerSkus[i].empty()) m_sortedCodes.emplace_back(m_lowerSkus[i], i);
    if (!m_products[i].barcode.empty()) m_sortedCodes.emplace_back(asciiLower(m_products[i].barcode), i);
  }
  std::sort(m_sortedCodes.begin(), m_sortedCodes.end());
}

const Product* ProductIndex::findByCode(std::string_view code) const {
  // Scanners send the code with a trailing Enter or CR, and people type stray spaces.
  code = trim(code);
  if (code.empty()) return nullptr;
  if (auto it = m_byBarcode.find(std::string(code)); it != m_byBarcode.end()) return &m_products[it->second];
  if (auto it = m_bySku.find(asciiLower(code)); it != m_bySku.end()) return &m_products[it->second];
  return nullptr;
}

const Product* ProductIndex::findById(std::int64_t id) const {
  auto it = m_byId.find(id);
  return it == m_byId.end() ? nullptr : &m_products[it->second];
}

std::vector<const Product*> ProductIndex::search(std::string_view query, std::size_t limit) const {
  std::vector<const Product*> out;
  if (limit == 0) return out;
  const std::string_view code = trim(query);
  const std::string lowerQuery = asciiLower(code);

  std::vector<std::string_view> words;
  std::string phrase;  // the words joined by single spaces, for the name-prefix rank
  Bigrams wanted{};
  for (std::size_t pos = 0; pos < lowerQuery.size();) {
    while (pos < lowerQuery.size() && isSpace(lowerQuery[pos])) ++pos;
    std::size_t end = pos;
    while (end < lowerQuery.size() && !isSpace(lowerQuery[end])) ++end;
    if (end > pos) {
      words.emplace_back(lowerQuery.data() + pos, end - pos);
      addBigrams(wanted, words.back());
      if (!phrase.empty()) phrase += ' ';
      phrase.append(lowerQuery, pos, end - pos);
    }
    pos = end;
  }

  std::size_t exact[2] = {m_products.size(), m_products.size()};
  std::size_t exactCount = 0;
  if (!code.empty()) {
    if (auto it = m_byBarcode.find(std::string(code)); it != m_byBarcode.end() && m_products[it->second].active)
      exact[exactCount++] = it->second;
    if (auto it = m_bySku.find(lowerQuery);
        it != m_bySku.end() && m_products[it->second].active && (exactCount == 0 || exact[0] != it->second))
      exact[exactCount++] = it->second;
  }
  for (std::size_t k = 0; k < exactCount && out.size() < limit; ++k) out.push_back(&m_products[exact[k]]);
  auto isExact = [&](std::size_t i) { return exactCount > 0 && (i == exact[0] || i == exact[1]); };

  const auto first = std::lower_bound(m_lowerNames.begin(), m_lowerNames.end(), phrase);
  const auto last = std::partition_point(first, m_lowerNames.end(),
                                         [&](const std::string& name) { return name.starts_with(phrase); });
  const auto prefixBegin = static_cast<std::size_t>(first - m_lowerNames.begin());
  const auto prefixEnd = static_cast<std::size_t>(last - m_lowerNames.begin());
  for (std::size_t i = prefixBegin; i < prefixEnd && out.size() < limit; ++i)
    if (m_products[i].active && !isExact(i)) out.push_back(&m_products[i]);
  if (out.size() >= limit) return out;

  // Products whose SKU or barcode starts with the query, as sorted positions. Codes hold no
  // spaces, so only a one-word query can match one.
  std::vector<std::size_t> codeHits;
  if (words.size() == 1 && words[0].size() == lowerQuery.size()) {
    auto it = std::lower_bound(m_sortedCodes.begin(), m_sortedCodes.end(), lowerQuery,
                               [](const auto& entry, const std::string& key) { return entry.first < key; });
    for (; it != m_sortedCodes.end() && it->first.starts_with(lowerQuery); ++it) codeHits.push_back(it->second);
    std::sort(codeHits.begin(), codeHits.end());
  }

  std::size_t nextHit = 0;
  for (std::size_t i = 0; i < m_products.size() && out.size() < limit; ++i) {
    if (i == prefixBegin && prefixEnd > prefixBegin) {
      i = prefixEnd - 1;  // already ranked above
      continue;
    }
    const Bigrams& has = m_nameBigrams[i];
    bool match = (has[0] & wanted[0]) == wanted[0] && (has[1] & wanted[1]) == wanted[1];
    for (std::size_t w = 0; match && w < words.size(); ++w) match = contains(m_lowerNames[i], words[w]);
    while (nextHit < codeHits.size() && codeHits[nextHit] < i) ++nextHit;
    if (!match) match = nextHit < codeHits.size() && codeHits[nextHit] == i;
    if (match && m_products[i].active && !isExact(i)) out.push_back(&m_products[i]);
  }
  return out;
}

}  // namespace pameran::core
