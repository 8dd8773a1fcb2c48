// `dump`: stream a Faiss index into Milvus import files (docs/formats.md): parts of .npy files
// and manifest.json, written last. A folder is a finished dump only when its manifest says
// "complete"; a failed or interrupted dump never leaves such a manifest behind.
#ifndef F2M_MIGRATE_DUMP_H_
#define F2M_MIGRATE_DUMP_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/status.h"
#include "faiss/faiss_index.h"
#include "format/manifest.h"
#include "migrate/plan.h"
#include "migrate/config.h"
#include "storage/file_system.h"

namespace f2m {

// Rows written so far and the total; called from the writing thread after each batch.
using ProgressCallback = std::function<void(uint64_t rows_done, uint64_t rows_total)>;

struct DumpOptions {
  uint64_t batch_bytes = 8 << 20;  // vector bytes per batch
  size_t queue_depth = 3;          // batches in flight: memory = batch_bytes x queue_depth
  const std::atomic<bool>* cancel = nullptr;  // becomes true on SIGINT/SIGTERM
};

struct DumpResult {
  std::string output_dir;  // <outputDir>/<collection>
  bool already_dumped = false;  // a complete manifest for the same source was there
  uint64_t parts = 0, rows = 0, bytes = 0;
};

// The identity of the source file, recorded in the manifest to recognise a finished dump.
struct SourceIdentity {
  std::string path;
  FileInfo info;
};

// The `dump` command: the source from source.*, the destination from target.*. `dst_fs` is
// used for target.mode local; target.mode remote is Unimplemented until object storage lands
// (it will build its FileSystem and call DumpTo).
StatusOr<DumpResult> Dump(const Config& config, FileSystem& src_fs, FileSystem& dst_fs,
                          const ProgressCallback& progress, const DumpOptions& options = {});

// Dumps the index at `source_path` on `src_fs` into `output_root`/<collection>/ on any
// FileSystem `dst_fs` (local disk or a bucket).
StatusOr<DumpResult> DumpTo(const Config& config, FileSystem& src_fs,
                            const std::string& source_path, FileSystem& dst_fs,
                            const std::string& output_root, const ProgressCallback& progress,
                            const DumpOptions& options = {});

// The work after opening: checks, resume detection, parts, manifest. Used by DumpTo and tests.
StatusOr<DumpResult> DumpIndex(const Config& config, const FaissIndex& index,
                               const SourceIdentity& source, FileSystem& dst_fs,
                               const std::string& output_dir, const ProgressCallback& progress,
                               const DumpOptions& options);

// The manifest of a dump about to be written (state "writing", no parts yet).
Manifest NewDumpManifest(const Config& config, const IndexInfo& info,
                         const SourceIdentity& source, const DumpPlan& plan);

// Where a dump reads and writes: the configured source and target, with the remote
// FileSystems (owned here) built from source.remote / target.remote.
struct DumpSides {
  FileSystem* source_fs = nullptr;
  std::string source_path;
  FileSystem* target_fs = nullptr;
  std::string output_root;  // target.local.outputDir or target.remote.outputDir
  std::string output_dir;   // output_root/<collection>
  std::unique_ptr<FileSystem> remote_source, remote_target;
};
// Builds the sides; `check_target` proves the target writable (target.remote.checkBucket).
StatusOr<DumpSides> OpenDumpSides(const Config& config, FileSystem& src_fs, FileSystem& dst_fs,
                                  bool check_target);

// True when `old` records a dump of the same source file into the same layout (any state).
bool SameSourceAndLayout(const Manifest& old, const Manifest& now);
// Deletes the manifest first (so no stale "complete" survives a failure), then every part-*
// file under `dir`.
Status RemoveDump(FileSystem& fs, const std::string& dir);

// FailedPrecondition unless Milvus can search the index's vectors with the index's metric:
// L2 or IP for float vectors, HAMMING for binary ones.
Status CheckMilvusMetric(const IndexInfo& info);

}  // namespace f2m

#endif  // F2M_MIGRATE_DUMP_H_
