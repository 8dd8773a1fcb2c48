// What the parse functions share: the common headers, the result of parsing one object of the
// tree (`Parsed`), and the context passed down the recursion. Each fourcc has one small parse
// function registered in parse_table.cc; a parse function reads its object's fields, recurses
// for nested objects through ParseChild, seeks over payloads and records how to stream them
// (`make_source`), so no vector is read while parsing.
#ifndef F2M_FAISS_PARSE_H_
#define F2M_FAISS_PARSE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "faiss/cursor.h"
#include "faiss/faiss_index.h"

namespace f2m {

// The common header of float indexes (faiss-format.md §1.4) or binary ones (§1.5).
struct Header {
  int32_t d = 0;  // floats: dimension; binary: bits
  int32_t code_size = 0;  // binary only
  int64_t ntotal = 0;
  bool is_trained = false;
  int32_t metric = 1;
  float metric_arg = 0;
};

// Opens the files a source streams from (the index itself, or an .ivfdata beside it).
struct SourceEnv {
  const RandomAccessFile* index_file = nullptr;
  std::shared_ptr<const RandomAccessFile> ivfdata;  // on-disk lists, when present
};

using SourceFactory = std::function<StatusOr<std::unique_ptr<VectorSource>>(const SourceEnv&)>;

class CentroidProvider;  // centroids.h
using CentroidFactory =
    std::function<StatusOr<std::shared_ptr<CentroidProvider>>(const SourceEnv&)>;

// The result of parsing one object.
struct Parsed {
  std::string fourcc;
  Header hdr;
  VectorType vector_type = VectorType::kFloat32;
  int d = 0;            // dimension of the rows make_source emits
  int64_t ntotal = 0;   // rows make_source emits
  IdKind ids = IdKind::kSequential;
  bool exact = true;
  std::string lossy_note;
  std::optional<IvfStats> ivf;
  std::string milvus_index_type;
  std::vector<std::pair<std::string, std::string>> milvus_params;
  // Empty when the object holds no recoverable vectors; `no_source_reason` says why.
  SourceFactory make_source;
  std::string no_source_reason;
  // Coarse quantizers that store no vectors (Imiq, ImRQ): computes centroid i on demand.
  // LoadCentroids prefers it to make_source.
  CentroidFactory make_centroids;
  std::shared_ptr<const RandomAccessFile> ivfdata;  // set by on-disk lists

  uint64_t row_bytes() const {
    return vector_type == VectorType::kBinary ? static_cast<uint64_t>(d) / 8
                                              : static_cast<uint64_t>(d) * 4;
  }
};

struct ParseContext {
  Cursor& cur;
  FileSystem& fs;
  std::string path;  // of the index file
  const ReadOptions& options;
  std::vector<IndexNode> nodes;  // pre-order type tree, filled as objects are parsed
  int depth = 0;

  // Appends a param to the node most recently opened at the current depth.
  void Param(const std::string& key, const std::string& value);
};

using ParseFn = StatusOr<Parsed> (*)(ParseContext& ctx, const std::string& fourcc);

// A VectorTransform of an IndexPreTransform chain (faiss-format.md §2.1), read with its inverse:
// `inverse` maps n rows of d_out floats back to n rows of d_in; it is empty when the transform
// cannot be undone, and `refuse_reason` says why.
struct Transform {
  std::string fourcc;
  int32_t d_in = 0, d_out = 0;
  std::function<void(const float* y, size_t n, float* x)> inverse;
  std::string refuse_reason;
};
using TransformFn = StatusOr<Transform> (*)(ParseContext& ctx, const std::string& fourcc);

// Reads a fourcc and parses the object it starts (with its children). Depth-limited.
StatusOr<Parsed> ParseChild(ParseContext& ctx, const char* role);

// Common headers.
StatusOr<Header> ReadFloatHeader(Cursor& cur);
StatusOr<Header> ReadBinaryHeader(Cursor& cur);
// The binary header for `IB..` fourccs, the float one otherwise; also records it as params.
StatusOr<Header> ReadHeaderFor(ParseContext& ctx, const std::string& fourcc);
// Records the header fields as params of the current node.
void HeaderParams(ParseContext& ctx, const Header& h);

// Parse functions, one family per file.
StatusOr<Parsed> ParseFlat(ParseContext& ctx, const std::string& fourcc);         // parse_flat.cc
StatusOr<Parsed> ParseBinaryFlat(ParseContext& ctx, const std::string& fourcc);   // parse_flat.cc
StatusOr<Parsed> ParseIdMap(ParseContext& ctx, const std::string& fourcc);        // parse_idmap.cc
StatusOr<Parsed> ParseIvfFlat(ParseContext& ctx, const std::string& fourcc);      // parse_ivf.cc
StatusOr<Parsed> ParseLegacyIvfFlat(ParseContext& ctx, const std::string& fourcc);// parse_ivf.cc
StatusOr<Parsed> ParseBinaryIvf(ParseContext& ctx, const std::string& fourcc);    // parse_ivf.cc
StatusOr<Parsed> ParseHnsw(ParseContext& ctx, const std::string& fourcc);         // parse_hnsw.cc
StatusOr<Parsed> ParseRefine(ParseContext& ctx, const std::string& fourcc);       // parse_refine.cc

}  // namespace f2m

#endif  // F2M_FAISS_PARSE_H_
