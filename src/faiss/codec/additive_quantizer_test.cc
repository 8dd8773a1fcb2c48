#include "faiss/codec/additive_quantizer.h"

#include <vector>

#include <faiss/impl/LocalSearchQuantizer.h>
#include <faiss/impl/ProductAdditiveQuantizer.h>
#include <faiss/impl/ResidualQuantizer.h>

#include "faiss/codec/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

using ::f2m::codec_test::BitEqual;
using ::f2m::codec_test::RandomBytes;
using ::f2m::codec_test::RandomFloats;
using ::testing::HasSubstr;
using ST = faiss::AdditiveQuantizer::Search_type_t;

std::vector<uint64_t> Nbits(const faiss::AdditiveQuantizer& aq) {
  return std::vector<uint64_t>(aq.nbits.begin(), aq.nbits.end());
}

// Encodes real vectors with a trained faiss quantizer and also decodes random codes (every
// index value, norm bits set at random): faiss's decode and ours must be bit-identical.
void ExpectSameAsFaiss(const faiss::AdditiveQuantizer& aq, const AqDecoder& dec,
                       const std::vector<float>& x) {
  ASSERT_EQ(dec.code_size(), aq.code_size);
  ASSERT_EQ(dec.norm_bits(), aq.norm_bits);
  const size_t d = aq.d, n = x.size() / d;
  std::vector<uint8_t> codes(n * aq.code_size);
  aq.compute_codes(x.data(), codes.data(), n);
  std::vector<uint8_t> noise = RandomBytes(n * aq.code_size, 41);
  for (const std::vector<uint8_t>* c : {&codes, &noise}) {
    std::vector<float> want(n * d), got(n * d, -7.f);
    aq.decode(c->data(), want.data(), n);
    dec.Decode(c->data(), n, got.data());
    EXPECT_TRUE(BitEqual(got, want)) << "max diff " << codec_test::MaxAbsDiff(got, want);
  }
}

TEST(AqDecoderTest, ResidualQuantizerMixedNbitsAndNormTypes) {
  const size_t d = 12, n = 800;
  std::vector<float> x = RandomFloats(n * d, 1);
  for (ST st : {ST::ST_decompress, ST::ST_norm_float, ST::ST_norm_qint8, ST::ST_norm_qint4,
                ST::ST_norm_cqint8, ST::ST_norm_cqint4}) {
    faiss::ResidualQuantizer rq(d, std::vector<size_t>{5, 3, 6}, st);
    rq.max_beam_size = 2;
    rq.cp.min_points_per_centroid = 1;  // small training sets on purpose: no warning
    rq.train(n, x.data());
    StatusOr<AqDecoder> dec = AqDecoder::Create(d, Nbits(rq), st, rq.codebooks);
    ASSERT_TRUE(dec.ok()) << dec.status();
    SCOPED_TRACE(testing::Message() << "search_type " << st);
    ExpectSameAsFaiss(rq, *dec, x);
  }
}

TEST(AqDecoderTest, ResidualQuantizer8bit) {
  const size_t d = 8, n = 600;
  std::vector<float> x = RandomFloats(n * d, 2);
  faiss::ResidualQuantizer rq(d, 2, 8);
  rq.max_beam_size = 1;
  rq.cp.min_points_per_centroid = 1;
  rq.train(n, x.data());
  StatusOr<AqDecoder> dec = AqDecoder::Create(d, Nbits(rq), rq.search_type, rq.codebooks);
  ASSERT_TRUE(dec.ok()) << dec.status();
  ExpectSameAsFaiss(rq, *dec, x);
}

TEST(AqDecoderTest, LocalSearchQuantizer) {
  const size_t d = 8, n = 400;
  std::vector<float> x = RandomFloats(n * d, 3);
  faiss::LocalSearchQuantizer lsq(d, 3, 4, ST::ST_norm_qint8);
  lsq.train_iters = 2;
  lsq.encode_ils_iters = 2;
  lsq.icm_iters = 1;
  lsq.train(n, x.data());
  StatusOr<AqDecoder> dec = AqDecoder::Create(d, Nbits(lsq), lsq.search_type, lsq.codebooks);
  ASSERT_TRUE(dec.ok()) << dec.status();
  ExpectSameAsFaiss(lsq, *dec, x);
}

std::vector<std::vector<uint64_t>> SplitNbits(const faiss::ProductAdditiveQuantizer& paq) {
  std::vector<std::vector<uint64_t>> out;
  for (size_t s = 0; s < paq.nsplits; ++s) out.push_back(Nbits(*paq.subquantizer(s)));
  return out;
}

// The product's codebooks are the sub-quantizers' codebooks concatenated (either may be used).
void ExpectCodebooksConcatenated(const faiss::ProductAdditiveQuantizer& paq) {
  std::vector<float> concat;
  for (size_t s = 0; s < paq.nsplits; ++s) {
    const std::vector<float>& c = paq.subquantizer(s)->codebooks;
    concat.insert(concat.end(), c.begin(), c.end());
  }
  EXPECT_TRUE(BitEqual(concat, paq.codebooks));
}

