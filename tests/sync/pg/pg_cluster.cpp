#include "pg_cluster.hpp"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <stdexcept>
#include <vector>

#include "../client/client_fixtures.hpp"
#include "pameran/core/ids.hpp"

namespace pameran::sync::testing {
namespace {

namespace fs = std::filesystem;

// The server binaries of Debian's postgresql package: version 15 on Debian 12, else the newest.
std::string findBinDir() {
  const fs::path preferred = "/usr/lib/postgresql/15/bin";
  std::error_code ec;
  if (fs::exists(preferred / "initdb", ec) && fs::exists(preferred / "pg_ctl", ec)) return preferred.string();
  std::string best;
  if (fs::is_directory("/usr/lib/postgresql", ec))
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
      const fs::path bin = entry.path() / "bin";
      if (fs::exists(bin / "initdb", ec) && fs::exists(bin / "pg_ctl", ec) && bin.string() > best) best = bin.string();
    }
  if (best.empty())
    throw std::runtime_error(
        "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin: the PostgreSQL store "
        "cannot be tested. Install the postgresql package (scripts/deps.sh does).");
  return best;
}

int freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  ::close(fd);
  if (port == 0) throw std::runtime_error("no free loopback port");
  return port;
}

// Hands a copied tree to the cluster's owner (as root the cluster runs as postgres).
void chownTree(const fs::path& root, const passwd* owner) {
  if (!owner) return;
  auto give = [&](const fs::path& p) {
    if (::lchown(p.c_str(), owner->pw_uid, owner->pw_gid) != 0) throw std::runtime_error("cannot chown " + p.string());
  };
  give(root);
  for (const auto& entry : fs::recursive_directory_iterator(root)) give(entry.path());
}

// Holds an exclusive flock on a file for its lifetime.
class FileLock {
 public:
  explicit FileLock(const fs::path& path) : m_fd(::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644)) {
    if (m_fd < 0 || ::flock(m_fd, LOCK_EX) != 0) throw std::runtime_error("cannot lock " + path.string());
  }
  ~FileLock() {
    ::flock(m_fd, LOCK_UN);
    ::close(m_fd);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int m_fd;
};

std::string tail(const std::string& text, std::size_t n = 1500) { return text.size() <= n ? text : text.substr(text.size() - n); }

// Owns the process's cluster so that it is stopped after the last test, not at static destruction.
class ClusterEnvironment : public ::testing::Environment {
 public:
  PgCluster& get() {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (!m_cluster) m_cluster = std::make_unique<PgCluster>();
    return *m_cluster;
  }
  void TearDown() override {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_cluster.reset();
  }

 private:
  std::mutex m_mutex;
  std::unique_ptr<PgCluster> m_cluster;
};

ClusterEnvironment* const g_environment =
    static_cast<ClusterEnvironment*>(::testing::AddGlobalTestEnvironment(new ClusterEnvironment));

}  // namespace

