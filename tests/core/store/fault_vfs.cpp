#include "fault_vfs.hpp"

#include <sqlite3.h>

#include <cstdlib>
#include <mutex>

namespace pameran::test {
namespace {

enum class Kind { Other, MainDb, Wal };

// SQLite allocates szOsFile bytes for each open file: ours first, the real VFS's file right after.
struct WrappedFile {
  sqlite3_file base;
  sqlite3_file* real;
  Kind kind;
};

sqlite3_vfs* g_real = nullptr;
sqlite3_vfs g_vfs;
sqlite3_io_methods g_io;
FaultVfs g_faults;

sqlite3_file* realOf(sqlite3_file* f) { return reinterpret_cast<WrappedFile*>(f)->real; }
Kind kindOf(sqlite3_file* f) { return reinterpret_cast<WrappedFile*>(f)->kind; }

int xClose(sqlite3_file* f) {
  sqlite3_file* r = realOf(f);
  return r->pMethods ? r->pMethods->xClose(r) : SQLITE_OK;
}
int xRead(sqlite3_file* f, void* buf, int amt, sqlite3_int64 off) { return realOf(f)->pMethods->xRead(realOf(f), buf, amt, off); }
int xWrite(sqlite3_file* f, const void* buf, int amt, sqlite3_int64 off) {
  if (kindOf(f) != Kind::Other)
    if (const int rc = g_faults.onWrite(kindOf(f) == Kind::Wal); rc != SQLITE_OK) return rc;
  return realOf(f)->pMethods->xWrite(realOf(f), buf, amt, off);
}
int xTruncate(sqlite3_file* f, sqlite3_int64 size) { return realOf(f)->pMethods->xTruncate(realOf(f), size); }
int xSync(sqlite3_file* f, int flags) {
  if (kindOf(f) != Kind::Other)
    if (const int rc = g_faults.onSync(kindOf(f) == Kind::Wal); rc != SQLITE_OK) return rc;
  return realOf(f)->pMethods->xSync(realOf(f), flags);
}
int xFileSize(sqlite3_file* f, sqlite3_int64* size) { return realOf(f)->pMethods->xFileSize(realOf(f), size); }
int xLock(sqlite3_file* f, int level) { return realOf(f)->pMethods->xLock(realOf(f), level); }
int xUnlock(sqlite3_file* f, int level) { return realOf(f)->pMethods->xUnlock(realOf(f), level); }
int xCheckReservedLock(sqlite3_file* f, int* out) { return realOf(f)->pMethods->xCheckReservedLock(realOf(f), out); }
int xFileControl(sqlite3_file* f, int op, void* arg) { return realOf(f)->pMethods->xFileControl(realOf(f), op, arg); }
int xSectorSize(sqlite3_file* f) { return realOf(f)->pMethods->xSectorSize(realOf(f)); }
int xDeviceCharacteristics(sqlite3_file* f) { return realOf(f)->pMethods->xDeviceCharacteristics(realOf(f)); }
int xShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return realOf(f)->pMethods->xShmMap(realOf(f), region, size, extend, out);
}
int xShmLock(sqlite3_file* f, int offset, int n, int flags) { return realOf(f)->pMethods->xShmLock(realOf(f), offset, n, flags); }
void xShmBarrier(sqlite3_file* f) { realOf(f)->pMethods->xShmBarrier(realOf(f)); }
int xShmUnmap(sqlite3_file* f, int deleteFlag) { return realOf(f)->pMethods->xShmUnmap(realOf(f), deleteFlag); }
int xFetch(sqlite3_file* f, sqlite3_int64 off, int amt, void** out) { return realOf(f)->pMethods->xFetch(realOf(f), off, amt, out); }
int xUnfetch(sqlite3_file* f, sqlite3_int64 off, void* p) { return realOf(f)->pMethods->xUnfetch(realOf(f), off, p); }

int xOpen(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* outFlags) {
  auto* w = reinterpret_cast<WrappedFile*>(f);
  w->real = reinterpret_cast<sqlite3_file*>(w + 1);
  w->kind = (flags & SQLITE_OPEN_WAL) ? Kind::Wal : (flags & SQLITE_OPEN_MAIN_DB) ? Kind::MainDb : Kind::Other;
  w->base.pMethods = nullptr;
  const int rc = g_real->xOpen(g_real, name, w->real, flags, outFlags);
  if (w->real->pMethods) {
    g_io.iVersion = w->real->pMethods->iVersion;
    w->base.pMethods = &g_io;
  }
  return rc;
}

int xDelete(sqlite3_vfs*, const char* name, int syncDir) { return g_real->xDelete(g_real, name, syncDir); }
int xAccess(sqlite3_vfs*, const char* name, int flags, int* out) { return g_real->xAccess(g_real, name, flags, out); }
int xFullPathname(sqlite3_vfs*, const char* name, int n, char* out) { return g_real->xFullPathname(g_real, name, n, out); }
void* xDlOpen(sqlite3_vfs*, const char* name) { return g_real->xDlOpen(g_real, name); }
void xDlError(sqlite3_vfs*, int n, char* msg) { g_real->xDlError(g_real, n, msg); }
void (*xDlSym(sqlite3_vfs*, void* h, const char* sym))(void) { return g_real->xDlSym(g_real, h, sym); }
void xDlClose(sqlite3_vfs*, void* h) { g_real->xDlClose(g_real, h); }
int xRandomness(sqlite3_vfs*, int n, char* out) { return g_real->xRandomness(g_real, n, out); }
int xSleep(sqlite3_vfs*, int us) { return g_real->xSleep(g_real, us); }
int xCurrentTime(sqlite3_vfs*, double* out) { return g_real->xCurrentTime(g_real, out); }
int xGetLastError(sqlite3_vfs*, int n, char* out) { return g_real->xGetLastError(g_real, n, out); }
int xCurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) { return g_real->xCurrentTimeInt64(g_real, out); }
int xSetSystemCall(sqlite3_vfs*, const char* name, sqlite3_syscall_ptr p) { return g_real->xSetSystemCall(g_real, name, p); }
sqlite3_syscall_ptr xGetSystemCall(sqlite3_vfs*, const char* name) { return g_real->xGetSystemCall(g_real, name); }
const char* xNextSystemCall(sqlite3_vfs*, const char* name) { return g_real->xNextSystemCall(g_real, name); }

}  // namespace

