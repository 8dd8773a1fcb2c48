#include "faiss/codec/scalar_quantizer.h"

#include <optional>
#include <string>
#include <utility>

#include "base/le.h"
#include "base/strings.h"
#include "faiss/codec/float16.h"

namespace f2m {
namespace {

constexpr const char* kNames[] = {
    "QT_8bit",        "QT_4bit", "QT_8bit_uniform", "QT_4bit_uniform",       "QT_fp16",
    "QT_8bit_direct", "QT_6bit", "QT_bf16",         "QT_8bit_direct_signed",
};
constexpr int32_t kNumKnown = sizeof(kNames) / sizeof(kNames[0]);

// Later faiss releases' qtypes that we recognise by name but do not decode.
const char* LaterName(int32_t qtype) {
  if (qtype == 9) return "QT_0bit";
  if (qtype >= 10 && qtype <= 18) return "TurboQuant";
  if (qtype >= 19 && qtype <= 26) return "EDEN";
  return nullptr;
}

// Bits per component of the integer codecs (0 for the float and direct types).
int Bits(SqType t) {
  switch (t) {
    case SqType::k8bit:
    case SqType::k8bitUniform:
      return 8;
    case SqType::k4bit:
    case SqType::k4bitUniform:
      return 4;
    case SqType::k6bit:
      return 6;
    default:
      return 0;
  }
}

bool Uniform(SqType t) { return t == SqType::k8bitUniform || t == SqType::k4bitUniform; }

// The 6-bit field of dimension i: 4 dimensions per 3 bytes, LSB-first (faiss Codec6bit).
inline unsigned Get6(const uint8_t* code, size_t i) {
  const uint8_t* c = code + (i >> 2) * 3;
  switch (i & 3) {
    case 0:
      return c[0] & 0x3f;
    case 1:
      return (c[0] >> 6) | ((c[1] & 0xf) << 2);
    case 2:
      return (c[1] >> 4) | ((c[2] & 3) << 4);
    default:
      return c[2] >> 2;
  }
}

inline unsigned Get4(const uint8_t* code, size_t i) {
  return (code[i / 2] >> ((i & 1) << 2)) & 0xf;
}

}  // namespace

const char* SqTypeName(int32_t qtype) {
  if (qtype >= 0 && qtype < kNumKnown) return kNames[qtype];
  return nullptr;
}

StatusOr<uint64_t> SqCodeSize(int32_t qtype, uint64_t d) {
  if (qtype < 0 || qtype >= kNumKnown) {
    const char* later = LaterName(qtype);
    return absl::UnimplementedError(
        StrCat("scalar quantizer qtype ", qtype, later ? StrCat(" (", later, ")") : std::string(),
               ": not supported"));
  }
  if (d == 0) return absl::DataLossError("scalar quantizer: dimension is 0");
  std::optional<uint64_t> size;
  switch (static_cast<SqType>(qtype)) {
    case SqType::k8bit:
    case SqType::k8bitUniform:
    case SqType::k8bitDirect:
    case SqType::k8bitDirectSigned:
      size = d;
      break;
    case SqType::k4bit:
    case SqType::k4bitUniform:
      size = d / 2 + (d & 1);
      break;
    case SqType::kFp16:
    case SqType::kBf16:
      size = CheckedMul(d, 2);
      break;
    case SqType::k6bit: {
      std::optional<uint64_t> bits = CheckedMul(d, 6);
      if (bits) size = *bits / 8 + (*bits % 8 != 0);
      break;
    }
  }
  if (!size) return absl::DataLossError(StrCat("scalar quantizer: dimension ", d, " overflows"));
  return *size;
}

StatusOr<SqDecoder> SqDecoder::Create(int32_t qtype, uint64_t d, std::vector<float> trained) {
  F2M_ASSIGN_OR_RETURN(uint64_t code_size, SqCodeSize(qtype, d));
  const SqType t = static_cast<SqType>(qtype);
  uint64_t want = 0;
  if (Uniform(t)) {
    want = 2;
  } else if (Bits(t) != 0) {
    std::optional<uint64_t> twice = CheckedMul(d, 2);
    if (!twice) return absl::DataLossError(StrCat("scalar quantizer: dimension ", d, " overflows"));
    want = *twice;
  }
  if (trained.size() != want) {
    return absl::DataLossError(StrCat("scalar quantizer ", kNames[qtype], " d=", d,
                                      ": trained has ", trained.size(), " floats, expected ",
                                      want));
  }
  return SqDecoder(t, d, code_size, std::move(trained));
}

SqDecoder::SqDecoder(SqType qtype, size_t d, size_t code_size, std::vector<float> trained)
    : qtype_(qtype), d_(d), code_size_(code_size), trained_(std::move(trained)) {
  const int bits = Bits(qtype);
  if (bits != 0) {
    const unsigned levels = 1u << bits;
    // Same expression and type as faiss's Codec*::decode_component: (c + 0.5f) / 255.0f etc.
    const float denom = static_cast<float>(levels - 1);
    unit_.resize(levels);
    for (unsigned c = 0; c < levels; ++c) unit_[c] = (c + 0.5f) / denom;
  }
}

void SqDecoder::DecodeOne(const uint8_t* code, float* x) const {
  const size_t d = d_;
  const float* u = unit_.data();
  switch (qtype_) {
    case SqType::k8bit: {
      const float *vmin = trained_.data(), *vdiff = trained_.data() + d;
      for (size_t i = 0; i < d; ++i) x[i] = vmin[i] + u[code[i]] * vdiff[i];
      return;
    }
    case SqType::k4bit: {
      const float *vmin = trained_.data(), *vdiff = trained_.data() + d;
      for (size_t i = 0; i < d; ++i) x[i] = vmin[i] + u[Get4(code, i)] * vdiff[i];
      return;
    }
    case SqType::k6bit: {
      const float *vmin = trained_.data(), *vdiff = trained_.data() + d;
      for (size_t i = 0; i < d; ++i) x[i] = vmin[i] + u[Get6(code, i)] * vdiff[i];
      return;
    }
    case SqType::k8bitUniform: {
      const float vmin = trained_[0], vdiff = trained_[1];
      for (size_t i = 0; i < d; ++i) x[i] = vmin + u[code[i]] * vdiff;
      return;
    }
    case SqType::k4bitUniform: {
      const float vmin = trained_[0], vdiff = trained_[1];
      for (size_t i = 0; i < d; ++i) x[i] = vmin + u[Get4(code, i)] * vdiff;
      return;
    }
    case SqType::kFp16:
      for (size_t i = 0; i < d; ++i) x[i] = Fp16ToFloat(LoadLE<uint16_t>(code + 2 * i));
      return;
    case SqType::kBf16:
      for (size_t i = 0; i < d; ++i) x[i] = Bf16ToFloat(LoadLE<uint16_t>(code + 2 * i));
      return;
    case SqType::k8bitDirect:
      for (size_t i = 0; i < d; ++i) x[i] = code[i];
      return;
    case SqType::k8bitDirectSigned:
      for (size_t i = 0; i < d; ++i) x[i] = static_cast<float>(static_cast<int>(code[i]) - 128);
      return;
  }
}

void SqDecoder::Decode(const uint8_t* codes, size_t n, float* out) const {
  for (size_t r = 0; r < n; ++r) DecodeOne(codes + r * code_size_, out + r * d_);
}

}  // namespace f2m
