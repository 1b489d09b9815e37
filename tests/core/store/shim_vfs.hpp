#pragma once
// A SQLite VFS for tests that wraps the real one and hands every write, sync, truncate, read and
// delete to the test's VfsHooks first: SQLite's own tests inject faults and simulate power loss
// the same way. Installed as the default VFS, so a Store opened afterwards goes through it
// without any hook in production code.
#include <sqlite3.h>

#include <string>

namespace pameran::test {

enum class FileKind { Other, MainDb, Wal, Journal };

/// An open file: SQLite allocates it (szOsFile bytes), the shim constructs it in xOpen.
struct ShimFile {
  sqlite3_file base;                // first, as SQLite requires
  sqlite3_file* real = nullptr;     // the real VFS's file, in the same allocation after ours
  FileKind kind = FileKind::Other;
  std::string path;                 // full path, empty for a temporary file
  bool dirSyncPending = false;      // the real unix VFS fsyncs the directory at the first sync of
                                    // every journal or WAL it opens
};

/// Where the shim sends I/O. Each method returns an SQLite result code; the defaults go straight
/// to the real file.
class VfsHooks {
 public:
  virtual ~VfsHooks() = default;
  virtual int read(ShimFile& f, void* data, int amount, sqlite3_int64 offset);
  virtual int write(ShimFile& f, const void* data, int amount, sqlite3_int64 offset);
  virtual int truncate(ShimFile& f, sqlite3_int64 size);
  virtual int sync(ShimFile& f, int flags);
  /// After the real VFS opened a file; `created` when it did not exist before.
  virtual void opened(ShimFile& f, bool created);
  virtual void closing(ShimFile& f);
  virtual int remove(const char* path, int syncDir);
};

/// Registers the shim as the default VFS (once per process) and routes I/O through `hooks`
/// (nullptr: straight through). One set of hooks at a time.
void installShimVfs(VfsHooks* hooks);

/// The real VFS's I/O, for hooks that pass a call on.
int realRead(ShimFile& f, void* data, int amount, sqlite3_int64 offset);
int realWrite(ShimFile& f, const void* data, int amount, sqlite3_int64 offset);
int realTruncate(ShimFile& f, sqlite3_int64 size);
int realSync(ShimFile& f, int flags);
int realFileSize(ShimFile& f, sqlite3_int64* size);
int realRemove(const char* path, int syncDir);

}  // namespace pameran::test
