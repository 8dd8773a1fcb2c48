// Bulk import of a dump's parts into Milvus, one Import per part, recorded step by step in the
// manifest (manifest_store.h) so that a run killed anywhere resumes without importing a part
// twice: Milvus does not deduplicate imports, so a part is submitted again only when the
// manifest and Milvus agree that its earlier task imported nothing. `load` = this + the
// collection (collection_setup.h) for a finished dump.
#ifndef F2M_MIGRATE_LOAD_H_
#define F2M_MIGRATE_LOAD_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "format/manifest.h"
#include "migrate/config.h"
#include "migrate/manifest_store.h"
#include "milvus/milvus_client.h"

namespace f2m {

// Called at each named step (tests kill the process there: F2M_TEST_CRASH_AT). `part` is the
// part's position, or -1 for steps of the whole run.
using StepHook = std::function<void(std::string_view step, int64_t part)>;

// Where Milvus reads a part's files from: bucket-relative keys for a remote target, absolute
// paths for a local dump (a Milvus with local storage on this machine).
using PartFiles = std::function<std::vector<std::string>(const ManifestPart& part)>;
PartFiles PartFilesFor(const Config& config, const std::string& output_dir);

// True when infos["files"] of a 2.2/2.3 task (comma-separated) names every one of `files`: how
// a part whose task id was never recorded finds its task again.
bool TaskHasFiles(const milvus::ImportTaskState& task, const std::vector<std::string>& files);

struct ImporterOptions {
  milvus::Duration wait_deadline{6 * 3600 * 1000};
  StepHook step;
  std::function<void(const std::string& line)> report;  // one line per finished part
};

class PartImporter {
 public:
  // REQUIRES: every reference outlives the importer.
  PartImporter(milvus::MilvusClient& client, ManifestStore& store, std::string collection,
               PartFiles files, ImporterOptions options);

  // Settles what an earlier run left in flight: a part "submitting" is looked up by its files
  // in ListImportTasks, a part "submitted" by its task id; running tasks are waited for.
  // Afterwards every part is "completed" or "written" (a failed task recorded in failed_tasks).
  Status Reconcile();

  // Submits the "written" parts at `positions` (at most the server's in-flight limit), records
  // each task id, waits for all, records completion. A task that fails in Milvus leaves its
  // part "written" with the reason recorded, and the error names the part.
  Status ImportBatch(std::span<const size_t> positions);

 private:
  Status Submit(size_t pos, std::vector<int64_t>& tasks);
  // Waits for `tasks` (of parts `positions`) and records each outcome.
  Status Wait(std::span<const int64_t> tasks);
  Status RecordOutcome(const milvus::ImportTaskState& state);

  milvus::MilvusClient& client_;
  ManifestStore& store_;
  std::string collection_;
  PartFiles files_;
  ImporterOptions options_;
};

struct MilvusTarget;

// Creates or checks the collection of `store`'s manifest and ties the manifest's import records
// to it: records made for another collection of the same name (dropped or re-created since)
// are forgotten, since the rows they imported are gone. Records the collection id.
StatusOr<int64_t> PrepareCollection(MilvusTarget& target, ManifestStore& store,
                                    const Config& config, bool drop_existing);

// Imports every "written" part of `store`, at most `in_flight` at once.
Status ImportWrittenParts(PartImporter& importer, ManifestStore& store, size_t in_flight,
                          const std::atomic<bool>* cancel);

// At most min(loader.worker.limit, the server's limit) imports at once.
size_t ImportsInFlight(const Config& config, const MilvusTarget& target);

// The `load` command: a finished dump (manifest "complete") at the configured target into the
// configured collection.
struct LoadRunOptions {
  bool drop_existing = false;
  StepHook step;
  std::function<void(const std::string& line)> report;
  const std::atomic<bool>* cancel = nullptr;
};
struct LoadResult {
  std::string collection;
  int64_t rows = 0;
  uint64_t parts = 0, imported = 0;  // imported: parts submitted by this run
};
StatusOr<LoadResult> RunLoad(const Config& config, FileSystem& local_fs,
                             const LoadRunOptions& options);

}  // namespace f2m

#endif  // F2M_MIGRATE_LOAD_H_
