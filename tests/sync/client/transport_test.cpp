// Transport and identity: TLS verification is always on (P12) and enrollment codes are single-use
// and expire, refused without touching the kiosk's database (P13, the client's side).
#include <cstdlib>

#include "client_fixtures.hpp"
#include "pameran/core/ids.hpp"

namespace pameran::sync {
namespace {

using namespace std::chrono_literals;
using namespace pameran::sync::testing;

// A self-signed certificate for 127.0.0.1 made with the openssl command line for this test run.
struct SelfSigned {
  TempDir dir;
  std::string cert = dir.file("cert.pem");
  std::string key = dir.file("key.pem");
  SelfSigned() {
    const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
                            "-addext subjectAltName=IP:127.0.0.1 -keyout '" + key + "' -out '" + cert + "' >'" +
                            dir.file("openssl.log") + "' 2>&1";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("openssl could not make a certificate");
  }
};

// An HTTPS server that counts every request that reaches its HTTP layer.
class TlsServer {
 public:
  explicit TlsServer(const SelfSigned& cert) : m_http(cert.cert.c_str(), cert.key.c_str()) {
    if (!m_http.is_valid()) throw std::runtime_error("SSLServer did not load the certificate");
    m_http.set_pre_routing_handler([this](const httplib::Request&, httplib::Response&) {
      ++m_requests;
      return httplib::Server::HandlerResponse::Unhandled;
    });
    m_http.Get("/api/v1/health", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"status":"ok"})", "application/json");
    });
    m_http.Post("/api/v1/sales", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(answerAllStored(req.body), "application/json");
    });
    m_http.Post("/api/v1/enroll", [](const httplib::Request&, httplib::Response& res) {
      res.status = 401;
      res.set_content(encodeError("unknown enrollment code"), "application/json");
    });
    m_port = m_http.bind_to_any_port("127.0.0.1");
    m_thread = std::thread([this] { m_http.listen_after_bind(); });
    for (int i = 0; i < 1000 && !m_http.is_running(); ++i) std::this_thread::sleep_for(1ms);
  }
  ~TlsServer() {
    m_http.stop();
    m_thread.join();
  }
  std::string url(const std::string& host = "127.0.0.1") const { return "https://" + host + ":" + std::to_string(m_port); }
  int requests() const { return m_requests.load(); }

 private:
  httplib::SSLServer m_http;
  std::thread m_thread;
  int m_port = 0;
  std::atomic<int> m_requests{0};
};

TEST(Tls, UntrustedCertificateIsRefusedBeforeAnyRequestByte) {
  SelfSigned cert;
  TlsServer server(cert);
  HttpClient http(HttpOptions{server.url(), "", 3000, 3000});
  http.setToken(core::randomHex(32));
  const HttpResponse post = http.post("/api/v1/sales", R"({"protocol_version":1,"sales":[]})", true);
  EXPECT_EQ(post.status, 0);
  EXPECT_TRUE(post.tlsFailure) << post.error;
  EXPECT_FALSE(post.error.empty());
  const HttpResponse get = http.get("/api/v1/health");
  EXPECT_EQ(get.status, 0);
  EXPECT_TRUE(get.tlsFailure) << get.error;
  EXPECT_EQ(classify(get), Verdict::RetryLater);
  EXPECT_EQ(server.requests(), 0) << "a request reached the server over an unverified connection";
}

TEST(Tls, CertificateNamedAsCaFileIsTrusted) {
  SelfSigned cert;
  TlsServer server(cert);
  HttpClient http(HttpOptions{server.url(), cert.cert, 3000, 3000});
  const HttpResponse get = http.get("/api/v1/health");
  EXPECT_EQ(get.status, 200) << get.error;
  EXPECT_FALSE(get.tlsFailure);
  EXPECT_EQ(server.requests(), 1);
}

TEST(Tls, TrustedCertificateForAnotherHostNameIsRefused) {
  SelfSigned cert;  // made for 127.0.0.1 only
  TlsServer server(cert);
  HttpClient http(HttpOptions{server.url("localhost"), cert.cert, 3000, 3000});
  const HttpResponse get = http.get("/api/v1/health");
  EXPECT_EQ(get.status, 0);
  EXPECT_TRUE(get.tlsFailure) << get.error;
  EXPECT_EQ(server.requests(), 0);
}

