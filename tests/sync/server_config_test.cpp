// /etc/pameran/server.toml: the shipped example is valid and says the truth about the defaults;
// bad files are refused with file:line:column; the nginx recipe agrees with the server's limits.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "pameran/sync/server_config.hpp"
#include "../common/temp_dir.hpp"

namespace pameran::sync {
namespace {

using test_support::TempDir;

const std::string kExample = std::string(PAMERAN_SOURCE_DIR) + "/deploy/config/server.toml";
const std::string kNginx = std::string(PAMERAN_SOURCE_DIR) + "/deploy/nginx/pameran.conf";

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void expectDefaultOptions(const ServerOptions& o) {
  const ServerOptions d;
  EXPECT_EQ(o.workers, d.workers);
  EXPECT_EQ(o.readTimeoutSeconds, d.readTimeoutSeconds);
  EXPECT_EQ(o.bodyTimeoutSeconds, d.bodyTimeoutSeconds);
  EXPECT_EQ(o.accessLog, d.accessLog);
  EXPECT_EQ(o.limits.maxBodyBytes, d.limits.maxBodyBytes);
  EXPECT_EQ(o.limits.maxRecords, d.limits.maxRecords);
  EXPECT_EQ(o.requestsPerSecond, d.requestsPerSecond);
  EXPECT_EQ(o.burst, d.burst);
  EXPECT_EQ(o.enrollPerMinute, d.enrollPerMinute);
  EXPECT_EQ(o.maxConnections, d.maxConnections);
  EXPECT_EQ(o.maxConnectionsPerAddress, d.maxConnectionsPerAddress);
}

TEST(ServerConfig, TheShippedExampleServesSqliteUnderVarLibOnLoopbackBehindNginx) {
  auto c = readServeConfig(kExample);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->listen, "127.0.0.1:8080");
  EXPECT_EQ(c->db, "/var/lib/pameran/server.db");
  EXPECT_EQ(c->pg, "");
  EXPECT_EQ(c->options.trustedProxies, (std::vector<std::string>{"127.0.0.1", "::1"})) << "nginx on this machine";
  expectDefaultOptions(c->options);
}

TEST(ServerConfig, EveryCommentedSettingOfTheExampleIsValidAndItsValueIsTheDefault) {
  // Uncomment `#key = value` lines (not the PostgreSQL alternative): the file must still read, and
  // give exactly the defaults the comments promise.
  std::istringstream in(slurp(kExample));
  std::string line, text;
  int uncommented = 0;
  const std::regex setting(R"(^#([a-z_]+ = .*)$)");
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, setting) && line.find("postgresql") == std::string::npos) {
      text += m[1].str() + "\n";
      ++uncommented;
    } else {
      text += line + "\n";
    }
  }
  EXPECT_GE(uncommented, 9);
  TempDir dir;
  std::ofstream(dir.file("all.toml")) << text;
  auto c = readServeConfig(dir.file("all.toml"));
  ASSERT_TRUE(c) << c.error().message;
  expectDefaultOptions(c->options);
}

