#include "pameran/sync/server.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "ingest_queue.hpp"
#include "pameran/core/ids.hpp"

namespace pameran::sync {

// ---- secrets ----------------------------------------------------------------------------------

std::string newEnrollmentCode() {
  static constexpr char kAlphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";  // 32: no 0/O, 1/I
  const std::string hex = core::randomHex(12);
  std::string code;
  for (std::size_t i = 0; i < 12; ++i) {
    if (i > 0 && i % 4 == 0) code += '-';
    const int byte = std::stoi(hex.substr(2 * i, 2), nullptr, 16);
    code += kAlphabet[byte % 32];  // 256 is a multiple of 32: no bias
  }
  return code;
}

std::string normalizeEnrollmentCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

std::string newToken() { return core::randomHex(32); }

std::string secretHash(std::string_view secret) { return core::sha256Hex(secret); }

namespace {

using Clock = std::chrono::steady_clock;
using httplib::Request;
using httplib::Response;
using HandlerResponse = httplib::Server::HandlerResponse;

constexpr std::size_t kEnrollMaxBody = 4096;
constexpr const char* kJson = "application/json";

// A fixed pool of request threads over a bounded queue. httplib's own pool queues without limit;
// here the accept loop waits when the queue is full, so the kernel's backlog pushes back instead
// of memory growing.
class BoundedPool final : public httplib::TaskQueue {
 public:
  BoundedPool(std::size_t threads, std::size_t maxQueued) : m_maxQueued(maxQueued) {
    for (std::size_t i = 0; i < threads; ++i)
      m_threads.emplace_back([this] {
        // Request threads yield to the single writer thread: when decoding saturates the CPU,
        // the group commit that every request waits on must not be starved.
        ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 5);
        pthread_setname_np(pthread_self(), "pameran-http");
        work();
      });
  }
  ~BoundedPool() override = default;

  void enqueue(std::function<void()> fn) override {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_space.wait(lock, [&] { return m_jobs.size() < m_maxQueued || m_shutdown; });
    m_jobs.push_back(std::move(fn));
    m_ready.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_shutdown = true;
    }
    m_ready.notify_all();
    m_space.notify_all();
    for (auto& t : m_threads) t.join();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_ready.wait(lock, [&] { return !m_jobs.empty() || m_shutdown; });
        if (m_jobs.empty()) return;  // shut down and drained
        fn = std::move(m_jobs.front());
        m_jobs.pop_front();
      }
      m_space.notify_one();
      fn();
    }
  }

  const std::size_t m_maxQueued;
  std::mutex m_mutex;
  std::condition_variable m_ready;
  std::condition_variable m_space;
  std::deque<std::function<void()>> m_jobs;
  std::vector<std::thread> m_threads;
  bool m_shutdown = false;
};

// Token buckets keyed by device, organizer token or client address.
class RateLimiter {
 public:
  RateLimiter(double perSecond, double burst) : m_rate(perSecond), m_burst(burst) {}

  /// 0 when the request may go, else the seconds to wait (at least 1).
  int take(const std::string& key) {
    const auto now = Clock::now();
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_buckets.size() > 100'000) m_buckets.clear();  // bounded memory against address churn
    auto [it, fresh] = m_buckets.try_emplace(key, Bucket{m_burst, now});
    Bucket& b = it->second;
    if (!fresh) {
      const double elapsed = std::chrono::duration<double>(now - b.at).count();
      b.tokens = std::min(m_burst, b.tokens + elapsed * m_rate);
      b.at = now;
    }
    if (b.tokens >= 1.0) {
      b.tokens -= 1.0;
      return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / m_rate)));
  }

 private:
  struct Bucket {
    double tokens;
    Clock::time_point at;
  };
  const double m_rate;
  const double m_burst;
  std::mutex m_mutex;
  std::unordered_map<std::string, Bucket> m_buckets;
};

// What the pre-routing check learned about the request on this worker thread; the route handler
// runs next on the same thread and reads it.
struct RequestContext {
  Clock::time_point start;
  std::optional<Principal> principal;
};
thread_local RequestContext t_request;

