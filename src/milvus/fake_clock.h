// A Clock for tests: Sleep() advances Now() instantly and records each wait.
#ifndef F2M_MILVUS_FAKE_CLOCK_H_
#define F2M_MILVUS_FAKE_CLOCK_H_

#include <vector>

#include "milvus/clock.h"

namespace f2m::milvus {

class FakeClock final : public Clock {
 public:
  TimePoint Now() override { return now_; }
  void Sleep(Duration d) override {
    sleeps_.push_back(d);
    now_ += d;
  }
  void Advance(Duration d) { now_ += d; }
  const std::vector<Duration>& sleeps() const { return sleeps_; }

 private:
  TimePoint now_{};
  std::vector<Duration> sleeps_;
};

}  // namespace f2m::milvus

#endif  // F2M_MILVUS_FAKE_CLOCK_H_
