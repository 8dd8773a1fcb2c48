#include "faiss/codec/float16.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include <faiss/utils/fp16.h>

#include "gtest/gtest.h"

namespace f2m {
namespace {

uint32_t Bits(float f) { return std::bit_cast<uint32_t>(f); }

TEST(Float16Test, HandPickedValues) {
  EXPECT_EQ(Fp16ToFloat(0x3c00), 1.0f);
  EXPECT_EQ(Fp16ToFloat(0xc000), -2.0f);
  EXPECT_EQ(Fp16ToFloat(0x7bff), 65504.0f);  // largest finite
  EXPECT_EQ(Fp16ToFloat(0x0400), 0x1p-14f);  // smallest normal
  EXPECT_EQ(Fp16ToFloat(0x0001), 0x1p-24f);  // smallest subnormal
  EXPECT_EQ(Fp16ToFloat(0x03ff), 1023 * 0x1p-24f);
  EXPECT_EQ(Fp16ToFloat(0x8001), -0x1p-24f);
  EXPECT_EQ(Bits(Fp16ToFloat(0x0000)), 0u);
  EXPECT_EQ(Bits(Fp16ToFloat(0x8000)), 0x80000000u);  // -0 keeps its sign
  EXPECT_EQ(Fp16ToFloat(0x7c00), std::numeric_limits<float>::infinity());
  EXPECT_EQ(Fp16ToFloat(0xfc00), -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(Fp16ToFloat(0x7e00)));
  EXPECT_EQ(Bits(Fp16ToFloat(0x7e01)), 0x7fc02000u);  // payload shifted, not lost
  EXPECT_EQ(Bits(Fp16ToFloat(0xfd00)), 0xffa00000u);  // signalling NaN stays signalling
}

// Every binary16 value against an independent formula: (-1)^s * 2^(e-15) * (1 + m/1024).
TEST(Float16Test, AllValuesMatchFormula) {
  for (uint32_t h = 0; h < 65536; ++h) {
    const int s = h >> 15, e = (h >> 10) & 31, m = h & 1023;
    const float got = Fp16ToFloat(static_cast<uint16_t>(h));
    if (e == 31) {
      EXPECT_TRUE(m ? std::isnan(got) : std::isinf(got)) << h;
      continue;
    }
    const double mag = e == 0 ? std::ldexp(m, -24) : std::ldexp(1024 + m, e - 25);
    EXPECT_EQ(static_cast<double>(got), s ? -mag : mag) << h;
  }
}

// Bit-identical to faiss's own decoder (the one ScalarQuantizer QT_fp16 uses), NaNs included.
TEST(Float16Test, AllValuesMatchFaiss) {
  for (uint32_t h = 0; h < 65536; ++h) {
    ASSERT_EQ(Bits(Fp16ToFloat(static_cast<uint16_t>(h))),
              Bits(faiss::decode_fp16(static_cast<uint16_t>(h))))
        << h;
  }
}

TEST(Bfloat16Test, HandPickedValues) {
  EXPECT_EQ(Bf16ToFloat(0x3f80), 1.0f);
  EXPECT_EQ(Bf16ToFloat(0xc040), -3.0f);
  EXPECT_EQ(Bf16ToFloat(0x0001), std::bit_cast<float>(0x00010000u));  // subnormal
  EXPECT_EQ(Bf16ToFloat(0x7f80), std::numeric_limits<float>::infinity());
  EXPECT_EQ(Bits(Bf16ToFloat(0x8000)), 0x80000000u);
  EXPECT_EQ(Bits(Bf16ToFloat(0x7fc1)), 0x7fc10000u);
}

TEST(Bfloat16Test, AllValuesAreTopHalf) {
  for (uint32_t b = 0; b < 65536; ++b) {
    const float f = Bf16ToFloat(static_cast<uint16_t>(b));
    ASSERT_EQ(Bits(f), b << 16);
  }
}

}  // namespace
}  // namespace f2m
