// The milvus layer's one retry policy: exponential backoff with jitter under an overall deadline,
// applied only to failures IsRetryable() accepts (Unavailable, DeadlineExceeded,
// ResourceExhausted, Aborted). Kept small and separate: the lead folds it with src/storage's.
#ifndef F2M_MILVUS_RETRY_H_
#define F2M_MILVUS_RETRY_H_

#include <cstdint>
#include <functional>
#include <string_view>

#include "base/status.h"
#include "milvus/clock.h"

namespace f2m::milvus {

struct RetryPolicy {
  int max_attempts = 5;             // including the first; 1 = no retry
  Duration initial_backoff{500};    // before the 2nd attempt
  Duration max_backoff{8000};       // cap of one wait
  double multiplier = 2.0;
  Duration overall{30000};          // no attempt starts after first start + overall
  uint64_t jitter_seed = 0;         // 0: seeded from the clock; tests pass a fixed seed
};

// The wait before attempt `attempt` (2, 3, ...): min(max, initial * multiplier^(attempt-2)),
// scaled by a jitter factor in [0.5, 1.0]. `unit` in [0, 1) is the random draw.
Duration BackoffFor(const RetryPolicy& policy, int attempt, double unit);

// Runs `op` until it succeeds, fails with a status `retryable` rejects (default IsRetryable),
// runs out of attempts, or the next wait would pass the overall deadline. Returns the last status;
// when retries were made its message says how many ("... (after 3 attempts)").
Status Retry(const RetryPolicy& policy, Clock& clock, const std::function<Status()>& op,
             const std::function<bool(const Status&)>& retryable = nullptr);

}  // namespace f2m::milvus

#endif  // F2M_MILVUS_RETRY_H_
