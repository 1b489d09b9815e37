#pragma once
// Hooks for the shim VFS that fail chosen writes or syncs, the way SQLite's own tests inject I/O
// errors at the Nth operation.
#include <atomic>

#include "shim_vfs.hpp"

namespace pameran::test {

class FaultVfs : public VfsHooks {
 public:
  /// Installs the shim VFS with these hooks and returns them, disarmed.
  static FaultVfs& install();

  /// From now on, the `n`th write (1-based) to a database or WAL file fails with `sqliteCode`
  /// (e.g. SQLITE_FULL), and with `sticky` every write after it too, like a disk that stays full.
  void failWrite(int n, int sqliteCode, bool sticky);
  /// The `n`th sync of a database or WAL file fails with `sqliteCode`.
  void failSync(int n, int sqliteCode);
  /// Stops failing; counters keep counting.
  void disarm();
  /// True once an armed fault has fired since it was armed.
  bool fired() const { return m_fired.load(); }

  int walWrites() const { return m_walWrites.load(); }
  int walSyncs() const { return m_walSyncs.load(); }
  int dbSyncs() const { return m_dbSyncs.load(); }

  int write(ShimFile& f, const void* data, int amount, sqlite3_int64 offset) override;
  int sync(ShimFile& f, int flags) override;

 private:
  std::atomic<int> m_writeCountdown{0};
  std::atomic<int> m_writeCode{0};
  std::atomic<bool> m_sticky{false};
  std::atomic<bool> m_failingAll{false};
  std::atomic<int> m_syncCountdown{0};
  std::atomic<int> m_syncCode{0};
  std::atomic<bool> m_fired{false};
  std::atomic<int> m_walWrites{0};
  std::atomic<int> m_walSyncs{0};
  std::atomic<int> m_dbSyncs{0};
};

}  // namespace pameran::test
