#include "json_io.hpp"

#include <exception>

namespace pameran::sync::detail {

std::string dumpJson(const OrderedJson& j) { return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace); }

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
  value(k);
  m_out += ':';
  m_afterKey = true;
}

void JsonWriter::value(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  comma();
  m_out += '"';
  std::size_t run = 0;  // start of the stretch that needs no escaping, appended in one go
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    m_out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': m_out += "\\\""; break;
      case '\\': m_out += "\\\\"; break;
      case '\n': m_out += "\\n"; break;
      case '\r': m_out += "\\r"; break;
      case '\t': m_out += "\\t"; break;
      default:
        m_out += "\\u00";
        m_out += kHex[c >> 4];
        m_out += kHex[c & 0x0f];
    }
  }
  m_out.append(s.data() + run, s.size() - run);
  m_out += '"';
}

void JsonWriter::value(std::int64_t v) {
  comma();
  m_out += std::to_string(v);
}

void JsonWriter::value(bool v) {
  comma();
  m_out += v ? "true" : "false";
}

std::string scanJson(std::string_view text, const Limits& limits) {
  std::size_t depth = 0;
  std::size_t values = 0;
  bool inString = false;
  bool escaped = false;
  for (const char c : text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') inString = false;
      continue;
    }
    switch (c) {
      case '"': inString = true; break;
      case '{':
      case '[':
        if (++depth > limits.maxDepth) return "JSON nested deeper than " + std::to_string(limits.maxDepth) + " levels";
        ++values;
        break;
      case '}':
      case ']':
        if (depth > 0) --depth;
        break;
      case ',': ++values; break;
      default: break;
    }
    if (values > limits.maxValues) return "JSON holds more than " + std::to_string(limits.maxValues) + " values";
  }
  return {};
}

std::string parseJson(std::string_view text, Json& out) {
  try {
    out = Json::parse(text.begin(), text.end());
    return {};
  } catch (const Json::exception& e) {
    return std::string("not valid JSON: ") + e.what();
  } catch (const std::exception& e) {
    return std::string("JSON could not be read: ") + e.what();
  }
}

std::string join(const std::string& path, std::string_view key) {
  if (path.empty()) return std::string(key);
  std::string out = path;
  out += '.';
  out += key;
  return out;
}

std::string index(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

void Reader::failAt(const std::string& path, std::string_view what) {
  if (!m_error.empty()) return;
  m_error = path.empty() ? std::string(what) : path + ": " + std::string(what);
}

bool Reader::object(const Json& obj, const std::string& path, std::initializer_list<std::string_view> keys) {
  if (!obj.is_object()) {
    failAt(path, "must be an object");
    return false;
  }
  // Fast path: every key present is a known one when the known ones found account for all.
  std::size_t known = 0;
  for (std::string_view k : keys)
    if (obj.find(k) != obj.end()) ++known;
  if (known == obj.size()) return true;
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool isKnown = false;
    for (std::string_view k : keys)
      if (it.key() == k) isKnown = true;
    if (!isKnown) {
      std::string key = it.key().substr(0, 40);
      failAt(join(path, core::isCleanUtf8(key) ? key : "?"), "unknown field");
      return false;
    }
  }
  return true;
}

const Json* Reader::field(const Json& obj, const char* key, const std::string& path, bool required) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) failAt(join(path, key), "is required");
    return nullptr;
  }
  return &*it;
}

std::string Reader::text(const Json& obj, const char* key, const std::string& path, bool required, std::size_t maxBytes) {
  const Json* v = field(obj, key, path, required);
  if (!v) return {};
  if (!v->is_string()) {
    failAt(join(path, key), "must be a string");
    return {};
  }
  const auto& s = v->get_ref<const std::string&>();
  const std::size_t limit = maxBytes == 0 ? m_limits.maxStringBytes : maxBytes;
  if (s.size() > limit) {
    failAt(join(path, key), "longer than " + std::to_string(limit) + " bytes");
    return {};
  }
  if (!core::isCleanUtf8(s)) {
    failAt(join(path, key), "is not clean UTF-8 text (control characters or bad bytes)");
    return {};
  }
  if (required && s.empty()) {
    failAt(join(path, key), "is empty");
    return {};
  }
  return s;
}

std::int64_t Reader::integer(const Json& obj, const char* key, const std::string& path, std::int64_t min,
                             std::int64_t max, bool required) {
  const Json* v = field(obj, key, path, required);
  if (!v) return 0;
  auto bad = [&] {
    failAt(join(path, key), "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return std::int64_t{0};
  };
  if (!v->is_number_integer()) return bad();
  if (v->is_number_unsigned()) {
    const auto u = v->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return bad();
    const auto x = static_cast<std::int64_t>(u);
    return x < min || x > max ? bad() : x;
  }
  const auto x = v->get<std::int64_t>();
  return x < min || x > max ? bad() : x;
}

core::Rupiah Reader::money(const Json& obj, const char* key, const std::string& path, bool allowNegative) {
  return core::Rupiah(integer(obj, key, path, allowNegative ? -core::kMaxIdr : 0, core::kMaxIdr, true));
}

bool Reader::boolean(const Json& obj, const char* key, const std::string& path, bool required) {
  const Json* v = field(obj, key, path, required);
  if (!v) return false;
  if (!v->is_boolean()) {
    failAt(join(path, key), "must be true or false");
    return false;
  }
  return v->get<bool>();
}

const Json* Reader::array(const Json& obj, const char* key, const std::string& path, std::size_t maxItems, bool required) {
  static const Json kEmpty = Json::array();
  const Json* v = field(obj, key, path, required);
  if (!v) return required ? nullptr : &kEmpty;
  if (!v->is_array()) {
    failAt(join(path, key), "must be an array");
    return nullptr;
  }
  if (v->size() > maxItems) {
    failAt(join(path, key), "has more than " + std::to_string(maxItems) + " entries");
    return nullptr;
  }
  return v;
}

}  // namespace pameran::sync::detail
