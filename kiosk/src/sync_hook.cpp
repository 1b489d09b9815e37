#include "sync_hook.hpp"

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
  BackgroundAgent(const std::string& db, std::function<void()> wake)
      : m_sync(db, makeOptions(std::move(wake))) {}
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
  static sync::BackgroundSync::Options makeOptions(std::function<void()> wake) {
    sync::BackgroundSync::Options o;
    o.onChange = std::move(wake);
    return o;
  }
  sync::BackgroundSync m_sync;
};

}  // namespace

std::unique_ptr<SyncAgent> makeSyncAgent(const WindowOptions& options, std::function<void()> wake) {
  return std::make_unique<BackgroundAgent>(options.db, std::move(wake));
}

}  // namespace pameran::kiosk
