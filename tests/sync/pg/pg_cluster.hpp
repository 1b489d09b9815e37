#pragma once
// A throwaway PostgreSQL cluster for the PostgreSQL store's tests: initdb into a temp dir (or a
// copy of the data directory the build's first cluster made, which is quicker), pg_ctl start on a
// free loopback port (socket in the same dir), stopped and removed at the end. Works as
// root with no systemd (initdb and pg_ctl run as the postgres user through runuser, TOOLCHAIN.md
// pitfall 6) and as an ordinary user (run directly). Missing PostgreSQL binaries are a failure
// with a clear message, never a skip.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace pameran::sync::testing {

class PgCluster {
 public:
  /// Starts the cluster; throws std::runtime_error saying what is missing or what went wrong.
  PgCluster();
  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  int port() const { return m_port; }
  /// postgresql://postgres@127.0.0.1:PORT/DATABASE
  std::string uri(const std::string& database) const;
  /// CREATE DATABASE (a copy of `templateDb` when given; nobody may be connected to it); returns its URI.
  std::string createDatabase(const std::string& name, const std::string& templateDb = "");
  /// Runs SQL outside a transaction on a database, for checks and setup in tests.
  void exec(const std::string& database, const std::string& sql) const;
  /// The first column of the first row of a query, as text ("" for NULL or no row).
  std::string queryValue(const std::string& database, const std::string& sql) const;

 private:
  void run(const std::vector<std::string>& args, const std::string& what) const;
  std::vector<std::string> asOwner(std::vector<std::string> args) const;

  std::filesystem::path m_dir;
  std::string m_bin;
  std::string m_runuser;  // empty when not root
  int m_port = 0;
  bool m_started = false;
};

/// The cluster of this test process, started on first use and stopped when the tests end.
PgCluster& pgCluster();

/// A database name unique in this cluster: `prefix` and a random suffix.
std::string uniqueDatabaseName(const std::string& prefix);

}  // namespace pameran::sync::testing