enum class Access { Public, Device, Organizer };

struct RouteRule {
  Access access = Access::Public;
  std::size_t maxBody = 0;  // POST only
};

std::optional<RouteRule> ruleFor(const Request& req, const Limits& limits) {
  const std::string& p = req.path;
  const std::string& m = req.method;
  if (p == "/api/v1/health" && m == "GET") return RouteRule{Access::Public, 0};
  if (p == "/api/v1/enroll" && m == "POST") return RouteRule{Access::Public, kEnrollMaxBody};
  if (p == "/api/v1/catalog" && m == "GET") return RouteRule{Access::Device, 0};
  if (p == "/api/v1/sales" && m == "POST") return RouteRule{Access::Device, limits.maxBodyBytes};
  if (p.rfind("/api/v1/events/", 0) == 0 && m == "GET") return RouteRule{Access::Organizer, 0};
  return std::nullopt;
}

void sendError(Response& res, int status, std::string_view message) {
  res.status = status;
  res.set_content(encodeError(message), kJson);
}

std::string bearerToken(const Request& req) {
  const std::string h = req.get_header_value("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (h.size() <= kPrefix.size() || h.compare(0, kPrefix.size(), kPrefix) != 0) return {};
  return h.substr(kPrefix.size());
}

std::string statusText(int status) {
  switch (status) {
    case 400: return "bad request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not found";
    case 405: return "method not allowed";
    case 408: return "request timeout";
    case 413: return "request too large";
    case 414: return "request line too long";
    case 415: return "unsupported media type";
    case 429: return "too many requests";
    case 503: return "service unavailable";
    default: return status >= 500 ? "internal server error" : "request failed";
  }
}

std::string isoOrNull(core::EpochMs at) { return at == 0 ? std::string{} : core::isoUtc(at); }

// sha256 (lowercase hex) of a canonical body, the same digest core::sha256Hex gives, through
// OpenSSL: it uses the CPU's SHA extensions where present, several times faster than
// libsodium's portable code, and every uploaded record is hashed. One context per thread.
class Sha256 {
 public:
  Sha256() : m_md(EVP_MD_fetch(nullptr, "SHA256", nullptr)), m_ctx(EVP_MD_CTX_new()) {
    // Trust it only once it agrees with the reference digest.
    static constexpr std::string_view kProbe = "pameran";
    m_ok = m_md && m_ctx && digest(kProbe) == core::sha256Hex(kProbe);
  }
  ~Sha256() {
    EVP_MD_CTX_free(m_ctx);
    EVP_MD_free(m_md);
  }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  std::string hex(std::string_view data) {
    if (m_ok) {
      std::string out = digest(data);
      if (!out.empty()) return out;
    }
    return core::sha256Hex(data);
  }

 private:
  std::string digest(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_DigestInit_ex(m_ctx, m_md, nullptr) != 1 || EVP_DigestUpdate(m_ctx, data.data(), data.size()) != 1 ||
        EVP_DigestFinal_ex(m_ctx, md, &len) != 1 || len != 32)
      return {};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(64, '0');
    for (unsigned int i = 0; i < len; ++i) {
      out[2 * i] = kHex[md[i] >> 4];
      out[2 * i + 1] = kHex[md[i] & 0x0f];
    }
    return out;
  }

  EVP_MD* m_md;
  EVP_MD_CTX* m_ctx;
  bool m_ok = false;
};

std::string canonicalDigest(std::string_view body) {
  thread_local Sha256 sha;
  return sha.hex(body);
}

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