TEST(Tls, VerificationFailuresBackOffAndKeepTheQueue) {
  SelfSigned cert;
  TlsServer server(cert);
  TempDir dir;
  auto store = seededKiosk(dir.file("kiosk.db"), 5, 3);
  const std::int64_t pending = store->outbox().stats().pending;
  HttpClient http(HttpOptions{server.url(), "", 3000, 3000});
  http.setToken(core::randomHex(32));
  Uploader uploader(*store, http);
  RecordingSleep sleep;
  Backoff backoff(1000, 60'000, 4);
  const DrainResult r = drain(uploader, *store, backoff, 30'000, sleep.fn());
  EXPECT_TRUE(r.gaveUp);
  EXPECT_EQ(r.pendingLeft, pending);
  EXPECT_NE(r.error.find("TLS"), std::string::npos) << r.error;
  // Never a hot loop: every attempt after the first waits, and the waits widen.
  EXPECT_LE(sleep.delays.size(), 12u);
  Backoff replay(1000, 60'000, 4);
  for (std::int64_t d : sleep.delays) EXPECT_EQ(d, replay.nextDelayMs());
  EXPECT_EQ(server.requests(), 0);
  EXPECT_EQ(store->outbox().stats().quarantined, 0);
}

TEST(Tls, EnrollmentWithAnUntrustedServerChangesNothing) {
  SelfSigned cert;
  TlsServer server(cert);
  TempDir dir;
  const std::string kioskDb = dir.file("kiosk.db");
  auto store = openKiosk(kioskDb);
  const auto before = kioskSettings(kioskDb);
  auto answer = enroll(*store, server.url(), "ABCD-EFGH-JKMN", "Kios");
  ASSERT_FALSE(answer);
  EXPECT_NE(answer.error().message.find("cannot reach"), std::string::npos) << answer.error().message;
  EXPECT_EQ(kioskSettings(kioskDb), before);
  EXPECT_EQ(server.requests(), 0);
}

// ---- P13, the kiosk's side -----------------------------------------------------------------------

TEST(Enrollment, ReusedCodeIsRefusedAndTheKioskDatabaseIsUnchanged) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  const std::string code = server.enrollmentCode();
  auto first = openKiosk(dir.file("first.db"));
  enrollKiosk(*first, server.url(), code);
  EXPECT_FALSE(first->settings().device().token.empty());

  const std::string secondDb = dir.file("second.db");
  auto second = seededKiosk(secondDb, 2, 1);
  const auto before = kioskSettings(secondDb);
  const std::size_t events = second->catalog().events().size();
  const std::int64_t pending = second->outbox().stats().pending;
  auto answer = enroll(*second, server.url(), code, "Kios Kedua");
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, core::Errc::Unauthorized);
  EXPECT_NE(answer.error().message.find("already used"), std::string::npos) << answer.error().message;
  EXPECT_EQ(kioskSettings(secondDb), before);
  EXPECT_EQ(second->settings().device().token, "");
  EXPECT_EQ(second->catalog().events().size(), events);
  EXPECT_EQ(second->outbox().stats().pending, pending);
}

TEST(Enrollment, ExpiredCodeIsRefusedAndKeepsTheEnrolledIdentity) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  const std::string kioskDb = dir.file("kiosk.db");
  auto store = openKiosk(kioskDb);
  enrollKiosk(*store, server.url(), server.enrollmentCode());
  const core::DeviceInfo enrolled = store->settings().device();
  const auto before = kioskSettings(kioskDb);

  const std::string expired = server.enrollmentCode(core::systemClock()() - 60'000);
  auto answer = enroll(*store, server.url(), expired, "Kios");
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, core::Errc::Unauthorized);
  EXPECT_NE(answer.error().message.find("expired"), std::string::npos) << answer.error().message;
  EXPECT_EQ(kioskSettings(kioskDb), before);
  EXPECT_EQ(store->settings().device().token, enrolled.token);
  EXPECT_EQ(store->settings().device().deviceId, enrolled.deviceId);
}

TEST(Enrollment, MalformedServerUrlOrCodeIsRefusedWithoutARequest) {
  TempDir dir;
  const std::string kioskDb = dir.file("kiosk.db");
  auto store = openKiosk(kioskDb);
  const auto before = kioskSettings(kioskDb);
  for (const std::string url : {"ftp://127.0.0.1:1", "http://127.0.0.1:1/api", "127.0.0.1:8080", "http://"})
    EXPECT_EQ(enroll(*store, url, "ABCD-EFGH-JKMN", "Kios").error().code, core::Errc::Invalid) << url;
  EXPECT_EQ(enroll(*store, "http://127.0.0.1:1", "", "Kios").error().code, core::Errc::Invalid);
  EXPECT_EQ(kioskSettings(kioskDb), before);
}

