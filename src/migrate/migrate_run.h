// `migrate`: dump + load + verify in one resumable run. The dump writes part k+1 while Milvus
// imports part k (each written part goes to an import queue); every step is recorded in the
// manifest (manifest_store.h), so a run killed anywhere (SIGKILL included) and started again
// with the same config resumes: written parts are not written again, recorded imports are
// looked up instead of submitted again, and the run ends with exactly ntotal rows.
#ifndef F2M_MIGRATE_MIGRATE_RUN_H_
#define F2M_MIGRATE_MIGRATE_RUN_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "base/status.h"
#include "migrate/config.h"
#include "migrate/dump.h"
#include "migrate/load.h"
#include "migrate/verify.h"

namespace f2m {

struct MigrateOptions {
  bool drop_existing = false;
  StepHook step;                                       // F2M_TEST_CRASH_AT
  std::function<void(const std::string& line)> report;  // one line per imported part
  ProgressCallback progress;                           // rows dumped
  DumpOptions dump;                                    // includes the cancel flag
  bool verify = true;
  // At the end of migrate, recall is measured only up to 256k rows (brute force reads the whole
  // dump back); `verify` measures it up to VerifyOptions' default.
  VerifyOptions verify_options = {.max_brute_force_rows = uint64_t{1} << 18};
};

struct MigrateResult {
  std::string collection;
  int64_t rows = 0;
  uint64_t parts = 0;
  uint64_t written = 0;   // parts written by this run
  uint64_t imported = 0;  // parts imported by this run
  VerifyReport verify;
};

StatusOr<MigrateResult> RunMigrate(const Config& config, FileSystem& local_fs,
                                   const MigrateOptions& options);

}  // namespace f2m

#endif  // F2M_MIGRATE_MIGRATE_RUN_H_
