// Settings files: every key known, typed and range-checked, errors as `file:line:column: reason`.
#include <gtest/gtest.h>

#include <fstream>

#include "pameran/core/config_file.hpp"
#include "../common/temp_dir.hpp"

namespace pameran::core {
namespace {

struct Settings {
  std::string listen = "127.0.0.1:8080";
  std::string sqlite;
  int workers = 64;
  double rate = 20.0;
  bool verbose = false;
  std::vector<std::string> trusted;

  std::vector<ConfigKey> keys() {
    return {stringKey("listen", listen,
                      [](const std::string& s) -> std::optional<std::string> {
                        if (s.find(':') == std::string::npos) return "must be HOST:PORT";
                        return std::nullopt;
                      }),
            stringKey("store.sqlite", sqlite), integerKey("http.workers", workers, 1, 1024),
            numberKey("limits.rate", rate, 0.01, 100000), boolKey("log.verbose", verbose),
            stringListKey("proxy.trusted", trusted)};
  }
};

Result<Settings> read(std::string_view text) {
  Settings s;
  auto ok = readConfigText(text, "server.toml", s.keys());
  if (!ok) return ok.failure();
  return s;
}

std::string errorOf(std::string_view text) {
  auto r = read(text);
  return r ? std::string("(accepted)") : r.error().message;
}

TEST(ConfigFile, KeysSetInTheFileAreAppliedAndOthersKeepTheirDefaults) {
  auto s = read(R"(
# a comment
listen = "0.0.0.0:9000"
[store]
sqlite = "/var/lib/pameran/server.db"
[limits]
rate = 5          # an integer is a fine number
[proxy]
trusted = ["127.0.0.1", "10.0.0.0/8"]
)");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->listen, "0.0.0.0:9000");
  EXPECT_EQ(s->sqlite, "/var/lib/pameran/server.db");
  EXPECT_EQ(s->rate, 5.0);
  EXPECT_EQ(s->workers, 64) << "not in the file: default kept";
  EXPECT_FALSE(s->verbose);
  EXPECT_EQ(s->trusted, (std::vector<std::string>{"127.0.0.1", "10.0.0.0/8"}));
}

TEST(ConfigFile, DottedKeysAndSectionsAreTheSame) {
  auto s = read("store.sqlite = \"a.db\"\nhttp.workers = 3\n");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->sqlite, "a.db");
  EXPECT_EQ(s->workers, 3);
}

TEST(ConfigFile, AnUnknownKeyOrSectionIsRefusedWhereItStands) {
  EXPECT_EQ(errorOf("listen = \"a:1\"\n[store]\nsqlit = \"x.db\"\n"), "server.toml:3:1: unknown setting 'store.sqlit'");
  EXPECT_EQ(errorOf("\n[stroe]\nsqlite = \"x.db\"\n"), "server.toml:2:2: unknown section [stroe]");
  EXPECT_EQ(errorOf("[http]\nworkers = 4\n  max = 1\n"), "server.toml:3:3: unknown setting 'http.max'");
}

TEST(ConfigFile, AValueOfTheWrongTypeOrOutOfRangeNamesItsKeyAndPlace) {
  EXPECT_EQ(errorOf("[http]\nworkers = \"many\"\n"), "server.toml:2:11: http.workers must be a whole number");
  EXPECT_EQ(errorOf("[http]\nworkers = 0\n"), "server.toml:2:11: http.workers must be 1 to 1024");
  EXPECT_EQ(errorOf("[http]\nworkers = 2.5\n"), "server.toml:2:11: http.workers must be a whole number");
  EXPECT_EQ(errorOf("[limits]\nrate = 0\n"), "server.toml:2:8: limits.rate must be 0.01 to 100000");
  EXPECT_EQ(errorOf("listen = 8080\n"), "server.toml:1:10: listen must be text in quotes");
  EXPECT_EQ(errorOf("listen = \"8080\"\n"), "server.toml:1:10: listen must be HOST:PORT");
  EXPECT_EQ(errorOf("[log]\nverbose = \"yes\"\n"), "server.toml:2:11: log.verbose must be true or false");
  EXPECT_EQ(errorOf("[proxy]\ntrusted = [\"::1\", 7]\n"),
            "server.toml:2:19: proxy.trusted must be a list of texts in quotes, e.g. [\"a\", \"b\"]");
  EXPECT_EQ(errorOf("[store]\nsqlite = { path = \"x\" }\n"), "server.toml:2:10: store.sqlite must be text in quotes");
}

TEST(ConfigFile, BrokenTomlIsOneLineWithItsPlace) {
  const std::string e = errorOf("listen = \"127.0.0.1:8080\n[store]\n");
  EXPECT_TRUE(e.starts_with("server.toml:1:")) << e;
  EXPECT_EQ(e.find('\n'), std::string::npos) << e;
  const std::string twice = errorOf("listen = \"a:1\"\nlisten = \"b:2\"\n");
  EXPECT_TRUE(twice.starts_with("server.toml:2:")) << twice;
}

TEST(ConfigFile, MissingOrUnreadableFilesSaySo) {
  test_support::TempDir dir;
  Settings s;
  auto missing = readConfigFile(dir.file("nope.toml"), s.keys());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, dir.file("nope.toml") + ": no such settings file");
  auto folder = readConfigFile(dir.path().string(), s.keys());
  ASSERT_FALSE(folder);
  EXPECT_NE(folder.error().message.find("not a regular file"), std::string::npos);
  std::ofstream(dir.file("ok.toml")) << "[http]\nworkers = 8\n";
  ASSERT_TRUE(readConfigFile(dir.file("ok.toml"), s.keys()));
  EXPECT_EQ(s.workers, 8);
  std::ofstream(dir.file("bad.toml")) << "[http]\nworkers = -1\n";
  auto bad = readConfigFile(dir.file("bad.toml"), s.keys());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, dir.file("bad.toml") + ":2:11: http.workers must be 1 to 1024");
}

}  // namespace
}  // namespace pameran::core
