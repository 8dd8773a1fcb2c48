#include "storage/retry_policy.h"

#include <algorithm>
#include <thread>

#include "base/log.h"

namespace f2m {
namespace {

class SystemClock : public RetryClock {
 public:
  std::chrono::steady_clock::time_point Now() override { return std::chrono::steady_clock::now(); }
  void SleepFor(std::chrono::milliseconds d) override { std::this_thread::sleep_for(d); }
};

}  // namespace

RetryClock& SystemRetryClock() {
  static SystemClock clock;
  return clock;
}

RetryPolicy::RetryPolicy(RetryOptions options, RetryClock* clock, uint64_t seed)
    : options_(options), clock_(clock != nullptr ? clock : &SystemRetryClock()), rng_(seed) {}

std::chrono::milliseconds RetryPolicy::Backoff(int retry) {
  int64_t cap = options_.initial_backoff.count();
  for (int i = 1; i < retry && cap < options_.max_backoff.count(); ++i) cap *= 2;
  cap = std::min<int64_t>(cap, options_.max_backoff.count());
  std::lock_guard<std::mutex> lock(mu_);
  return std::chrono::milliseconds(std::uniform_int_distribution<int64_t>(0, cap)(rng_));
}

Status RetryPolicy::Run(std::string_view op, Idempotent idempotent,
                        const std::function<Status()>& attempt) {
  const auto start = clock_->Now();
  const auto deadline = start + options_.deadline;
  int attempts = 0;
  while (true) {
    Status s = attempt();
    ++attempts;
    if (s.ok() || idempotent == Idempotent::kNo || !IsRetryable(s)) return s;
    auto now = clock_->Now();
    bool out_of_attempts = attempts >= options_.max_attempts;
    bool out_of_time = now >= deadline;
    if (out_of_attempts || out_of_time) {
      auto secs = std::chrono::duration<double>(now - start).count();
      char took[32];
      std::snprintf(took, sizeof(took), "%.1f", secs);
      return Status(s.code(),
                    StrCat(s.message(), " (gave up after ", attempts, " attempts in ", took,
                           " s: ", out_of_time ? "deadline" : "attempt limit", ")"));
    }
    auto sleep = Backoff(attempts);
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    sleep = std::min(sleep, left);
    F2M_LOG_DEBUG("{}: attempt {} failed ({}), retrying in {} ms", std::string(op), attempts,
                  std::string(s.message()), sleep.count());
    clock_->SleepFor(sleep);
  }
}

}  // namespace f2m
