// Decoding of Faiss ProductQuantizer codes (IxPq, IVFPQ, IVFPQR, HNSW-PQ, fast-scan after
// unpacking): each code is an LSB-first bit-string of M sub-codes of nbits bits; the vector is the
// concatenation of the selected centroid slices (docs faiss-format §2.2, §7.2). Bit-identical to
// faiss::ProductQuantizer::decode (a copy, no arithmetic). Resident data: d * 2^nbits floats.
#ifndef F2M_FAISS_CODEC_PRODUCT_QUANTIZER_H_
#define F2M_FAISS_CODEC_PRODUCT_QUANTIZER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/status.h"

namespace f2m {

class PqDecoder {
 public:
  // Validates and takes `centroids` (layout [M][2^nbits][d/M], faiss's pq.centroids).
  // Errors (all DataLoss, naming the field): d or M zero, d not a multiple of M, nbits outside
  // 1..24, centroids.size() != d * 2^nbits (overflow-checked).
  static StatusOr<PqDecoder> Create(uint64_t d, uint64_t M, uint64_t nbits,
                                    std::vector<float> centroids);

  size_t d() const { return d_; }
  size_t M() const { return M_; }
  size_t nbits() const { return nbits_; }
  size_t dsub() const { return dsub_; }
  size_t ksub() const { return ksub_; }
  // ceil(M * nbits / 8) bytes per vector.
  size_t code_size() const { return code_size_; }
  const std::vector<float>& centroids() const { return centroids_; }

  // Decodes n consecutive codes (n * code_size() bytes) into n * d() floats. No allocation;
  // thread-safe. REQUIRES: codes and out do not overlap.
  void Decode(const uint8_t* codes, size_t n, float* out) const;

  // Decodes one code into d() floats.
  void DecodeOne(const uint8_t* code, float* out) const;

 private:
  PqDecoder(size_t d, size_t M, size_t nbits, std::vector<float> centroids);

  size_t d_, M_, nbits_, dsub_, ksub_, code_size_;
  std::vector<float> centroids_;
};

}  // namespace f2m

#endif  // F2M_FAISS_CODEC_PRODUCT_QUANTIZER_H_
