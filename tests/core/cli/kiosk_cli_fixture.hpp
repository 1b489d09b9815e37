#pragma once
// The pameran-kiosk commands run as a user would: a child process, its exit code, stdout and
// stderr; a kiosk database with the test catalog imported through the command itself.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "../store/store_fixture.hpp"

namespace pameran::test {

struct Outcome {
  int code = -1;
  std::string out, err;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void spit(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

class KioskCli : public ::testing::Test {
 protected:
  Outcome run(std::vector<std::string> args) {
    const std::string outPath = dir.file("stdout.txt"), errPath = dir.file("stderr.txt");
    const pid_t pid = fork();
    if (pid == 0) {
      const int out = open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int err = open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2(out, STDOUT_FILENO);
      dup2(err, STDERR_FILENO);
      std::vector<char*> argv;
      static std::string program = PAMERAN_KIOSK;
      argv.push_back(program.data());
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(program.c_str(), argv.data());
      _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    Outcome r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(outPath);
    r.err = slurp(errPath);
    return r;
  }

  // A failure as DESIGN.md wants it: non-zero, one line on stderr naming the program.
  static void expectOneLineError(const Outcome& r, const std::string& mustContain = {}) {
    EXPECT_NE(r.code, 0) << r.out;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.err.rfind("pameran-kiosk: ", 0), 0u) << r.err;
    if (!mustContain.empty()) {
      EXPECT_NE(r.err.find(mustContain), std::string::npos) << r.err;
    }
  }

  std::string db() const { return dir.file("kiosk.db"); }

  // A kiosk with the test catalog imported through the command itself.
  void importTestCatalog() {
    spit(dir.file("vendors.csv"), testVendorsCsv());
    spit(dir.file("products.csv"), testProductsCsv());
    const Outcome r = run({"catalog", "import", "--db", db(), "--event", kEvent, "--event-name", "Pameran Uji", "--vendors",
                       dir.file("vendors.csv"), "--products", dir.file("products.csv")});
    ASSERT_EQ(r.code, 0) << r.err;
  }

  // What an import could change, seen through the commands and the file.
  std::string snapshot() {
    const Outcome e = run({"catalog", "export", "--db", db(), "--vendors", dir.file("snap-v.csv"), "--products", dir.file("snap-p.csv")});
    EXPECT_EQ(e.code, 0) << e.err;
    const Outcome rep = run({"report", "--db", db()});
    SQLite::Database raw(db(), SQLite::OPEN_READONLY);
    return slurp(dir.file("snap-v.csv")) + slurp(dir.file("snap-p.csv")) + rep.out +
           std::to_string(scalar(raw, "SELECT COUNT(*) FROM stock_movement")) + "/" +
           std::to_string(scalar(raw, "SELECT COUNT(*) FROM event")) + "/" + std::to_string(scalar(raw, "SELECT COUNT(*) FROM vendor"));
  }

  TempDir dir;
};

}  // namespace pameran::test
