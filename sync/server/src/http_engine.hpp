#pragma once
// httplib's request processing as our workers use it: over a connection the hub framed, with
// answers that compress only where it pays and errors that always end their connection.
#include <httplib.h>

namespace pameran::sync {

class HttpEngine final : public httplib::Server {
 public:
  // httplib writes a content provider's answer only while svr_sock_ names a socket (it takes
  // INVALID_SOCKET for "shutting down"). The listening socket lives in the hub, so a stand-in
  // value marks this engine as serving; the error answers (content providers) need it.
  HttpEngine() { svr_sock_ = 0; }

  /// One request from `stream`: parse, pre-routing, route, answer. False when the connection
  /// must close (an error answer, a failed write).
  bool serve(httplib::Stream& stream, bool lastOnConnection, bool& closedByClient) {
    return process_request(stream, lastOnConnection, closedByClient, nullptr);
  }
};

/// Rewrites Accept-Encoding so that httplib never brotli-compresses, and gzips only when `allowGzip`.
void limitCompression(const httplib::Request& req, bool allowGzip);

/// Makes an error answer end its connection once written (its body may not have been read).
void closeAfterResponse(const httplib::Request& req, httplib::Response& res);

}  // namespace pameran::sync
