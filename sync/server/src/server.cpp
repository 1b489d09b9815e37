// Contents: secrets · response helpers ·
// Impl: the route table, set-up, workers, admission, handlers, access log · Server.
#include "pameran/sync/server.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "barcodes_route.hpp"
#include "client_address.hpp"
#include "connection_hub.hpp"
#include "dashboard_routes.hpp"
#include "dashboard_session.hpp"
#include "decode_gate.hpp"
#include "handler_call.hpp"
#include "figures.hpp"
#include "http_engine.hpp"
#include "http_errors.hpp"
#include "http_text.hpp"
#include "ingest_queue.hpp"
#include "organizer_api.hpp"
#include "pameran/core/ids.hpp"
#include "rate_limiter.hpp"
#include "record_digest.hpp"
#include "routes.hpp"
#include "server_log.hpp"

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
constexpr std::size_t kSignInMaxBody = 1024;

// ---- request helpers ----------------------------------------------------------------------------

std::string bearerToken(const Request& req) {
  const std::string h = req.get_header_value("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (h.size() <= kPrefix.size() || h.compare(0, kPrefix.size(), kPrefix) != 0) return {};
  return h.substr(kPrefix.size());
}

}  // namespace

// Each feature's handlers live in their own class (dashboard_routes, organizer_api); the route
// table names them as members of Impl.
struct Server::Impl : DashboardRoutes, OrganizerApi, BarcodesRoute {
  using Call = HandlerCall;
  using Handler = void (Impl::*)(Call&);

  // What admission learned about the request on this worker thread; the route's handler runs
  // next on the same thread and reads it.
  struct RequestContext {
    Clock::time_point start;
    ClientAddress client;  // the socket's address until admission looks at the headers
    std::optional<Principal> principal;
    const Route<Handler>* route = nullptr;
    std::vector<std::string> params;
    std::string sessionId;  // the dashboard session cookie that stood for the token
  };
  static RequestContext& context() {
    thread_local RequestContext c;
    return c;
  }

