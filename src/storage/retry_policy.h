// The one retry policy of every storage backend: a call is repeated only when it is idempotent
// and its error is retryable (IsRetryable: Unavailable, DeadlineExceeded, ResourceExhausted,
// Aborted — 5xx, 429, timeouts, resets), with exponential backoff and full jitter, until an
// attempt limit or an overall deadline. The final error keeps the last server message.
#ifndef F2M_STORAGE_RETRY_POLICY_H_
#define F2M_STORAGE_RETRY_POLICY_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <random>
#include <string_view>

#include "base/status.h"

namespace f2m {

// Time for the retry loop; tests substitute a fake that records sleeps and advances instantly.
class RetryClock {
 public:
  virtual ~RetryClock() = default;
  virtual std::chrono::steady_clock::time_point Now() = 0;
  virtual void SleepFor(std::chrono::milliseconds d) = 0;
};
// The real clock (process-wide, thread-safe).
RetryClock& SystemRetryClock();

struct RetryOptions {
  int max_attempts = 10;                           // total, including the first
  std::chrono::milliseconds initial_backoff{200};  // cap of the first sleep
  std::chrono::milliseconds max_backoff{15000};    // cap of any one sleep
  std::chrono::milliseconds deadline{180000};      // overall, from the first attempt
};

enum class Idempotent { kNo, kYes };

// Thread-safe: one policy may serve many threads (the jitter source is locked).
class RetryPolicy {
 public:
  explicit RetryPolicy(RetryOptions options = {}, RetryClock* clock = nullptr,
                       uint64_t seed = std::random_device{}());

  // Runs `attempt` until it returns OK, a non-retryable error, or the policy gives up. A call
  // that is not idempotent runs once. On giving up, returns the last error with its code and
  // message, followed by " (gave up after N attempts in T s: deadline|attempt limit)". `op`
  // names the call in debug logs.
  Status Run(std::string_view op, Idempotent idempotent, const std::function<Status()>& attempt);

  // The sleep before retry number `retry` (1-based): uniform in [0, min(max, initial*2^(retry-1))].
  std::chrono::milliseconds Backoff(int retry);

  const RetryOptions& options() const { return options_; }

 private:
  RetryOptions options_;
  RetryClock* clock_;
  std::mutex mu_;
  std::mt19937_64 rng_;
};

}  // namespace f2m

#endif  // F2M_STORAGE_RETRY_POLICY_H_