TEST(PlainHttp, OnlyLoopbackOrAnExplicitChoiceMayUseHttp) {
  for (const std::string url : {"https://pameran.example:8443", "http://127.0.0.1:8080", "http://127.9.8.7", "http://localhost:8080",
                                "http://[::1]:8080"})
    EXPECT_EQ(serverUrlProblem(url, false), "") << url;
  for (const std::string url : {"http://192.0.2.10:8080", "http://pameran.example", "http://127.0.0.1.example.com",
                                "http://localhost.example", "http://[::2]:80", "http://1270.0.0.1"}) {
    EXPECT_NE(serverUrlProblem(url, false).find("--allow-insecure-http"), std::string::npos) << url;
    EXPECT_EQ(serverUrlProblem(url, true), "") << url;
  }
  EXPECT_NE(serverUrlProblem("ftp://127.0.0.1", true), "");
}

TEST(PlainHttp, EnrollmentOverHttpToAnotherMachineIsRefusedWithoutARequest) {
  TempDir dir;
  const std::string kioskDb = dir.file("kiosk.db");
  auto store = openKiosk(kioskDb);
  const auto before = kioskSettings(kioskDb);
  // 192.0.2.0/24 is reserved for documentation: nothing may be sent there, and nothing is.
  auto answer = enroll(*store, "http://192.0.2.10:8080", "ABCD-EFGH-JKMN", "Kios");
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, core::Errc::Invalid);
  EXPECT_NE(answer.error().message.find("plain http"), std::string::npos) << answer.error().message;
  EXPECT_EQ(kioskSettings(kioskDb), before);
}

TEST(PlainHttp, TheChoiceIsStoredWithTheEnrollmentAndGovernsLaterSyncs) {
  TempDir dir;
  auto store = openKiosk(dir.file("kiosk.db"));
  core::DeviceInfo device = store->settings().device();
  device.deviceId = core::newUuid();
  device.serverUrl = "http://192.0.2.10:8080";
  device.token = std::string(64, 'a');
  ASSERT_TRUE(store->settings().setDevice(device));
  auto refused = clientFor(*store);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("--allow-insecure-http"), std::string::npos) << refused.error().message;
  device.allowInsecureHttp = true;
  ASSERT_TRUE(store->settings().setDevice(device));
  EXPECT_TRUE(store->settings().device().allowInsecureHttp);
  EXPECT_TRUE(clientFor(*store));
  // A one-off --server on a kiosk enrolled over https must be https too.
  device.allowInsecureHttp = false;
  device.serverUrl = "https://192.0.2.10:8443";
  ASSERT_TRUE(store->settings().setDevice(device));
  EXPECT_FALSE(clientFor(*store, "http://192.0.2.11:8080"));
  EXPECT_TRUE(clientFor(*store, "http://127.0.0.1:8080"));
}

TEST(PlainHttp, EnrollingOverLoopbackHttpStoresNoInsecureFlag) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  auto store = openKiosk(dir.file("kiosk.db"));
  auto answer = enroll(*store, server.url(), server.enrollmentCode(), "Kios", {}, true);
  ASSERT_TRUE(answer) << answer.error().message;
  EXPECT_FALSE(store->settings().device().allowInsecureHttp);  // nothing crossed a network
}

#ifdef PAMERAN_KIOSK_EXE
TEST(Enrollment, KioskCommandRefusesAReusedCodeWithOneLineAndNonZeroExit) {
  TempDir dir;
  LoopbackServer server(dir.file("server.db"));
  const std::string code = server.enrollmentCode();
  ChildProcess first({PAMERAN_KIOSK_EXE, "enroll", "--db", dir.file("a.db"), "--server", server.url(), "--code", code},
                     dir.file("a.log"));
  ASSERT_EQ(first.wait(30s), 0) << first.output();
  {
    auto b = openKiosk(dir.file("b.db"));
  }
  const auto before = kioskSettings(dir.file("b.db"));
  ChildProcess second({PAMERAN_KIOSK_EXE, "enroll", "--db", dir.file("b.db"), "--server", server.url(), "--code", code},
                      dir.file("b.log"));
  const auto rc = second.wait(30s);
  ASSERT_TRUE(rc);
  EXPECT_NE(*rc, 0);
  const std::string out = second.output();
  EXPECT_NE(out.find("already used"), std::string::npos) << out;
  EXPECT_EQ(out.find('\n'), out.size() - 1) << "not one line: " << out;
  EXPECT_EQ(kioskSettings(dir.file("b.db")), before);
}
#endif

}  // namespace
}  // namespace pameran::sync
