// The signal watcher and the QR textures of the window host (window_parts.hpp).
#include "window_parts.hpp"

#include <GLFW/glfw3.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <vector>

namespace pameran::kiosk {

std::atomic<bool> g_signalled{false};

namespace {
int g_pipe[2] = {-1, -1};

extern "C" void onSignal(int) {
  g_signalled.store(true);
  const char b = 1;
  const ssize_t n = ::write(g_pipe[1], &b, 1);
  (void)n;
}
}  // namespace

SignalWatcher::SignalWatcher() {
  if (::pipe2(g_pipe, O_CLOEXEC) != 0) return;
  struct sigaction sa {};
  sa.sa_handler = onSignal;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGTERM, &sa, &m_oldTerm);
  ::sigaction(SIGINT, &sa, &m_oldInt);
  m_thread = std::thread([] {
    for (;;) {
      char b = 0;
      const ssize_t n = ::read(g_pipe[0], &b, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || b == 0) return;
      glfwPostEmptyEvent();
    }
  });
}

SignalWatcher::~SignalWatcher() {
  if (g_pipe[1] < 0) return;
  ::sigaction(SIGTERM, &m_oldTerm, nullptr);
  ::sigaction(SIGINT, &m_oldInt, nullptr);
  const char stop = 0;
  const ssize_t n = ::write(g_pipe[1], &stop, 1);
  (void)n;
  if (m_thread.joinable()) m_thread.join();
  ::close(g_pipe[0]);
  ::close(g_pipe[1]);
  g_pipe[0] = g_pipe[1] = -1;
}

void* GlTextures::createQrTexture(const QrImage& qr, int quiet) {
  int side = 0;
  const std::vector<std::uint8_t> rgba = qrPixels(qr, quiet, side);
  GLuint id = 0;
  glGenTextures(1, &id);
  glBindTexture(GL_TEXTURE_2D, id);
  // Nearest: a module stays a sharp square however large it is drawn.
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, side, side, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  return reinterpret_cast<void*>(static_cast<std::uintptr_t>(id));
}

void GlTextures::destroyTexture(void* texture) {
  const auto id = static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(texture));
  if (id) glDeleteTextures(1, &id);
}

}  // namespace pameran::kiosk
