#pragma once
// Long work off the UI thread (printing, PDF files): one worker thread runs jobs in order and
// reports through a queue the frame drains at its start (STYLE.md).
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "pameran/core/error.hpp"

namespace pameran::kiosk {

struct JobResult {
  std::uint64_t id = 0;
  int kind = 0;              // the caller's tag (what to say when it is done)
  bool ok = false;
  std::string detail;        // a path, or the error message
};

class Worker {
 public:
  /// `wake` runs on the worker thread after each job, so an idle window redraws (glfwPostEmptyEvent).
  explicit Worker(std::function<void()> wake = {});
  /// Finishes the jobs already queued, then joins: a print asked for is not dropped on quit.
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  /// Queues a job; its Result becomes a JobResult tagged `kind`. Returns the job id.
  std::uint64_t submit(int kind, std::function<core::Result<std::string>()> job);
  /// Results finished since the last call.
  std::vector<JobResult> drain();
  /// True while a job is queued or running.
  bool busy() const;

 private:
  void run();
  struct Job {
    std::uint64_t id;
    int kind;
    std::function<core::Result<std::string>()> work;
  };
  std::function<void()> m_wake;
  mutable std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<Job> m_jobs;
  std::vector<JobResult> m_done;
  std::uint64_t m_next = 1;
  bool m_running = false;
  bool m_stop = false;
  std::thread m_thread;
};

/// Sends bytes to a printer: `tcp://host:port` (a network printer, usually port 9100), a device
/// such as /dev/usb/lp0, or a regular file (appended to, for tests). Fails with a sentence that says
/// what to check; gives up on a silent network printer after `timeoutMs`.
core::Result<void> sendToPrinter(const std::string& target, std::string_view bytes, int timeoutMs = 4000);

}  // namespace pameran::kiosk
