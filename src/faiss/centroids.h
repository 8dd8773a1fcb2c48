// Coarse centroids for residual decoding (IVF by_residual, Index2Layer): one provider per source
// that returns the centroid of any list. Flat and HNSW quantizers store their centroids, which
// are preloaded once (fast; nlist x d floats, capped at 1 GiB); quantizers that store none
// (MultiIndexQuantizer `Imiq`, ResidualCoarseQuantizer `ImRQ`, with up to 2^24+ virtual lists)
// compute the row on demand from their small codebooks and keep only the current one.
#ifndef F2M_FAISS_CENTROIDS_H_
#define F2M_FAISS_CENTROIDS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "faiss/parse.h"

namespace f2m {

// Not thread-safe: each source owns its own provider.
class CentroidProvider {
 public:
  virtual ~CentroidProvider() = default;
  virtual uint64_t nlist() const = 0;
  virtual int d() const = 0;
  // The d floats of centroid `list_no`, valid until the next call. Errors: DataLoss when
  // list_no is outside 0..nlist-1.
  virtual StatusOr<const float*> Centroid(int64_t list_no) = 0;
};

using Centroids = std::shared_ptr<CentroidProvider>;

// A provider over all centroids held in memory (list order, d floats each).
Centroids NewTableCentroids(std::vector<float> table, int d);

// A provider for quantizers whose centroid i is the decode of a code: the little-endian bytes
// of i, zero-padded to code_size (faiss's MultiIndexQuantizer / AdditiveCoarseQuantizer
// reconstruct: the low bits select the first sub-centroid or codebook row).
// `decode_one(code, out)` writes d floats. REQUIRES: 1 <= code_size.
Centroids NewCodeCentroids(uint64_t nlist, int d, size_t code_size,
                           std::function<void(const uint8_t*, float*)> decode_one);

// The centroids of `quantizer` (the coarse quantizer parsed inside an IVF header or Index2Layer):
// its make_centroids when it has one, else all its stored vectors, read once through its
// source. Errors: Unimplemented when it holds neither, DataLoss when its shape is not
// nlist x d, ResourceExhausted when a stored table is over 1 GiB.
StatusOr<Centroids> LoadCentroids(const Parsed& quantizer, const SourceEnv& env, uint64_t nlist,
                                  int d);

}  // namespace f2m

#endif  // F2M_FAISS_CENTROIDS_H_
