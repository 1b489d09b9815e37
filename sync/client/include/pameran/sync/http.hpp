#pragma once
// A small HTTP client over libcurl for the kiosk's sync. TLS peer and host verification are always
// on (P12): there is deliberately no way to turn them off; a CA file may be added.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace pameran::sync {

struct HttpOptions {
  std::string baseUrl;          // http(s)://host[:port], no trailing path
  std::string caFile;           // extra CA bundle (PEM) for a private server certificate
  long connectTimeoutMs = 3000;
  long requestTimeoutMs = 15000;
};

struct HttpResponse {
  long status = 0;                          // 0: no HTTP answer (network or TLS failure)
  std::string body;
  std::string etag;
  std::optional<std::int64_t> retryAfterMs; // from Retry-After (seconds or HTTP date)
  bool tlsFailure = false;                  // certificate or handshake refused
  std::string error;                        // transport error text when status is 0
  bool isSuccess() const { return status >= 200 && status < 300; }
};

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  void setToken(std::string token);
  const HttpOptions& options() const { return m_options; }

  /// GET path; `ifNoneMatch` adds If-None-Match.
  HttpResponse get(const std::string& path, const std::string& ifNoneMatch = {});
  /// POST a JSON body with a Content-Length (never chunked), gzip-compressed when `gzip`.
  HttpResponse post(const std::string& path, std::string_view json, bool gzip);
  /// PUT a small JSON body (the organizer's target).
  HttpResponse put(const std::string& path, std::string_view json);

 private:
  HttpResponse perform(const std::string& path, const std::string* body, bool gzip, const std::string& ifNoneMatch,
                       const char* method = nullptr);
  HttpOptions m_options;
  std::string m_token;
  void* m_curl = nullptr;  // CURL*, kept for connection reuse
};

/// True for an http:// or https:// URL with a host and no path, query or spaces (core::isValidServerUrl).
bool isValidServerUrl(std::string_view url);

/// True when the URL's host is this machine (localhost, 127.0.0.0/8, [::1]).
bool isLoopbackUrl(std::string_view url);

/// Why the kiosk may not sync with `url`, or empty when it may: the URL must be well formed and
/// https (verified, P12), or http to this machine, or http anywhere only when the enrollment
/// was made with --allow-insecure-http (`allowInsecureHttp`): tokens and codes would otherwise
/// cross the hall's Wi-Fi in clear.
std::string serverUrlProblem(std::string_view url, bool allowInsecureHttp);

/// gzip (RFC 1952) of `data`.
std::string gzipCompress(std::string_view data);

}  // namespace pameran::sync