// Connections are kept alive between requests, but after an error response the request's body
// may be unread (refused before reading, or read only in part) and httplib would take the rest
// of it for the next request on the connection. So every error ends its connection: the answer
// goes out through a content provider that reports failure after its last byte, which makes
// httplib close the connection once the response is written. A HEAD request is answered as a
// GET (with the error body) because only a body can end the connection; nothing follows it.
void closeAfterResponse(const Request& req, Response& res) {
  if (res.body.empty() || res.content_provider_) return;
  auto body = std::make_shared<std::string>(std::move(res.body));
  res.body.clear();
  std::string type = res.get_header_value("Content-Type");
  res.headers.erase("Content-Type");
  res.set_header("Connection", "close");
  if (req.method == "HEAD") const_cast<Request&>(req).method = "GET";
  res.set_content_provider(body->size(), type.empty() ? std::string(kJson) : type,
                           [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             sink.write(body->data() + offset, length);
                             return false;  // all written: failing now ends the connection
                           });
}

}  // namespace

struct Server::Impl {
  Impl(ServerStore& s, ServerOptions o)
      : store(s),
        options(std::move(o)),
        ingest(store, options.maxPendingRecords, options.maxRecordsPerCommit,
               std::chrono::microseconds(options.commitWindowMicros), options.commitTargetRecords),
        limiter(options.requestsPerSecond, options.burst),
        enrollLimiter(options.enrollPerMinute / 60.0, std::max(1.0, options.enrollPerMinute)) {
    if (options.accessLog == "-") logFile = stderr;
    else if (!options.accessLog.empty()) logFile = std::fopen(options.accessLog.c_str(), "a");
    setUp();
  }

  ~Impl() {
    if (logFile && logFile != stderr) std::fclose(logFile);
  }

  ServerStore& store;
  ServerOptions options;
  IngestQueue ingest;
  RateLimiter limiter;
  RateLimiter enrollLimiter;
  httplib::Server http;
  std::FILE* logFile = nullptr;
  std::mutex logMutex;
  std::mutex catalogMutex;
  std::unordered_map<std::int64_t, std::pair<std::int64_t, std::string>> catalogCache;  // event -> (version, body)
  std::atomic<bool> stopped{false};
  int boundPort = 0;

  void setUp() {
    const std::size_t workers = std::max<std::size_t>(1, options.workers);
    const std::size_t queued = std::max<std::size_t>(1, options.maxQueuedConnections);
    http.new_task_queue = [workers, queued] { return new BoundedPool(workers, queued); };
    // Keep-alive spares a kiosk a connection per batch. Every error response closes its
    // connection (closeAfterResponse), so a refused request's unread body is never read as the
    // next request; an idle connection holds its worker only briefly.
    http.set_keep_alive_max_count(std::max<std::size_t>(1, options.keepAliveRequests));
    http.set_keep_alive_timeout(std::max(1, options.keepAliveSeconds));
    // httplib writes a response's headers and body separately: without TCP_NODELAY, Nagle's
    // algorithm holds the body back until the client's delayed ACK (tens of ms per request on a
    // kept-alive connection; a closing connection used to flush it).
    http.set_tcp_nodelay(true);
    http.set_read_timeout(options.readTimeoutSeconds, 0);
    http.set_write_timeout(options.readTimeoutSeconds, 0);
    http.set_payload_max_length(std::max(options.limits.maxBodyBytes, kEnrollMaxBody));

    http.set_expect_100_continue_handler([this](const Request& req, Response& res) {
      t_request = RequestContext{Clock::now(), std::nullopt};
      limitCompression(req, req.method == "GET");
      // Same checks as below but no rate-limit token: the request comes back through pre-routing.
      return admit(req, res, false) ? 100 : res.status;
    });
    http.set_pre_routing_handler([this](const Request& req, Response& res) {
      t_request = RequestContext{Clock::now(), std::nullopt};
      limitCompression(req, req.method == "GET");
      return admit(req, res, true) ? HandlerResponse::Unhandled : HandlerResponse::Handled;
    });
    // Every response of 400 and up passes here, also those httplib makes before routing.
    http.set_error_handler(httplib::Server::HandlerWithResponse([](const Request& req, Response& res) {
      if (res.body.empty() && !res.content_provider_) res.set_content(encodeError(statusText(res.status)), kJson);
      limitCompression(req, false);
      closeAfterResponse(req, res);
      return HandlerResponse::Handled;
    }));
    http.set_exception_handler([](const Request&, Response& res, std::exception_ptr) {
      sendError(res, 500, "internal server error");
    });
    http.set_logger([this](const Request& req, const Response& res) { logAccess(req, res); });

    http.Get("/api/v1/health", [this](const Request&, Response& res) { health(res); });
    http.Post("/api/v1/enroll", [this](const Request& req, Response& res, const httplib::ContentReader& reader) {
      enroll(req, res, reader);
    });
    http.Get("/api/v1/catalog", [this](const Request& req, Response& res) { catalog(req, res); });
    http.Post("/api/v1/sales", [this](const Request& req, Response& res, const httplib::ContentReader& reader) {
      sales(req, res, reader);
    });
    http.Get(R"(/api/v1/events/([A-Za-z0-9._-]{1,32})/totals)", [this](const Request& req, Response& res) {
      totals(req.matches[1].str(), res);
    });
    http.Get(R"(/api/v1/events/([A-Za-z0-9._-]{1,32})/devices)", [this](const Request& req, Response& res) {
      devices(req.matches[1].str(), res);
    });
    http.Get(R"(/api/v1/events/([A-Za-z0-9._-]{1,32})/settlement)", [this](const Request& req, Response& res) {
      settlement(req.matches[1].str(), res);
    });
  }

