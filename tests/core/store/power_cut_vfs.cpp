#include "power_cut_vfs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string_view>

namespace pameran::test {
namespace fs = std::filesystem;

const char* toString(CutFlavor flavor) {
  switch (flavor) {
    case CutFlavor::LoseAll: return "lose-all";
    case CutFlavor::KeepAll: return "keep-all";
    case CutFlavor::Random: return "random";
    case CutFlavor::Garbage: return "garbage";
    case CutFlavor::InOrder: return "in-order";
  }
  return "?";
}

CutDamage& CutDamage::operator+=(const CutDamage& o) {
  sectorsKept += o.sectorsKept;
  sectorsLost += o.sectorsLost;
  sectorsGarbled += o.sectorsGarbled;
  sizesReverted += o.sizesReverted;
  filesLost += o.filesLost;
  filesRevived += o.filesRevived;
  return *this;
}

PowerCutVfs& PowerCutVfs::install() {
  static PowerCutVfs hooks;
  installShimVfs(&hooks);
  hooks.disarm();
  return hooks;
}

void PowerCutVfs::arm(std::int64_t n, CutAt at) {
  m_tracks.clear();
  m_armed = true;
  m_dead = false;
  m_cutAt = n;
  m_cutOn = at;
  m_ops = 0;
  m_syncs = 0;
  m_dbWrites = 0;
  m_cutDuring.clear();
}

void PowerCutVfs::disarm() {
  m_tracks.clear();
  m_armed = false;
  m_dead = false;
  m_cutAt = 0;
  m_ops = 0;
  m_syncs = 0;
  m_dbWrites = 0;
}

bool PowerCutVfs::cutsHere(const char* op, FileKind kind) {
  ++m_ops;
  const bool sync = std::string_view(op) == "sync";
  const bool dbWrite = kind == FileKind::MainDb && std::string_view(op) == "write";
  if (sync) ++m_syncs;
  if (dbWrite) ++m_dbWrites;
  bool counted = true;
  std::int64_t count = m_ops;
  if (m_cutOn == CutAt::Sync) {
    counted = sync;
    count = m_syncs;
  } else if (m_cutOn == CutAt::DbWrite) {
    counted = dbWrite;
    count = m_dbWrites;
  }
  if (m_cutAt > 0 && counted && count == m_cutAt) {
    m_dead = true;
    const char* file = kind == FileKind::MainDb ? "db " : kind == FileKind::Wal ? "wal " : kind == FileKind::Journal ? "journal " : "";
    m_cutDuring = std::string(file) + op;
  }
  return m_dead;
}

PowerCutVfs::Track& PowerCutVfs::trackOf(ShimFile& f) {
  auto it = m_tracks.find(f.path);
  if (it == m_tracks.end()) {
    sqlite3_int64 size = 0;
    realFileSize(f, &size);
    it = m_tracks.emplace(f.path, Track{}).first;
    it->second.durableSize = size;
  }
  return it->second;
}

void PowerCutVfs::remember(ShimFile& f, Track& t, std::int64_t from, std::int64_t to) {
  for (std::int64_t sector = from / kSector; sector * kSector < to; ++sector) {
    const std::int64_t start = sector * kSector;
    auto [it, fresh] = t.dirty.try_emplace(sector);
    Sector& s = it->second;
    if (fresh) {
      // First write since the last sync: what the sector holds now is what the disk holds.
      s.before.assign(kSector, '\0');
      realRead(f, s.before.data(), kSector, start);  // past the end: zeros (a short read)
    }
    for (std::int64_t b = std::max(from, start); b < std::min(to, start + kSector); ++b) s.written.set(static_cast<std::size_t>(b - start));
    s.lastWrite = m_ops;
  }
}

void PowerCutVfs::directorySynced(const std::string& path) {
  const fs::path dir = fs::path(path).parent_path();
  for (auto& [p, t] : m_tracks)
    if (fs::path(p).parent_path() == dir) {
      t.createdUnsynced = false;
      t.ghost.reset();
    }
}

std::string PowerCutVfs::durableContent(const std::string& path, const Track& t) const {
  std::ifstream in(path, std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto& [sector, s] : t.dirty) {
    const auto start = static_cast<std::size_t>(sector * kSector);
    if (content.size() < start + kSector) content.resize(start + kSector, '\0');
    content.replace(start, kSector, s.before);
  }
  content.resize(static_cast<std::size_t>(t.durableSize), '\0');
  return content;
}

int PowerCutVfs::read(ShimFile& f, void* data, int amount, sqlite3_int64 offset) {
  if (tracking() && m_dead) return SQLITE_IOERR_READ;
  return realRead(f, data, amount, offset);
}

int PowerCutVfs::write(ShimFile& f, const void* data, int amount, sqlite3_int64 offset) {
  if (!tracking() || f.path.empty()) return realWrite(f, data, amount, offset);
  if (m_dead) return SQLITE_IOERR_WRITE;
  Track& t = trackOf(f);
  const bool cut = cutsHere("write", f.kind);
  remember(f, t, offset, offset + amount);
  const int rc = realWrite(f, data, amount, offset);  // into the page cache, even the last one
  return cut ? SQLITE_IOERR_WRITE : rc;
}

int PowerCutVfs::truncate(ShimFile& f, sqlite3_int64 size) {
  if (!tracking() || f.path.empty()) return realTruncate(f, size);
  if (m_dead) return SQLITE_IOERR_TRUNCATE;
  Track& t = trackOf(f);
  const bool cut = cutsHere("truncate", f.kind);
  sqlite3_int64 current = 0;
  realFileSize(f, &current);
  if (size < current) remember(f, t, size, current);
  const int rc = realTruncate(f, size);
  return cut ? SQLITE_IOERR_TRUNCATE : rc;
}

int PowerCutVfs::sync(ShimFile& f, int) {
  // Never a real fsync: the only power cuts these files see are the simulated ones, and the page
  // cache is their disk. (Real fsyncs made the test wait on the disk for most of its time.)
  if (!tracking()) return SQLITE_OK;
  if (m_dead || f.path.empty()) return m_dead ? SQLITE_IOERR_FSYNC : SQLITE_OK;
  if (cutsHere("sync", f.kind)) return SQLITE_IOERR_FSYNC;  // the power failed before the disk said done
  Track& t = trackOf(f);
  t.dirty.clear();
  sqlite3_int64 size = 0;
  realFileSize(f, &size);
  t.durableSize = size;
  if (f.dirSyncPending) {
    directorySynced(f.path);
    f.dirSyncPending = false;
  }
  return SQLITE_OK;
}

void PowerCutVfs::opened(ShimFile& f, bool created) {
  ++m_open;
  if (!tracking() || f.path.empty() || !created) return;
  Track& t = m_tracks[f.path];  // a file deleted earlier keeps its ghost
  t.exists = true;
  t.durableSize = 0;
  t.dirty.clear();
  t.createdUnsynced = true;
}

void PowerCutVfs::closing(ShimFile&) { --m_open; }

int PowerCutVfs::remove(const char* path, int syncDir) {
  if (!tracking()) return realRemove(path, syncDir);
  if (m_dead) return SQLITE_IOERR_DELETE;
  const bool cut = cutsHere("delete");
  auto it = m_tracks.find(path);
  if (it == m_tracks.end()) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    it = m_tracks.emplace(path, Track{}).first;
    it->second.durableSize = ec ? 0 : static_cast<std::int64_t>(size);
  }
  Track& t = it->second;
  if (!t.createdUnsynced && t.exists) t.ghost = durableContent(path, t);
  t.exists = false;
  t.createdUnsynced = false;
  t.dirty.clear();
  t.durableSize = 0;
  const int rc = realRemove(path, 0);
  if (!cut && syncDir) directorySynced(path);
  return cut ? SQLITE_IOERR_DELETE : rc;
}

