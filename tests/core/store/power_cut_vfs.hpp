#pragma once
// Hooks for the shim VFS that simulate a power cut (RELIABILITY.md P23), as SQLite's own crash
// tests do. kill -9 leaves the operating system's page cache alone; a power cut loses what the
// cache had not yet written. So the hooks remember, per file, every 512-byte sector written since
// that file's last sync (with the bytes it held before) and the size it had then; files created
// since their directory was last synced, and files deleted without a directory sync. At the cut,
// I/O stops; when the power comes back, each unsynced sector independently ends up new, old or
// garbage (torn pages, lost and reordered writes), each unsynced size old or new, each unsynced
// creation or deletion undone or not, all within the bytes actually written (SQLite relies on
// powersafe overwrite). Syncs cost nothing: the simulation is in the page cache, not on the disk.
#include <bitset>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "shim_vfs.hpp"

namespace pameran::test {

/// How the page cache fares when the power comes back.
enum class CutFlavor {
  LoseAll,   // nothing unsynced reaches the disk
  KeepAll,   // everything does (what kill -9 leaves)
  Random,    // each sector, size, creation and deletion: a coin toss
  Garbage,   // as Random, and one sector in ten is left half written (random bytes)
  InOrder,   // the cache was flushed in write order up to a random point
};
inline constexpr CutFlavor kAllCutFlavors[] = {CutFlavor::LoseAll, CutFlavor::KeepAll, CutFlavor::Random, CutFlavor::Garbage,
                                               CutFlavor::InOrder};
const char* toString(CutFlavor flavor);

/// What one power cut did to the files.
struct CutDamage {
  std::int64_t sectorsKept = 0, sectorsLost = 0, sectorsGarbled = 0;
  std::int64_t sizesReverted = 0, filesLost = 0, filesRevived = 0;
  CutDamage& operator+=(const CutDamage& o);
};

class PowerCutVfs : public VfsHooks {
 public:
  /// Installs the shim VFS with these hooks and returns them, unarmed (I/O straight through but
  /// for syncs, which are never made: the page cache stands for the disk).
  static PowerCutVfs& install();

  /// What the `n` of arm() counts.
  enum class CutAt {
    AnyOp,    // writes, syncs, truncates and deletes
    Sync,     // syncs only: the moments a commit becomes durable
    DbWrite,  // writes to a main database file only: checkpoints (in WAL mode)
  };
  /// Everything on disk is durable from here; the power fails at the `n`th operation counted by
  /// `at` from now (1-based): a write is made to the page cache, a sync is not made, and every
  /// I/O after it fails with SQLITE_IOERR, as if the machine were off. n = 0: never, but writes
  /// are still tracked (and counted: ops(), syncs(), dbWrites()).
  void arm(std::int64_t n, CutAt at = CutAt::AnyOp);
  /// Stops tracking; I/O goes straight through again (but for syncs).
  void disarm();
  bool dead() const { return m_dead; }
  /// Writes, syncs, truncates and deletes since arm().
  std::int64_t ops() const { return m_ops; }
  /// Syncs since arm().
  std::int64_t syncs() const { return m_syncs; }
  /// Writes to a main database file since arm().
  std::int64_t dbWrites() const { return m_dbWrites; }
  /// Files open now (a power cut is applied only with none open).
  int openFiles() const { return m_open; }
  /// What the cut interrupted: "wal write", "wal sync", "db write" (a checkpoint), "db sync",
  /// "delete"...; empty before the cut.
  const std::string& cutDuring() const { return m_cutDuring; }

  /// The power comes back: applies the cut to the files on disk (every connection must be
  /// closed), then disarms. Returns what it did.
  CutDamage powerOn(std::mt19937_64& rng, CutFlavor flavor);

  int read(ShimFile& f, void* data, int amount, sqlite3_int64 offset) override;
  int write(ShimFile& f, const void* data, int amount, sqlite3_int64 offset) override;
  int truncate(ShimFile& f, sqlite3_int64 size) override;
  int sync(ShimFile& f, int flags) override;
  void opened(ShimFile& f, bool created) override;
  void closing(ShimFile& f) override;
  int remove(const char* path, int syncDir) override;

 private:
  static constexpr int kSector = 512;
  struct Sector {
    std::string before;            // the sector's durable bytes (kSector of them)
    std::bitset<kSector> written;  // which bytes were written since the file's last sync
    std::int64_t lastWrite = 0;    // op number of the last write to it
  };
  struct Track {
    std::int64_t durableSize = 0;
    std::map<std::int64_t, Sector> dirty;  // by sector index
    bool exists = true;
    bool createdUnsynced = false;          // created; the directory not synced since
    std::optional<std::string> ghost;      // durable content of a file deleted without a directory sync
  };

  bool tracking() const { return m_armed; }
  /// Counts an op; true when it is the one the power fails at (then dead).
  bool cutsHere(const char* op, FileKind kind = FileKind::Other);
  Track& trackOf(ShimFile& f);
  void remember(ShimFile& f, Track& t, std::int64_t from, std::int64_t to);
  void directorySynced(const std::string& path);
  std::string durableContent(const std::string& path, const Track& t) const;

  bool m_armed = false;
  bool m_dead = false;
  std::int64_t m_cutAt = 0;
  CutAt m_cutOn = CutAt::AnyOp;
  std::int64_t m_ops = 0;
  std::int64_t m_syncs = 0;
  std::int64_t m_dbWrites = 0;
  int m_open = 0;
  std::string m_cutDuring;
  std::map<std::string, Track> m_tracks;
};

}  // namespace pameran::test
