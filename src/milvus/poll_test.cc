#include "milvus/poll.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "milvus/fake_clock.h"

namespace f2m::milvus {
namespace {

using ::testing::HasSubstr;

PollOptions Options() {
  PollOptions o;
  o.what = "wait for thing";
  o.deadline = Duration(10000);
  o.interval = Duration(100);
  o.max_interval = Duration(1000);
  return o;
}

TEST(PollUntil, ReturnsWhenDoneAndBacksOff) {
  FakeClock clock;
  int steps = 0;
  Status s = PollUntil(clock, Options(), [&]() -> StatusOr<bool> { return ++steps == 4; });
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(steps, 4);
  ASSERT_EQ(clock.sleeps().size(), 3u);
  EXPECT_EQ(clock.sleeps()[0], Duration(100));
  EXPECT_EQ(clock.sleeps()[1], Duration(151));
  EXPECT_GT(clock.sleeps()[2], clock.sleeps()[1]);
}

TEST(PollUntil, DeadlineExceededNamesWhatAndTime) {
  FakeClock clock;
  Status s = PollUntil(clock, Options(), [&]() -> StatusOr<bool> { return false; });
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(s.message(), HasSubstr("wait for thing: not done after 10 s"));
  EXPECT_LE(clock.Now() - TimePoint{}, Duration(10000));
}

TEST(PollUntil, ToleratesTransientErrorsUntilDone) {
  FakeClock clock;
  int steps = 0;
  Status s = PollUntil(clock, Options(), [&]() -> StatusOr<bool> {
    ++steps;
    if (steps < 3) return absl::UnavailableError("milvus x: unreachable");
    return true;
  });
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(steps, 3);
}

TEST(PollUntil, DeadlineAfterTransientErrorsCarriesTheLastOne) {
  FakeClock clock;
  Status s = PollUntil(clock, Options(), [&]() -> StatusOr<bool> {
    return absl::UnavailableError("milvus x: unreachable");
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(s.message(), HasSubstr("last error: milvus x: unreachable"));
}

TEST(PollUntil, PermanentErrorEndsTheLoopWithContext) {
  FakeClock clock;
  int steps = 0;
  Status s = PollUntil(clock, Options(), [&]() -> StatusOr<bool> {
    ++steps;
    return absl::NotFoundError("no such task");
  });
  EXPECT_EQ(steps, 1);
  EXPECT_EQ(s, absl::NotFoundError("wait for thing: no such task"));
}

}  // namespace
}  // namespace f2m::milvus
