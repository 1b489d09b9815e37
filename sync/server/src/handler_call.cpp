#include "handler_call.hpp"

#include <fmt/format.h>

#include "http_errors.hpp"
#include "pameran/sync/protocol.hpp"

namespace pameran::sync {

void sendError(httplib::Response& res, int status, std::string_view message) {
  res.status = status;
  res.set_content(encodeError(message), kJson);
}

void sendFailure(httplib::Response& res, const core::Error& e) {
  if (httpStatusOf(e.code) == 503) res.set_header("Retry-After", "1");
  sendError(res, httpStatusOf(e.code), e.message);
}

bool readBody(const httplib::ContentReader& reader, std::size_t limit, std::string& body, httplib::Response& res,
              std::chrono::steady_clock::time_point deadline) {
  bool tooBig = false;
  const bool ok = reader([&](const char* data, std::size_t n) {
    if (body.size() + n > limit) {
      tooBig = true;
      return false;
    }
    body.append(data, n);
    return true;
  });
  if (tooBig) {
    sendError(res, 413, fmt::format("body is over {} bytes once decompressed", limit));
    return false;
  }
  if (!ok && std::chrono::steady_clock::now() >= deadline) {
    sendError(res, 408, "the request body did not arrive in time; send it again");
    return false;
  }
  if (!ok) {
    sendError(res, 400, "the request body could not be read (truncated or bad gzip)");
    return false;
  }
  return true;
}

bool answeredNotModified(const httplib::Request& req, httplib::Response& res, const std::string& etag) {
  res.set_header("ETag", etag);
  res.set_header("Cache-Control", "no-cache");
  const std::string match = req.get_header_value("If-None-Match");
  if (match.empty() || (match != "*" && match.find(etag) == std::string::npos)) return false;
  res.status = 304;
  return true;
}

}  // namespace pameran::sync
