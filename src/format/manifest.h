// manifest.json: the record of one dump (source identity, index summary, plan, per-part files
// with sizes and SHA-256, state). Written last and atomically; a folder whose manifest is
// missing or not "complete" is not a finished dump. Schema: docs/formats.md.
#ifndef F2M_FORMAT_MANIFEST_H_
#define F2M_FORMAT_MANIFEST_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "storage/file_system.h"

namespace f2m {

inline constexpr char kManifestName[] = "manifest.json";
inline constexpr char kManifestStateComplete[] = "complete";

struct ManifestFile {
  std::string name;  // "id.npy"
  uint64_t bytes = 0;
  std::string sha256;
};

// Per-part states, in order: written (files visible at the destination; on a remote target
// that is also "uploaded"), submitting (an Import call may have been sent; its task id is not
// known yet), submitted (import_task holds Milvus's task id), completed (Milvus says Completed).
inline constexpr char kPartWritten[] = "written";
inline constexpr char kPartSubmitting[] = "submitting";
inline constexpr char kPartSubmitted[] = "submitted";
inline constexpr char kPartCompleted[] = "completed";

struct ManifestPart {
  std::string name;  // "part-00000"
  uint64_t row_begin = 0, row_end = 0, rows = 0;
  std::string state;  // kPart*
  std::vector<ManifestFile> files;
  int64_t import_task = 0;                // the live import task (0: none)
  std::vector<int64_t> failed_tasks;      // earlier tasks that failed and imported nothing
  std::string failed_reason;              // Milvus's reason for the last failure
};

struct Manifest {
  std::string tool_version;
  std::string state;  // "complete" once every part is written
  struct Source {
    std::string path;
    uint64_t size = 0;
    int64_t mtime_ns = 0;
  } source;
  struct Index {
    std::string type_tree;
    int64_t d = 0, ntotal = 0;
    std::string metric;
    int metric_type = 0;
    std::string vector_type;  // "float32" | "binary"
    std::string ids;          // "sequential" | "id_map" | "per_list"
    bool exact = true;
    std::string milvus_index_type;  // the Milvus index matching the Faiss one, e.g. "IVF_FLAT"
    std::vector<std::pair<std::string, std::string>> milvus_index_params;
  } index;
  struct Collection {
    std::string name, id_field, vector_field;
  } collection;
  uint64_t rows_per_part = 0;
  std::vector<ManifestPart> parts;
  // What `load`/`migrate` did with the parts: the collection they were imported into (its id
  // tells a re-created collection of the same name apart) and the load state ("" | "importing"
  // | "loaded" | "verified").
  struct Load {
    int64_t collection_id = 0;
    std::string state;
  } load;
};

// Pretty-printed JSON in the documented key order.
std::string ManifestToJson(const Manifest& m);
// Parses and checks "format" and "version". `name` is used in messages.
StatusOr<Manifest> ManifestFromJson(std::string_view text, std::string_view name);

// Atomic write (temp + rename) and read through `fs`.
Status WriteManifest(FileSystem& fs, const std::string& path, const Manifest& m);
StatusOr<Manifest> ReadManifest(FileSystem& fs, const std::string& path);

}  // namespace f2m

#endif  // F2M_FORMAT_MANIFEST_H_
