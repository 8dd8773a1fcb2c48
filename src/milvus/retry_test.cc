#include "milvus/retry.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "milvus/fake_clock.h"

namespace f2m::milvus {
namespace {

using ::testing::HasSubstr;

RetryPolicy Policy() {
  RetryPolicy p;
  p.max_attempts = 4;
  p.initial_backoff = Duration(100);
  p.max_backoff = Duration(250);
  p.overall = Duration(10000);
  p.jitter_seed = 42;
  return p;
}

TEST(BackoffFor, GrowsAndIsCappedWithJitterBetweenHalfAndFull) {
  RetryPolicy p = Policy();
  EXPECT_EQ(BackoffFor(p, 2, 1.0), Duration(100));
  EXPECT_EQ(BackoffFor(p, 2, 0.0), Duration(50));
  EXPECT_EQ(BackoffFor(p, 3, 1.0), Duration(200));
  EXPECT_EQ(BackoffFor(p, 4, 1.0), Duration(250));  // capped
  EXPECT_EQ(BackoffFor(p, 9, 0.0), Duration(125));
}

TEST(Retry, SucceedsAfterRetryableFailures) {
  FakeClock clock;
  int calls = 0;
  Status s = Retry(Policy(), clock, [&] {
    return ++calls < 3 ? absl::UnavailableError("down") : absl::OkStatus();
  });
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(calls, 3);
  ASSERT_EQ(clock.sleeps().size(), 2u);
  EXPECT_GE(clock.sleeps()[0], Duration(50));
  EXPECT_LE(clock.sleeps()[0], Duration(100));
  EXPECT_GE(clock.sleeps()[1], Duration(100));
  EXPECT_LE(clock.sleeps()[1], Duration(200));
}

TEST(Retry, DoesNotRetryPermanentErrors) {
  FakeClock clock;
  int calls = 0;
  Status s = Retry(Policy(), clock, [&] {
    ++calls;
    return absl::InvalidArgumentError("bad dim");
  });
  EXPECT_EQ(s, absl::InvalidArgumentError("bad dim"));
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(clock.sleeps().empty());
}

TEST(Retry, StopsAfterMaxAttemptsAndSaysSo) {
  FakeClock clock;
  int calls = 0;
  Status s = Retry(Policy(), clock, [&] {
    ++calls;
    return absl::UnavailableError("milvus x: unreachable");
  });
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(s.message(), HasSubstr("unreachable (after 4 attempts)"));
}

TEST(Retry, StopsBeforeTheOverallDeadline) {
  FakeClock clock;
  RetryPolicy p = Policy();
  p.max_attempts = 100;
  p.overall = Duration(1000);
  int calls = 0;
  Status s = Retry(p, clock, [&] {
    ++calls;
    clock.Advance(Duration(300));  // each attempt takes 300 ms
    return absl::DeadlineExceededError("slow");
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_LT(calls, 5);
  Duration total{0};
  for (Duration d : clock.sleeps()) total += d;
  EXPECT_LE(total + Duration(300) * calls, Duration(1000) + Duration(300));
}

TEST(Retry, OneAttemptMeansNoRetry) {
  FakeClock clock;
  RetryPolicy p = Policy();
  p.max_attempts = 1;
  int calls = 0;
  Status s = Retry(p, clock, [&] {
    ++calls;
    return absl::UnavailableError("down");
  });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(s, absl::UnavailableError("down"));
}

}  // namespace
}  // namespace f2m::milvus
