#include "milvus/clock.h"

#include "gtest/gtest.h"

namespace f2m::milvus {
namespace {

TEST(SystemClock, SleepAdvancesNow) {
  Clock& clock = SystemClock();
  TimePoint start = clock.Now();
  clock.Sleep(Duration(5));
  EXPECT_GE(clock.Now() - start, Duration(5));
  EXPECT_EQ(&clock, &SystemClock());
}

}  // namespace
}  // namespace f2m::milvus
