#include "faiss/codec/product_quantizer.h"

#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "base/le.h"
#include "base/strings.h"
#include "faiss/codec/bit_reader.h"

namespace f2m {

StatusOr<PqDecoder> PqDecoder::Create(uint64_t d, uint64_t M, uint64_t nbits,
                                      std::vector<float> centroids) {
  auto bad = [&](const std::string& cause) {
    return absl::DataLossError(StrCat("product quantizer d=", d, " M=", M, " nbits=", nbits, ": ",
                                      cause));
  };
  if (d == 0 || M == 0) return bad("d and M must be positive");
  if (d % M != 0) return bad("d is not a multiple of M");
  if (nbits == 0 || nbits > kMaxCodeBits) return bad(StrCat("nbits must be 1..", kMaxCodeBits));
  std::optional<uint64_t> count = CheckedMul(d, uint64_t{1} << nbits);
  std::optional<uint64_t> bits = CheckedMul(M, nbits);
  if (!count || !bits) return bad("size overflows");
  if (centroids.size() != *count) {
    return bad(StrCat("centroids has ", centroids.size(), " floats, expected ", *count));
  }
  return PqDecoder(d, M, nbits, std::move(centroids));
}

PqDecoder::PqDecoder(size_t d, size_t M, size_t nbits, std::vector<float> centroids)
    : d_(d),
      M_(M),
      nbits_(nbits),
      dsub_(d / M),
      ksub_(size_t{1} << nbits),
      code_size_((M * nbits + 7) / 8),
      centroids_(std::move(centroids)) {}

void PqDecoder::DecodeOne(const uint8_t* code, float* x) const {
  const float* c = centroids_.data();
  const size_t bytes = dsub_ * sizeof(float);
  const size_t table = ksub_ * dsub_;  // floats per sub-quantizer
  if (nbits_ == 8) {
    for (size_t m = 0; m < M_; ++m) {
      std::memcpy(x + m * dsub_, c + m * table + code[m] * dsub_, bytes);
    }
  } else if (nbits_ == 4) {
    for (size_t m = 0; m < M_; ++m) {
      const unsigned k = (code[m >> 1] >> ((m & 1) << 2)) & 0xf;
      std::memcpy(x + m * dsub_, c + m * table + k * dsub_, bytes);
    }
  } else {
    BitReader reader(code);
    const unsigned nbits = static_cast<unsigned>(nbits_);
    for (size_t m = 0; m < M_; ++m) {
      const size_t k = reader.Read(nbits);
      std::memcpy(x + m * dsub_, c + m * table + k * dsub_, bytes);
    }
  }
}

void PqDecoder::Decode(const uint8_t* codes, size_t n, float* out) const {
  for (size_t r = 0; r < n; ++r) DecodeOne(codes + r * code_size_, out + r * d_);
}

}  // namespace f2m
