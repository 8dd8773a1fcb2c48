#include "milvus/clock.h"

#include <thread>

namespace f2m::milvus {

Clock& SystemClock() {
  class Steady final : public Clock {
   public:
    TimePoint Now() override { return std::chrono::steady_clock::now(); }
    void Sleep(Duration d) override { std::this_thread::sleep_for(d); }
  };
  static Steady* const clock = new Steady;  // never destroyed: usable from any static teardown
  return *clock;
}

}  // namespace f2m::milvus