FaultVfs& FaultVfs::install() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_real = sqlite3_vfs_find(nullptr);
    if (!g_real || g_real->iVersion < 3) std::abort();
    g_io = sqlite3_io_methods{3,       xClose,        xRead,        xWrite,     xTruncate,         xSync,
                              xFileSize, xLock,       xUnlock,      xCheckReservedLock, xFileControl, xSectorSize,
                              xDeviceCharacteristics, xShmMap, xShmLock, xShmBarrier, xShmUnmap, xFetch, xUnfetch};
    g_vfs = *g_real;
    g_vfs.zName = "pameran-fault";
    g_vfs.szOsFile = static_cast<int>(sizeof(WrappedFile)) + g_real->szOsFile;
    g_vfs.pNext = nullptr;
    g_vfs.pAppData = nullptr;
    g_vfs.xOpen = xOpen;
    g_vfs.xDelete = xDelete;
    g_vfs.xAccess = xAccess;
    g_vfs.xFullPathname = xFullPathname;
    g_vfs.xDlOpen = xDlOpen;
    g_vfs.xDlError = xDlError;
    g_vfs.xDlSym = xDlSym;
    g_vfs.xDlClose = xDlClose;
    g_vfs.xRandomness = xRandomness;
    g_vfs.xSleep = xSleep;
    g_vfs.xCurrentTime = xCurrentTime;
    g_vfs.xGetLastError = xGetLastError;
    g_vfs.xCurrentTimeInt64 = xCurrentTimeInt64;
    g_vfs.xSetSystemCall = xSetSystemCall;
    g_vfs.xGetSystemCall = xGetSystemCall;
    g_vfs.xNextSystemCall = xNextSystemCall;
    if (sqlite3_vfs_register(&g_vfs, 1) != SQLITE_OK) std::abort();
  });
  g_faults.disarm();
  return g_faults;
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

int FaultVfs::onWrite(bool wal) {
  if (wal) ++m_walWrites;
  if (m_failingAll) return m_writeCode;
  if (m_writeCountdown > 0 && --m_writeCountdown == 0) {
    m_fired = true;
    if (m_sticky) m_failingAll = true;
    return m_writeCode;
  }
  return SQLITE_OK;
}

int FaultVfs::onSync(bool wal) {
  if (wal)
    ++m_walSyncs;
  else
    ++m_dbSyncs;
  if (m_syncCountdown > 0 && --m_syncCountdown == 0) {
    m_fired = true;
    return m_syncCode;
  }
  return SQLITE_OK;
}

}  // namespace pameran::test
