#include "json_io.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <exception>

namespace pameran::sync::detail {

std::string dumpJson(const OrderedJson& j) { return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace); }

// ---- writer -----------------------------------------------------------------------------------

namespace {

// The bytes a JSON string must escape: control characters, quote and backslash.
constexpr std::array<bool, 256> kMustEscape = [] {
  std::array<bool, 256> t{};
  for (std::size_t c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = true;
  t['\\'] = true;
  return t;
}();

}  // namespace

void JsonWriter::comma() {
  if (m_afterKey) {
    m_afterKey = false;
    return;
  }
  if (!m_first) m_out += ',';
  m_first = false;
}

void JsonWriter::open(char c) {
  comma();
  m_out += c;
  m_first = true;
}

void JsonWriter::close(char c) {
  m_out += c;
  m_first = false;
}

void JsonWriter::key(std::string_view k) {
  comma();
  m_out += '"';
  m_out.append(k);
  m_out.append("\":", 2);
  m_afterKey = true;
}

void JsonWriter::value(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  comma();
  m_out += '"';
  const char* run = s.data();  // start of the stretch that needs no escaping, appended in one go
  const char* const end = s.data() + s.size();
  for (const char* p = run; p != end; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (!kMustEscape[c]) continue;
    m_out.append(run, static_cast<std::size_t>(p - run));
    run = p + 1;
    switch (c) {
      case '"': m_out.append("\\\"", 2); break;
      case '\\': m_out.append("\\\\", 2); break;
      case '\n': m_out.append("\\n", 2); break;
      case '\r': m_out.append("\\r", 2); break;
      case '\t': m_out.append("\\t", 2); break;
      default: {
        const char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0x0f]};
        m_out.append(u, 6);
      }
    }
  }
  m_out.append(run, static_cast<std::size_t>(end - run));
  m_out += '"';
}

