#pragma once
// A SQLite VFS for tests that wraps the real one and fails chosen writes or syncs, the way SQLite's
// own tests inject I/O errors at the Nth operation. Installed as the default VFS, so a Store opened
// afterwards goes through it without any hook in production code.
#include <atomic>

namespace pameran::test {

class FaultVfs {
 public:
  /// Registers the wrapper as the default VFS (once per process) and returns it, disarmed.
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

  // Called by the wrapper's I/O methods.
  int onWrite(bool wal);
  int onSync(bool wal);

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