  Impl(ServerStore& s, ServerOptions o)
      : DashboardRoutes(s, options),
        OrganizerApi(s, options),
        BarcodesRoute(s),
        store(s),
        options(std::move(o)),
        ingest([this](const std::vector<const IngestRequest*>& group) { return store.ingest(group); },
               options.maxPendingRecords, options.maxRecordsPerCommit,
               std::chrono::microseconds(options.commitWindowMicros), options.commitTargetRecords,
               [this](std::size_t uploads, const std::string& why) {
                 log.error("store_failed", {{"uploads", std::to_string(uploads)}, {"reason", why}});
               }),
        limiter(options.requestsPerSecond, options.burst),
        enrollLimiter(options.enrollPerMinute / 60.0, std::max(1.0, options.enrollPerMinute)),
        log(options.accessLog, options.logFile),
        routes({
            // method, path, caller, body limit, session cookie, changes state (CSRF), handler
            {"GET", "/api/v1/health", Caller::Anyone, 0, false, false, &Impl::health},
            {"POST", "/api/v1/enroll", Caller::Anyone, kEnrollMaxBody, false, true, &Impl::enroll},
            {"GET", "/api/v1/catalog", Caller::Device, 0, false, false, &Impl::catalog},
            {"POST", "/api/v1/sales", Caller::Device, options.limits.maxBodyBytes, false, true, &Impl::sales},
            {"GET", "/api/v1/device", Caller::Device, 0, false, false, &Impl::deviceSelf},
            // the organizer dashboard: its page, and its sessions (DashboardRoutes)
            {"GET", "/", Caller::Anyone, 0, false, false, &Impl::toDashboard},
            {"GET", "/dashboard", Caller::Anyone, 0, false, false, &Impl::toDashboard},
            {"GET", "/dashboard/", Caller::Anyone, 0, false, false, &Impl::page},
            {"GET", "/dashboard/{file}", Caller::Anyone, 0, false, false, &Impl::page},
            {"POST", "/api/v1/session", Caller::Anyone, kSignInMaxBody, false, true, &Impl::signIn},
            {"GET", "/api/v1/session", Caller::Organizer, 0, true, false, &Impl::sessionInfo},
            {"DELETE", "/api/v1/session", Caller::Organizer, 0, true, true, &Impl::signOut},
            // the organizer endpoints (OrganizerApi)
            {"GET", "/api/v1/events", Caller::Organizer, 0, true, false, &Impl::events},
            {"GET", "/api/v1/events/{code}/totals", Caller::Organizer, 0, true, false, &Impl::totals},
            {"GET", "/api/v1/events/{code}/devices", Caller::Organizer, 0, true, false, &Impl::devices},
            {"GET", "/api/v1/events/{code}/settlement", Caller::Organizer, 0, true, false, &Impl::settlement},
            {"GET", "/api/v1/events/{code}/settlement/{file}", Caller::Organizer, 0, true, false, &Impl::vendorStatement},
            {"GET", "/api/v1/events/{code}/statements.pdf", Caller::Organizer, 0, true, false, &Impl::statements},
            {"GET", "/api/v1/events/{code}/report.csv", Caller::Organizer, 0, true, false, &Impl::reportCsv},
            {"GET", "/api/v1/events/{code}/report.pdf", Caller::Organizer, 0, true, false, &Impl::reportPdf},
            {"PUT", "/api/v1/events/{code}/target", Caller::Organizer, 256, true, true, &Impl::setTarget},
            {"GET", "/api/v1/events/{code}/report.xlsx", Caller::Organizer, 0, true, false, &Impl::reportXlsx},
            {"GET", "/api/v1/compare", Caller::Organizer, 0, true, false, &Impl::compare},
            {"GET", "/api/v1/years/{year}", Caller::Organizer, 0, true, false, &Impl::year},
            // in-store barcodes from the kiosks (BarcodesRoute)
            {"POST", "/api/v1/barcodes", Caller::Device, kMaxBarcodeBodyBytes, false, true, &Impl::barcodes},
            {"GET", "/api/v1/events/{code}/devices/{device}/audit", Caller::Organizer, 0, true, false, &Impl::deviceAudit},
            {"GET", "/api/v1/events/{code}/stock", Caller::Organizer, 0, true, false, &Impl::stock},
        }) {
    std::vector<std::string> offered;
    for (const auto& r : routes.rows())
      if (r.caller == Caller::Organizer && r.method == "GET") offered.emplace_back(r.pattern);
    offer(std::move(offered));
    setUp();
  }

  ServerStore& store;
  ServerOptions options;
  IngestQueue ingest;
  RateLimiter limiter;
  RateLimiter enrollLimiter;  // per client address, and per code
  ServerLog log;  // access and error lines (server_log.hpp)
  RouteTable<Handler> routes;
  std::optional<ConnectionHub> hub;  // made by bind(), where its options are checked
  HttpEngine engine;
  std::mutex catalogMutex;
  std::unordered_map<std::int64_t, std::pair<std::int64_t, std::string>> catalogCache;  // event -> (version, body)
  std::atomic<bool> stopped{false};
  int boundPort = 0;
  std::vector<IpRange> trustedProxies;
  // At most as many batches are decoded at once as there are cores: more only adds runnable
  // threads (and memory) without adding throughput.
  DecodeGate decodeGate{std::max<std::size_t>(1, std::thread::hardware_concurrency())};

  // ---- set-up ---------------------------------------------------------------------------------

