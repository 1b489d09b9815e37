#pragma once
// Bounds how many upload batches are decoded at once. A slot is held by a Slot object and given
// back when it goes out of scope, also when decoding throws: a slot is never lost.
#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace pameran::sync {

class DecodeGate {
 public:
  explicit DecodeGate(std::size_t slots) : m_free(slots) {}

  class [[nodiscard]] Slot {
   public:
    explicit Slot(DecodeGate& gate) : m_gate(&gate) {}
    Slot(Slot&& o) noexcept : m_gate(o.m_gate) { o.m_gate = nullptr; }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (m_gate) m_gate->leave();
    }

   private:
    DecodeGate* m_gate;
  };

  /// Waits for a free slot.
  Slot enter() {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_cv.wait(lock, [&] { return m_free > 0; });
    --m_free;
    return Slot(*this);
  }

  std::size_t freeSlots() {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_free;
  }

 private:
  void leave() {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      ++m_free;
    }
    m_cv.notify_one();
  }

  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::size_t m_free;
};

}  // namespace pameran::sync
