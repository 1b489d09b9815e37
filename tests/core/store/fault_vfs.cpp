#include "fault_vfs.hpp"

namespace pameran::test {

FaultVfs& FaultVfs::install() {
  static FaultVfs faults;
  installShimVfs(&faults);
  faults.disarm();
  return faults;
}

void FaultVfs::failWrite(int n, int sqliteCode, bool sticky) {
  m_fired = false;
  m_failingAll = false;
  m_writeCode = sqliteCode;
  m_sticky = sticky;
  m_writeCountdown = n;
}

void FaultVfs::failSync(int n, int sqliteCode) {
  m_fired = false;
  m_syncCode = sqliteCode;
  m_syncCountdown = n;
}

void FaultVfs::disarm() {
  m_writeCountdown = 0;
  m_syncCountdown = 0;
  m_failingAll = false;
}

int FaultVfs::write(ShimFile& f, const void* data, int amount, sqlite3_int64 offset) {
  if (f.kind == FileKind::MainDb || f.kind == FileKind::Wal) {
    if (f.kind == FileKind::Wal) ++m_walWrites;
    if (m_failingAll) return m_writeCode;
    if (m_writeCountdown > 0 && --m_writeCountdown == 0) {
      m_fired = true;
      if (m_sticky) m_failingAll = true;
      return m_writeCode;
    }
  }
  return realWrite(f, data, amount, offset);
}

int FaultVfs::sync(ShimFile& f, int flags) {
  if (f.kind == FileKind::MainDb || f.kind == FileKind::Wal) {
    if (f.kind == FileKind::Wal)
      ++m_walSyncs;
    else
      ++m_dbSyncs;
    if (m_syncCountdown > 0 && --m_syncCountdown == 0) {
      m_fired = true;
      return m_syncCode;
    }
  }
  return realSync(f, flags);
}

}  // namespace pameran::test