CutDamage PowerCutVfs::powerOn(std::mt19937_64& rng, CutFlavor flavor) {
  if (m_open != 0) throw std::logic_error("a power cut is applied with every database connection closed");
  auto coin = [&](int percent) { return std::uniform_int_distribution<int>(1, 100)(rng) <= percent; };
  // Undo an unsynced creation or deletion?
  auto undo = [&] { return flavor == CutFlavor::LoseAll || (flavor != CutFlavor::KeepAll && coin(50)); };
  const std::int64_t flushedUpTo = std::uniform_int_distribution<std::int64_t>(0, m_ops)(rng);  // InOrder
  CutDamage d;
  for (auto& [path, t] : m_tracks) {
    const bool revive = t.ghost && undo();
    if (!t.exists || (t.createdUnsynced && undo())) {
      if (t.exists) {
        fs::remove(path);
        ++d.filesLost;
      }
      if (revive) {
        std::ofstream(path, std::ios::binary | std::ios::trunc) << *t.ghost;
        ++d.filesRevived;
      }
      continue;
    }
    const auto current = static_cast<std::int64_t>(fs::file_size(path));
    std::int64_t size = current;
    if (current != t.durableSize) {
      bool keepSize = flavor == CutFlavor::KeepAll || ((flavor == CutFlavor::Random || flavor == CutFlavor::Garbage) && coin(50));
      if (flavor == CutFlavor::InOrder) {
        keepSize = true;
        for (const auto& [sector, s] : t.dirty)
          if ((sector + 1) * kSector > t.durableSize && s.lastWrite > flushedUpTo) keepSize = false;
      }
      if (!keepSize) {
        size = t.durableSize;
        ++d.sizesReverted;
      }
    }
    const int fd = ::open(path.c_str(), O_RDWR);
    if (fd < 0) throw std::runtime_error("cannot open " + path);
    if (size > current && ::ftruncate(fd, size) != 0) throw std::runtime_error("cannot extend " + path);
    for (const auto& [sector, s] : t.dirty) {
      const std::int64_t start = sector * kSector;
      if (start >= size) continue;
      enum { New, Old, Garbled } fate = New;
      switch (flavor) {
        case CutFlavor::LoseAll: fate = Old; break;
        case CutFlavor::KeepAll: fate = New; break;
        case CutFlavor::Random: fate = coin(50) ? New : Old; break;
        case CutFlavor::Garbage: fate = coin(10) ? Garbled : coin(50) ? New : Old; break;
        case CutFlavor::InOrder: fate = s.lastWrite <= flushedUpTo ? New : Old; break;
      }
      std::string bytes(kSector, '\0');
      if (fate == Old) {
        bytes = s.before;
        ++d.sectorsLost;
      } else if (fate == Garbled) {
        // Only the bytes written since the sync can be damaged (powersafe overwrite).
        if (::pread(fd, bytes.data(), kSector, start) < 0) throw std::runtime_error("cannot read " + path);
        for (std::size_t b = 0; b < static_cast<std::size_t>(kSector); ++b)
          if (s.written.test(b)) bytes[b] = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
        ++d.sectorsGarbled;
      } else {
        ++d.sectorsKept;
        continue;
      }
      if (::pwrite(fd, bytes.data(), kSector, start) != kSector) throw std::runtime_error("cannot write " + path);
    }
    if (::ftruncate(fd, size) != 0) throw std::runtime_error("cannot size " + path);
    ::close(fd);
  }
  disarm();
  return d;
}

}  // namespace pameran::test
