#include "pameran/core/backup.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace pameran::core {
namespace {

namespace fs = std::filesystem;

// fsync of a file or a folder (a rename is durable only once its folder is synced).
bool syncPath(const fs::path& path, bool directory) {
  const int fd = ::open(path.c_str(), (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

void removeCopy(const std::string& part) {
  std::error_code ignored;
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(part + suffix, ignored);
}

Result<void> checkPaths(const std::string& source, const std::string& out, const BackupOptions& options) {
  if (source.empty()) return fail(Errc::Invalid, "no " + options.kind + " given to back up");
  if (out.empty()) return fail(Errc::Invalid, "no file given to write the backup to");
  std::error_code ec;
  const fs::file_status src = fs::status(source, ec);
  if (!fs::exists(src)) return fail(Errc::NotFound, source + ": no such " + options.kind);
  if (!fs::is_regular_file(src)) return fail(Errc::Invalid, source + ": not a regular file");
  const fs::file_status dst = fs::status(out, ec);
  if (fs::is_directory(dst)) return fail(Errc::Invalid, out + ": is a folder; give the backup a file name");
  if (fs::exists(dst)) {
    if (fs::equivalent(source, out, ec)) return fail(Errc::Invalid, out + ": is the " + options.kind + " itself; refusing to overwrite it");
    if (!fs::is_regular_file(dst)) return fail(Errc::Invalid, out + ": not a regular file");
  }
  const fs::path srcPath = fs::weakly_canonical(fs::absolute(source, ec), ec);
  const fs::path outPath = fs::weakly_canonical(fs::absolute(out, ec), ec);
  for (const char* suffix : {"-wal", "-shm", "-journal"})
    if (outPath.string() == srcPath.string() + suffix)
      return fail(Errc::Invalid, out + ": belongs to the " + options.kind + " " + source + "; refusing to overwrite it");
  if (fs::exists(out + "-wal", ec))
    return fail(Errc::Invalid, out + ": is a database in use (" + out + "-wal exists); stop its program or choose another name");
  const fs::path folder = outPath.parent_path();
  if (!fs::is_directory(folder, ec)) return fail(Errc::NotFound, out + ": the folder " + folder.string() + " does not exist");
  return {};
}

Error sqliteError(const SQLite::Exception& e, const std::string& source, const std::string& out, const BackupOptions& options) {
  const int code = e.getErrorCode() & 0xff;
  if (code == SQLITE_NOTADB) return Error{Errc::Invalid, source + ": not a " + options.kind + " (not a SQLite file)", {}};
  if (code == SQLITE_FULL) return Error{Errc::DiskFull, "the disk is full; " + out + " was not written", {}};
  if (code == SQLITE_CANTOPEN) return Error{Errc::Storage, "cannot open " + source + " or write beside " + out + ": " + e.what(), {}};
  return Error{Errc::Storage, "backup of " + source + " failed; " + out + " was not written: " + e.what(), {}};
}

}  // namespace

Result<BackupSummary> backupDatabase(const std::string& source, const std::string& out, const BackupOptions& options) {
  if (auto ok = checkPaths(source, out, options); !ok) return ok.failure();
  const auto started = std::chrono::steady_clock::now();
  const std::string part = out + ".part";
  removeCopy(part);
  BackupSummary summary;
  try {
    SQLite::Database src(source, SQLite::OPEN_READWRITE);
    src.setBusyTimeout(5000);
    // One read transaction over the whole copy: in WAL mode it pins a snapshot that writers do
    // not wait for, and the backup reads every page from it. Without it, each step would start a
    // new read, and any commit in between would restart the copy from the first page: under a
    // steady stream of sales it might never finish.
    src.exec("BEGIN");
    (void)src.execAndGet("SELECT count(*) FROM sqlite_master").getInt64();
    if (!options.requiredTable.empty()) {
      SQLite::Statement has(src, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
      has.bind(1, options.requiredTable);
      if (!has.executeStep()) return fail(Errc::Invalid, source + ": not a " + options.kind);
    }
    {
      SQLite::Database dst(part, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      // The copy is not trusted until it passed integrity_check and was synced below, so it needs
      // no journal of its own while it is written.
      dst.exec("PRAGMA journal_mode = OFF");
      dst.exec("PRAGMA synchronous = OFF");
      {
        SQLite::Backup backup(dst, src);
        int rc = SQLITE_OK;
        bool abandoned = false;
        do {
          rc = backup.executeStep(options.pagesPerStep);
          ++summary.steps;
          if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) std::this_thread::sleep_for(std::chrono::milliseconds(5));
          if (options.onStep) {
            const std::int64_t total = backup.getTotalPageCount();
            if (!options.onStep(total - backup.getRemainingPageCount(), total)) {
              abandoned = true;
              break;
            }
          }
        } while (rc != SQLITE_DONE);
        if (abandoned) {
          removeCopy(part);
          return fail(Errc::Storage, "the backup of " + source + " was abandoned; " + out + " was not written");
        }
        summary.pages = backup.getTotalPageCount();
      }
      src.exec("COMMIT");
      // The pages carry the source's WAL flag; a backup is one file a person can carry away.
      (void)dst.execAndGet("PRAGMA journal_mode = DELETE");
      const std::string verdict = dst.execAndGet("PRAGMA integrity_check").getString();
      if (verdict != "ok") {
        removeCopy(part);
        return fail(Errc::Storage, source + " is damaged (integrity_check: " + verdict + "); " + out + " was not written");
      }
      summary.bytes = summary.pages * dst.execAndGet("PRAGMA page_size").getInt64();
    }
  } catch (const SQLite::Exception& e) {
    removeCopy(part);
    return fail(sqliteError(e, source, out, options));
  } catch (const std::exception& e) {
    removeCopy(part);
    return fail(Errc::Storage, "backup of " + source + " failed; " + out + " was not written: " + e.what());
  }
  std::error_code ec;
  if (!syncPath(part, false)) {
    removeCopy(part);
    return fail(Errc::Storage, "cannot sync " + part + " to disk; " + out + " was not written");
  }
  fs::rename(part, out, ec);
  if (ec) {
    removeCopy(part);
    return fail(Errc::Storage, "cannot name the backup " + out + ": " + ec.message());
  }
  (void)syncPath(fs::absolute(fs::path(out), ec).parent_path(), true);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace pameran::core
