#include "routes.hpp"

#include "pameran/core/domain.hpp"

namespace pameran::sync {

std::string_view targetPath(std::string_view target) {
  const auto end = target.find_first_of("?#");
  return end == std::string_view::npos ? target : target.substr(0, end);
}

bool matchPattern(std::string_view pattern, std::string_view path, std::vector<std::string>* params) {
  if (params) params->clear();
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    const std::string_view want = pattern.substr(0, pattern.find('/'));
    const std::string_view got = path.substr(0, path.find('/'));
    if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
      if (!core::isValidCode(got)) return false;
      if (params) params->emplace_back(got);
    } else if (want != got) {
      return false;
    }
    pattern.remove_prefix(want.size());
    path.remove_prefix(got.size());
  }
  return true;
}

bool methodFits(std::string_view routeMethod, std::string_view method) {
  return method == routeMethod || (method == "HEAD" && routeMethod == "GET");
}

}  // namespace pameran::sync
