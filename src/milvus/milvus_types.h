// Plain values the milvus layer takes and returns, so callers never see protobuf types.
#ifndef F2M_MILVUS_MILVUS_TYPES_H_
#define F2M_MILVUS_MILVUS_TYPES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace f2m::milvus {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

enum class VectorKind { kFloat, kBinary };

// Milvus's schema.DataType numbers for the types we create or check.
enum class DataType : int { kInt64 = 5, kVarChar = 21, kBinaryVector = 100, kFloatVector = 101 };

// The collection a migration creates: Int64 primary key (auto_id off) + one vector field.
struct CollectionSpec {
  std::string name;
  int64_t dim = 0;                   // bits for binary vectors (a multiple of 8)
  VectorKind kind = VectorKind::kFloat;
  std::string id_field = "id";
  std::string vector_field = "data";
  int32_t shards_num = 0;            // 0: the server's default (1)
  std::string description;
};

struct FieldInfo {
  std::string name;
  int data_type = 0;                 // schema.DataType number (compare with DataType)
  bool is_primary_key = false;
  bool auto_id = false;
  int64_t dim = 0;                   // type_params["dim"]; 0 for scalars
};

struct CollectionInfo {
  std::string name;
  std::string description;
  int64_t collection_id = 0;
  int32_t shards_num = 0;
  std::vector<FieldInfo> fields;

  // The field named `name`, or nullptr.
  const FieldInfo* Find(std::string_view field) const {
    for (const FieldInfo& f : fields) {
      if (f.name == field) return &f;
    }
    return nullptr;
  }
};

struct IndexSpec {
  std::string field;                 // vector field
  std::string index_type;            // FLAT, IVF_FLAT, HNSW, AUTOINDEX, BIN_FLAT, ...
  std::string metric_type;           // L2, IP, COSINE, HAMMING, JACCARD
  std::string params_json = "{}";    // build params, e.g. {"nlist":1024}
  std::string index_name;            // empty: the server's default name
};

struct IndexInfo {
  std::string index_name;
  std::string field_name;
  KeyValues params;                  // index_type, metric_type, params
  int64_t indexed_rows = 0;
  int64_t total_rows = 0;
  int64_t pending_index_rows = 0;
  int state = 0;                     // common.IndexState: 3 Finished, 4 Failed
  std::string fail_reason;
};

// common.ImportState.
enum class ImportState : int {
  kPending = 0,
  kFailed = 1,
  kStarted = 2,
  kPersisted = 5,
  kCompleted = 6,
  kFailedAndCleaned = 7,
  kFlushed = 8,
};
std::string_view ImportStateName(ImportState state);

struct ImportTaskState {
  int64_t task_id = 0;
  ImportState state = ImportState::kPending;
  int64_t row_count = 0;
  std::string failed_reason;         // infos["failed_reason"]
  std::string files;                 // infos["files"] (2.2/2.3)
  int progress_percent = -1;         // infos["progress_percent"], -1 when absent
  KeyValues infos;
  int64_t collection_id = 0;         // 0 on 2.4+
  int64_t create_ts = 0;
};

// Vectors returned by Query, row i of `floats` (dim values) or `bytes` (dim/8) belongs to ids[i].
struct VectorsById {
  VectorKind kind = VectorKind::kFloat;
  int64_t dim = 0;
  std::vector<int64_t> ids;
  std::vector<float> floats;
  std::vector<uint8_t> bytes;
};

struct SearchSpec {
  std::string vector_field = "data";
  std::string metric_type;           // must match the index's
  std::string params_json = "{}";    // e.g. {"nprobe":16}
  int64_t top_k = 10;
  VectorKind kind = VectorKind::kFloat;
  int64_t dim = 0;
  std::vector<float> float_queries;  // nq * dim
  std::vector<uint8_t> binary_queries;  // nq * dim/8
};

// Hits of query q are ids/scores[offsets[q] .. offsets[q] + counts[q]).
struct SearchResult {
  std::vector<int64_t> ids;
  std::vector<float> scores;         // L2: squared distance, as Faiss
  std::vector<int64_t> counts;
  std::vector<int64_t> offsets;
};

}  // namespace f2m::milvus

#endif  // F2M_MILVUS_MILVUS_TYPES_H_
