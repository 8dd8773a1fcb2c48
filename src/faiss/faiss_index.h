// The streaming Faiss reader's public contract. Open() walks the index tree once by fourcc
// (a table of small parse functions, one per fourcc, see parse_table.h), reading headers and
// array counts and seeking over payloads; it never loads the vectors. NewSource() then streams
// (id, vector) rows from the recorded offsets with large sequential reads into reused buffers.
// Never uses faiss::read_index; memory is bounded by the caller's batch size plus small tables.
#ifndef F2M_FAISS_FAISS_INDEX_H_
#define F2M_FAISS_FAISS_INDEX_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "storage/file_system.h"

namespace f2m {

enum class VectorType { kFloat32, kBinary };
// Where the primary keys come from.
enum class IdKind {
  kSequential,  // positions 0..ntotal-1 (flat, HNSW, ...)
  kIdMap,       // an IDMap/IDMap2 wrapper's id_map
  kPerList,     // the ids stored next to each code in IVF lists
};

// One object of the index tree, outermost first (depth 0).
struct IndexNode {
  std::string fourcc;      // "IxMp"
  std::string class_name;  // "IndexIDMap"
  int depth = 0;
  std::vector<std::pair<std::string, std::string>> params;  // e.g. {"nlist","1024"}
};

struct IvfStats {
  uint64_t nlist = 0;
  uint64_t nonempty_lists = 0;
  uint64_t min_list = 0, max_list = 0;
  double mean_list = 0;  // over all lists
};

struct IndexInfo {
  std::vector<IndexNode> nodes;  // the type tree, pre-order
  VectorType vector_type = VectorType::kFloat32;
  int d = 0;           // dimension in the vectors we emit (bits for binary)
  int64_t ntotal = 0;  // rows we emit
  int metric_type = 1;  // faiss MetricType value of the outermost index
  float metric_arg = 0;
  IdKind id_kind = IdKind::kSequential;
  bool exact = true;
  std::string lossy_note;          // when !exact: which codes the vectors are decoded from
  std::optional<IvfStats> ivf;     // for IVF indexes
  std::string milvus_index_type;   // e.g. "IVF_FLAT", "HNSW", "FLAT", "BIN_FLAT"
  std::vector<std::pair<std::string, std::string>> milvus_index_params;  // {"nlist","1024"}

  // Bytes per emitted row: d*4 for float32, d/8 for binary.
  uint64_t row_bytes() const;
  // "IxMp(IndexIDMap) > IxF2(IndexFlatL2)"
  std::string TypeTree() const;
  // "L2", "IP", "L1", "Linf", "Lp", "HAMMING", ... ; Milvus-compatible only for L2/IP/HAMMING.
  std::string MetricName() const;
};

// Streams rows in the index's natural order (storage order for flat/HNSW, list order for IVF).
class VectorSource {
 public:
  virtual ~VectorSource() = default;
  // Fills up to max_rows rows: ids[i] and row_bytes() bytes per row at vectors + i*row_bytes.
  // Returns the number of rows filled; 0 only at the end. REQUIRES: buffers hold max_rows rows.
  virtual StatusOr<size_t> Next(size_t max_rows, int64_t* ids, uint8_t* vectors) = 0;
  // Skips `rows` rows (resume) without reading them where the layout allows.
  virtual Status Skip(uint64_t rows);
};

struct ReadOptions {
  std::string ivfdata_path;        // on-disk lists data file; empty: next to the index
  bool refuse_lossy = false;       // dumper.faiss.lossy: refuse
  bool keep_pretransform = false;  // dumper.faiss.pretransform: keep
};

class FaissIndex {
 public:
  virtual ~FaissIndex() = default;
  // Parses the tree of `path` read through `fs` (which must outlive the index).
  // Errors: NotFound (no file), DataLoss (truncated/corrupt, with the byte offset),
  // InvalidArgument (not a Faiss file), Unimplemented (a kind we refuse, named).
  static StatusOr<std::unique_ptr<FaissIndex>> Open(FileSystem& fs, const std::string& path,
                                                    const ReadOptions& options = {});
  virtual const IndexInfo& info() const = 0;
  // A fresh stream over all ntotal rows. May be called more than once.
  virtual StatusOr<std::unique_ptr<VectorSource>> NewSource() const = 0;
};

}  // namespace f2m

#endif  // F2M_FAISS_FAISS_INDEX_H_
