#include "sync_hook.hpp"

#include <spdlog/spdlog.h>

#include <mutex>

#include "pameran/sync/client.hpp"

namespace pameran::kiosk {
namespace {

SyncStatus::State toKioskState(sync::SyncStatus::State s) {
  switch (s) {
    case sync::SyncStatus::State::NotEnrolled: return SyncStatus::State::NotEnrolled;
    case sync::SyncStatus::State::Idle: return SyncStatus::State::Idle;
    case sync::SyncStatus::State::Syncing: return SyncStatus::State::Syncing;
    case sync::SyncStatus::State::Offline: return SyncStatus::State::Offline;
    case sync::SyncStatus::State::Stopped: return SyncStatus::State::AuthFailed;
  }
  return SyncStatus::State::Error;
}

// The window's uploader: sync/client's BackgroundSync on its own connection to the kiosk file.
class BackgroundAgent final : public SyncAgent {
 public:
  BackgroundAgent(const std::string& db, std::function<void()> wake) : m_wake(std::move(wake)), m_sync(db, makeOptions(this)) {}
  void start() override { m_sync.start(); }
  void stop() override { m_sync.stop(); }
  void nudge() override { m_sync.wake(); }
  SyncRuntime runtime() const override {
    const sync::SyncStatus st = m_sync.status();
    SyncRuntime r;
    r.state = toKioskState(st.state);
    r.lastError = st.lastError;
    r.generation = st.generation;
    return r;
  }

 private:
  static sync::BackgroundSync::Options makeOptions(BackgroundAgent* self) {
    sync::BackgroundSync::Options o;
    o.onChange = [self] { self->changed(); };
    return o;
  }
  // On the sync thread. The log gets a line when the kiosk goes online, offline or is refused,
  // or the error changes; not for every batch.
  void changed() {
    const sync::SyncStatus st = m_sync.status();
    const bool online = st.state == sync::SyncStatus::State::Idle || st.state == sync::SyncStatus::State::Syncing;
    const std::string state = online ? "online" : std::string(sync::toString(st.state));
    {
      std::lock_guard<std::mutex> lock(m_logMutex);
      if (state != m_loggedState || st.lastError != m_loggedError) {
        if (online || st.state == sync::SyncStatus::State::NotEnrolled)
          spdlog::info("sync {}: {} pending, {} set aside{}{}", state, st.pending, st.quarantined, st.lastError.empty() ? "" : "; ", st.lastError);
        else
          spdlog::warn("sync {}: {} pending{}{}", state, st.pending, st.lastError.empty() ? "" : "; ", st.lastError);
        m_loggedState = state;
        m_loggedError = st.lastError;
      }
    }
    if (m_wake) m_wake();
  }

  std::function<void()> m_wake;
  std::mutex m_logMutex;
  std::string m_loggedState, m_loggedError;
  sync::BackgroundSync m_sync;  // declared last, so destroyed first: its thread stops before what changed() uses
};

}  // namespace

std::unique_ptr<SyncAgent> makeSyncAgent(const WindowOptions& options, std::function<void()> wake) {
  return std::make_unique<BackgroundAgent>(options.db, std::move(wake));
}

}  // namespace pameran::kiosk
