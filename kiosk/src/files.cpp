#include "files.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace pameran::kiosk {

namespace fs = std::filesystem;
using core::Errc;
using core::fail;

core::Result<std::string> readFile(const std::string& path) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return fail(Errc::NotFound, path + ": no such file");
  if (!fs::is_regular_file(status)) return fail(Errc::Invalid, path + ": not a regular file");
  const auto size = fs::file_size(path, ec);
  if (ec) return fail(Errc::Storage, path + ": " + ec.message());
  if (size > 64u * 1024u * 1024u) return fail(Errc::Invalid, path + ": file too large (over 64 MiB)");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Errc::Storage, path + ": cannot be read");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return fail(Errc::Storage, path + ": read error");
  return buf.str();
}

core::Result<void> writeFileAtomic(const std::string& path, const std::string& data) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return fail(Errc::Storage, path + ": cannot be written");
    out << data;
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(tmp, ignored);
      return fail(Errc::Storage, path + ": write failed (disk full?)");
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return fail(Errc::Storage, path + ": cannot be written");
  }
  return {};
}

std::string defaultDatabasePath() {
  if (const char* env = std::getenv("PAMERAN_DB"); env && *env) return env;
  fs::path dir;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    dir = fs::path(xdg) / "pameran";
  else if (const char* home = std::getenv("HOME"); home && *home)
    dir = fs::path(home) / ".local" / "share" / "pameran";
  else
    dir = fs::current_path();
  std::error_code ec;
  fs::create_directories(dir, ec);
  return (dir / "kiosk.db").string();
}

}  // namespace pameran::kiosk
