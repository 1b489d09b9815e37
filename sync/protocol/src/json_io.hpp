#pragma once
// Strict readers over parsed JSON for the codec: every field is checked for type, range, length
// and UTF-8, unknown keys are refused, and the first problem is kept with its path.
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "pameran/sync/protocol.hpp"

namespace pameran::sync::detail {

using OrderedJson = nlohmann::ordered_json;

inline constexpr std::int64_t kMaxTimestampMs = 253'402'300'799'999;  // 9999-12-31T23:59:59.999Z
inline constexpr std::int64_t kMaxSeq = 9'007'199'254'740'991;        // 2^53 - 1: safe in any JSON reader

/// Dumps without ever throwing: invalid UTF-8 (only possible from a caller's bad record) is replaced.
std::string dumpJson(const OrderedJson& j);

enum class JsonType : std::uint8_t { Null, False, True, Integer, Unsigned, Float, String, Array, Object };

/// One value of a parsed document. The values of a document sit in one array in document order,
/// each container followed by its members, so a container's members are `begin()` and each
/// member's `next()` until `end()`.
struct JsonNode {
  JsonType type = JsonType::Null;
  std::uint32_t count = 0;  // members of an object or array
  std::uint32_t span = 1;   // values in this subtree, this one included
  std::string_view key;     // the member name when the parent is an object
  std::string_view str;     // a string's decoded text; a number's token as written
  std::int64_t integer = 0;    // Integer (negative) values
  std::uint64_t uinteger = 0;  // Unsigned (non-negative) values

  bool isNull() const { return type == JsonType::Null; }
  bool isObject() const { return type == JsonType::Object; }
  bool isArray() const { return type == JsonType::Array; }
  bool isString() const { return type == JsonType::String; }
  bool isBoolean() const { return type == JsonType::False || type == JsonType::True; }
  /// An integer that fits int64 or uint64 (anything with a fraction or an exponent is not).
  bool isInteger() const { return type == JsonType::Integer || type == JsonType::Unsigned; }

  const JsonNode* begin() const { return this + 1; }
  const JsonNode* end() const { return this + span; }
  const JsonNode* next() const { return this + span; }
  /// The member named `name` (the last one when a name repeats), or nullptr.
  const JsonNode* find(std::string_view name) const;
  /// The i-th member of an array (i < count).
  const JsonNode& at(std::size_t i) const;
};

/// A strict RFC 8259 parser into JsonNodes: one pass, no allocation per value. Strings must be
/// well-formed UTF-8 (escapes decoded, lone surrogates refused); a number is an integer only when
/// written without fraction or exponent and within int64/uint64; one leading UTF-8 BOM is skipped;
/// nothing but whitespace may follow the value.
class JsonDoc {
 public:
  static constexpr std::size_t kNoLimit = static_cast<std::size_t>(-1);
  /// Empty when `text` parsed, else why not. `maxDepth` bounds the nesting of objects and arrays,
  /// `maxValues` the containers and commas (the count of Limits::maxValues); both are checked as
  /// the text is read, so hostile nesting or millions of tiny values stop early. Nesting beyond
  /// 512 levels is refused whatever the limit. The text must outlive the document.
  std::string parse(std::string_view text, std::size_t maxDepth = kNoLimit, std::size_t maxValues = kNoLimit);
  const JsonNode& root() const { return m_nodes.front(); }

 private:
  std::vector<JsonNode> m_nodes;
  std::string m_strings;  // decoded strings that had escapes; reserved up front, never reallocated
};

/// Where a value sits in the document (`sales[3].lines[0].quantity`), kept as links to the
/// enclosing paths on the stack and spelled out only when a message needs it.
class Path {
 public:
  Path() = default;
  Path(const char* root) : m_text(root) {}  // implicit: "" or "sales" where a path is expected
  Path(const std::string& root) : m_text(root) {}
  Path(const Path& parent, std::string_view key) : m_parent(&parent), m_text(key), m_kind(Kind::Key) {}
  Path(const Path& parent, std::size_t i) : m_parent(&parent), m_index(i), m_kind(Kind::Index) {}
  std::string str() const;

 private:
  enum class Kind : std::uint8_t { Root, Key, Index };
  const Path* m_parent = nullptr;
  std::string_view m_text;
  std::size_t m_index = 0;
  Kind m_kind = Kind::Root;
};

class Reader {
 public:
  explicit Reader(const Limits& limits) : m_limits(limits) {}

  bool ok() const { return m_error.empty(); }
  const std::string& error() const { return m_error; }
  /// The first problem was a size limit (an array over its item limit), not a malformed field.
  bool overLimit() const { return m_overLimit; }
  void failAt(const Path& path, std::string_view what);

