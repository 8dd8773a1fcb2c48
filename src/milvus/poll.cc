#include "milvus/poll.h"

#include <algorithm>

#include "base/log.h"

namespace f2m::milvus {

Status PollUntil(Clock& clock, const PollOptions& options,
                 const std::function<StatusOr<bool>()>& step) {
  const TimePoint start = clock.Now();
  const TimePoint deadline = start + options.deadline;
  Duration wait = options.interval;
  Status last_transient;
  for (;;) {
    StatusOr<bool> done = step();
    if (done.ok()) {
      if (*done) return absl::OkStatus();
      last_transient = absl::OkStatus();
    } else if (IsRetryable(done.status())) {
      if (done.status().message() != last_transient.message()) {  // once per new error
        F2M_LOG_WARN("{}: {} (still polling)", options.what, std::string(done.status().message()));
      }
      last_transient = done.status();
    } else {
      return Annotate(done.status(), options.what);
    }
    TimePoint now = clock.Now();
    if (now >= deadline) break;
    clock.Sleep(std::min(wait, std::chrono::duration_cast<Duration>(deadline - now)));
    wait = std::min(options.max_interval, Duration(wait.count() * 3 / 2 + 1));
  }
  double seconds = std::chrono::duration_cast<Duration>(clock.Now() - start).count() / 1000.0;
  std::string msg = StrCat(options.what, ": not done after ", seconds, " s");
  if (!last_transient.ok()) msg = StrCat(msg, "; last error: ", last_transient.message());
  return absl::DeadlineExceededError(msg);
}

}  // namespace f2m::milvus
