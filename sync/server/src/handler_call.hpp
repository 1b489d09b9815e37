#pragma once
// What every route handler gets from the admission check, and the one way handlers answer:
// JSON errors, store failures mapped to their status, bodies read under a limit, ETags.
#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "client_address.hpp"
#include "pameran/core/error.hpp"
#include "pameran/sync/server_store.hpp"

namespace pameran::sync {

inline constexpr const char* kJson = "application/json";

struct HandlerCall {
  const httplib::Request& req;
  httplib::Response& res;
  const httplib::ContentReader* reader;    // routes with a body
  const std::vector<std::string>& params;  // the `{...}` segments of the path
  const Principal* who;                    // null on routes anyone may call
  const ClientAddress& client;
  const std::string& sessionId;            // the dashboard session cookie the call came with, or empty
};

/// `{"error":message}` with `status`.
void sendError(httplib::Response& res, int status, std::string_view message);
/// A store or rule failure with its status (httpStatusOf), Retry-After on 503.
void sendFailure(httplib::Response& res, const core::Error& e);
/// Reads the (already gunzipped) body, refusing it (413) as soon as it passes `limit`, (408) when
/// `deadline` passed while reading it, or (400) when it cannot be read; false after answering.
bool readBody(const httplib::ContentReader& reader, std::size_t limit, std::string& body, httplib::Response& res,
              std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max());
/// Sets `ETag` and `Cache-Control: no-cache`; true (and 304 with no body) when the request's
/// If-None-Match names this tag, so the caller builds nothing.
bool answeredNotModified(const httplib::Request& req, httplib::Response& res, const std::string& etag);

}  // namespace pameran::sync
