// `pameran-server backup` as an operator and the nightly timer run it: one file, or dated files
// in a folder with the oldest removed; the settings file names the database; clear refusals.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "pameran/sync/server_backup.hpp"
#include "server_command_fixture.hpp"

namespace pameran::sync {
namespace {

using namespace pameran::sync::testing;
namespace fs = std::filesystem;

class ServerBackup : public ServerCommandTest {
 protected:
  void SetUp() override {
    ASSERT_EQ(run("event create --db s.db --code DEPOK-2026 --name 'Pameran Kriya Depok'").rc, 0);
    writeCatalog();
    ASSERT_EQ(run("catalog import --db s.db --event DEPOK-2026 --vendors v.csv --products p.csv").rc, 0);
    ASSERT_EQ(run("device enroll --db s.db --event DEPOK-2026 --name 'Kios 1'").rc, 0);
  }
  std::string file(const std::string& name) { return m_dir.file(name); }
};

TEST_F(ServerBackup, TheCopyServesTheSameEventAndDevices) {
  const CommandOutcome r = run("backup --db s.db --out copy.db");
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("backed up s.db to copy.db"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("integrity ok"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(file("copy.db-wal")));
  EXPECT_EQ(run("report --db copy.db --event DEPOK-2026").out, run("report --db s.db --event DEPOK-2026").out);
  EXPECT_EQ(run("device list --db copy.db --event DEPOK-2026").out, run("device list --db s.db --event DEPOK-2026").out);
}

TEST_F(ServerBackup, TheSettingsFileNamesTheDatabase) {
  std::ofstream(file("server.toml")) << "[store]\nsqlite = \"" << file("s.db") << "\"\n";
  fs::create_directory(file("nightly"));
  const CommandOutcome r = run("backup --config server.toml --out-dir nightly --keep 5");
  ASSERT_EQ(r.rc, 0) << r.err;
  int copies = 0;
  for (const auto& e : fs::directory_iterator(file("nightly"))) {
    EXPECT_TRUE(std::regex_match(e.path().filename().string(), std::regex(R"(server-\d{8}T\d{6}Z\.db)"))) << e.path();
    ++copies;
  }
  EXPECT_EQ(copies, 1);
}

TEST_F(ServerBackup, NightlyCopiesKeepTheNewestAndTouchNothingElse) {
  fs::create_directory(file("nightly"));
  std::ofstream(file("nightly/notes.txt")) << "keep me";
  std::ofstream(file("nightly/server-manual.db")) << "keep me too";
  constexpr core::EpochMs kDay = 86'400'000;
  const core::EpochMs first = 1'795'748'400'000;  // 2026-11-27 03:00 UTC
  std::vector<std::string> removed;
  for (int night = 0; night < 5; ++night) {
    auto done = backupServer({file("s.db"), "", file("nightly"), 3, first + night * kDay});
    ASSERT_TRUE(done) << done.error().message;
    removed.insert(removed.end(), done->removed.begin(), done->removed.end());
  }
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(file("nightly"))) names.insert(e.path().filename().string());
  EXPECT_EQ(names, (std::set<std::string>{"notes.txt", "server-manual.db", "server-20261129T030000Z.db", "server-20261130T030000Z.db",
                                          "server-20261201T030000Z.db"}));
  EXPECT_EQ(removed, (std::vector<std::string>{file("nightly/server-20261127T030000Z.db"), file("nightly/server-20261128T030000Z.db")}));
}

TEST_F(ServerBackup, BadRequestsGetOneLineAndChangeNothing) {
  struct Case {
    std::string args, says;
  };
  const Case cases[] = {
      {"backup --db s.db --out s.db", "refusing to overwrite"},
      {"backup --db s.db --out s.db-wal", "refusing to overwrite"},
      {"backup --db missing.db --out copy.db", "no such server database"},
      {"backup --db v.csv --out copy.db", "not a server database"},
      {"backup --db s.db", "give either --out FILE or --out-dir DIR"},
      {"backup --db s.db --out copy.db --keep 2", "--keep goes with --out-dir"},
      {"backup --db s.db --out-dir nowhere --keep 2", "nowhere: no such folder"},
      {"backup --pg postgresql://pameran@localhost/pameran --out copy.db", "pg_dump"},
      {"backup --out copy.db", "give the database"},
  };
  for (const Case& c : cases) {
    const CommandOutcome r = run(c.args);
    EXPECT_NE(r.rc, 0) << c.args;
    EXPECT_TRUE(oneLine(r.err)) << c.args << ": " << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << c.args << ": " << r.err;
    EXPECT_FALSE(fs::exists(file("copy.db"))) << c.args;
  }
  EXPECT_EQ(run("report --db s.db --event DEPOK-2026").rc, 0);
}

}  // namespace
}  // namespace pameran::sync