PgCluster::PgCluster() : m_bin(findBinDir()) {
  const bool root = ::geteuid() == 0;
  const passwd* owner = nullptr;
  if (root) {
    // PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
    owner = ::getpwnam("postgres");
    if (!owner) throw std::runtime_error("running as root but there is no postgres user to own the test cluster (install postgresql)");
    for (const char* candidate : {"/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"})
      if (::access(candidate, X_OK) == 0) {
        m_runuser = candidate;
        break;
      }
    if (m_runuser.empty()) throw std::runtime_error("running as root but runuser (util-linux) is missing");
  }
  m_dir = fs::temp_directory_path() / ("pameran-pg-" + core::randomHex(6));
  fs::create_directories(m_dir);
  fs::permissions(m_dir, fs::perms::owner_all, fs::perm_options::replace);
  if (owner && ::chown(m_dir.c_str(), owner->pw_uid, owner->pw_gid) != 0) {
    fs::remove_all(m_dir);
    throw std::runtime_error("cannot hand " + m_dir.string() + " to the postgres user");
  }
  try {
    // initdb takes seconds and every test process needs a cluster: the first process of a build
    // keeps a copy of its fresh data directory, the others start from a copy of that.
    const fs::path templateDir =
        fs::path(PAMERAN_BINARY_DIR) / "tests" / ("pg-template-" + fs::path(m_bin).parent_path().filename().string());
    fs::create_directories(templateDir.parent_path());
    if (FileLock lock(templateDir.string() + ".lock"); fs::exists(templateDir / "PG_VERSION")) {
      fs::copy(templateDir, m_dir / "data", fs::copy_options::recursive);
      chownTree(m_dir / "data", owner);
      fs::permissions(m_dir / "data", fs::perms::owner_all, fs::perm_options::replace);
    } else {
      run(asOwner({m_bin + "/initdb", "-D", (m_dir / "data").string(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                   "--locale=C.UTF-8", "--no-sync"}),
          "initdb");
      const fs::path partial = templateDir.string() + ".partial";
      fs::remove_all(partial);
      fs::copy(m_dir / "data", partial, fs::copy_options::recursive);
      fs::rename(partial, templateDir);
    }
    // A port can be taken between choosing and binding it: try a few.
    std::string lastError;
    for (int attempt = 0; attempt < 4 && !m_started; ++attempt) {
      m_port = freePort();
      try {
        run(asOwner({m_bin + "/pg_ctl", "-D", (m_dir / "data").string(), "-l", (m_dir / "server.log").string(), "-w", "-t",
                     "30", "-o",
                     "-p " + std::to_string(m_port) + " -k " + m_dir.string() +
                         " -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=16MB", "start"}),
            "pg_ctl start");
        m_started = true;
      } catch (const std::exception& e) {
        lastError = e.what();
      }
    }
    if (!m_started) throw std::runtime_error(lastError);
  } catch (...) {
    std::error_code ec;
    fs::remove_all(m_dir, ec);
    throw;
  }
}

PgCluster::~PgCluster() {
  if (m_started) {
    try {
      run(asOwner({m_bin + "/pg_ctl", "-D", (m_dir / "data").string(), "-m", "immediate", "-w", "stop"}), "pg_ctl stop");
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
    }
  }
  std::error_code ec;
  fs::remove_all(m_dir, ec);
}

std::vector<std::string> PgCluster::asOwner(std::vector<std::string> args) const {
  if (m_runuser.empty()) return args;
  args.insert(args.begin(), {m_runuser, "-u", "postgres", "--"});
  return args;
}

void PgCluster::run(const std::vector<std::string>& args, const std::string& what) const {
  // The output file lives beside the cluster, not in it: initdb wants an empty data directory.
  const std::string out = (m_dir.parent_path() / (m_dir.filename().string() + "-cmd.log")).string();
  std::string output;
  std::optional<int> rc;
  {
    ChildProcess child(args, out);
    rc = child.wait(std::chrono::seconds(90));
    output = child.output();
  }
  std::error_code ec;
  fs::remove(out, ec);
  if (!rc || *rc != 0) {
    std::string log;
    if (what.rfind("pg_ctl", 0) == 0) {
      std::ifstream in(m_dir / "server.log");
      log = std::string(std::istreambuf_iterator<char>(in), {});
    }
    throw std::runtime_error(what + " failed (" + (rc ? "exit " + std::to_string(*rc) : std::string("timeout")) +
                             "): " + tail(output) + tail(log));
  }
}

std::string PgCluster::uri(const std::string& database) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(m_port) + "/" + database;
}

std::string PgCluster::createDatabase(const std::string& name, const std::string& templateDb) {
  exec("postgres", "CREATE DATABASE " + name + (templateDb.empty() ? "" : " TEMPLATE " + templateDb));
  return uri(name);
}

void PgCluster::exec(const std::string& database, const std::string& sql) const {
  pqxx::connection c(uri(database));
  pqxx::nontransaction n(c);
  n.exec(sql);
}

std::string PgCluster::queryValue(const std::string& database, const std::string& sql) const {
  pqxx::connection c(uri(database));
  pqxx::nontransaction n(c);
  const pqxx::result r = n.exec(sql);
  if (r.empty() || r[0][0].is_null()) return {};
  return r[0][0].as<std::string>();
}

PgCluster& pgCluster() { return g_environment->get(); }

std::string uniqueDatabaseName(const std::string& prefix) { return prefix + "_" + core::randomHex(5); }

}  // namespace pameran::sync::testing
