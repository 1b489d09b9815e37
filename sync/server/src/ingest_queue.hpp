#pragma once
// Group commit: request threads hand their records to one writer thread, which stores whatever
// has queued up since its last commit in one durable transaction and wakes each request with its
// own results. One fsync then covers many requests, which is where the throughput comes from.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "pameran/sync/server_store.hpp"

namespace pameran::sync {

class IngestQueue {
 public:
  /// What stores a commit group: ServerStore::ingest, or a wrapper around it (tests inject faults).
  using Store = std::function<IngestResults(const std::vector<const IngestRequest*>&)>;

  /// `window`: how long the writer lets a group gather once the first request arrived, unless
  /// `target` records are already waiting. Bigger groups mean fewer commits, and each commit
  /// rewrites the hot rollup and index pages once instead of once per request. The writer only
  /// waits while other uploads are on their way (announced with expect(), not yet submitted):
  /// a lone uploader's batch is committed at once.
  /// Told when a group could not be stored (how many uploads, why); the group's requests get 503.
  using OnFailure = std::function<void(std::size_t uploads, const std::string& why)>;
  IngestQueue(Store store, std::size_t maxPendingRecords, std::size_t maxRecordsPerCommit,
              std::chrono::microseconds window = std::chrono::microseconds(0), std::size_t target = 0,
              OnFailure onFailure = {});
  ~IngestQueue();
  IngestQueue(const IngestQueue&) = delete;
  IngestQueue& operator=(const IngestQueue&) = delete;

  /// Announces an upload that will be submitted shortly (its body is read and being decoded),
  /// so the writer may wait for it. Ends at submit() or when the ticket is dropped.
  class Ticket {
   public:
    Ticket() = default;
    explicit Ticket(IngestQueue* queue) : m_queue(queue) {}
    Ticket(Ticket&& o) noexcept : m_queue(o.m_queue) { o.m_queue = nullptr; }
    Ticket& operator=(Ticket&& o) noexcept {
      if (this != &o) {
        release();
        m_queue = o.m_queue;
        o.m_queue = nullptr;
      }
      return *this;
    }
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket() { release(); }
    void release();

   private:
    friend class IngestQueue;
    IngestQueue* m_queue = nullptr;
  };
  Ticket expect();

  /// Blocks until the request's records are committed (or refused). Fails with Storage "busy"
  /// when too many records already wait, after stop(), and when storing its group threw (the
  /// writer answers that group and goes on with the next). Ends `ticket`, if given.
  core::Result<std::vector<RecordResult>> submit(const IngestRequest& request, Ticket* ticket = nullptr);
  /// Stores everything already queued, then ends the writer thread.
  void stop();

  struct Stats {
    std::uint64_t commits = 0;
    std::uint64_t records = 0;
    double busySeconds = 0;  // time the writer spent inside the store
  };
  Stats stats();

 private:
  struct Job {
    const IngestRequest* request = nullptr;
    std::size_t records = 0;
    std::chrono::steady_clock::time_point queuedAt;
    std::promise<core::Result<std::vector<RecordResult>>> done;
  };

  void loop();

  IngestResults storeGroup(const std::vector<const IngestRequest*>& requests);

  Store m_store;
  OnFailure m_onFailure;
  const std::size_t m_maxPending;
  const std::size_t m_maxPerCommit;
  const std::chrono::microseconds m_window;
  const std::size_t m_target;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::deque<Job*> m_jobs;
  std::size_t m_pending = 0;
  std::size_t m_expected = 0;  // uploads announced and not yet submitted
  bool m_stopping = false;
  Stats m_stats;
  std::thread m_writer;
};

}  // namespace pameran::sync
