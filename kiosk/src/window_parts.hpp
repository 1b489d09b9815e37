#pragma once
// Two parts of the window host that stand alone: the signal watcher (SIGTERM/SIGINT end the frame
// loop even while it sleeps) and the QR textures (OpenGL).
#include <signal.h>

#include <atomic>
#include <thread>

#include "pameran/kiosk/qr.hpp"

namespace pameran::kiosk {

/// Set by SIGTERM/SIGINT while a SignalWatcher lives.
extern std::atomic<bool> g_signalled;

/// SIGTERM/SIGINT must end the loop even while it sleeps in glfwWaitEvents. glfwPostEmptyEvent is
/// thread-safe but not async-signal-safe, so the handler only sets a flag and writes one byte to a
/// pipe (both async-signal-safe); a small thread blocked on the pipe posts the empty event.
class SignalWatcher {
 public:
  SignalWatcher();
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  struct sigaction m_oldTerm {};
  struct sigaction m_oldInt {};
  std::thread m_thread;
};

/// QR codes as OpenGL textures (nearest filtering: a module stays a sharp square).
class GlTextures final : public TextureHost {
 public:
  void* createQrTexture(const QrImage& qr, int quiet) override;
  void destroyTexture(void* texture) override;
};

}  // namespace pameran::kiosk