TEST(ServerConfig, SettingsReachTheServerOptions) {
  TempDir dir;
  std::ofstream(dir.file("s.toml")) << "listen = \"0.0.0.0:9443\"\n"
                                       "[store]\npostgresql = \"postgresql://pameran@db/pameran\"\n"
                                       "[http]\nworkers = 8\naccess_log = \"\"\n"
                                       "[limits]\nrequests_per_second = 2.5\nmax_batch_records = 100\n"
                                       "[proxy]\ntrusted = [\"10.0.0.0/8\"]\n";
  auto c = readServeConfig(dir.file("s.toml"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->listen, "0.0.0.0:9443");
  EXPECT_EQ(c->pg, "postgresql://pameran@db/pameran");
  EXPECT_EQ(c->db, "");
  EXPECT_EQ(c->options.workers, 8u);
  EXPECT_EQ(c->options.accessLog, "");
  EXPECT_EQ(c->options.requestsPerSecond, 2.5);
  EXPECT_EQ(c->options.limits.maxRecords, 100u);
  EXPECT_EQ(c->options.trustedProxies, (std::vector<std::string>{"10.0.0.0/8"}));
}

TEST(ServerConfig, BadFilesAreRefusedWithTheirPlace) {
  TempDir dir;
  const auto errorOf = [&](const std::string& text) {
    std::ofstream(dir.file("bad.toml"), std::ios::trunc) << text;
    auto c = readServeConfig(dir.file("bad.toml"));
    return c ? std::string("(accepted)") : c.error().message.substr(dir.file("bad.toml").size());
  };
  EXPECT_EQ(errorOf("listen = \"localhost\"\n"), ":1:10: listen must be HOST:PORT, e.g. 127.0.0.1:8080");
  EXPECT_EQ(errorOf("listen = \"127.0.0.1:99999\"\n"), ":1:10: listen port must be 0-65535");
  EXPECT_EQ(errorOf("[store]\nsqlite = \"\"\n"), ":2:10: store.sqlite must not be empty");
  EXPECT_EQ(errorOf("[store]\npostgresql = \"host=db\"\n"),
            ":2:14: store.postgresql must be a URI: postgresql://USER@HOST:PORT/DATABASE");
  EXPECT_EQ(errorOf("[store]\nsqlite = \"a.db\"\npostgresql = \"postgresql://db/p\"\n"),
            ": store.sqlite and store.postgresql are both set; keep one");
  EXPECT_EQ(errorOf("[limits]\nmax_body_bytes = 1\n"), ":2:18: limits.max_body_bytes must be 65536 to 67108864");
  EXPECT_EQ(errorOf("[limits]\nrate = 5\n"), ":2:1: unknown setting 'limits.rate'");
  EXPECT_EQ(errorOf("[proxy]\ntrusted = [\"127.0.0.1\", \"nginx\"]\n"),
            ":2:11: proxy.trusted 'nginx' is not an IP address or CIDR block (10.0.0.5, 10.0.0.0/24, ::1)");
}

TEST(ServerConfig, FlagsOnTheCommandLineWinOverTheFile) {
  TempDir dir;
  std::ofstream(dir.file("s.toml")) << "listen = \"0.0.0.0:9443\"\n[store]\nsqlite = \"/var/lib/pameran/server.db\"\n"
                                       "[http]\nworkers = 8\nmax_connections = 500\n[limits]\nburst = 5.0\nmax_batch_records = 100\n"
                                       "[proxy]\ntrusted = [\"127.0.0.1\"]\n";
  auto file = readServeConfig(dir.file("s.toml"));
  ASSERT_TRUE(file) << file.error().message;
  std::string db = "/tmp/flag.db", pg, listen = "127.0.0.1:8080";
  ServerOptions options;
  options.burst = 77;
  options.trustedProxies = {"10.1.1.1"};
  const std::set<std::string> flags = {"--db", "--burst", "--trusted-proxy"};
  applyServeConfig(*file, [&](const std::string& f) { return flags.count(f) > 0; }, db, pg, listen, options);
  EXPECT_EQ(db, "/tmp/flag.db");
  EXPECT_EQ(listen, "0.0.0.0:9443");
  EXPECT_EQ(options.workers, 8u);
  EXPECT_EQ(options.maxConnections, 500u);
  EXPECT_EQ(options.burst, 77.0);
  EXPECT_EQ(options.limits.maxRecords, 100u);
  EXPECT_EQ(options.trustedProxies, (std::vector<std::string>{"10.1.1.1"}));
  applyServeConfig(*file, [](const std::string&) { return false; }, db, pg, listen, options);
  EXPECT_EQ(db, "/var/lib/pameran/server.db");
  EXPECT_EQ(options.trustedProxies, (std::vector<std::string>{"127.0.0.1"}));
}

TEST(ServerConfig, ListenAddressesSplitIntoHostAndPort) {
  EXPECT_EQ(*parseListenAddress("127.0.0.1:8080"), (std::pair<std::string, int>{"127.0.0.1", 8080}));
  EXPECT_EQ(*parseListenAddress("[::1]:0"), (std::pair<std::string, int>{"::1", 0}));
  EXPECT_EQ(*parseListenAddress("0.0.0.0:443"), (std::pair<std::string, int>{"0.0.0.0", 443}));
  for (const char* bad : {"", "8080", ":8080", "host:", "host:80x", "host:-1", "host:65536", "[]:80"})
    EXPECT_FALSE(parseListenAddress(bad)) << bad;
}

TEST(ServerConfig, TheNginxRecipeLetsThroughExactlyTheBodiesTheServerTakes) {
  const std::string conf = slurp(kNginx);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(conf, m, std::regex(R"(client_max_body_size\s+(\d+)m;)"))) << "no client_max_body_size in " << kNginx;
  EXPECT_EQ(std::stoul(m[1].str()) << 20, Limits{}.maxBodyBytes);
  ASSERT_TRUE(std::regex_search(conf, m, std::regex(R"(server\s+127\.0\.0\.1:(\d+))")));
  auto example = readServeConfig(kExample);
  ASSERT_TRUE(example);
  EXPECT_EQ(example->listen, "127.0.0.1:" + m[1].str()) << "nginx forwards to where the example config listens";
}

}  // namespace
}  // namespace pameran::sync