TEST(AqDecoderTest, ProductResidualQuantizer) {
  const size_t d = 12, n = 600;
  std::vector<float> x = RandomFloats(n * d, 4);
  faiss::ProductResidualQuantizer prq(d, 3, 2, 4, ST::ST_norm_float);
  for (size_t s = 0; s < 3; ++s) {
    auto* q = static_cast<faiss::ResidualQuantizer*>(prq.subquantizer(s));
    q->max_beam_size = 2;
    q->cp.min_points_per_centroid = 1;
  }
  prq.train(n, x.data());
  ExpectCodebooksConcatenated(prq);
  StatusOr<AqDecoder> dec =
      AqDecoder::CreateProduct(d, SplitNbits(prq), prq.search_type, prq.codebooks);
  ASSERT_TRUE(dec.ok()) << dec.status();
  EXPECT_EQ(dec->nsplits(), 3u);
  EXPECT_EQ(dec->M(), 6u);
  ExpectSameAsFaiss(prq, *dec, x);
}

TEST(AqDecoderTest, ProductLocalSearchQuantizer) {
  const size_t d = 8, n = 300;
  std::vector<float> x = RandomFloats(n * d, 5);
  faiss::ProductLocalSearchQuantizer plsq(d, 2, 2, 5);
  for (size_t s = 0; s < 2; ++s) {
    auto* q = static_cast<faiss::LocalSearchQuantizer*>(plsq.subquantizer(s));
    q->train_iters = 2;
    q->encode_ils_iters = 2;
  }
  plsq.train(n, x.data());
  ExpectCodebooksConcatenated(plsq);
  StatusOr<AqDecoder> dec =
      AqDecoder::CreateProduct(d, SplitNbits(plsq), plsq.search_type, plsq.codebooks);
  ASSERT_TRUE(dec.ok()) << dec.status();
  ExpectSameAsFaiss(plsq, *dec, x);
}

TEST(AqDecoderTest, NormBitsPerSearchType) {
  const unsigned want[] = {0, 0, 0, 32, 8, 4, 8, 4, 8, 8};
  for (int st = 0; st < 10; ++st) EXPECT_EQ(*AqNormBits(st), want[st]) << st;
}

TEST(AqDecoderTest, UnknownSearchTypeIsUnimplemented) {
  StatusOr<AqDecoder> s = AqDecoder::Create(4, {4}, 10, std::vector<float>(64));
  EXPECT_EQ(s.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(s.status().message(), HasSubstr("search_type 10"));
  EXPECT_EQ(AqNormBits(-1).status().code(), absl::StatusCode::kUnimplemented);
}

TEST(AqDecoderTest, NoCodebooksIsDataLoss) {
  EXPECT_THAT(AqDecoder::Create(4, {}, 0, {}).status().message(), HasSubstr("M is 0"));
  EXPECT_THAT(AqDecoder::CreateProduct(4, {}, 0, {}).status().message(),
              HasSubstr("no sub-quantizers"));
  EXPECT_THAT(AqDecoder::CreateProduct(4, {{4}, {}}, 0, {}).status().message(),
              HasSubstr("sub-quantizer 1 has no codebooks"));
}

TEST(AqDecoderTest, NbitsOutOfRangeIsDataLoss) {
  EXPECT_THAT(AqDecoder::Create(4, {4, 0}, 0, {}).status().message(),
              HasSubstr("codebook 1 has nbits 0, expected 1..24"));
  EXPECT_EQ(AqDecoder::Create(4, {64}, 0, {}).status().code(), absl::StatusCode::kDataLoss);
}

TEST(AqDecoderTest, CodebookSizeWrongIsDataLoss) {
  StatusOr<AqDecoder> s = AqDecoder::Create(4, {4, 2}, 0, std::vector<float>(79));
  EXPECT_EQ(s.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(s.status().message(), HasSubstr("d=4: codebooks has 79 floats, expected 80"));
  // Product: rows are d/nsplits wide.
  EXPECT_THAT(AqDecoder::CreateProduct(4, {{1}, {1}}, 0, std::vector<float>(9)).status().message(),
              HasSubstr("nsplits=2: codebooks has 9 floats, expected 8"));
}

TEST(AqDecoderTest, DimensionErrors) {
  EXPECT_THAT(AqDecoder::Create(0, {4}, 0, {}).status().message(), HasSubstr("d is 0"));
  EXPECT_THAT(AqDecoder::CreateProduct(5, {{4}, {4}}, 0, {}).status().message(),
              HasSubstr("d is not a multiple of nsplits"));
}

TEST(AqDecoderTest, HugeHeaderOverflowsWithoutAllocating) {
  EXPECT_THAT(AqDecoder::Create(uint64_t{1} << 50, {24, 24}, 0, {}).status().message(),
              HasSubstr("overflows"));
}

}  // namespace
}  // namespace f2m
