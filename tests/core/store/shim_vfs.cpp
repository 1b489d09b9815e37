#include "shim_vfs.hpp"

#include <cstdlib>
#include <mutex>
#include <new>

namespace pameran::test {
namespace {

sqlite3_vfs* g_real = nullptr;
sqlite3_vfs g_vfs;
sqlite3_io_methods g_io;
VfsHooks g_straight;  // the defaults: straight through
VfsHooks* g_hooks = &g_straight;

ShimFile& shim(sqlite3_file* f) { return *reinterpret_cast<ShimFile*>(f); }
sqlite3_file* realOf(sqlite3_file* f) { return shim(f).real; }

int xClose(sqlite3_file* f) {
  ShimFile& s = shim(f);
  g_hooks->closing(s);
  sqlite3_file* r = s.real;
  const int rc = r->pMethods ? r->pMethods->xClose(r) : SQLITE_OK;
  s.~ShimFile();
  return rc;
}
int xRead(sqlite3_file* f, void* buf, int amt, sqlite3_int64 off) { return g_hooks->read(shim(f), buf, amt, off); }
int xWrite(sqlite3_file* f, const void* buf, int amt, sqlite3_int64 off) { return g_hooks->write(shim(f), buf, amt, off); }
int xTruncate(sqlite3_file* f, sqlite3_int64 size) { return g_hooks->truncate(shim(f), size); }
int xSync(sqlite3_file* f, int flags) { return g_hooks->sync(shim(f), flags); }
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

FileKind kindOf(int flags) {
  if (flags & SQLITE_OPEN_MAIN_DB) return FileKind::MainDb;
  if (flags & SQLITE_OPEN_WAL) return FileKind::Wal;
  if (flags & SQLITE_OPEN_MAIN_JOURNAL) return FileKind::Journal;
  return FileKind::Other;
}

int xOpen(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* outFlags) {
  auto* s = new (f) ShimFile();
  s->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + sizeof(ShimFile));
  s->kind = kindOf(flags);
  s->path = name ? name : "";
  s->dirSyncPending = (flags & SQLITE_OPEN_CREATE) && (s->kind == FileKind::Wal || s->kind == FileKind::Journal);
  int existed = 0;
  if (name) g_real->xAccess(g_real, name, SQLITE_ACCESS_EXISTS, &existed);
  s->base.pMethods = nullptr;
  const int rc = g_real->xOpen(g_real, name, s->real, flags, outFlags);
  if (!s->real->pMethods) {
    s->~ShimFile();  // SQLite calls no xClose for a file without methods
    return rc;
  }
  g_io.iVersion = s->real->pMethods->iVersion;
  s->base.pMethods = &g_io;
  g_hooks->opened(*s, !existed);  // paired with closing(): SQLite closes every file with methods
  return rc;
}

int xDelete(sqlite3_vfs*, const char* name, int syncDir) { return g_hooks->remove(name, syncDir); }
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

int VfsHooks::read(ShimFile& f, void* data, int amount, sqlite3_int64 offset) { return realRead(f, data, amount, offset); }
int VfsHooks::write(ShimFile& f, const void* data, int amount, sqlite3_int64 offset) { return realWrite(f, data, amount, offset); }
int VfsHooks::truncate(ShimFile& f, sqlite3_int64 size) { return realTruncate(f, size); }
int VfsHooks::sync(ShimFile& f, int flags) { return realSync(f, flags); }
void VfsHooks::opened(ShimFile&, bool) {}
void VfsHooks::closing(ShimFile&) {}
int VfsHooks::remove(const char* path, int syncDir) { return realRemove(path, syncDir); }

int realRead(ShimFile& f, void* data, int amount, sqlite3_int64 offset) { return f.real->pMethods->xRead(f.real, data, amount, offset); }
int realWrite(ShimFile& f, const void* data, int amount, sqlite3_int64 offset) {
  return f.real->pMethods->xWrite(f.real, data, amount, offset);
}
int realTruncate(ShimFile& f, sqlite3_int64 size) { return f.real->pMethods->xTruncate(f.real, size); }
int realSync(ShimFile& f, int flags) { return f.real->pMethods->xSync(f.real, flags); }
int realFileSize(ShimFile& f, sqlite3_int64* size) { return f.real->pMethods->xFileSize(f.real, size); }
int realRemove(const char* path, int syncDir) { return g_real->xDelete(g_real, path, syncDir); }

void installShimVfs(VfsHooks* hooks) {
  static std::once_flag once;
  std::call_once(once, [] {
    g_real = sqlite3_vfs_find(nullptr);
    if (!g_real || g_real->iVersion < 3) std::abort();
    g_io = sqlite3_io_methods{3,       xClose,        xRead,        xWrite,     xTruncate,         xSync,
                              xFileSize, xLock,       xUnlock,      xCheckReservedLock, xFileControl, xSectorSize,
                              xDeviceCharacteristics, xShmMap, xShmLock, xShmBarrier, xShmUnmap, xFetch, xUnfetch};
    g_vfs = *g_real;
    g_vfs.zName = "pameran-shim";
    g_vfs.szOsFile = static_cast<int>(sizeof(ShimFile)) + g_real->szOsFile;
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
  g_hooks = hooks ? hooks : &g_straight;
}

}  // namespace pameran::test
