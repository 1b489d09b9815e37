#include "http_engine.hpp"

#include <memory>

namespace pameran::sync {

using httplib::Request;
using httplib::Response;

// cpp-httplib compresses a JSON answer whenever the request's Accept-Encoding mentions br
// (brotli, at its slowest setting) or gzip, which cost more CPU than storing a batch. Upload
// answers and errors are small and go out as they are; GET answers (catalog, reports) may be
// gzipped, never brotli. httplib reads the header again when it writes the answer, so it is
// rewritten here. Handlers see the request as const, but httplib's own object is not, so
// changing it is well defined.
void limitCompression(const Request& req, bool allowGzip) {
  httplib::Headers& headers = const_cast<Request&>(req).headers;
  const auto [first, last] = headers.equal_range("Accept-Encoding");
  if (first == last) return;
  bool gzip = false;
  for (auto it = first; it != last; ++it) gzip = gzip || it->second.find("gzip") != std::string::npos;
  headers.erase(first, last);
  if (gzip && allowGzip) headers.emplace("Accept-Encoding", "gzip");
}

// After an error response the request's body may be unread (refused before reading, or read
// only in part) and would be taken for the next request on the connection. So every error ends
// its connection: the answer goes out through a content provider that reports failure after its
// last byte, which makes httplib's request processing report failure, and the worker then closes
// the connection. A HEAD request is answered as a GET (with the error body) because only a body
// can end the connection; nothing follows it.
void closeAfterResponse(const Request& req, Response& res) {
  if (res.body.empty() || res.content_provider_) return;
  auto body = std::make_shared<std::string>(std::move(res.body));
  res.body.clear();
  std::string type = res.get_header_value("Content-Type");
  res.headers.erase("Content-Type");
  res.set_header("Connection", "close");
  if (req.method == "HEAD") const_cast<Request&>(req).method = "GET";
  res.set_content_provider(body->size(), type.empty() ? std::string("application/json") : type,
                           [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             sink.write(body->data() + offset, length);
                             return false;  // all written: failing now ends the connection
                           });
}


}  // namespace pameran::sync
