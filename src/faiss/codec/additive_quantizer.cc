#include "faiss/codec/additive_quantizer.h"

#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "base/le.h"
#include "base/strings.h"
#include "faiss/codec/bit_reader.h"

namespace f2m {

StatusOr<unsigned> AqNormBits(int32_t search_type) {
  switch (search_type) {
    case 0:  // ST_decompress
    case 1:  // ST_LUT_nonorm
    case 2:  // ST_norm_from_LUT
      return 0u;
    case 3:  // ST_norm_float
      return 32u;
    case 4:  // ST_norm_qint8
    case 6:  // ST_norm_cqint8
    case 8:  // ST_norm_lsq2x4
    case 9:  // ST_norm_rq2x4
      return 8u;
    case 5:  // ST_norm_qint4
    case 7:  // ST_norm_cqint4
      return 4u;
    default:
      return absl::UnimplementedError(
          StrCat("additive quantizer search_type ", search_type, ": not supported"));
  }
}

StatusOr<AqDecoder> AqDecoder::CreateProduct(uint64_t d,
                                             const std::vector<std::vector<uint64_t>>& split_nbits,
                                             int32_t search_type, std::vector<float> codebooks) {
  const uint64_t nsplits = split_nbits.size();
  auto bad = [&](const std::string& cause) {
    return absl::DataLossError(StrCat("additive quantizer d=", d,
                                      nsplits > 1 ? StrCat(" nsplits=", nsplits) : std::string(),
                                      ": ", cause));
  };
  F2M_ASSIGN_OR_RETURN(unsigned norm_bits, AqNormBits(search_type));
  if (d == 0) return bad("d is 0");
  if (nsplits == 0) return bad("no sub-quantizers");
  if (d % nsplits != 0) return bad("d is not a multiple of nsplits");
  AqDecoder dec;
  dec.d_ = d;
  dec.dsub_ = d / nsplits;
  dec.nsplits_ = nsplits;
  dec.norm_bits_ = norm_bits;
  uint64_t rows = 0, bits = norm_bits;
  for (uint64_t s = 0; s < nsplits; ++s) {
    if (split_nbits[s].empty()) return bad(StrCat("sub-quantizer ", s, " has no codebooks"));
    for (size_t m = 0; m < split_nbits[s].size(); ++m) {
      const uint64_t nb = split_nbits[s][m];
      if (nb == 0 || nb > kMaxCodeBits) {
        return bad(StrCat("codebook ", dec.steps_.size(), " has nbits ", nb, ", expected 1..",
                          kMaxCodeBits));
      }
      dec.steps_.push_back({static_cast<unsigned>(nb), m == 0, s * dec.dsub_, rows});
      std::optional<uint64_t> r = CheckedAdd(rows, uint64_t{1} << nb);
      std::optional<uint64_t> b = CheckedAdd(bits, nb);
      if (!r || !b) return bad("size overflows");
      rows = *r;
      bits = *b;
    }
  }
  std::optional<uint64_t> floats = CheckedMul(rows, dec.dsub_);
  if (!floats) return bad("size overflows");
  if (codebooks.size() != *floats) {
    return bad(StrCat("codebooks has ", codebooks.size(), " floats, expected ", *floats));
  }
  dec.code_size_ = bits / 8 + (bits % 8 != 0);
  dec.index_bits_ = bits - norm_bits;
  dec.codebooks_ = std::move(codebooks);
  return dec;
}

StatusOr<AqDecoder> AqDecoder::Create(uint64_t d, const std::vector<uint64_t>& nbits,
                                      int32_t search_type, std::vector<float> codebooks) {
  if (nbits.empty()) return absl::DataLossError(StrCat("additive quantizer d=", d, ": M is 0"));
  return CreateProduct(d, {nbits}, search_type, std::move(codebooks));
}

void AqDecoder::DecodeOne(const uint8_t* code, float* x) const {
  BitReader reader(code);
  const float* cb = codebooks_.data();
  const size_t dsub = dsub_;
  for (const Step& step : steps_) {
    const size_t idx = reader.Read(step.nbits);
    const float* c = cb + (step.row0 + idx) * dsub;
    float* xs = x + step.out_offset;
    if (step.first_of_split) {
      std::memcpy(xs, c, dsub * sizeof(float));
    } else {
      for (size_t i = 0; i < dsub; ++i) xs[i] = xs[i] + c[i];
    }
  }
}

void AqDecoder::Decode(const uint8_t* codes, size_t n, float* out) const {
  for (size_t r = 0; r < n; ++r) DecodeOne(codes + r * code_size_, out + r * d_);
}

}  // namespace f2m
