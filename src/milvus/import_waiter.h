// Waits for Milvus import tasks: polls GetImportState for every task through the one poll loop
// (poll.h) until each is terminal, under an overall deadline, reporting progress each round.
// Completed (6) is success (and Flushed, 8, which 2.3 protos define and servers never set);
// Failed (1) and FailedAndCleaned (7) are failures carrying Milvus's failed_reason and the files.
#ifndef F2M_MILVUS_IMPORT_WAITER_H_
#define F2M_MILVUS_IMPORT_WAITER_H_

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "base/status.h"
#include "milvus/clock.h"
#include "milvus/milvus_types.h"

namespace f2m::milvus {

// Where task states come from: MilvusClient in production, a scripted fake in tests.
class ImportStateSource {
 public:
  virtual ~ImportStateSource() = default;
  virtual StatusOr<ImportTaskState> GetImportState(int64_t task_id) = 0;
};

bool IsTerminal(ImportState state);
bool IsSuccess(ImportState state);

// FailedPrecondition "import task <id> (files <files>) failed in milvus: <failed_reason>" for a
// failed state; OK for any other.
Status ImportTaskError(const ImportTaskState& state);

struct ImportWaitOptions {
  Duration deadline{3600 * 1000};
  Duration interval{500};
  Duration max_interval{5000};
  // Called after every round with the latest state of every task (in the order given).
  std::function<void(const std::vector<ImportTaskState>&)> on_progress;
};

// Polls until every task is terminal. Returns their final states when all succeeded; otherwise
// the error of the first failed task (the others' reasons appended). Tasks already terminal are
// not polled again. Transient errors (Milvus restarting) are tolerated until the deadline.
StatusOr<std::vector<ImportTaskState>> WaitForImports(ImportStateSource& source, Clock& clock,
                                                      std::span<const int64_t> task_ids,
                                                      const ImportWaitOptions& options);

}  // namespace f2m::milvus

#endif  // F2M_MILVUS_IMPORT_WAITER_H_
