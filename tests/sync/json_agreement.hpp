// The protocol's own JSON parser (sync/protocol/src/json_io.hpp, written for speed: decoding is
// most of the server's CPU per sale) must read every text exactly as nlohmann::json does: the same
// texts accepted, the same values. Shared by the unit test and the fuzzer (tests/fuzz).
#pragma once

#include <charconv>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "../../sync/protocol/src/json_io.hpp"

namespace pameran::sync::testing {

/// True when `node` and `j` are the same JSON value (for duplicate names the last one counts, in
/// both parsers).
inline bool sameJsonValue(const detail::JsonNode& node, const nlohmann::json& j) {
  using detail::JsonType;
  switch (node.type) {
    case JsonType::Null: return j.is_null();
    case JsonType::False: return j.is_boolean() && !j.get<bool>();
    case JsonType::True: return j.is_boolean() && j.get<bool>();
    case JsonType::Integer:
      return j.is_number_integer() && !j.is_number_unsigned() && j.get<std::int64_t>() == node.integer;
    case JsonType::Unsigned: return j.is_number_unsigned() && j.get<std::uint64_t>() == node.uinteger;
    case JsonType::Float: {
      double value = 0;
      std::from_chars(node.str.data(), node.str.data() + node.str.size(), value);
      return j.is_number_float() && j.get<double>() == value;
    }
    case JsonType::String: return j.is_string() && j.get_ref<const std::string&>() == node.str;
    case JsonType::Array: {
      if (!j.is_array() || j.size() != node.count) return false;
      std::size_t i = 0;
      for (const detail::JsonNode* m = node.begin(); m != node.end(); m = m->next(), ++i)
        if (!sameJsonValue(*m, j[i])) return false;
      return true;
    }
    case JsonType::Object: {
      if (!j.is_object()) return false;
      for (const detail::JsonNode* m = node.begin(); m != node.end(); m = m->next())
        if (!j.contains(std::string(m->key))) return false;
      for (const auto& [key, value] : j.items()) {
        const detail::JsonNode* m = node.find(key);
        if (!m || !sameJsonValue(*m, value)) return false;
      }
      return true;
    }
  }
  return false;
}

/// Empty when both parsers agree on `text`, else what differs. Texts nested deeper than the
/// protocol parser's hard limit (512) are out of scope: nlohmann has no limit.
inline std::string jsonDisagreement(std::string_view text) {
  detail::JsonDoc doc;
  const std::string why = doc.parse(text);
  if (why.find("nested too deep") != std::string::npos) return {};
  // nlohmann takes a NUL byte for the end of the text ("[1]\0junk" passes); a NUL byte is never
  // valid JSON (outside strings it is no token, inside it must be escaped), so it is refused here.
  if (text.find('\0') != std::string_view::npos) return why.empty() ? "accepted a NUL byte" : "";
  const nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (why.empty() != !j.is_discarded())
    return why.empty() ? "accepted, nlohmann refuses it" : "refused (" + why + "), nlohmann accepts it";
  if (why.empty() && !sameJsonValue(doc.root(), j)) return "accepted with a different value than nlohmann's";
  return {};
}

}  // namespace pameran::sync::testing