void JsonWriter::value(std::int64_t v) {
  comma();
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  m_out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

void JsonWriter::rawValue(std::string_view json) {
  comma();
  m_out.append(json);
}

void JsonWriter::text(std::string_view k, std::string_view s) {
  key(k);
  if (isWellFormedUtf8(s)) value(s);
  else rawValue(dumpJson(OrderedJson(std::string(s))));
}

void JsonWriter::value(bool v) {
  comma();
  if (v) m_out.append("true", 4);
  else m_out.append("false", 5);
}

// ---- parser -----------------------------------------------------------------------------------

const JsonNode* JsonNode::find(std::string_view name) const {
  if (type != JsonType::Object) return nullptr;
  const JsonNode* found = nullptr;
  for (const JsonNode* m = begin(); m != end(); m = m->next())
    if (m->key == name) found = m;  // the last of repeated names wins, as in most readers
  return found;
}

const JsonNode& JsonNode::at(std::size_t i) const {
  const JsonNode* m = begin();
  for (; i > 0; --i) m = m->next();
  return *m;
}

namespace {

constexpr std::size_t kHardDepthLimit = 512;  // whatever the caller allows: the parser recurses

// Bytes inside a string: 0 plain ASCII, 1 quote or backslash, 2 control character, 3 non-ASCII.
constexpr std::array<std::uint8_t, 256> kStringByte = [] {
  std::array<std::uint8_t, 256> t{};
  for (std::size_t c = 0; c < 0x20; ++c) t[c] = 2;
  t['"'] = 1;
  t['\\'] = 1;
  for (std::size_t c = 0x80; c < 0x100; ++c) t[c] = 3;
  return t;
}();

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// The length of the well-formed UTF-8 sequence of two to four bytes at `s` (Unicode table 3-7:
// no overlong forms, no surrogates, nothing past U+10FFFF), or 0.
std::size_t utf8Sequence(const unsigned char* s, std::size_t left) {
  const unsigned char c = s[0];
  std::size_t len = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) len = 2;
  else if (c == 0xe0) { len = 3; lo = 0xa0; }
  else if (c >= 0xe1 && c <= 0xec) len = 3;
  else if (c == 0xed) { len = 3; hi = 0x9f; }
  else if (c >= 0xee && c <= 0xef) len = 3;
  else if (c == 0xf0) { len = 4; lo = 0x90; }
  else if (c >= 0xf1 && c <= 0xf3) len = 4;
  else if (c == 0xf4) { len = 4; hi = 0x8f; }
  else return 0;
  if (left < len || s[1] < lo || s[1] > hi) return 0;
  for (std::size_t k = 2; k < len; ++k)
    if (s[k] < 0x80 || s[k] > 0xbf) return 0;
  return len;
}

class Parser {
 public:
  Parser(std::string_view text, std::vector<JsonNode>& nodes, std::string& strings, std::size_t maxDepth,
         std::size_t maxValues)
      : m_begin(text.data()),
        m_p(text.data()),
        m_end(text.data() + text.size()),
        m_nodes(nodes),
        m_strings(strings),
        m_maxDepth(maxDepth),
        m_maxValues(maxValues) {}

  std::string run() {
    if (m_end - m_p >= 3 && std::memcmp(m_p, "\xEF\xBB\xBF", 3) == 0) m_p += 3;  // one byte order mark
    skipSpace();
    if (value(0)) {
      skipSpace();
      if (m_p != m_end) syntax("text after the end of the value");
    }
    return std::move(m_error);
  }

 private:
  bool fail(std::string why) {
    m_error = std::move(why);
    return false;
  }

  bool syntax(const char* what) {
    return fail("not valid JSON: " + std::string(what) + " at byte " + std::to_string(m_p - m_begin));
  }

  void skipSpace() {
    while (m_p != m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t')) ++m_p;
  }

  // Containers and commas are what Limits::maxValues counts.
  bool countValue() {
    if (++m_values > m_maxValues) return fail("JSON holds more than " + std::to_string(m_maxValues) + " values");
    return true;
  }

  bool enter(std::size_t depth) {
    if (depth > m_maxDepth) return fail("JSON nested deeper than " + std::to_string(m_maxDepth) + " levels");
    if (depth > kHardDepthLimit) return syntax("nested too deep");
    ++m_p;
    return countValue();
  }

  void finish(std::size_t at, std::uint32_t count) {
    m_nodes[at].count = count;
    m_nodes[at].span = static_cast<std::uint32_t>(m_nodes.size() - at);
  }

  // One value at m_p (after whitespace) inside `depth` containers.
  bool value(std::size_t depth) {
    if (m_p == m_end) return syntax("unexpected end of text");
    const std::size_t at = m_nodes.size();
    m_nodes.emplace_back();
    switch (*m_p) {
      case '{': return object(at, depth + 1);
      case '[': return array(at, depth + 1);
      case '"': {
        std::string_view s;
        if (!string(s)) return false;
        m_nodes[at].type = JsonType::String;
        m_nodes[at].str = s;
        return true;
      }
      case 't': return literal("true", JsonType::True, at);
      case 'f': return literal("false", JsonType::False, at);
      case 'n': return literal("null", JsonType::Null, at);
      default: return number(at);
    }
  }

  bool literal(std::string_view word, JsonType type, std::size_t at) {
    if (static_cast<std::size_t>(m_end - m_p) < word.size() || std::memcmp(m_p, word.data(), word.size()) != 0)
      return syntax("invalid literal");
    m_p += word.size();
    m_nodes[at].type = type;
    return true;
  }

  bool object(std::size_t at, std::size_t depth) {
    if (!enter(depth)) return false;
    m_nodes[at].type = JsonType::Object;
    std::uint32_t count = 0;
    skipSpace();
    if (m_p != m_end && *m_p == '}') {
      ++m_p;
      finish(at, 0);
      return true;
    }
    for (;;) {
      if (m_p == m_end || *m_p != '"') return syntax("expected a member name");
      std::string_view key;
      if (!string(key)) return false;
      skipSpace();
      if (m_p == m_end || *m_p != ':') return syntax("expected ':'");
      ++m_p;
      skipSpace();
      const std::size_t member = m_nodes.size();
      if (!value(depth)) return false;
      m_nodes[member].key = key;
      ++count;
      skipSpace();
      if (m_p == m_end) return syntax("unexpected end of text");
      if (*m_p == '}') {
        ++m_p;
        break;
      }
      if (*m_p != ',') return syntax("expected ',' or '}'");
      ++m_p;
      if (!countValue()) return false;
      skipSpace();
    }
    finish(at, count);
    return true;
  }

  bool array(std::size_t at, std::size_t depth) {
    if (!enter(depth)) return false;
    m_nodes[at].type = JsonType::Array;
    std::uint32_t count = 0;
    skipSpace();
    if (m_p != m_end && *m_p == ']') {
      ++m_p;
      finish(at, 0);
      return true;
    }
    for (;;) {
      if (!value(depth)) return false;
      ++count;
      skipSpace();
      if (m_p == m_end) return syntax("unexpected end of text");
      if (*m_p == ']') {
        ++m_p;
        break;
      }
      if (*m_p != ',') return syntax("expected ',' or ']'");
      ++m_p;
      if (!countValue()) return false;
      skipSpace();
    }
    finish(at, count);
    return true;
  }

  bool number(std::size_t at) {
    const char* start = m_p;
    const bool negative = *m_p == '-';
    if (negative) ++m_p;
    if (m_p == m_end || !isDigit(*m_p)) return syntax("invalid literal");
    if (*m_p == '0') ++m_p;  // no leading zeros: "01" ends after the 0
    else
      while (m_p != m_end && isDigit(*m_p)) ++m_p;
    const char* digitsEnd = m_p;
    bool integral = true;
    if (m_p != m_end && *m_p == '.') {
      ++m_p;
      if (m_p == m_end || !isDigit(*m_p)) return syntax("expected a digit after the decimal point");
      while (m_p != m_end && isDigit(*m_p)) ++m_p;
      integral = false;
    }
    if (m_p != m_end && (*m_p == 'e' || *m_p == 'E')) {
      ++m_p;
      if (m_p != m_end && (*m_p == '+' || *m_p == '-')) ++m_p;
      if (m_p == m_end || !isDigit(*m_p)) return syntax("expected a digit in the exponent");
      while (m_p != m_end && isDigit(*m_p)) ++m_p;
      integral = false;
    }
    JsonNode& n = m_nodes[at];
    n.str = std::string_view(start, static_cast<std::size_t>(m_p - start));
    if (integral) {
      std::uint64_t magnitude = 0;
      const auto r = std::from_chars(negative ? start + 1 : start, digitsEnd, magnitude);
      if (r.ec == std::errc() && r.ptr == digitsEnd) {
        if (!negative) {
          n.type = JsonType::Unsigned;
          n.uinteger = magnitude;
          return true;
        }
        if (magnitude <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1) {
          n.type = JsonType::Integer;
          n.integer = magnitude == 0 ? 0 : -static_cast<std::int64_t>(magnitude - 1) - 1;
          return true;
        }
      }
    }
    // Fractions, exponents and integers beyond 64 bits are floating point, which must be finite.
    n.type = JsonType::Float;
    return finite(n.str) || syntax("number out of the range of a double");
  }

  // False when the number is too large for a double (one too small only rounds to zero).
  static bool finite(std::string_view token) {
    double value = 0;
    const auto r = std::from_chars(token.data(), token.data() + token.size(), value);
    if (r.ec != std::errc::result_out_of_range) return true;
    // Out of range is either past DBL_MAX (about 1e308) or below the smallest denormal (about
    // 5e-324): the decimal exponent of the first significant digit tells which.
    std::int64_t position = 0;  // decimal exponent of the digit being looked at, before the 'e'
    std::size_t i = token[0] == '-' ? 1 : 0;
    std::size_t intDigits = 0;
    while (i + intDigits < token.size() && isDigit(token[i + intDigits])) ++intDigits;
    position = static_cast<std::int64_t>(intDigits) - 1;
    std::int64_t leading = 0;  // exponent of the first non-zero digit
    bool found = false;
    for (std::size_t k = i; k < token.size() && token[k] != 'e' && token[k] != 'E'; ++k) {
      if (token[k] == '.') continue;
      if (token[k] != '0') {
        leading = position;
        found = true;
        break;
      }
      --position;
    }
    if (!found) return true;  // zero
    std::int64_t exponent = 0;
    if (const auto e = token.find_first_of("eE"); e != std::string_view::npos) {
      std::size_t k = e + 1;
      const bool minus = token[k] == '-';
      if (token[k] == '+' || token[k] == '-') ++k;
      for (; k < token.size() && exponent < 1'000'000'000; ++k) exponent = exponent * 10 + (token[k] - '0');
      if (minus) exponent = -exponent;
    }
    return leading + exponent < 0;
  }

  // A string at m_p (the opening quote). Without escapes it stays a view of the text; with them
  // it is decoded into m_strings, which was reserved to the text's size and so never moves.
  bool string(std::string_view& out) {
    ++m_p;
    const char* start = m_p;
    for (;;) {
      if (m_p == m_end) return syntax("unterminated string");
      const auto c = static_cast<unsigned char>(*m_p);
      const std::uint8_t kind = kStringByte[c];
      if (kind == 0) {
        ++m_p;
      } else if (c == '"') {
        out = std::string_view(start, static_cast<std::size_t>(m_p - start));
        ++m_p;
        return true;
      } else if (c == '\\') {
        break;
      } else if (kind == 2) {
        return syntax("control character in a string");
      } else if (!utf8()) {
        return false;
      }
    }
    const std::size_t from = m_strings.size();
    m_strings.append(start, static_cast<std::size_t>(m_p - start));
    for (;;) {
      if (m_p == m_end) return syntax("unterminated string");
      const char* run = m_p;
      while (m_p != m_end && kStringByte[static_cast<unsigned char>(*m_p)] == 0) ++m_p;
      m_strings.append(run, static_cast<std::size_t>(m_p - run));
      if (m_p == m_end) return syntax("unterminated string");
      const auto c = static_cast<unsigned char>(*m_p);
      if (c == '"') {
        ++m_p;
        out = std::string_view(m_strings.data() + from, m_strings.size() - from);
        return true;
      }
      if (c == '\\') {
        if (!escape()) return false;
      } else if (kStringByte[c] == 2) {
        return syntax("control character in a string");
      } else {
        const char* seq = m_p;
        if (!utf8()) return false;
        m_strings.append(seq, static_cast<std::size_t>(m_p - seq));
      }
    }
  }

  // A multi-byte UTF-8 sequence at m_p.
  bool utf8() {
    const std::size_t len =
        utf8Sequence(reinterpret_cast<const unsigned char*>(m_p), static_cast<std::size_t>(m_end - m_p));
    if (len == 0) return syntax("ill-formed UTF-8 in a string");
    m_p += len;
    return true;
  }

  bool hex4(std::uint32_t& out) {
    if (m_end - m_p < 4) return syntax("bad \\u escape");
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = *m_p++;
      std::uint32_t d = 0;
      if (c >= '0' && c <= '9') d = static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') d = static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') d = static_cast<std::uint32_t>(c - 'A' + 10);
      else return syntax("bad \\u escape");
      out = out << 4 | d;
    }
    return true;
  }

  void appendUtf8(std::uint32_t cp) {
    if (cp < 0x80) {
      m_strings += static_cast<char>(cp);
    } else if (cp < 0x800) {
      m_strings += static_cast<char>(0xc0 | (cp >> 6));
      m_strings += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      m_strings += static_cast<char>(0xe0 | (cp >> 12));
      m_strings += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      m_strings += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      m_strings += static_cast<char>(0xf0 | (cp >> 18));
      m_strings += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      m_strings += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      m_strings += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }

  // An escape at m_p (the backslash), decoded onto m_strings.
  bool escape() {
    ++m_p;
    if (m_p == m_end) return syntax("unterminated string");
    const char c = *m_p++;
    switch (c) {
      case '"': m_strings += '"'; return true;
      case '\\': m_strings += '\\'; return true;
      case '/': m_strings += '/'; return true;
      case 'b': m_strings += '\b'; return true;
      case 'f': m_strings += '\f'; return true;
      case 'n': m_strings += '\n'; return true;
      case 'r': m_strings += '\r'; return true;
      case 't': m_strings += '\t'; return true;
      case 'u': break;
      default: return syntax("bad escape in a string");
    }
    std::uint32_t cp = 0;
    if (!hex4(cp)) return false;
    if (cp >= 0xdc00 && cp <= 0xdfff) return syntax("a low surrogate without a high one");
    if (cp >= 0xd800 && cp <= 0xdbff) {
      if (m_end - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u') return syntax("a high surrogate without a low one");
      m_p += 2;
      std::uint32_t low = 0;
      if (!hex4(low)) return false;
      if (low < 0xdc00 || low > 0xdfff) return syntax("a high surrogate without a low one");
      cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
    }
    appendUtf8(cp);
    return true;
  }

  const char* const m_begin;
  const char* m_p;
  const char* const m_end;
  std::vector<JsonNode>& m_nodes;
  std::string& m_strings;
  const std::size_t m_maxDepth;
  const std::size_t m_maxValues;
  std::size_t m_values = 0;
  std::string m_error;
};

}  // namespace

bool isWellFormedUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = utf8Sequence(s + i, n - i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string JsonDoc::parse(std::string_view text, std::size_t maxDepth, std::size_t maxValues) {
  m_nodes.clear();
  m_strings.clear();
  m_strings.reserve(text.size());  // decoded strings are never longer than their escaped text
  m_nodes.reserve(text.size() / 16 + 4);
  std::string why = Parser(text, m_nodes, m_strings, maxDepth, maxValues).run();
  if (!why.empty()) {
    m_nodes.clear();
    m_nodes.emplace_back();  // root() stays valid: null
  }
  return why;
}

// ---- reader -----------------------------------------------------------------------------------

std::string Path::str() const {
  switch (m_kind) {
    case Kind::Root: return std::string(m_text);
    case Kind::Key: {
      std::string out = m_parent->str();
      if (!out.empty()) out += '.';
      out += m_text;
      return out;
    }
    case Kind::Index: return m_parent->str() + "[" + std::to_string(m_index) + "]";
  }
  return {};
}

void Reader::failAt(const Path& path, std::string_view what) {
  if (!m_error.empty()) return;
  const std::string where = path.str();
  m_error = where.empty() ? std::string(what) : where + ": " + std::string(what);
}

bool Reader::object(const JsonNode& obj, const Path& path, std::initializer_list<std::string_view> keys) {
  if (!obj.isObject()) {
    failAt(path, "must be an object");
    return false;
  }
  // The first unknown name in sorted order is the one reported, whatever order the text had.
  const JsonNode* unknown = nullptr;
  const std::string_view* const names = keys.begin();
  const std::size_t n = keys.size();
  std::size_t expected = 0;  // canonical order: the next member most likely has the next name
  std::uint64_t seen = 0;
  bool distinct = n <= 64;
  for (const JsonNode* m = obj.begin(); m != obj.end(); m = m->next()) {
    std::size_t k = expected;
    if (k >= n || names[k] != m->key)
      for (k = 0; k < n && names[k] != m->key;) ++k;
    if (k == n) {
      if (!unknown || m->key < unknown->key) unknown = m;
      continue;
    }
    expected = k + 1;
    if (distinct) {
      const std::uint64_t bit = std::uint64_t{1} << k;
      distinct = (seen & bit) == 0;
      seen |= bit;
    }
  }
  if (!unknown) {
    m_object = distinct ? &obj : nullptr;
    m_cursor = obj.begin();
    return true;
  }
  const std::string key(unknown->key.substr(0, 40));
  failAt(Path(path, core::isCleanUtf8(key) ? std::string_view(key) : std::string_view("?")), "unknown field");
  return false;
}

const JsonNode* Reader::lookup(const JsonNode& obj, std::string_view key) {
  if (&obj != m_object) return obj.find(key);  // the last of repeated names, as find() does
  // Names are distinct here: the first match is the only one. Look from the cursor on, then
  // from the start up to it.
  for (const JsonNode* m = m_cursor; m != obj.end(); m = m->next())
    if (m->key == key) return m_cursor = m->next(), m;
  for (const JsonNode* m = obj.begin(); m != m_cursor; m = m->next())
    if (m->key == key) return m_cursor = m->next(), m;
  return nullptr;
}

const JsonNode* Reader::field(const JsonNode& obj, const char* key, const Path& path, bool required) {
  const JsonNode* v = lookup(obj, key);
  if (!v || v->isNull()) {
    if (required && obj.isObject()) failAt(Path(path, key), "is required");
    return nullptr;
  }
  return v;
}

std::string Reader::text(const JsonNode& obj, const char* key, const Path& path, bool required,
                         std::size_t maxBytes) {
  const JsonNode* v = field(obj, key, path, required);
  if (!v) return {};
  if (!v->isString()) {
    failAt(Path(path, key), "must be a string");
    return {};
  }
  const std::string_view s = v->str;
  const std::size_t limit = maxBytes == 0 ? m_limits.maxStringBytes : maxBytes;
  if (s.size() > limit) {
    failAt(Path(path, key), "longer than " + std::to_string(limit) + " bytes");
    return {};
  }
  if (!core::isCleanUtf8(s)) {
    failAt(Path(path, key), "is not clean UTF-8 text (control characters or bad bytes)");
    return {};
  }
  if (required && s.empty()) {
    failAt(Path(path, key), "is empty");
    return {};
  }
  return std::string(s);
}

std::int64_t Reader::integer(const JsonNode& obj, const char* key, const Path& path, std::int64_t min,
                             std::int64_t max, bool required) {
  const JsonNode* v = field(obj, key, path, required);
  if (!v) return 0;
  auto bad = [&] {
    failAt(Path(path, key), "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return std::int64_t{0};
  };
  if (v->type == JsonType::Unsigned) {
    if (v->uinteger > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return bad();
    const auto x = static_cast<std::int64_t>(v->uinteger);
    return x < min || x > max ? bad() : x;
  }
  if (v->type != JsonType::Integer) return bad();
  const std::int64_t x = v->integer;
  return x < min || x > max ? bad() : x;
}

core::Rupiah Reader::money(const JsonNode& obj, const char* key, const Path& path, bool allowNegative) {
  return core::Rupiah(integer(obj, key, path, allowNegative ? -core::kMaxIdr : 0, core::kMaxIdr, true));
}

bool Reader::boolean(const JsonNode& obj, const char* key, const Path& path, bool required) {
  const JsonNode* v = field(obj, key, path, required);
  if (!v) return false;
  if (!v->isBoolean()) {
    failAt(Path(path, key), "must be true or false");
    return false;
  }
  return v->type == JsonType::True;
}

const JsonNode* Reader::array(const JsonNode& obj, const char* key, const Path& path, std::size_t maxItems,
                              bool required) {
  static const JsonNode kEmpty{JsonType::Array, 0, 1, {}, {}, {}};
  const JsonNode* v = field(obj, key, path, required);
  if (!v) return required ? nullptr : &kEmpty;
  if (!v->isArray()) {
    failAt(Path(path, key), "must be an array");
    return nullptr;
  }
  if (v->count > maxItems) {
    if (ok()) m_overLimit = true;
    failAt(Path(path, key), "has more than " + std::to_string(maxItems) + " entries");
    return nullptr;
  }
  return v;
}

}  // namespace pameran::sync::detail