  void setUp() {
    engine.set_keep_alive_max_count(std::max<std::size_t>(1, options.keepAliveRequests));
    engine.set_keep_alive_timeout(std::max(1, options.keepAliveSeconds));  // what the Keep-Alive header says
    engine.set_payload_max_length(std::max(options.limits.maxBodyBytes, kEnrollMaxBody));

    engine.set_expect_100_continue_handler([this](const Request& req, Response& res) {
      limitCompression(req, req.method == "GET");
      // Same checks as below but no rate-limit token: the request comes back through pre-routing.
      return admit(req, res, false) ? 100 : res.status;
    });
    engine.set_pre_routing_handler([this](const Request& req, Response& res) {
      limitCompression(req, req.method == "GET");
      return admit(req, res, true) ? HandlerResponse::Unhandled : HandlerResponse::Handled;
    });
    // Every response of 400 and up passes here, also those httplib makes before routing.
    engine.set_error_handler(httplib::Server::HandlerWithResponse([](const Request& req, Response& res) {
      if (res.body.empty() && !res.content_provider_) res.set_content(encodeError(reasonPhrase(res.status)), kJson);
      limitCompression(req, false);
      closeAfterResponse(req, res);
      return HandlerResponse::Handled;
    }));
    engine.set_exception_handler([this](const Request& req, Response& res, std::exception_ptr failure) {
      std::string why = "unknown exception";
      try {
        if (failure) std::rethrow_exception(failure);
      } catch (const std::exception& e) {
        why = e.what();
      } catch (...) {
      }
      log.error("handler_failed", {{"method", req.method}, {"path", req.path}, {"reason", why}});
      sendError(res, 500, "internal server error");
    });
    engine.set_logger([this](const Request& req, const Response& res) { logAccess(req, res); });

    // httplib dispatches each method the table uses to the row admission found.
    std::vector<std::string_view> methods;
    for (const auto& r : routes.rows())
      if (std::find(methods.begin(), methods.end(), r.method) == methods.end()) methods.push_back(r.method);
    for (std::string_view m : methods) {
      if (m == "GET") engine.Get(".*", [this](const Request& req, Response& res) { dispatch(req, res, nullptr); });
      const auto withBody = [this](const Request& req, Response& res, const httplib::ContentReader& reader) {
        dispatch(req, res, &reader);
      };
      if (m == "POST") engine.Post(".*", withBody);
      if (m == "PUT") engine.Put(".*", withBody);
      if (m == "PATCH") engine.Patch(".*", withBody);
      if (m == "DELETE") engine.Delete(".*", withBody);
    }
  }

  HubOptions hubOptions() {
    HubOptions h;
    h.maxConnections = std::max<std::size_t>(1, options.maxConnections);
    h.maxPerAddress = std::max<std::size_t>(1, options.maxConnectionsPerAddress);
    h.maxHeaderBytes = std::max<std::size_t>(1024, options.maxHeaderBytes);
    h.maxHeaderLines = std::max<std::size_t>(8, options.maxHeaderCount);
    h.headerDeadline = std::chrono::milliseconds(std::max(100, options.headerTimeoutMillis));
    h.idleTimeout = std::chrono::seconds(std::max(1, options.keepAliveSeconds));
    h.uncapped = trustedProxies;  // a proxy's address is shared by all the clients behind it
    // A route anyone may call gets its (small) body buffered by the hub too, so a stranger who
    // sends it slowly holds no worker; a route that needs a token gets its head checked first.
    h.bodyToBuffer = [this](const RequestHead& head) -> std::size_t {
      if (!head.contentLength || head.chunked) return 0;
      const auto match = routes.find(head.method, head.target);
      if (!match.route || match.route->caller != Caller::Anyone) return 0;
      return *head.contentLength <= match.route->maxBody ? static_cast<std::size_t>(*head.contentLength) : 0;
    };
    h.onRefusal = [this](const HubRefusal& r) {
      const std::string_view line = r.requestLine;
      const auto sp = line.find(' ');
      const std::string_view method = line.substr(0, sp);
      const std::string_view rest = sp == std::string_view::npos ? std::string_view{} : line.substr(sp + 1);
      log.access({method, targetPath(rest.substr(0, rest.find(' '))), r.status, 0, 0, r.ms, "-", r.peer, r.reason});
    };
    return h;
  }

  // ---- workers ---------------------------------------------------------------------------------

