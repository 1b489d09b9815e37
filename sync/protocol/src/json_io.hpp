#pragma once
// Strict readers over parsed JSON for the codec: every field is checked for type, range, length
// and UTF-8, unknown keys are refused, and the first problem is kept with its path.
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "pameran/sync/protocol.hpp"

namespace pameran::sync::detail {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

inline constexpr std::int64_t kMaxTimestampMs = 253'402'300'799'999;  // 9999-12-31T23:59:59.999Z
inline constexpr std::int64_t kMaxSeq = 9'007'199'254'740'991;        // 2^53 - 1: safe in any JSON reader

/// Dumps without ever throwing: invalid UTF-8 (only possible from a caller's bad record) is replaced.
std::string dumpJson(const OrderedJson& j);

/// Depth and value-count scan over raw JSON text before it is parsed, so hostile nesting or
/// millions of tiny values never reach the parser. Returns an empty string when within limits.
std::string scanJson(std::string_view text, const Limits& limits);

/// Parses text into `out`; on failure returns the parser's message (nothing thrown).
std::string parseJson(std::string_view text, Json& out);

class Reader {
 public:
  explicit Reader(const Limits& limits) : m_limits(limits) {}

  bool ok() const { return m_error.empty(); }
  const std::string& error() const { return m_error; }
  void failAt(const std::string& path, std::string_view what);

  /// Fails when `obj` is not an object or holds a key outside `keys`.
  bool object(const Json& obj, const std::string& path, std::initializer_list<std::string_view> keys);
  const Json* field(const Json& obj, const char* key, const std::string& path, bool required);

  std::string text(const Json& obj, const char* key, const std::string& path, bool required = false,
                   std::size_t maxBytes = 0);
  std::int64_t integer(const Json& obj, const char* key, const std::string& path, std::int64_t min, std::int64_t max,
                       bool required = true);
  /// Integer rupiah in [min, kMaxIdr]; floats, strings and anything out of range fail.
  core::Rupiah money(const Json& obj, const char* key, const std::string& path, bool allowNegative = false);
  bool boolean(const Json& obj, const char* key, const std::string& path, bool required = false);
  /// The array under `key` (empty array when optional and absent), at most `maxItems` long.
  const Json* array(const Json& obj, const char* key, const std::string& path, std::size_t maxItems,
                    bool required = true);

  const Limits& limits() const { return m_limits; }

 private:
  const Limits& m_limits;
  std::string m_error;
};

std::string join(const std::string& path, std::string_view key);
std::string index(const std::string& path, std::size_t i);

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
  void key(std::string_view k);
  void value(std::string_view s);
  void value(std::int64_t v);
  void value(bool v);
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
OrderedJson eventJson(const core::Event& e);
core::SaleRecord readSale(Reader& rd, const Json& j, const std::string& path);
core::RefundRecord readRefund(Reader& rd, const Json& j, const std::string& path);
core::ShiftRecord readShift(Reader& rd, const Json& j, const std::string& path);
core::Event readEvent(Reader& rd, const Json& j, const std::string& path);

}  // namespace pameran::sync::detail
