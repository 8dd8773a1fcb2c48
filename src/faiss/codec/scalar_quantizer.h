// Decoding of Faiss ScalarQuantizer codes (IxSQ, IVF-SQ, HNSW-SQ storage) back to float32 with
// the same float arithmetic as faiss::ScalarQuantizer::decode, so results are bit-identical to
// Debian's libfaiss (built without FMA). Format: docs faiss-format §2.3 and §7.1. The only
// resident data is the trained table (at most 2*d floats) and a <= 256-entry code table.
#ifndef F2M_FAISS_CODEC_SCALAR_QUANTIZER_H_
#define F2M_FAISS_CODEC_SCALAR_QUANTIZER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/status.h"

namespace f2m {

// faiss::ScalarQuantizer::QuantizerType values as stored in files (i32).
enum class SqType : int32_t {
  k8bit = 0,
  k4bit = 1,
  k8bitUniform = 2,
  k4bitUniform = 3,
  kFp16 = 4,
  k8bitDirect = 5,
  k6bit = 6,
  kBf16 = 7,               // faiss 1.9+
  k8bitDirectSigned = 8,   // faiss 1.9+
};

// "QT_8bit", ..., "QT_8bit_direct_signed" for 0..8; nullptr for values we do not decode.
const char* SqTypeName(int32_t qtype);

// Bytes per vector for `qtype` at dimension d, overflow-checked. Errors: Unimplemented for an
// unknown qtype (naming it), DataLoss when d is 0 or the size overflows.
StatusOr<uint64_t> SqCodeSize(int32_t qtype, uint64_t d);

class SqDecoder {
 public:
  // Validates and takes `trained` (faiss's `trained` vector: vmin[d] then vdiff[d] for the
  // non-uniform types, {vmin, vdiff} for the uniform ones, empty otherwise).
  // Errors: Unimplemented (unknown qtype, e.g. "QT_0bit" or TurboQuant from 1.14+), DataLoss
  // (d == 0, size overflow, trained length not what qtype needs).
  static StatusOr<SqDecoder> Create(int32_t qtype, uint64_t d, std::vector<float> trained);

  SqType qtype() const { return qtype_; }
  size_t d() const { return d_; }
  size_t code_size() const { return code_size_; }

  // Decodes n consecutive codes (n * code_size() bytes) into n * d() floats. No allocation.
  // Thread-safe (const). REQUIRES: codes and out do not overlap.
  void Decode(const uint8_t* codes, size_t n, float* out) const;

  // Decodes one code into d() floats.
  void DecodeOne(const uint8_t* code, float* out) const;

 private:
  SqDecoder(SqType qtype, size_t d, size_t code_size, std::vector<float> trained);

  SqType qtype_;
  size_t d_;
  size_t code_size_;
  std::vector<float> trained_;
  // unit_[c] = (c + 0.5f) / (2^bits - 1), computed exactly as faiss's codecs do.
  std::vector<float> unit_;
};

}  // namespace f2m

#endif  // F2M_FAISS_CODEC_SCALAR_QUANTIZER_H_
