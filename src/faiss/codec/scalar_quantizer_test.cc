#include "faiss/codec/scalar_quantizer.h"

#include <vector>

#include <faiss/impl/ScalarQuantizer.h>

#include "faiss/codec/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

using ::f2m::codec_test::BitEqual;
using ::f2m::codec_test::RandomBytes;
using ::f2m::codec_test::RandomFloats;
using ::testing::HasSubstr;

struct Case {
  int qtype;
  size_t d;
};

class SqVsFaissTest : public ::testing::TestWithParam<Case> {};

// Train a real faiss ScalarQuantizer, then decode both faiss's own codes and random bytes (every
// code value, padding bits included) with faiss and with us: the floats must be bit-identical.
TEST_P(SqVsFaissTest, BitIdenticalToFaissDecode) {
  const auto [qtype, d] = GetParam();
  const size_t n = 500;
  const bool direct = qtype == faiss::ScalarQuantizer::QT_8bit_direct;
  std::vector<float> x = RandomFloats(n * d, 7 + d, direct ? 0 : -3, direct ? 255 : 5);
  faiss::ScalarQuantizer sq(d, static_cast<faiss::ScalarQuantizer::QuantizerType>(qtype));
  sq.train(n, x.data());

  StatusOr<SqDecoder> dec = SqDecoder::Create(qtype, d, sq.trained);
  ASSERT_TRUE(dec.ok()) << dec.status();
  ASSERT_EQ(dec->code_size(), sq.code_size);
  ASSERT_EQ(*SqCodeSize(qtype, d), sq.code_size);

  std::vector<uint8_t> codes(n * sq.code_size);
  sq.compute_codes(x.data(), codes.data(), n);
  std::vector<uint8_t> noise = RandomBytes(n * sq.code_size, 99);
  for (const std::vector<uint8_t>* c : {&codes, &noise}) {
    std::vector<float> want(n * d), got(n * d, -7.f);
    sq.decode(c->data(), want.data(), n);
    dec->Decode(c->data(), n, got.data());
    EXPECT_TRUE(BitEqual(got, want)) << "max diff " << codec_test::MaxAbsDiff(got, want);
  }
}

std::vector<Case> AllCases() {
  std::vector<Case> cases;
  for (int q = 0; q <= 6; ++q) {
    for (size_t d : {1, 3, 8, 17, 64}) cases.push_back({q, d});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(AllFaiss173Qtypes, SqVsFaissTest, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return std::string(SqTypeName(info.param.qtype)) + "_d" +
                                  std::to_string(info.param.d);
                         });

// QT_bf16 and QT_8bit_direct_signed are faiss 1.9+ (not in Debian's 1.7.3): checked by hand.
TEST(SqDecoderTest, Bf16ByHand) {
  StatusOr<SqDecoder> dec = SqDecoder::Create(7, 3, {});
  ASSERT_TRUE(dec.ok()) << dec.status();
  EXPECT_EQ(dec->code_size(), 6u);
  const uint8_t code[] = {0x80, 0x3f, 0x40, 0xc0, 0x49, 0x40};  // 1.0, -3.0, 3.140625
  float out[3];
  dec->Decode(code, 1, out);
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[1], -3.0f);
  EXPECT_EQ(out[2], 3.140625f);
}

TEST(SqDecoderTest, DirectSignedByHand) {
  StatusOr<SqDecoder> dec = SqDecoder::Create(8, 4, {});
  ASSERT_TRUE(dec.ok()) << dec.status();
  const uint8_t codes[] = {0, 127, 128, 255, 1, 2, 3, 4};
  float out[8];
  dec->Decode(codes, 2, out);
  EXPECT_EQ(out[0], -128.f);
  EXPECT_EQ(out[1], -1.f);
  EXPECT_EQ(out[2], 0.f);
  EXPECT_EQ(out[3], 127.f);
  EXPECT_EQ(out[7], -124.f);
}

// The formula spelled out once for the first code value of each bit width.
TEST(SqDecoderTest, NonUniformFormulaByHand) {
  StatusOr<SqDecoder> dec = SqDecoder::Create(6, 4, {0, 1, 2, 3, 63, 63, 63, 63});  // QT_6bit
  ASSERT_TRUE(dec.ok()) << dec.status();
  EXPECT_EQ(dec->code_size(), 3u);
  // Codes 0, 1, 62, 63 packed LSB-first in 6-bit fields.
  const uint32_t packed = 0u | (1u << 6) | (62u << 12) | (63u << 18);
  const uint8_t code[] = {uint8_t(packed), uint8_t(packed >> 8), uint8_t(packed >> 16)};
  float out[4];
  dec->Decode(code, 1, out);
  EXPECT_EQ(out[0], 0 + (0 + 0.5f) / 63.0f * 63);
  EXPECT_EQ(out[1], 1 + (1 + 0.5f) / 63.0f * 63);
  EXPECT_EQ(out[2], 2 + (62 + 0.5f) / 63.0f * 63);
  EXPECT_EQ(out[3], 3 + (63 + 0.5f) / 63.0f * 63);
}

TEST(SqDecoderTest, UnknownQtypeIsUnimplementedAndNamed) {
  EXPECT_THAT(SqDecoder::Create(9, 4, {}).status().message(), HasSubstr("qtype 9 (QT_0bit)"));
  EXPECT_THAT(SqDecoder::Create(12, 4, {}).status().message(), HasSubstr("TurboQuant"));
  EXPECT_THAT(SqDecoder::Create(20, 4, {}).status().message(), HasSubstr("EDEN"));
  StatusOr<SqDecoder> s = SqDecoder::Create(-1, 4, {});
  EXPECT_EQ(s.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(s.status().message(), HasSubstr("qtype -1"));
  EXPECT_EQ(SqDecoder::Create(99, 4, {}).status().code(), absl::StatusCode::kUnimplemented);
}

TEST(SqDecoderTest, TrainedLengthWrongIsDataLoss) {
  StatusOr<SqDecoder> s = SqDecoder::Create(0, 4, std::vector<float>(7));
  EXPECT_EQ(s.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(s.status().message(), HasSubstr("QT_8bit d=4: trained has 7 floats, expected 8"));
  EXPECT_THAT(SqDecoder::Create(2, 4, std::vector<float>(8)).status().message(),
              HasSubstr("expected 2"));
  EXPECT_THAT(SqDecoder::Create(4, 4, std::vector<float>(1)).status().message(),
              HasSubstr("expected 0"));
}

TEST(SqDecoderTest, ZeroDimensionIsDataLoss) {
  EXPECT_EQ(SqDecoder::Create(4, 0, {}).status().code(), absl::StatusCode::kDataLoss);
}

TEST(SqDecoderTest, HugeDimensionOverflowsWithoutAllocating) {
  StatusOr<SqDecoder> s = SqDecoder::Create(4, uint64_t{1} << 63, {});
  EXPECT_EQ(s.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(s.status().message(), HasSubstr("overflows"));
  EXPECT_EQ(SqDecoder::Create(0, uint64_t{1} << 63, {}).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(SqCodeSize(6, uint64_t{1} << 62).status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace f2m