  void work() {
    // Request threads yield to the single writer thread: when decoding saturates the CPU, the
    // group commit that every request waits on must not be starved.
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 5);
    pthread_setname_np(pthread_self(), "pameran-http");
    const int timeoutMs = std::max(1, options.readTimeoutSeconds) * 1000;
    while (std::optional<Connection> c = hub->take()) {
      context() = RequestContext{c->startedAt, ClientAddress{c->peer, false, false}, std::nullopt, nullptr, {}, {}};
      HubStream stream(*c, timeoutMs, timeoutMs, bodyDeadline());
      const bool last = c->served + 1 >= std::max<std::size_t>(1, options.keepAliveRequests);
      bool closedByClient = false;
      bool ok = false;
      try {
        ok = engine.serve(stream, last, closedByClient);
      } catch (...) {
        ok = false;  // httplib's own failures end the connection, never the worker
      }
      stream.keepUnread();
      ++c->served;
      context() = RequestContext{};
      hub->giveBack(std::move(*c), ok && !closedByClient && !last);
    }
  }

  // The whole request, body included, must have arrived by then (the request's first byte + the
  // body timeout): the worker's stream stops reading there and readBody answers 408.
  Clock::time_point bodyDeadline() const {
    return context().start + std::chrono::seconds(std::max(1, options.bodyTimeoutSeconds));
  }

  void dispatch(const Request& req, Response& res, const httplib::ContentReader* reader) {
    RequestContext& ctx = context();
    Call call{req, res, reader, ctx.params, ctx.principal ? &*ctx.principal : nullptr, ctx.client, ctx.sessionId};
    (this->*(ctx.route->handler))(call);
  }

  // ---- admission ---------------------------------------------------------------------------------

  // Everything that can be decided from the request line and headers, before a byte of body is
  // read: route, body framing and size, token, role, rate. The hub has already bounded the
  // head's size, line count and time.
  bool admit(const Request& req, Response& res, bool takeRate) {
    RequestContext& ctx = context();
    ctx.client = resolveClient(ctx.client.ip, req.get_header_value("X-Forwarded-For"),
                               req.get_header_value("X-Forwarded-Proto"), trustedProxies);
    auto match = routes.find(req.method, req.target);
    if (!match.route) {
      if (match.pathExists) {
        res.set_header("Allow", match.allow);
        sendError(res, 405, "method " + req.method.substr(0, 16) + " is not allowed here; use " + match.allow);
      } else {
        sendError(res, 404, "no such endpoint: " + req.method.substr(0, 16) + " " + req.path.substr(0, 100));
      }
      return false;
    }
    const Route<Handler>& rule = *match.route;
    ctx.route = &rule;
    ctx.params = std::move(match.params);
    std::uint64_t bodyLength = 0;
    // An oversized body is refused after the token check, so a stranger learns nothing but 401.
    auto oversized = [&] {
      if (bodyLength <= rule.maxBody) return false;
      sendError(res, 413, fmt::format("body of {} bytes is over the limit of {} bytes", bodyLength, rule.maxBody));
      return true;
    };
    if (rule.maxBody == 0) {
      // A body here would never be read.
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
      if (req.get_header_value_count("Content-Length") != 1) {
        sendError(res, 400, "Content-Length is required, once");
        return false;
      }
      const auto length = parseContentLength(req.get_header_value("Content-Length"));
      if (!length) {
        sendError(res, 400, "bad Content-Length");
        return false;
      }
      bodyLength = *length;
      const std::string encoding = req.get_header_value("Content-Encoding");
      if (!encoding.empty() && encoding != "gzip" && encoding != "identity") {
        sendError(res, 400, "Content-Encoding must be gzip or absent");
        return false;
      }
    }
    if (rule.caller == Caller::Anyone) {
      if (oversized()) return false;
      // A stranger's state-changing call (enrollment) is limited per client address here and
      // per code in its handler.
      if (takeRate && rule.changesState) {
        if (const int wait = enrollLimiter.take("ip:" + ctx.client.ip); wait > 0) {
          res.set_header("Retry-After", std::to_string(wait));
          sendError(res, 429, "too many attempts from this address; wait and try again");
          return false;
        }
      }
      return true;
    }
    // A bearer token always counts; on a route that takes the dashboard's session cookie the
    // cookie may stand for it, and a request that changes state must then come from the
    // server's own page (Origin, Sec-Fetch-Site) and carry the session's CSRF token.
    const std::string token = bearerToken(req);
    if (token.empty() && rule.acceptsSession)
      for (std::size_t i = 0; i < req.get_header_value_count("Cookie") && ctx.sessionId.empty(); ++i)
        ctx.sessionId = sessionIdFromCookies(req.get_header_value("Cookie", i));
    const bool bySession = !ctx.sessionId.empty();
    if (!bySession && (token.empty() || token.size() > 128)) {
      res.set_header("WWW-Authenticate", "Bearer");
      sendError(res, 401, "a bearer token is required");
      return false;
    }
    auto who = bySession ? store.authenticateSession(secretHash(ctx.sessionId), options.clock())
                         : store.authenticate(secretHash(token));
    if (!who) {
      if (who.error().code != core::Errc::Unauthorized) {
        res.set_header("Retry-After", "1");
        sendError(res, 503, "the database is not available");
        return false;
      }
      res.set_header("WWW-Authenticate", "Bearer");
      if (bySession) res.set_header("Set-Cookie", clearedSessionCookie(ctx.client.secure));
      sendError(res, 401, bySession ? "the session has ended or its token was revoked; sign in again" : "unknown or revoked token");
      return false;
    }
    ctx.principal = *who;
    if (bySession && rule.changesState) {
      if (isCrossSite(req, ctx.client)) {
        sendError(res, 403, "cross-site request refused");
        return false;
      }
      if (!constantTimeEquals(req.get_header_value(std::string(kCsrfHeader).c_str()), csrfTokenFor(ctx.sessionId))) {
        sendError(res, 403, fmt::format("the {} header is missing or wrong", kCsrfHeader));
        return false;
      }
    }
    const bool isDevice = who->kind == Principal::Kind::Device;
    if ((rule.caller == Caller::Device) != isDevice) {
      sendError(res, 403, isDevice ? "this endpoint needs an organizer token" : "this endpoint needs a device token");
      return false;
    }
    if (oversized()) return false;
    if (takeRate) {
      // Each dashboard session has its own allowance: many phones may share one organizer token.
      const std::string key = bySession ? "s:" + ctx.sessionId.substr(0, 16) : (isDevice ? "d:" : "o:") + who->id;
      if (const int wait = limiter.take(key); wait > 0) {
        res.set_header("Retry-After", std::to_string(wait));
        sendError(res, 429, "too many requests from this token; slow down");
        return false;
      }
    }
    return true;
  }

  // ---- handlers --------------------------------------------------------------------------------

  void health(Call& c) {
    const bool dbOk = static_cast<bool>(store.ping());
    c.res.status = dbOk ? 200 : 503;
    c.res.set_content(encodeHealth(dbOk, options.clock()), kJson);
  }

  void enroll(Call& c) {
    std::string body;
    if (!readBody(*c.reader, kEnrollMaxBody, body, c.res)) return;
    auto request = decodeEnrollRequest(body);
    if (!request) return sendError(c.res, 422, request.error().message);
    const std::string codeHash = secretHash(normalizeEnrollmentCode(request->code));
    // Per code as well as per address: behind one proxy or NAT many honest kiosks share an
    // address, and one code is only ever tried by its own kiosk a few times.
    if (const int wait = enrollLimiter.take("code:" + codeHash); wait > 0) {
      c.res.set_header("Retry-After", std::to_string(wait));
      return sendError(c.res, 429, "too many attempts with this code; wait and try again");
    }
    const std::string token = newToken();
    auto enrolled = store.redeemEnrollment(codeHash, request->deviceName, secretHash(token), options.clock());
    if (!enrolled) return sendFailure(c.res, enrolled.error());
    enrolled->token = token;
    c.res.status = 200;
    c.res.set_content(encodeEnrollResponse(*enrolled), kJson);
  }

  // What the server holds from the calling device, so a kiosk can resend what a restored
  // backup lost (P24).
  void deviceSelf(Call& c) {
    auto list = store.devices(c.who->eventCode);
    if (!list) return sendFailure(c.res, list.error());
    const auto it = std::find_if(list->begin(), list->end(), [&](const DeviceStatus& d) { return d.deviceId == c.who->id; });
    if (it == list->end()) return sendError(c.res, 404, "this device is not in its event");
    c.res.set_header("Cache-Control", "no-store");
    c.res.status = 200;
    c.res.set_content(encodeDeviceSelf(options.clock(), *it), kJson);
  }

  void catalog(Call& c) {
    const Principal& who = *c.who;
    auto version = store.catalogVersion(who.eventId);
    if (!version) return sendFailure(c.res, version.error());
    const std::string etag = fmt::format("\"c{}-{}\"", who.eventId, *version);
    c.res.set_header("Cache-Control", "no-cache");
    const std::string match = c.req.get_header_value("If-None-Match");
    if (!match.empty() && (match == "*" || match.find(etag) != std::string::npos)) {
      c.res.set_header("ETag", etag);
      c.res.status = 304;
      return;
    }
    {
      std::lock_guard<std::mutex> lock(catalogMutex);
      auto it = catalogCache.find(who.eventId);
      if (it != catalogCache.end() && it->second.first == *version) {
        c.res.set_header("ETag", etag);
        c.res.status = 200;
        c.res.set_content(it->second.second, kJson);
        return;
      }
    }
    auto payload = store.catalog(who.eventId);
    if (!payload) return sendFailure(c.res, payload.error());
    std::string body = encodeCatalog(*payload);
    // The payload carries its own version: the ETag names what was really read.
    c.res.set_header("ETag", fmt::format("\"c{}-{}\"", who.eventId, payload->version));
    {
      std::lock_guard<std::mutex> lock(catalogMutex);
      catalogCache[who.eventId] = {payload->version, body};
    }
    c.res.status = 200;
    c.res.set_content(std::move(body), kJson);
  }

  void sales(Call& c) {
    Response& res = c.res;
    const Principal who = *c.who;
    std::string body;
    if (!readBody(*c.reader, options.limits.maxDecodedBytes, body, res, bodyDeadline())) return;
    IngestQueue::Ticket ticket = ingest.expect();  // the writer may wait for this batch (group commit)
    DecodeBatchResult decoded;
    {
      const DecodeGate::Slot slot = decodeGate.enter();
      decoded = decodeBatch(body, options.limits);
    }
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
    auto consider = [&](RecordType type, const auto& decodedRecord, std::size_t slot, auto fill) {
      RecordResult& r = response.results[slot];
      r.id = decodedRecord.id;
      r.type = type;
      if (!decodedRecord.record) {
        r.status = RecordStatus::Rejected;
        r.reason = decodedRecord.error;
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
      consider(RecordType::Sale, s, slot++, [](IngestItem& item, const core::SaleRecord& rec) {
        item.sale = &rec;
        item.body = encodeSale(rec);
      });
    for (const auto& r : batch.refunds)
      consider(RecordType::Refund, r, slot++, [](IngestItem& item, const core::RefundRecord& rec) {
        item.refund = &rec;
        item.body = encodeRefund(rec);
      });
    for (const auto& s : batch.shiftCloses)
      consider(RecordType::ShiftClose, s, slot++, [](IngestItem& item, const core::ShiftRecord& rec) {
        item.shift = &rec;
        item.body = encodeShift(rec);
      });
    for (const auto& m : batch.stockMovements)
      consider(RecordType::StockMovement, m, slot++, [](IngestItem& item, const core::StockMovementRecord& rec) {
        item.movement = &rec;
        item.body = encodeMovement(rec);
      });
    // Audit entries answer after the items, in order (IngestRun::storeAudit).
    for (const auto& e : batch.audit) {
      RecordResult& r = response.results[slot];
      r.id = e.id;
      r.type = RecordType::Audit;
      if (!e.record) {
        r.status = RecordStatus::Rejected;
        r.reason = e.error;
      } else {
        request.audit.push_back(&*e.record);
        slots.push_back(slot);
      }
      ++slot;
    }
    if (!request.items.empty() || !request.audit.empty()) {
      // The store's own checks (event, catalog, ids, booth vendor) run here, in parallel, not on the writer.
      if (auto admitted = store.admit(request); !admitted) {
        res.set_header("Retry-After", "1");
        return sendError(res, 503, admitted.error().message);
      }
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

  // The work-meeting workbook, compare and the year (figures.hpp), made when the events they
  // read changed (ETag and 304 as the other organizer answers).
  void reportXlsx(Call& c) {
    if (unchanged(c, "xlsx")) return;
    auto content = eventWorkbook(store, c.params.at(0), options.clock());
    if (!content) return sendFailure(c.res, content.error());
    auto book = workbookBytes(*content);
    if (!book) return sendFailure(c.res, book.error());
    c.res.status = 200;
    c.res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}-report.xlsx\"", content->event.code));
    c.res.set_content(std::move(*book), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  }

  void compare(Call& c) {
    const std::string a = c.req.get_param_value("a"), b = c.req.get_param_value("b");
    if (a.empty() || b.empty()) return sendError(c.res, 422, "give the two events as ?a=CODE&b=CODE");
    if (unchangedOver(c, "compare", {a, b})) return;
    auto comparison = compareEvents(store, a, b);
    if (!comparison) return sendFailure(c.res, comparison.error());
    c.res.status = 200;
    c.res.set_content(core::comparisonToJson(*comparison), kJson);
  }

  void year(Call& c) {
    // The year goes into the ETag only once it is four digits; anything else is yearReport's to refuse.
    const std::string& y = c.params.at(0);
    const bool digits = y.size() == 4 && std::all_of(y.begin(), y.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (digits && unchangedOver(c, y, {})) return;
    auto report = yearReport(store, c.params.at(0));
    if (!report) return sendFailure(c.res, report.error());
    c.res.status = 200;
    c.res.set_content(core::reportToJson(*report), kJson);
  }

  // ---- access log ------------------------------------------------------------------------------

  void logAccess(const Request& req, const Response& res) {
    if (!log.accessEnabled()) return;
    const RequestContext& ctx = context();
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - ctx.start).count();
    const std::uint64_t bytesIn = parseContentLength(req.get_header_value("Content-Length")).value_or(0);
    // A request httplib refused before routing (bad request line, 414) has no route: say why.
    const std::string_view error = ctx.route || res.status < 400 ? std::string_view{} : reasonPhrase(res.status);
    std::string who = "-";
    if (ctx.principal)
      who = (ctx.principal->kind == Principal::Kind::Device ? "device:" : "organizer:") + ctx.principal->name;
    log.access({req.method, req.path, res.status, static_cast<std::size_t>(bytesIn),
                res.body.empty() ? res.content_length_ : res.body.size(), ms, who, ctx.client.ip, error});
  }
};

Server::Server(ServerStore& store, ServerOptions options) : m_impl(std::make_unique<Impl>(store, std::move(options))) {}

Server::~Server() {
  stop({});
  m_impl->ingest.stop();
}

core::Result<int> Server::bind() {
  Impl& s = *m_impl;
  s.trustedProxies.clear();
  for (const std::string& text : s.options.trustedProxies) {
    auto range = IpRange::parse(text);
    if (!range) return core::fail(core::Errc::Invalid, "--trusted-proxy " + range.error().message);
    s.trustedProxies.push_back(*range);
  }
  HubOptions h = s.hubOptions();
  // Every connection is a descriptor: stay under the process's limit with room for the database.
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY && files.rlim_cur > 128)
    h.maxConnections = std::min<std::size_t>(h.maxConnections, static_cast<std::size_t>(files.rlim_cur) - 100);
  s.hub.emplace(std::move(h));
  auto port = s.hub->listen(s.options.host, s.options.port);
  if (!port) return port.failure();
  s.boundPort = *port;
  return s.boundPort;
}

void Server::run() {
  Impl& s = *m_impl;
  if (s.hub && !s.stopped) {
    s.log.info("start", {{"port", std::to_string(s.boundPort)}, {"workers", std::to_string(s.options.workers)},
                         {"protocol", std::to_string(kProtocolVersion)}});
    std::vector<std::thread> workers;
    for (std::size_t i = 0; i < std::max<std::size_t>(1, s.options.workers); ++i) workers.emplace_back([&s] { s.work(); });
    s.hub->run();
    for (auto& t : workers) t.join();
  }
  // Every request in flight has finished; store what they queued and stop the writer.
  s.ingest.stop();
  s.log.info("stopped");
}

void Server::stop(std::string_view reason) {
  if (!m_impl->stopped.exchange(true) && !reason.empty()) m_impl->log.info("stopping", {{"reason", reason}});
  if (m_impl->hub) m_impl->hub->stop();
}

bool Server::isRunning() const { return m_impl->hub && m_impl->hub->isRunning(); }

int Server::port() const { return m_impl->boundPort; }

Server::WriterStats Server::writerStats() const {
  const auto s = m_impl->ingest.stats();
  return {s.commits, s.records, s.busySeconds};
}

}  // namespace pameran::sync
