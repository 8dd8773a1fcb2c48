// Exact conversions of 16-bit floats to float32, as stored by Faiss's QT_fp16 / QT_bf16 scalar
// quantizers and fp16 fields. Every binary16 and bfloat16 value is exactly representable as a
// float32, so these are exact: subnormals, signed zeros, infinities and NaN payloads included.
#ifndef F2M_FAISS_CODEC_FLOAT16_H_
#define F2M_FAISS_CODEC_FLOAT16_H_

#include <bit>
#include <cstdint>

namespace f2m {

// IEEE 754 binary16 -> float32. The NaN payload is kept (shifted into the top mantissa bits),
// bit-identical to faiss::decode_fp16 for all 65536 inputs.
inline float Fp16ToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exp = (h >> 10) & 0x1fu;
  const uint32_t mant = h & 0x3ffu;
  uint32_t bits;
  if (exp == 0x1f) {
    bits = sign | 0x7f800000u | (mant << 13);  // inf or NaN
  } else if (exp != 0) {
    bits = sign | ((exp + (127 - 15)) << 23) | (mant << 13);  // normal
  } else {
    // Zero or subnormal: mant * 2^-24, exact in float32 (a normal float for mant > 0).
    bits = sign | std::bit_cast<uint32_t>(static_cast<float>(mant) * 0x1p-24f);
  }
  return std::bit_cast<float>(bits);
}

// bfloat16 -> float32: the 16 bits are the top half of a float32 (as faiss::decode_bf16).
inline float Bf16ToFloat(uint16_t b) {
  return std::bit_cast<float>(static_cast<uint32_t>(b) << 16);
}

}  // namespace f2m

#endif  // F2M_FAISS_CODEC_FLOAT16_H_