  // Everything that can be decided from the request line and headers, before a byte of body is
  // read: route, body framing and size, token, role, rate.
  bool admit(const Request& req, Response& res, bool takeRate) {
    const auto rule = ruleFor(req, options.limits);
    std::uint64_t bodyLength = 0;
    // An oversized body is refused after the token check, so a stranger learns nothing but 401.
    auto oversized = [&] {
      if (bodyLength <= rule->maxBody) return false;
      sendError(res, 413, fmt::format("body of {} bytes is over the limit of {} bytes", bodyLength, rule->maxBody));
      return true;
    };
    if (!rule) {
      sendError(res, 404, "no such endpoint: " + req.method + " " + req.path.substr(0, 100));
      return false;
    }
    if (req.method != "POST") {
      // Only uploads have bodies; one here would never be read.
      if (req.has_header("Transfer-Encoding") ||
          (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0")) {
        sendError(res, 400, "this request must not have a body");
        return false;
      }
    } else {
      if (req.has_header("Transfer-Encoding")) {
        sendError(res, 400, "chunked request bodies are not accepted; send Content-Length");
        return false;
      }
      if (!req.has_header("Content-Length")) {
        sendError(res, 400, "Content-Length is required");
        return false;
      }
      const std::string lengthText = req.get_header_value("Content-Length");
      std::uint64_t length = 0;
      bool digits = !lengthText.empty() && lengthText.size() <= 19;
      for (char c : lengthText) {
        if (c < '0' || c > '9') digits = false;
        else length = length * 10 + static_cast<std::uint64_t>(c - '0');
      }
      if (!digits) {
        sendError(res, 400, "bad Content-Length");
        return false;
      }
      bodyLength = length;
      const std::string encoding = req.get_header_value("Content-Encoding");
      if (!encoding.empty() && encoding != "gzip" && encoding != "identity") {
        sendError(res, 400, "Content-Encoding must be gzip or absent");
        return false;
      }
    }
    if (rule->access == Access::Public) {
      if (oversized()) return false;
      if (takeRate && req.path == "/api/v1/enroll") {
        if (const int wait = enrollLimiter.take("ip:" + req.remote_addr); wait > 0) {
          res.set_header("Retry-After", std::to_string(wait));
          sendError(res, 429, "too many enrollment attempts; wait and try again");
          return false;
        }
      }
      return true;
    }
    const std::string token = bearerToken(req);
    if (token.empty() || token.size() > 128) {
      res.set_header("WWW-Authenticate", "Bearer");
      sendError(res, 401, "a bearer token is required");
      return false;
    }
    auto who = store.authenticate(secretHash(token));
    if (!who) {
      if (who.error().code != core::Errc::Unauthorized) {
        res.set_header("Retry-After", "1");
        sendError(res, 503, "the database is not available");
        return false;
      }
      res.set_header("WWW-Authenticate", "Bearer");
      sendError(res, 401, "unknown or revoked token");
      return false;
    }
    const bool isDevice = who->kind == Principal::Kind::Device;
    t_request.principal = *who;
    if ((rule->access == Access::Device) != isDevice) {
      sendError(res, 403, isDevice ? "this endpoint needs an organizer token" : "this endpoint needs a device token");
      return false;
    }
    if (oversized()) return false;
    if (takeRate) {
      if (const int wait = limiter.take((isDevice ? "d:" : "o:") + who->id); wait > 0) {
        res.set_header("Retry-After", std::to_string(wait));
        sendError(res, 429, "too many requests from this token; slow down");
        return false;
      }
    }
    return true;
  }

  // Reads the (already gunzipped) body, refusing it as soon as it passes `limit`.
  static bool readBody(const httplib::ContentReader& reader, std::size_t limit, std::string& body, Response& res) {
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
    if (!ok) {
      sendError(res, 400, "the request body could not be read (truncated or bad gzip)");
      return false;
    }
    return true;
  }

  void health(Response& res) {
    const bool dbOk = static_cast<bool>(store.ping());
    nlohmann::ordered_json j{{"status", dbOk ? "ok" : "degraded"},
                             {"protocol_version", kProtocolVersion},
                             {"server_time_ms", options.clock()}};
    res.status = dbOk ? 200 : 503;
    res.set_content(j.dump(), kJson);
  }

  void enroll(const Request&, Response& res, const httplib::ContentReader& reader) {
    std::string body;
    if (!readBody(reader, kEnrollMaxBody, body, res)) return;
    auto request = decodeEnrollRequest(body);
    if (!request) return sendError(res, 422, request.error().message);
    const std::string token = newToken();
    auto enrolled =
        store.redeemEnrollment(secretHash(normalizeEnrollmentCode(request->code)), request->deviceName,
                               secretHash(token), options.clock());
    if (!enrolled) {
      const auto& e = enrolled.error();
      return sendError(res, e.code == core::Errc::Unauthorized ? 401 : e.code == core::Errc::NotFound ? 404 : 503,
                       e.message);
    }
    enrolled->token = token;
    res.status = 200;
    res.set_content(encodeEnrollResponse(*enrolled), kJson);
  }

  void catalog(const Request& req, Response& res) {
    const Principal& who = *t_request.principal;
    auto version = store.catalogVersion(who.eventId);
    if (!version) return sendError(res, 503, version.error().message);
    const std::string etag = fmt::format("\"c{}-{}\"", who.eventId, *version);
    res.set_header("Cache-Control", "no-cache");
    const std::string match = req.get_header_value("If-None-Match");
    if (!match.empty() && (match == "*" || match.find(etag) != std::string::npos)) {
      res.set_header("ETag", etag);
      res.status = 304;
      return;
    }
    {
      std::lock_guard<std::mutex> lock(catalogMutex);
      auto it = catalogCache.find(who.eventId);
      if (it != catalogCache.end() && it->second.first == *version) {
        res.set_header("ETag", etag);
        res.status = 200;
        res.set_content(it->second.second, kJson);
        return;
      }
    }
    auto payload = store.catalog(who.eventId);
    if (!payload) return sendError(res, 503, payload.error().message);
    std::string body = encodeCatalog(*payload);
    // The payload carries its own version: the ETag names what was really read.
    res.set_header("ETag", fmt::format("\"c{}-{}\"", who.eventId, payload->version));
    {
      std::lock_guard<std::mutex> lock(catalogMutex);
      catalogCache[who.eventId] = {payload->version, body};
    }
    res.status = 200;
    res.set_content(std::move(body), kJson);
  }

  // At most as many batches are decoded at once as there are cores: more only adds runnable
  // threads (and memory) without adding throughput.
  class DecodeGate {
   public:
    explicit DecodeGate(std::size_t slots) : m_free(slots) {}
    void enter() {
      std::unique_lock<std::mutex> lock(m_mutex);
      m_cv.wait(lock, [&] { return m_free > 0; });
      --m_free;
    }
    void leave() {
      {
        std::lock_guard<std::mutex> lock(m_mutex);
        ++m_free;
      }
      m_cv.notify_one();
    }

   private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::size_t m_free;
  };
  DecodeGate decodeGate{std::max<std::size_t>(1, std::thread::hardware_concurrency())};

  void sales(const Request&, Response& res, const httplib::ContentReader& reader) {
    const Principal who = *t_request.principal;
    std::string body;
    if (!readBody(reader, options.limits.maxDecodedBytes, body, res)) return;
    IngestQueue::Ticket ticket = ingest.expect();  // the writer may wait for this batch (group commit)
    decodeGate.enter();
    DecodeBatchResult decoded = decodeBatch(body, options.limits);
    decodeGate.leave();
    if (!decoded.batch) return sendError(res, httpStatus(decoded.failure.kind), decoded.failure.message);
    const DecodedBatch& batch = *decoded.batch;
    if (!batch.deviceId.empty() && batch.deviceId != who.id)
      return sendError(res, 422, "device_id does not match the token's device");

    BatchResponse response;
    response.results.resize(batch.recordCount());
    IngestRequest request;
    request.deviceId = who.id;
    request.eventId = who.eventId;
    request.receivedAt = options.clock();
    std::vector<std::size_t> slots;  // result index of each ingest item
    std::vector<std::string> ids;
    auto consider = [&](RecordType type, const auto& decodedRecord, std::size_t slot, const std::string& eventCode,
                        auto fill) {
      RecordResult& r = response.results[slot];
      r.id = decodedRecord.id;
      r.type = type;
      if (!decodedRecord.record) {
        r.status = RecordStatus::Rejected;
        r.reason = decodedRecord.error;
        return;
      }
      if (eventCode != who.eventCode) {
        r.status = RecordStatus::Rejected;
        r.reason = "event " + eventCode + " is not this device's event " + who.eventCode;
        return;
      }
      IngestItem item;
      item.type = type;
      item.id = decodedRecord.id;
      fill(item, *decodedRecord.record);
      item.hash = canonicalDigest(item.body);
      request.items.push_back(std::move(item));
      slots.push_back(slot);
    };
    std::size_t slot = 0;
    for (const auto& s : batch.sales)
      consider(RecordType::Sale, s, slot++, s.record ? s.record->eventCode : std::string{},
               [&who](IngestItem& item, const core::SaleRecord& rec) {
                 item.sale = &rec;
                 item.body = encodeSale(rec);
                 item.delta = core::deltaForSale(rec, who.clock);  // here, in parallel, not on the writer
               });
    for (const auto& r : batch.refunds)
      consider(RecordType::Refund, r, slot++, r.record ? r.record->eventCode : std::string{},
               [](IngestItem& item, const core::RefundRecord& rec) {
                 item.refund = &rec;
                 item.body = encodeRefund(rec);
               });
    for (const auto& s : batch.shiftCloses)
      consider(RecordType::ShiftClose, s, slot++, s.record ? s.record->eventCode : std::string{},
               [](IngestItem& item, const core::ShiftRecord& rec) {
                 item.shift = &rec;
                 item.body = encodeShift(rec);
               });
    if (!request.items.empty()) {
      auto stored = ingest.submit(request, &ticket);
      if (!stored) {
        res.set_header("Retry-After", "1");
        return sendError(res, 503, stored.error().message);
      }
      for (std::size_t i = 0; i < stored->size(); ++i) response.results[slots[i]] = std::move((*stored)[i]);
    }
    response.serverTimeMs = options.clock();
    res.status = httpStatus(response.results);
    res.set_content(encodeBatchResponse(response), kJson);
  }

  void totals(const std::string& code, Response& res) {
    auto report = store.report(code);
    if (!report) return sendError(res, report.error().code == core::Errc::NotFound ? 404 : 503, report.error().message);
    res.status = 200;
    res.set_content(core::reportToJson(*report), kJson);
  }

  void settlement(const std::string& code, Response& res) {
    auto s = store.settlement(code);
    if (!s) return sendError(res, s.error().code == core::Errc::NotFound ? 404 : 503, s.error().message);
    res.status = 200;
    res.set_content(core::settlementToJson(*s), kJson);
  }

  void devices(const std::string& code, Response& res) {
    auto list = store.devices(code);
    if (!list) return sendError(res, list.error().code == core::Errc::NotFound ? 404 : 503, list.error().message);
    nlohmann::ordered_json j;
    j["event"] = code;
    j["server_time_ms"] = options.clock();
    j["devices"] = nlohmann::ordered_json::array();
    for (const DeviceStatus& d : *list) {
      nlohmann::ordered_json missing = nlohmann::ordered_json::array();
      for (const SeqRange& r : d.missing) missing.push_back({{"first", r.first}, {"last", r.last}});
      j["devices"].push_back({{"device_id", d.deviceId},
                              {"device_code", d.code},
                              {"name", d.name},
                              {"booth", d.booth},
                              {"vendor_code", d.vendorCode},
                              {"kiosk_name", d.kioskName},
                              {"enrolled", d.enrolled},
                              {"revoked", d.revoked},
                              {"last_upload_at", isoOrNull(d.lastUploadAt)},
                              {"last_upload_ms", d.lastUploadAt},
                              {"highest_seq", d.maxSeq},
                              {"sales_count", d.salesCount},
                              {"refunds_count", d.refundsCount},
                              {"shift_closes_count", d.shiftsCount},
                              {"late_count", d.lateCount},
                              {"seq_collisions", d.seqCollisions},
                              {"missing_count", d.missingCount},
                              {"missing", std::move(missing)}});
    }
    res.status = 200;
    res.set_content(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace), kJson);
  }

