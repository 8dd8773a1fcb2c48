#include "milvus/retry.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace f2m::milvus {

Duration BackoffFor(const RetryPolicy& policy, int attempt, double unit) {
  double base = static_cast<double>(policy.initial_backoff.count()) *
                std::pow(policy.multiplier, std::max(0, attempt - 2));
  base = std::min(base, static_cast<double>(policy.max_backoff.count()));
  double jitter = 0.5 + 0.5 * std::clamp(unit, 0.0, 1.0);  // keep at least half the backoff
  return Duration(static_cast<int64_t>(base * jitter));
}

Status Retry(const RetryPolicy& policy, Clock& clock, const std::function<Status()>& op,
             const std::function<bool(const Status&)>& retryable) {
  uint64_t seed = policy.jitter_seed != 0
                      ? policy.jitter_seed
                      : static_cast<uint64_t>(clock.Now().time_since_epoch().count());
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const TimePoint deadline = clock.Now() + policy.overall;
  for (int attempt = 1;; ++attempt) {
    Status s = op();
    if (s.ok() || !(retryable ? retryable(s) : IsRetryable(s))) return s;
    bool out_of_attempts = attempt >= std::max(1, policy.max_attempts);
    Duration wait = BackoffFor(policy, attempt + 1, unit(rng));
    if (out_of_attempts || clock.Now() + wait > deadline) {
      if (attempt == 1) return s;
      return Status(s.code(), StrCat(s.message(), " (after ", attempt, " attempts)"));
    }
    clock.Sleep(wait);
  }
}

}  // namespace f2m::milvus
