#include "storage/retry_policy.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

class FakeClock : public RetryClock {
 public:
  std::chrono::steady_clock::time_point Now() override { return now_; }
  void SleepFor(milliseconds d) override {
    sleeps.push_back(d);
    now_ += d;
  }
  void Advance(milliseconds d) { now_ += d; }
  std::vector<milliseconds> sleeps;

 private:
  std::chrono::steady_clock::time_point now_{};
};

RetryOptions Options(int attempts, int deadline_ms) {
  RetryOptions o;
  o.max_attempts = attempts;
  o.initial_backoff = milliseconds(100);
  o.max_backoff = milliseconds(1000);
  o.deadline = milliseconds(deadline_ms);
  return o;
}

TEST(RetryPolicyTest, RetriesRetryableUntilSuccess) {
  FakeClock clock;
  RetryPolicy policy(Options(5, 60000), &clock, 1);
  int calls = 0;
  Status s = policy.Run("put", Idempotent::kYes, [&] {
    return ++calls < 3 ? absl::UnavailableError("HTTP 503 SlowDown") : absl::OkStatus();
  });
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(clock.sleeps.size(), 2u);
}

TEST(RetryPolicyTest, NonRetryableErrorRunsOnce) {
  FakeClock clock;
  RetryPolicy policy(Options(5, 60000), &clock, 1);
  int calls = 0;
  Status s = policy.Run("put", Idempotent::kYes, [&] {
    ++calls;
    return absl::PermissionDeniedError("access denied");
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(), "access denied");
  EXPECT_EQ(calls, 1);
}

TEST(RetryPolicyTest, NonIdempotentCallRunsOnce) {
  FakeClock clock;
  RetryPolicy policy(Options(5, 60000), &clock, 1);
  int calls = 0;
  Status s = policy.Run("post", Idempotent::kNo, [&] {
    ++calls;
    return absl::UnavailableError("reset");
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(clock.sleeps.empty());
}

TEST(RetryPolicyTest, AttemptLimitKeepsLastServerMessage) {
  FakeClock clock;
  RetryPolicy policy(Options(4, 600000), &clock, 1);
  int calls = 0;
  Status s = policy.Run("write part 3 s3://b/k", Idempotent::kYes, [&] {
    return absl::UnavailableError(StrCat("HTTP 500 (InternalError: try ", ++calls, ")"));
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(s.message()),
              ::testing::MatchesRegex("HTTP 500 \\(InternalError: try 4\\) \\(gave up after 4 "
                                      "attempts in [0-9.]+ s: attempt limit\\)"));
}

TEST(RetryPolicyTest, DeadlineStopsRetriesAndCapsTheLastSleep) {
  FakeClock clock;
  RetryPolicy policy(Options(1000, 2500), &clock, 7);
  int calls = 0;
  Status s = policy.Run("get", Idempotent::kYes, [&] {
    ++calls;
    clock.Advance(milliseconds(400));  // each attempt takes 0.4 s
    return absl::DeadlineExceededError("timed out");
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(std::string(s.message()), HasSubstr("timed out (gave up after "));
  auto elapsed = clock.Now() - std::chrono::steady_clock::time_point{};
  EXPECT_LE(elapsed, milliseconds(2500 + 400));
  EXPECT_LT(calls, 1000);
}

TEST(RetryPolicyTest, BackoffIsFullJitterUnderAGrowingCap) {
  FakeClock clock;
  RetryPolicy policy(Options(10, 60000), &clock, 42);
  int64_t max_seen[6] = {0};
  for (int trial = 0; trial < 400; ++trial) {
    for (int retry = 1; retry <= 5; ++retry) {
      int64_t ms = policy.Backoff(retry).count();
      int64_t cap = std::min<int64_t>(100 << (retry - 1), 1000);
      ASSERT_GE(ms, 0);
      ASSERT_LE(ms, cap) << "retry " << retry;
      max_seen[retry] = std::max(max_seen[retry], ms);
    }
  }
  // Full jitter spans the whole range: the largest draws come near each cap.
  EXPECT_GT(max_seen[1], 80);
  EXPECT_GT(max_seen[4], 640);
  EXPECT_GT(max_seen[5], 800);
}

}  // namespace
}  // namespace f2m