  void logAccess(const Request& req, const Response& res) {
    if (!logFile) {
      t_request = RequestContext{};
      return;
    }
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t_request.start).count();
    const std::string who = t_request.principal ? t_request.principal->name : std::string("-");
    t_request = RequestContext{};
    const std::string in = req.get_header_value("Content-Length");
    const std::string line =
        fmt::format("{} {} {} {} in={} out={} ms={:.1f} who={} ip={}\n", core::isoUtc(options.clock()), req.method,
                    req.path.substr(0, 200), res.status, in.empty() ? "0" : in,
                    res.body.empty() ? res.content_length_ : res.body.size(), ms, who, req.remote_addr);
    std::lock_guard<std::mutex> lock(logMutex);
    std::fputs(line.c_str(), logFile);
    std::fflush(logFile);
  }
};

Server::Server(ServerStore& store, ServerOptions options) : m_impl(std::make_unique<Impl>(store, std::move(options))) {}

Server::~Server() {
  stop();
  m_impl->ingest.stop();
}

core::Result<int> Server::bind() {
  Impl& s = *m_impl;
  if (s.options.port == 0) {
    const int port = s.http.bind_to_any_port(s.options.host);
    if (port <= 0) return core::fail(core::Errc::Invalid, "cannot listen on " + s.options.host);
    s.boundPort = port;
  } else {
    if (!s.http.bind_to_port(s.options.host, s.options.port))
      return core::fail(core::Errc::Invalid, fmt::format("cannot listen on {}:{} (in use?)", s.options.host, s.options.port));
    s.boundPort = s.options.port;
  }
  return s.boundPort;
}

void Server::run() {
  if (!m_impl->stopped) m_impl->http.listen_after_bind();
  // The pool has finished every request in flight; store what they queued and stop the writer.
  m_impl->ingest.stop();
}

void Server::stop() {
  m_impl->stopped = true;
  m_impl->http.stop();
}

bool Server::isRunning() const { return m_impl->http.is_running(); }

int Server::port() const { return m_impl->boundPort; }

Server::WriterStats Server::writerStats() const {
  const auto s = m_impl->ingest.stats();
  return {s.commits, s.records, s.busySeconds};
}

}  // namespace pameran::sync
