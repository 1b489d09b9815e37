#pragma once
// The server's one route table: every endpoint is one row saying its method, path, who may call
// it, how big its body may be, whether it takes the dashboard's session cookie and whether it
// changes state (CSRF), and its handler. The connection hub (which bodies it may buffer), the
// admission check (404/405, token, role, size) and the dispatch all read the same rows; a route
// that is not in the table does not exist.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pameran::sync {

/// Who may call a route.
enum class Caller { Anyone, Device, Organizer };

/// A path pattern is literal segments and `{name}` parameters, e.g. `/api/v1/events/{code}/totals`.
/// A parameter matches one segment that is a valid code (1-32 of A-Z a-z 0-9 - _ .), so a match
/// never needs percent-decoding: a path with `%` in it matches no route.
template <class Handler>
struct Route {
  std::string_view method;      // GET (also answers HEAD), POST, DELETE...
  std::string_view pattern;
  Caller caller = Caller::Anyone;
  std::size_t maxBody = 0;      // bytes (Content-Length); 0: no body allowed
  bool acceptsSession = false;  // an organizer session cookie may stand for the Bearer token
  bool changesState = false;    // with a cookie, the request must pass the CSRF check
  Handler handler{};
};

/// Splits `target` (the request target as sent) into its path: everything before `?` or `#`.
std::string_view targetPath(std::string_view target);

/// Matches `path` against `pattern`; on success fills `params` with the `{...}` segments in order.
bool matchPattern(std::string_view pattern, std::string_view path, std::vector<std::string>* params = nullptr);

/// True when `method` may use a route registered for `routeMethod` (HEAD uses GET routes).
bool methodFits(std::string_view routeMethod, std::string_view method);

template <class Handler>
class RouteTable {
 public:
  explicit RouteTable(std::vector<Route<Handler>> routes) : m_routes(std::move(routes)) {}

  struct Match {
    const Route<Handler>* route = nullptr;  // null: no route for this method and path
    bool pathExists = false;                // another method would match (405, not 404)
    std::string allow;                      // the methods that would, for the Allow header
    std::vector<std::string> params;
  };

  /// The row for `method` and the raw request target.
  Match find(std::string_view method, std::string_view target) const {
    Match m;
    const std::string_view path = targetPath(target);
    for (const Route<Handler>& r : m_routes) {
      std::vector<std::string> params;
      if (!matchPattern(r.pattern, path, &params)) continue;
      if (methodFits(r.method, method)) {
        m.route = &r;
        m.params = std::move(params);
        return m;
      }
      m.pathExists = true;
      if (!m.allow.empty()) m.allow += ", ";
      m.allow += r.method;
    }
    return m;
  }

  const std::vector<Route<Handler>>& rows() const { return m_routes; }

 private:
  std::vector<Route<Handler>> m_routes;
};

}  // namespace pameran::sync
