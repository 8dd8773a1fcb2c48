// `verify`: is the collection the index? count(*) == ntotal; for a sample of ids, the vectors in
// Milvus equal the dump's bit for bit; recall@k of Milvus search against brute force over the
// dump on a sample of queries (a failure only for exact indexes under a FLAT-like Milvus index,
// where anything under the threshold means wrong data, not approximation).
#ifndef F2M_MIGRATE_VERIFY_H_
#define F2M_MIGRATE_VERIFY_H_

#include <cstdint>
#include <string>

#include "base/status.h"
#include "format/manifest.h"
#include "migrate/config.h"
#include "milvus/milvus_client.h"
#include "storage/file_system.h"

namespace f2m {

struct VerifyOptions {
  size_t sample = 1000;     // ids whose vectors are compared
  size_t queries = 100;     // search queries (taken from the sample) for recall
  int64_t top_k = 10;
  double min_recall = 0.95;  // enforced only for exact indexes with a FLAT-like Milvus index
  uint64_t max_brute_force_rows = uint64_t{4} << 20;  // above: recall is not measured
};

struct VerifyReport {
  int64_t count = 0;
  size_t sampled = 0;
  double recall = -1;          // -1: not measured
  bool recall_enforced = false;
  std::string Summary() const;
};

// Checks the collection of `manifest` against the dump's parts under `output_dir` on `fs`.
// FailedPrecondition naming the first difference.
StatusOr<VerifyReport> VerifyCollection(milvus::MilvusClient& client, FileSystem& fs,
                                        const std::string& output_dir, const Manifest& manifest,
                                        const Config& config, const VerifyOptions& options);

// The `verify` command: reads the manifest at the configured target and connects to Milvus.
StatusOr<VerifyReport> RunVerify(const Config& config, FileSystem& local_fs,
                                 const VerifyOptions& options);

}  // namespace f2m

#endif  // F2M_MIGRATE_VERIFY_H_
