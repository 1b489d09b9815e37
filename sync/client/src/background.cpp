#include <chrono>

#include "pameran/sync/client.hpp"

namespace pameran::sync {

std::string_view toString(SyncStatus::State s) {
  switch (s) {
    case SyncStatus::State::NotEnrolled: return "not_enrolled";
    case SyncStatus::State::Idle: return "idle";
    case SyncStatus::State::Syncing: return "syncing";
    case SyncStatus::State::Offline: return "offline";
    case SyncStatus::State::Stopped: return "stopped";
  }
  return "idle";
}

BackgroundSync::BackgroundSync(std::string dbPath) : BackgroundSync(std::move(dbPath), Options{}) {}

BackgroundSync::BackgroundSync(std::string dbPath, Options options) : m_dbPath(std::move(dbPath)), m_options(options) {
  // Until the thread has looked at the database, say it is starting rather than "not enrolled".
  m_status.state = SyncStatus::State::Syncing;
}

BackgroundSync::~BackgroundSync() { stop(); }

void BackgroundSync::start() {
  std::lock_guard lock(m_mutex);
  if (m_thread.joinable()) return;
  m_stop = false;
  m_thread = std::thread([this] { run(); });
}

void BackgroundSync::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_cv.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

void BackgroundSync::wake() {
  {
    std::lock_guard lock(m_mutex);
    m_woken = true;
  }
  m_cv.notify_all();
}

SyncStatus BackgroundSync::status() const {
  std::lock_guard lock(m_mutex);
  return m_status;
}

void BackgroundSync::publish(const SyncStatus& status) {
  bool changed = false;
  {
    std::lock_guard lock(m_mutex);
    changed = status.state != m_status.state || status.pending != m_status.pending ||
              status.quarantined != m_status.quarantined || status.lastSuccessAt != m_status.lastSuccessAt ||
              status.lastError != m_status.lastError;
    const std::uint64_t generation = m_status.generation + (changed ? 1 : 0);
    m_status = status;
    m_status.generation = generation;
  }
  if (changed && m_options.onChange) m_options.onChange();
}

bool BackgroundSync::waitFor(std::int64_t ms, bool wakeable) {
  std::unique_lock lock(m_mutex);
  m_cv.wait_for(lock, std::chrono::milliseconds(ms), [&] { return m_stop || (wakeable && m_woken); });
  if (wakeable) m_woken = false;
  return !m_stop;
}

void BackgroundSync::run() {
  auto opened = core::Store::open(m_dbPath);
  if (!opened) {
    SyncStatus st;
    st.state = SyncStatus::State::Stopped;
    st.lastError = opened.error().message;
    publish(st);
    return;
  }
  core::Store& store = **opened;
  Backoff backoff(1000, m_options.backoffCapMs);
  std::unique_ptr<HttpClient> http;
  std::string httpKey;  // server + token + CA the client was made for
  std::int64_t nextCatalogAt = 0;
  bool holdingsDue = false;  // ask what the server holds (P24) after the next successful round
  auto now = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
  };

  for (;;) {
    SyncStatus st;
    const core::OutboxStats stats = store.outbox().stats();
    st.pending = stats.pending;
    st.quarantined = stats.quarantined;
    st.lastSuccessAt = stats.lastSuccessAt;
    st.lastError = stats.lastError;
    const core::DeviceInfo device = store.settings().device();
    if (device.serverUrl.empty() || device.token.empty()) {
      st.state = SyncStatus::State::NotEnrolled;
      publish(st);
      if (!waitFor(m_options.idlePollMs, true)) return;
      continue;
    }
    const std::string key = device.serverUrl + "\n" + device.token + "\n" + device.caFile;
    if (!http || key != httpKey) {
      auto made = clientFor(store);
      if (!made) {
        st.state = SyncStatus::State::Stopped;
        st.lastError = made.error().message;
        publish(st);
        if (!waitFor(m_options.idlePollMs, true)) return;
        continue;
      }
      http = std::move(*made);
      httpKey = key;
      backoff.reset();
    }
    // In-store barcodes go before the pull: a code the server gave another product is replaced
    // first, so the pulled catalog does not clash with it.
    if (!store.catalog().pendingBarcodes().empty()) (void)pushBarcodes(store, *http);  // best effort, like the pull
    if (now() >= nextCatalogAt) {
      (void)pullCatalog(store, *http);  // best effort; failures show through the uploads
      holdingsDue = true;
      nextCatalogAt = now() + m_options.catalogEveryMs;
    }

    st.state = SyncStatus::State::Syncing;
    publish(st);
    Uploader uploader(store, *http);
    std::int64_t retryIn = 0;
    bool stopped = false;
    for (;;) {
      const BatchOutcome out = uploader.sendBatch();
      if (out.sent == 0 && out.quarantined == 0 && out.verdict != Verdict::RetryLater) {
        backoff.reset();
        break;
      }
      if (out.verdict == Verdict::Stop) {
        stopped = true;
        break;
      }
      if (out.verdict != Verdict::RetryLater && (out.progressed() || out.verdict == Verdict::Refused)) {
        backoff.reset();
        continue;
      }
      retryIn = backoff.nextDelayMs(out.retryAfterMs);
      break;
    }
    // Once the queue is sent, what a server restored from a backup lacks goes again (P24); while
    // the server cannot be reached the check waits for it.
    if (holdingsDue && !stopped && retryIn == 0) {
      holdingsDue = false;
      if (auto lost = requeueWhatServerLost(store, *http); lost && lost->total() > 0) continue;
    }
    const core::OutboxStats after = store.outbox().stats();
    st.pending = after.pending;
    st.quarantined = after.quarantined;
    st.lastSuccessAt = after.lastSuccessAt;
    st.lastError = after.lastError;
    st.retryInMs = retryIn;
    st.state = stopped ? SyncStatus::State::Stopped : retryIn > 0 ? SyncStatus::State::Offline : SyncStatus::State::Idle;
    publish(st);
    if (stopped) {
      // The token was refused: wait for a new enrollment (the key changes) without hammering.
      if (!waitFor(m_options.idlePollMs * 4, true)) return;
    } else if (retryIn > 0) {
      if (!waitFor(retryIn, false)) return;
    } else if (!waitFor(m_options.idlePollMs, true)) {
      return;
    }
  }
}

}  // namespace pameran::sync
