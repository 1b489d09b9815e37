#pragma once
// Errors as values: every expected failure in core comes back as Result<T>.
// Result is a small std::expected look-alike of our own: clang 14 (the libFuzzer compiler here)
// has no <expected> with libstdc++ 12, and the protocol code must build with both compilers.
#include <cassert>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace pameran::core {

enum class Errc {
  Invalid,       // bad input: a field, a file, an argument
  NotFound,      // no such event, product, sale, staff...
  Conflict,      // duplicate code, same id with another body, already refunded...
  OutOfStock,    // args: product name, remaining
  Unauthorized,  // wrong PIN, wrong role
  LockedOut,     // args: seconds remaining
  NeedsSupervisor,
  ShiftClosed,
  Storage,       // SQLite or I/O failure; nothing was written
  DiskFull,      // the disk is full; nothing was written
};

/// An error a caller can show: `code` picks the translated text, `args` fill it,
/// `message` is the English one-liner for logs and the command line.
struct Error {
  Errc code = Errc::Invalid;
  std::string message;
  std::vector<std::string> args;
};

/// The failure side of a Result, convertible to any Result<T>.
struct Failure {
  Error error;
};

template <class T>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  Result(const T& value) : m_v(std::in_place_index<0>, value) {}
  Result(T&& value) : m_v(std::in_place_index<0>, std::move(value)) {}
  template <class U, class = std::enable_if_t<std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, T> &&
                                              !std::is_same_v<std::decay_t<U>, Failure> &&
                                              !std::is_same_v<std::decay_t<U>, Result>>>
  Result(U&& value) : m_v(std::in_place_index<0>, T(std::forward<U>(value))) {}
  Result(Failure f) : m_v(std::in_place_index<1>, std::move(f.error)) {}

  bool has_value() const { return m_v.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { assert(has_value()); return std::get<0>(m_v); }
  const T& value() const& { assert(has_value()); return std::get<0>(m_v); }
  T&& value() && { assert(has_value()); return std::get<0>(std::move(m_v)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { assert(!has_value()); return std::get<1>(m_v); }
  template <class U>
  T value_or(U&& fallback) const { return has_value() ? value() : T(std::forward<U>(fallback)); }
  /// The failure, to pass on as a Result of another type.
  Failure failure() const { return Failure{error()}; }

 private:
  std::variant<T, Error> m_v;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Failure f) : m_error(std::move(f.error)), m_ok(false) {}
  bool has_value() const { return m_ok; }
  explicit operator bool() const { return m_ok; }
  const Error& error() const { assert(!m_ok); return m_error; }
  Failure failure() const { return Failure{error()}; }

 private:
  Error m_error;
  bool m_ok = true;
};

inline Failure fail(Errc code, std::string message, std::vector<std::string> args = {}) {
  return Failure{Error{code, std::move(message), std::move(args)}};
}
inline Failure fail(Error error) { return Failure{std::move(error)}; }

}  // namespace pameran::core
