// `inspect`: what an index is and how it would be dumped, without writing anything: the type
// tree, d, ntotal, metric, ids, exact or lossy, IVF list sizes, the matching Milvus index and
// the dump plan. Text for people, JSON (docs/formats.md "inspect --json") for scripts.
#ifndef F2M_MIGRATE_INSPECT_H_
#define F2M_MIGRATE_INSPECT_H_

#include <string>

#include "base/status.h"
#include "faiss/faiss_index.h"
#include "migrate/plan.h"
#include "storage/file_system.h"

namespace f2m {

struct InspectReport {
  std::string path;
  uint64_t size = 0;
  IndexInfo info;
  DumpPlan plan;
};

// Opens `path` on `fs` and plans it for parts of `max_file_size` vector bytes.
StatusOr<InspectReport> Inspect(FileSystem& fs, const std::string& path,
                                uint64_t max_file_size);
// The same from an index already open (tests, and the info of a dump).
StatusOr<InspectReport> InspectIndex(const FaissIndex& index, const std::string& path,
                                     uint64_t size, uint64_t max_file_size);

std::string InspectText(const InspectReport& report);
// The documented JSON object, pretty-printed, with a final newline.
std::string InspectJson(const InspectReport& report);

// "sequential" | "id_map" | "per_list", as in manifest.json.
const char* IdKindName(IdKind kind);

}  // namespace f2m

#endif  // F2M_MIGRATE_INSPECT_H_
