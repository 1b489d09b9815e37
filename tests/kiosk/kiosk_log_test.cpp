// The kiosk's log file: rotated at its size limit with a bounded number of old files, and it
// says when the previous run did not end cleanly.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "kiosk_fixtures.hpp"
#include "kiosk_log.hpp"

namespace pameran::kiosk {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(KioskLog, RotatesAtItsSizeAndKeepsABoundedNumberOfOldFiles) {
  const fs::path dir = testing::uniqueDir("log");
  auto opened = openKioskLog((dir / "kiosk.db").string(), KioskLogOptions{4096, 2});
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(*opened, (dir / "logs" / "kiosk.log").string());
  for (int i = 0; i < 1000; ++i) spdlog::info("sale {} committed: receipt DEPOK-2026-K01-{:06}", i, i);
  closeKioskLog();
  EXPECT_TRUE(fs::exists(dir / "logs" / "kiosk.log"));
  EXPECT_TRUE(fs::exists(dir / "logs" / "kiosk.1.log"));
  EXPECT_TRUE(fs::exists(dir / "logs" / "kiosk.2.log"));
  EXPECT_FALSE(fs::exists(dir / "logs" / "kiosk.3.log"));
  std::uintmax_t total = 0;
  for (const auto& e : fs::directory_iterator(dir / "logs")) {
    if (e.path().extension() != ".log") continue;
    EXPECT_LE(e.file_size(), 4096u) << e.path();
    total += e.file_size();
  }
  EXPECT_LE(total, 3u * 4096u);
  EXPECT_NE(slurp(dir / "logs" / "kiosk.log").find("receipt DEPOK-2026-K01-000999"), std::string::npos) << "the newest lines are in kiosk.log";
  fs::remove_all(dir);
}

TEST(KioskLog, ARunThatDidNotEndCleanlyIsNotedAtTheNextStart) {
  const fs::path dir = testing::uniqueDir("log");
  const std::string db = (dir / "kiosk.db").string();
  ASSERT_TRUE(openKioskLog(db));
  spdlog::info("first run");
  closeKioskLog();
  ASSERT_TRUE(openKioskLog(db));
  EXPECT_EQ(slurp(dir / "logs" / "kiosk.log").find("did not end cleanly"), std::string::npos);
  // A crash: the marker stays, as the log is never closed.
  spdlog::default_logger()->flush();
  ASSERT_TRUE(fs::exists(dir / "logs" / "kiosk.running"));
  ASSERT_TRUE(openKioskLog(db));
  EXPECT_NE(slurp(dir / "logs" / "kiosk.log").find("did not end cleanly"), std::string::npos);
  closeKioskLog();
  EXPECT_FALSE(fs::exists(dir / "logs" / "kiosk.running"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pameran::kiosk
