#include "pameran/core/server_url.hpp"

#include <cctype>

namespace pameran::core {

bool isValidServerUrl(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("https://")) rest = url.substr(8);
  else if (url.starts_with("http://")) rest = url.substr(7);
  else return false;
  if (rest.empty() || rest.size() > 253) return false;
  for (char c : rest) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return rest.front() != ':';
}

}  // namespace pameran::core
