// Streaming of Panorama layouts (faiss 1.13+: IxFP / IxFp flat, `ilpn` / `ilp2` IVF lists; format
// §7.6): vectors in batches of batch_size; inside a batch, level l of every vector is stored
// together (level width ceil(d / n_levels) floats, the last level narrower), vector p's slice at
// p x (its level's width), as faiss's Panorama::copy_codes_to_level_layout writes them. Each read
// takes one whole batch and reorders the wanted rows into plain float32 vectors (exact).
#ifndef F2M_FAISS_PANORAMA_SOURCE_H_
#define F2M_FAISS_PANORAMA_SOURCE_H_

#include <memory>
#include <vector>

#include "faiss/sources.h"

namespace f2m {

struct PanoramaLayout {
  size_t d = 0, n_levels = 1, batch_size = 1;
  uint64_t batch_bytes() const { return static_cast<uint64_t>(batch_size) * d * 4; }
  // Copies vectors [first, first + n) of the batch at `batch` (batch_bytes()) into n x d floats.
  void Unpack(const uint8_t* batch, size_t first, size_t n, float* out) const;
};

// One stored table: `size` vectors from codes_offset (whole batches); ids at ids_offset, or
// positions 0.. when sequential.
struct PanoramaList {
  int64_t list_no = -1;
  uint64_t size = 0;
  uint64_t codes_offset = 0;
  uint64_t ids_offset = 0;
};

std::unique_ptr<VectorSource> NewPanoramaSource(const RandomAccessFile& file,
                                                std::vector<PanoramaList> lists,
                                                PanoramaLayout layout, bool sequential_ids);

}  // namespace f2m

#endif  // F2M_FAISS_PANORAMA_SOURCE_H_