  /// Fails when `obj` is not an object or holds a key outside `keys`.
  bool object(const JsonNode& obj, const Path& path, std::initializer_list<std::string_view> keys);
  const JsonNode* field(const JsonNode& obj, const char* key, const Path& path, bool required);

  std::string text(const JsonNode& obj, const char* key, const Path& path, bool required = false,
                   std::size_t maxBytes = 0);
  std::int64_t integer(const JsonNode& obj, const char* key, const Path& path, std::int64_t min, std::int64_t max,
                       bool required = true);
  /// Integer rupiah in [min, kMaxIdr]; floats, strings and anything out of range fail.
  core::Rupiah money(const JsonNode& obj, const char* key, const Path& path, bool allowNegative = false);
  bool boolean(const JsonNode& obj, const char* key, const Path& path, bool required = false);
  /// The array under `key` (empty array when optional and absent), at most `maxItems` long.
  const JsonNode* array(const JsonNode& obj, const char* key, const Path& path, std::size_t maxItems,
                        bool required = true);

  const Limits& limits() const { return m_limits; }

 private:
  const JsonNode* lookup(const JsonNode& obj, std::string_view key);

  const Limits& m_limits;
  std::string m_error;
  bool m_overLimit = false;
  // The object object() last passed, when its names are distinct: its fields are then looked up
  // from where the previous one was found (the canonical order makes that the next member).
  const JsonNode* m_object = nullptr;
  const JsonNode* m_cursor = nullptr;
};

/// True when `text` is well-formed UTF-8 (control characters allowed).
bool isWellFormedUtf8(std::string_view text);


/// A minimal streaming JSON writer for the canonical record encoding: fixed key order, no spaces,
/// strings escaped the one way RFC 8259 requires (quote, backslash, control characters), UTF-8
/// passed through. Several times faster than building a DOM, and the hot path of every upload.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : m_out(out) {}
  void beginObject() { open('{'); }
  void endObject() { close('}'); }
  void beginArray() { open('['); }
  void endArray() { close(']'); }
  /// A field name: the protocol's own ASCII names, which never need escaping, go out as they are.
  void key(std::string_view k);
  void value(std::string_view s);
  void value(std::int64_t v);
  void value(bool v);
  /// A value that is already JSON text.
  void rawValue(std::string_view json);
  /// A string field whose bytes were not checked on the way in (names typed at a command line):
  /// bad UTF-8 is replaced with U+FFFD, never sent.
  void text(std::string_view k, std::string_view s);
  void field(std::string_view k, std::string_view s) { key(k); value(s); }
  void field(std::string_view k, const std::string& s) { key(k); value(std::string_view(s)); }
  void field(std::string_view k, const char* s) { key(k); value(std::string_view(s)); }
  void field(std::string_view k, std::int64_t v) { key(k); value(v); }
  void field(std::string_view k, int v) { key(k); value(static_cast<std::int64_t>(v)); }
  void field(std::string_view k, bool v) { key(k); value(v); }

 private:
  void comma();
  void open(char c);
  void close(char c);
  std::string& m_out;
  bool m_first = true;    // nothing written yet in the current container
  bool m_afterKey = false;
};

// Record and event codecs shared by the batch and payload code.
void writeSale(JsonWriter& w, const core::SaleRecord& s);
void writeRefund(JsonWriter& w, const core::RefundRecord& r);
void writeShift(JsonWriter& w, const core::ShiftRecord& s);
void writeEvent(JsonWriter& w, const core::Event& e);
core::SaleRecord readSale(Reader& rd, const JsonNode& j, const Path& path);
core::RefundRecord readRefund(Reader& rd, const JsonNode& j, const Path& path);
core::ShiftRecord readShift(Reader& rd, const JsonNode& j, const Path& path);
core::Event readEvent(Reader& rd, const JsonNode& j, const Path& path);
void writeAudit(JsonWriter& w, const core::AuditEntry& e);
core::AuditEntry readAudit(Reader& rd, const JsonNode& j, const Path& path);
/// The `audit` array of a version-2 batch: false (with `failure`) when an entry is not an object
/// with a positive integer id, the one thing an answer needs.
bool decodeAuditEntries(const JsonNode& array, const Limits& limits, std::vector<Decoded<core::AuditEntry>>& out,
                        BatchFailure& failure);
void writeMovement(JsonWriter& w, const core::StockMovementRecord& m);
core::StockMovementRecord readMovement(Reader& rd, const JsonNode& j, const Path& path);

}  // namespace pameran::sync::detail
