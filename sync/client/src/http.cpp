#include "pameran/sync/http.hpp"

#include <curl/curl.h>
#include <zlib.h>

#include <cctype>
#include <mutex>
#include <stdexcept>

#include "pameran/core/server_url.hpp"

namespace pameran::sync {
namespace {

void globalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

struct Collected {
  HttpResponse* response;
  std::size_t maxBody;
};

std::size_t onBody(char* data, std::size_t size, std::size_t n, void* user) {
  auto* c = static_cast<Collected*>(user);
  const std::size_t bytes = size * n;
  // A misbehaving server cannot make the kiosk hold an unbounded answer.
  if (c->response->body.size() + bytes > c->maxBody) return 0;
  c->response->body.append(data, bytes);
  return bytes;
}

std::size_t onHeader(char* data, std::size_t size, std::size_t n, void* user) {
  auto* c = static_cast<Collected*>(user);
  const std::string_view line(data, size * n);
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  std::string name(line.substr(0, colon));
  for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const std::string value = trim(line.substr(colon + 1));
  if (name == "etag") {
    c->response->etag = value;
  } else if (name == "retry-after") {
    bool digits = !value.empty();
    for (char ch : value) digits = digits && std::isdigit(static_cast<unsigned char>(ch));
    if (digits && value.size() < 9) {
      c->response->retryAfterMs = std::stoll(value) * 1000;
    } else {
      const time_t when = curl_getdate(value.c_str(), nullptr);
      if (when > 0) {
        const time_t now = time(nullptr);
        c->response->retryAfterMs = when > now ? static_cast<std::int64_t>(when - now) * 1000 : 0;
      }
    }
  }
  return size * n;
}

bool isTlsError(CURLcode code) {
  switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
      return true;
    default:
      return false;
  }
}

constexpr std::size_t kMaxResponseBytes = 16u << 20;

}  // namespace

bool isValidServerUrl(std::string_view url) { return core::isValidServerUrl(url); }

bool isLoopbackUrl(std::string_view url) {
  if (!isValidServerUrl(url)) return false;
  std::string_view host = url.substr(url.find("://") + 3);
  if (host.starts_with("[")) return host.substr(0, host.find(']') + 1) == "[::1]";
  host = host.substr(0, host.find(':'));
  if (host == "localhost") return true;
  // 127.0.0.0/8, written as four decimal parts.
  if (!host.starts_with("127.")) return false;
  int parts = 0;
  for (std::size_t i = 0; i < host.size(); ++parts) {
    std::size_t j = i;
    int value = 0;
    while (j < host.size() && host[j] >= '0' && host[j] <= '9' && j - i < 3) value = value * 10 + (host[j++] - '0');
    if (j == i || value > 255) return false;
    if (j < host.size() && host[j] != '.') return false;
    i = j + 1;
    if (j == host.size()) {
      ++parts;
      break;
    }
  }
  return parts == 4 && host.back() != '.';
}

std::string serverUrlProblem(std::string_view url, bool allowInsecureHttp) {
  if (!isValidServerUrl(url)) return "server URL must be https://host[:port], not '" + std::string(url.substr(0, 200)) + "'";
  if (url.starts_with("https://") || allowInsecureHttp || isLoopbackUrl(url)) return {};
  return "server URL " + std::string(url) +
         " is plain http: tokens and enrollment codes would cross the network in clear; use https://, or enroll "
         "with --allow-insecure-http to accept that";
}

std::string gzipCompress(std::string_view data) {
  z_stream z{};
  // windowBits 15 + 16 selects the gzip wrapper. The fastest level: sync JSON is repetitive enough
  // that it still shrinks about eight-fold, at a third of the default level's time.
  if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib init failed");
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  const std::size_t written = out.size() - z.avail_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("zlib deflate failed");
  out.resize(written);
  return out;
}

HttpClient::HttpClient(HttpOptions options) : m_options(std::move(options)) {
  globalInit();
  m_curl = curl_easy_init();
  if (!m_curl) throw std::runtime_error("libcurl could not start");
}

HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(m_curl)); }

void HttpClient::setToken(std::string token) { m_token = std::move(token); }

HttpResponse HttpClient::get(const std::string& path, const std::string& ifNoneMatch) {
  return perform(path, nullptr, false, ifNoneMatch);
}

HttpResponse HttpClient::post(const std::string& path, std::string_view json, bool gzip) {
  const std::string body = gzip ? gzipCompress(json) : std::string(json);
  return perform(path, &body, gzip, {});
}

HttpResponse HttpClient::put(const std::string& path, std::string_view json) {
  const std::string body(json);
  return perform(path, &body, false, {}, "PUT");
}

HttpResponse HttpClient::perform(const std::string& path, const std::string* body, bool gzip, const std::string& ifNoneMatch,
                                 const char* method) {
  HttpResponse response;
  auto* curl = static_cast<CURL*>(m_curl);
  curl_easy_reset(curl);
  Collected collected{&response, kMaxResponseBytes};
  const std::string url = m_options.baseUrl + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, m_options.connectTimeoutMs);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, m_options.requestTimeoutMs);
  // Verification stays on whatever the caller wants (P12); only an extra CA may be named.
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!m_options.caFile.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, m_options.caFile.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &collected);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &collected);
  // gzip only: a server offered br (libcurl's default list) may brotli-compress every answer at
  // its slowest setting (cpp-httplib does), which cost more than the upload itself.
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip");

  curl_slist* headers = nullptr;
  const std::string auth = "Authorization: Bearer " + m_token;
  if (!m_token.empty()) headers = curl_slist_append(headers, auth.c_str());
  headers = curl_slist_append(headers, "Accept: application/json");
  const std::string inm = "If-None-Match: " + ifNoneMatch;
  if (!ifNoneMatch.empty()) headers = curl_slist_append(headers, inm.c_str());
  if (body) {
    headers = curl_slist_append(headers, "Content-Type: application/json");
    if (gzip) headers = curl_slist_append(headers, "Content-Encoding: gzip");
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    if (method) curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

  const CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    response.status = 0;
    response.tlsFailure = isTlsError(rc);
    response.error = curl_easy_strerror(rc);
    response.body.clear();
    return response;
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace pameran::sync
