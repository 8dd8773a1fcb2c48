// The milvus layer's one poll loop: calls `step` until it reports done, sleeping between rounds
// (growing from `interval` to `max_interval`), under an overall deadline. Retryable failures of a
// step (Milvus restarting, a timeout) are tolerated until the deadline; any other failure ends
// the loop. Progress is reported by the step itself (import_waiter.h, LoadCollection).
#ifndef F2M_MILVUS_POLL_H_
#define F2M_MILVUS_POLL_H_

#include <functional>
#include <string>

#include "base/status.h"
#include "milvus/clock.h"

namespace f2m::milvus {

struct PollOptions {
  std::string what;                // "wait for import task 7", the prefix of every error
  Duration deadline{900000};       // overall, from the first step
  Duration interval{500};          // first wait
  Duration max_interval{5000};     // waits grow by 1.5x up to this
};

// Returns OK once `step` returns true; its error when it fails permanently; DeadlineExceeded
// ("<what>: not done after N s[; last error: ...]") when the deadline passes first.
Status PollUntil(Clock& clock, const PollOptions& options,
                 const std::function<StatusOr<bool>()>& step);

}  // namespace f2m::milvus

#endif  // F2M_MILVUS_POLL_H_
