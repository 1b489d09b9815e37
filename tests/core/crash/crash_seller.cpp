// The child of the crash test (P1, P19). It rings up sales (RandomSeller) as fast as it can and
// reports each one on stdout only after the store's call returned; the parent kills it with
// SIGKILL at a random moment and checks that everything reported is there and nothing is half
// there.
//
//   crash_seller sell DB SEED      sell until killed; one line per record (RandomSeller::Report)
//   crash_seller migrate DB        open (and so migrate) the database, then exit
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "random_seller.hpp"

namespace {

using namespace pameran::core;

// One write(2) per line: a line shorter than PIPE_BUF reaches the parent whole or not at all.
void report(const std::string& line) {
  const std::string out = line + "\n";
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, out.data() + done, out.size() - done);
    if (n <= 0) _exit(5);
    done += static_cast<std::size_t>(n);
  }
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "crash_seller: %s\n", what.c_str());
  std::fflush(stderr);
  _exit(4);
}

int sell(const std::string& path, std::uint64_t seed) {
  auto opened = Store::open(path);
  if (!opened) die("open: " + opened.error().message);
  try {
    pameran::test::RandomSeller seller(**opened, seed, report);
    report("READY");
    for (;;)
      if (auto ok = seller.step(); !ok) die(ok.error().message);
  } catch (const std::exception& e) {
    die(e.what());
  }
}

int migrate(const std::string& path) {
  report("OPENING");
  auto opened = Store::open(path);
  if (!opened) die("open: " + opened.error().message);
  report("MIGRATED " + std::to_string((*opened)->schemaVersion()));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "sell") == 0) return sell(argv[2], std::stoull(argv[3]));
  if (argc == 3 && std::strcmp(argv[1], "migrate") == 0) return migrate(argv[2]);
  std::fprintf(stderr, "usage: crash_seller sell DB SEED | crash_seller migrate DB\n");
  return 2;
}
