// Time as the milvus layer sees it: the retry policy and the poll loop read `Now()` and `Sleep()`
// through this interface, so tests drive them with a fake clock instead of waiting.
#ifndef F2M_MILVUS_CLOCK_H_
#define F2M_MILVUS_CLOCK_H_

#include <chrono>

namespace f2m::milvus {

using Duration = std::chrono::milliseconds;
using TimePoint = std::chrono::steady_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() = 0;
  virtual void Sleep(Duration d) = 0;
};

// The process-wide steady clock. Never null, never destroyed.
Clock& SystemClock();

}  // namespace f2m::milvus

#endif  // F2M_MILVUS_CLOCK_H_
