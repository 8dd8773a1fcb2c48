// Decoding of Faiss additive-quantizer codes: ResidualQuantizer and LocalSearchQuantizer (IxRq,
// IxRQ, IxLS, IwRQ, IwLS, fast-scan AQ after unpacking) and their product variants (IxPR, IxPL,
// ...). A code is an LSB-first bit-string of M codebook indices (nbits[m] bits each), then the
// encoded norm, which decoding ignores (docs faiss-format §2.4, §7.3). The vector is the sum of
// the selected codebook rows, added in codebook order in float exactly as
// faiss::AdditiveQuantizer::decode does, so results are bit-identical. Resident data: codebooks.
#ifndef F2M_FAISS_CODEC_ADDITIVE_QUANTIZER_H_
#define F2M_FAISS_CODEC_ADDITIVE_QUANTIZER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/status.h"

namespace f2m {

// Bits of encoded norm that follow the indices for a search_type (faiss
// AdditiveQuantizer::Search_type_t): 32 for ST_norm_float, 8 for qint8/cqint8/lsq2x4/rq2x4, 4 for
// qint4/cqint4, else 0. Errors: Unimplemented for a value outside 0..9, naming it.
StatusOr<unsigned> AqNormBits(int32_t search_type);

class AqDecoder {
 public:
  // A plain RQ or LSQ over d dimensions: codebook m has 2^nbits[m] rows of d floats, and
  // `codebooks` holds them all in order (faiss's aq.codebooks). Errors (DataLoss unless noted):
  // d == 0, no codebooks, an nbits outside 1..24, codebooks.size() wrong (overflow-checked);
  // Unimplemented for an unknown search_type.
  static StatusOr<AqDecoder> Create(uint64_t d, const std::vector<uint64_t>& nbits,
                                    int32_t search_type, std::vector<float> codebooks);

  // A product RQ/LSQ: split s (of split_nbits.size()) covers dimensions [s*d/n, (s+1)*d/n) and
  // has the codebooks split_nbits[s]. `codebooks` is the product's common-part codebooks: every
  // split's rows, d/n floats wide, in split then codebook order (the same as the sub-quantizer
  // records' codebooks concatenated). search_type is the product's (its norm ends the code).
  // Errors as Create, plus d not a multiple of the number of splits.
  static StatusOr<AqDecoder> CreateProduct(uint64_t d,
                                           const std::vector<std::vector<uint64_t>>& split_nbits,
                                           int32_t search_type, std::vector<float> codebooks);

  size_t d() const { return d_; }
  size_t nsplits() const { return nsplits_; }
  size_t M() const { return steps_.size(); }  // codebooks over all splits
  unsigned norm_bits() const { return norm_bits_; }
  // Bits of codebook indices (the sum of nbits), before the norm bits.
  uint64_t index_bits() const { return index_bits_; }
  // Codebook m (over all splits, in code order): its nbits, and its 2^nbits rows of dsub()
  // floats (a split's slice of the vector).
  unsigned nbits(size_t m) const { return steps_[m].nbits; }
  const float* codebook(size_t m) const { return codebooks_.data() + steps_[m].row0 * dsub_; }
  size_t dsub() const { return dsub_; }
  // ceil((sum of nbits + norm_bits) / 8) bytes per vector.
  size_t code_size() const { return code_size_; }

  // Decodes n consecutive codes (n * code_size() bytes) into n * d() floats. No allocation;
  // thread-safe. REQUIRES: codes and out do not overlap.
  void Decode(const uint8_t* codes, size_t n, float* out) const;

  // Decodes one code into d() floats.
  void DecodeOne(const uint8_t* code, float* out) const;

 private:
  struct Step {
    unsigned nbits;
    bool first_of_split;  // copy instead of add
    size_t out_offset;    // first output float of its split
    size_t row0;          // first codebook row of this codebook
  };
  AqDecoder() = default;

  size_t d_ = 0, dsub_ = 0, nsplits_ = 1, code_size_ = 0;
  uint64_t index_bits_ = 0;
  unsigned norm_bits_ = 0;
  std::vector<Step> steps_;
  std::vector<float> codebooks_;
};

}  // namespace f2m

#endif  // F2M_FAISS_CODEC_ADDITIVE_QUANTIZER_H_
