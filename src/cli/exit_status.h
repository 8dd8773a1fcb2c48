// Named exit statuses of faiss2milvus and the one place that maps a Status to one of them.
#ifndef F2M_CLI_EXIT_STATUS_H_
#define F2M_CLI_EXIT_STATUS_H_

#include "base/status.h"

namespace f2m {

enum ExitStatus : int {
  kExitSuccess = 0,
  kExitFailure = 1,       // the operation failed
  kExitUsage = 2,         // bad command line or configuration
  kExitInterrupted = 130  // SIGINT/SIGTERM
};

// Marks `s` as a usage or configuration error (exit 2). OK stays OK.
Status UsageError(Status s);

// Cancelled -> 130, marked by UsageError -> 2, other errors -> 1, OK -> 0.
ExitStatus ExitStatusFor(const Status& s);

}  // namespace f2m

#endif  // F2M_CLI_EXIT_STATUS_H_
