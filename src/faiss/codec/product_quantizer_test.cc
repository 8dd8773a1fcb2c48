#include "faiss/codec/product_quantizer.h"

#include <vector>

#include <faiss/impl/ProductQuantizer.h>

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
  size_t d, M, nbits;
  bool train;  // train with k-means, or set random centroids (large ksub: keeps the test fast)
};

class PqVsFaissTest : public ::testing::TestWithParam<Case> {};

// Decodes faiss's codes of real vectors and random codes (every sub-code value and the padding
// bits of the last byte) with faiss::ProductQuantizer::decode and with us: bit-identical.
TEST_P(PqVsFaissTest, BitIdenticalToFaissDecode) {
  const auto [d, M, nbits, train] = GetParam();
  faiss::ProductQuantizer pq(d, M, nbits);
  const size_t n = 1000;
  std::vector<float> x = RandomFloats(n * d, 3, -2, 2);
  if (train) {
    pq.cp.niter = 5;
    pq.cp.min_points_per_centroid = 1;  // small training sets on purpose: no warning
    pq.verbose = false;
    pq.train(n, x.data());
  } else {
    pq.centroids = RandomFloats(pq.centroids.size(), 11, -2, 2);
  }
  StatusOr<PqDecoder> dec = PqDecoder::Create(d, M, nbits, pq.centroids);
  ASSERT_TRUE(dec.ok()) << dec.status();
  ASSERT_EQ(dec->code_size(), pq.code_size);

  std::vector<uint8_t> codes(n * pq.code_size);
  pq.compute_codes(x.data(), codes.data(), n);
  std::vector<uint8_t> noise = RandomBytes(n * pq.code_size, 5);
  for (const std::vector<uint8_t>* c : {&codes, &noise}) {
    std::vector<float> want(n * d), got(n * d, -7.f);
    pq.decode(c->data(), want.data(), n);
    dec->Decode(c->data(), n, got.data());
    EXPECT_TRUE(BitEqual(got, want)) << "max diff " << codec_test::MaxAbsDiff(got, want);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Nbits, PqVsFaissTest,
    ::testing::Values(Case{16, 4, 8, true}, Case{16, 8, 4, true}, Case{12, 3, 4, true},
                      Case{15, 5, 5, true}, Case{16, 4, 10, false}, Case{18, 3, 12, false},
                      Case{8, 2, 16, false}, Case{9, 9, 1, true}, Case{14, 7, 3, true}),
    [](const ::testing::TestParamInfo<Case>& info) {
      return "d" + std::to_string(info.param.d) + "_M" + std::to_string(info.param.M) + "_nbits" +
             std::to_string(info.param.nbits);
    });

// nbits 24 (faiss HEAD's IVFPQ reader limit) by hand: fields straddle bytes.
TEST(PqDecoderTest, WideFieldsByHand) {
  const size_t ksub = size_t{1} << 17;
  std::vector<float> centroids(2 * ksub);  // d=2, M=2, dsub=1
  for (size_t m = 0; m < 2; ++m) {
    for (size_t k = 0; k < ksub; ++k) centroids[m * ksub + k] = float(m * 1000000 + k);
  }
  StatusOr<PqDecoder> dec = PqDecoder::Create(2, 2, 17, std::move(centroids));
  ASSERT_TRUE(dec.ok()) << dec.status();
  ASSERT_EQ(dec->code_size(), 5u);  // 34 bits
  // sub-code 0 = 0x1abcd, sub-code 1 = 0x0f00f, LSB-first.
  const uint64_t bits = 0x1abcdull | (0x0f00full << 17);
  uint8_t code[5];
  for (int i = 0; i < 5; ++i) code[i] = uint8_t(bits >> (8 * i));
  float out[2];
  dec->Decode(code, 1, out);
  EXPECT_EQ(out[0], float(0x1abcd));
  EXPECT_EQ(out[1], float(1000000 + 0x0f00f));
}

TEST(PqDecoderTest, DimensionNotMultipleOfM) {
  StatusOr<PqDecoder> s = PqDecoder::Create(10, 3, 8, std::vector<float>(10 * 256));
  EXPECT_EQ(s.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(s.status().message(), HasSubstr("d=10 M=3 nbits=8: d is not a multiple of M"));
}

TEST(PqDecoderTest, ZeroMOrDimension) {
  EXPECT_EQ(PqDecoder::Create(8, 0, 8, {}).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(PqDecoder::Create(0, 1, 8, {}).status().code(), absl::StatusCode::kDataLoss);
}

TEST(PqDecoderTest, NbitsOutOfRange) {
  EXPECT_THAT(PqDecoder::Create(8, 2, 0, {}).status().message(), HasSubstr("nbits must be 1..24"));
  EXPECT_THAT(PqDecoder::Create(8, 2, 25, {}).status().message(), HasSubstr("nbits must be 1..24"));
  EXPECT_THAT(PqDecoder::Create(8, 2, 64, {}).status().message(), HasSubstr("nbits must be 1..24"));
}

TEST(PqDecoderTest, CentroidCountWrong) {
  StatusOr<PqDecoder> s = PqDecoder::Create(8, 2, 4, std::vector<float>(127));
  EXPECT_EQ(s.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(s.status().message(), HasSubstr("centroids has 127 floats, expected 128"));
}

TEST(PqDecoderTest, HugeHeaderOverflowsWithoutAllocating) {
  StatusOr<PqDecoder> s = PqDecoder::Create(uint64_t{1} << 50, 1, 24, {});
  EXPECT_EQ(s.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(s.status().message(), HasSubstr("overflows"));
}

}  // namespace
}  // namespace f2m
