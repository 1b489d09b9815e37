#include "ingest_queue.hpp"

#include <pthread.h>


namespace pameran::sync {

IngestQueue::IngestQueue(Store store, std::size_t maxPendingRecords, std::size_t maxRecordsPerCommit,
                         std::chrono::microseconds window, std::size_t target, OnFailure onFailure)
    : m_store(std::move(store)), m_onFailure(std::move(onFailure)), m_maxPending(maxPendingRecords), m_maxPerCommit(maxRecordsPerCommit), m_window(window), m_target(target) {
  m_writer = std::thread([this] {
    pthread_setname_np(pthread_self(), "pameran-writer");  // visible in top -H and perf
    loop();
  });
}

IngestQueue::~IngestQueue() { stop(); }

IngestQueue::Ticket IngestQueue::expect() {
  std::lock_guard<std::mutex> lock(m_mutex);
  ++m_expected;
  return Ticket(this);
}

void IngestQueue::Ticket::release() {
  if (!m_queue) return;
  IngestQueue* q = m_queue;
  m_queue = nullptr;
  {
    std::lock_guard<std::mutex> lock(q->m_mutex);
    --q->m_expected;
  }
  q->m_wake.notify_one();  // the writer may be waiting for this upload
}

core::Result<std::vector<RecordResult>> IngestQueue::submit(const IngestRequest& request, Ticket* ticket) {
  Job job;
  job.request = &request;
  job.records = request.items.size();
  job.queuedAt = std::chrono::steady_clock::now();
  auto done = job.done.get_future();
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (ticket && ticket->m_queue == this) {  // this upload is here now: the writer no longer waits for it
      ticket->m_queue = nullptr;
      --m_expected;
    }
    if (m_stopping) return core::fail(core::Errc::Storage, "the server is shutting down");
    // One request is always let in when nothing waits, however big, so no batch starves.
    if (m_pending > 0 && m_pending + job.records > m_maxPending)
      return core::fail(core::Errc::Storage, "busy: too many records waiting to be stored");
    m_pending += job.records;
    m_jobs.push_back(&job);
  }
  m_wake.notify_one();
  return done.get();
}

void IngestQueue::stop() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_stopping && !m_writer.joinable()) return;
    m_stopping = true;
  }
  m_wake.notify_all();
  if (m_writer.joinable()) m_writer.join();
}

void IngestQueue::loop() {
  for (;;) {
    std::vector<Job*> group;
    {
      std::unique_lock<std::mutex> lock(m_mutex);
      m_wake.wait(lock, [&] { return !m_jobs.empty() || m_stopping; });
      if (m_jobs.empty()) return;  // stopping with nothing left
      // Let a group gather for at most the window after its first request arrived (a writer that
      // was busy committing has let it gather already), and only while other uploads are still on
      // their way.
      if (m_window.count() > 0)
        m_wake.wait_until(lock, m_jobs.front()->queuedAt + m_window,
                          [&] { return m_pending >= m_target || m_stopping || m_expected == 0; });
      std::size_t records = 0;
      while (!m_jobs.empty() && (group.empty() || records + m_jobs.front()->records <= m_maxPerCommit)) {
        records += m_jobs.front()->records;
        group.push_back(m_jobs.front());
        m_jobs.pop_front();
      }
    }
    std::vector<const IngestRequest*> requests;
    requests.reserve(group.size());
    for (Job* j : group) requests.push_back(j->request);
    const auto start = std::chrono::steady_clock::now();
    auto results = storeGroup(requests);
    const double busy = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::size_t records = 0;
    for (std::size_t i = 0; i < group.size(); ++i) {
      records += group[i]->records;
      group[i]->done.set_value(std::move(results[i]));
    }
    std::lock_guard<std::mutex> lock(m_mutex);
    m_pending -= records;
    ++m_stats.commits;
    m_stats.records += records;
    m_stats.busySeconds += busy;
  }
}

// Whatever the store throws ends this group only: each of its requests is answered (503 over
// HTTP, so the kiosks send again) and the writer thread goes on with the next group.
IngestResults IngestQueue::storeGroup(const std::vector<const IngestRequest*>& requests) {
  std::string why;
  try {
    IngestResults results = m_store(requests);
    if (results.size() == requests.size()) return results;
    why = "the store answered a group with the wrong number of results";
  } catch (const std::exception& e) {
    why = e.what();
  } catch (...) {
    why = "unknown exception";
  }
  if (m_onFailure) m_onFailure(requests.size(), why);
  return IngestResults(requests.size(), core::fail(core::Errc::Storage, "the server could not store this upload; send it again"));
}

IngestQueue::Stats IngestQueue::stats() {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_stats;
}

}  // namespace pameran::sync
