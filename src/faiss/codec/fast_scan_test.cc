#include "faiss/codec/fast_scan.h"

#include <vector>

#include <faiss/IndexAdditiveQuantizerFastScan.h>
#include <faiss/IndexPQ.h>
#include <faiss/IndexPQFastScan.h>
#include <faiss/impl/pq4_fast_scan.h>

#include "faiss/codec/additive_quantizer.h"
#include "faiss/codec/product_quantizer.h"
#include "faiss/codec/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

using ::f2m::codec_test::BitEqual;
using ::f2m::codec_test::RandomBytes;
using ::f2m::codec_test::RandomFloats;
using ::testing::HasSubstr;

// Random packed 4-bit codes with the padding nibble of an odd M cleared (faiss never sets it).
std::vector<uint8_t> RandomPq4Codes(size_t n, size_t M, uint32_t seed) {
  const size_t cs = (M + 1) / 2;
  std::vector<uint8_t> codes = RandomBytes(n * cs, seed);
  if (M % 2) {
    for (size_t i = 0; i < n; ++i) codes[i * cs + cs - 1] &= 0x0f;
  }
  return codes;
}

struct Case {
  size_t n, M, bbs;
};

class FastScanVsFaissPackTest : public ::testing::TestWithParam<Case> {};

// faiss::pq4_pack_codes is the writer of every fast-scan table: unpacking its output must give
// back the codes, for any bbs (including > 32, where runs of 32 vectors matter) and odd M.
TEST_P(FastScanVsFaissPackTest, UnpackInvertsFaissPack) {
  const auto [n, M, bbs] = GetParam();
  StatusOr<FastScanLayout> layout = FastScanLayout::Create(M, bbs);
  ASSERT_TRUE(layout.ok()) << layout.status();
  const size_t nb = (n + bbs - 1) / bbs * bbs;
  std::vector<uint8_t> codes = RandomPq4Codes(n, M, 17);
  std::vector<uint8_t> table(*layout->TableBytes(n));
  ASSERT_EQ(table.size(), nb * layout->M2() / 2);
  faiss::pq4_pack_codes(codes.data(), n, M, nb, bbs, layout->M2(), table.data());

  std::vector<uint8_t> got(n * layout->code_size(), 0xee);
  layout->Unpack(table.data(), 0, n, got.data());
  EXPECT_EQ(got, codes);

  // A range that starts mid-block, as a reader resuming inside a list does.
  const size_t first = n / 3, count = n - first;
  std::vector<uint8_t> part(count * layout->code_size());
  layout->Unpack(table.data(), first, count, part.data());
  EXPECT_TRUE(std::equal(part.begin(), part.end(), codes.begin() + first * layout->code_size()));

  for (size_t v = 0; v < n; v += 7) {
    for (size_t sq = 0; sq < M; ++sq) {
      const uint8_t byte = codes[v * layout->code_size() + sq / 2];
      ASSERT_EQ(layout->Get(table.data(), v, sq), (sq % 2 ? byte >> 4 : byte & 15))
          << v << " " << sq;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Layouts, FastScanVsFaissPackTest,
                         ::testing::Values(Case{100, 8, 32}, Case{100, 5, 32}, Case{32, 2, 32},
                                           Case{130, 7, 64}, Case{200, 16, 96}, Case{1, 1, 32}),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return "n" + std::to_string(info.param.n) + "_M" +
                                  std::to_string(info.param.M) + "_bbs" +
                                  std::to_string(info.param.bbs);
                         });

// faiss's own element reader agrees for the default bbs (32).
TEST(FastScanTest, GetMatchesFaissGetPackedElement) {
  const size_t n = 70, M = 6, bbs = 32;
  StatusOr<FastScanLayout> layout = FastScanLayout::Create(M, bbs);
  ASSERT_TRUE(layout.ok());
  std::vector<uint8_t> codes = RandomPq4Codes(n, M, 3);
  std::vector<uint8_t> table(*layout->TableBytes(n));
  faiss::pq4_pack_codes(codes.data(), n, M, 96, bbs, M, table.data());
  for (size_t v = 0; v < n; ++v) {
    for (size_t sq = 0; sq < M; ++sq) {
      ASSERT_EQ(layout->Get(table.data(), v, sq),
                faiss::pq4_get_packed_element(table.data(), bbs, M, v, sq));
    }
  }
}

// End to end against a real IndexPQFastScan: unpack its block table and decode as PQ4. The
// result must equal faiss's decode of the codes it computed for the vectors at add() time, and
// for bbs 32 also reconstruct(). (faiss 1.7.3's IndexFastScan::reconstruct misreads the second
// 32-vector run of each block when bbs > 32, so it is not an oracle there.)
TEST(FastScanTest, MatchesIndexPQFastScan) {
  for (int bbs : {32, 64}) {
    const size_t d = 20, M = 5, n = 150;
    faiss::IndexPQFastScan index(d, M, 4, faiss::METRIC_L2, bbs);
    std::vector<float> x = RandomFloats(n * d, 23);
    index.pq.cp.min_points_per_centroid = 1;  // small training set on purpose: no warning
    index.train(n, x.data());
    index.add(n, x.data());
    ASSERT_EQ(index.M2, 6u);

    StatusOr<FastScanLayout> layout = FastScanLayout::Create(index.M, index.bbs);
    ASSERT_TRUE(layout.ok());
    ASSERT_EQ(*layout->TableBytes(n), index.codes.size());
    StatusOr<PqDecoder> pq = PqDecoder::Create(d, M, 4, index.pq.centroids);
    ASSERT_TRUE(pq.ok());

    std::vector<uint8_t> codes(n * layout->code_size());
    layout->Unpack(index.codes.get(), 0, n, codes.data());
    std::vector<uint8_t> encoded(n * index.pq.code_size);
    index.pq.compute_codes(x.data(), encoded.data(), n);
    EXPECT_EQ(codes, encoded) << "bbs " << bbs;

    std::vector<float> got(n * d), want(n * d);
    pq->Decode(codes.data(), n, got.data());
    index.pq.decode(encoded.data(), want.data(), n);
    EXPECT_TRUE(BitEqual(got, want)) << "bbs " << bbs;
    if (bbs == 32) {
      for (size_t i = 0; i < n; ++i) index.reconstruct(i, want.data() + i * d);
      EXPECT_TRUE(BitEqual(got, want));
    }
  }
}

// AQ fast-scan: the table holds the M 4-bit indices then the 2 nibbles of the rq2x4 norm; once
// unpacked it is an ordinary AQ code and decodes like faiss's reconstruct().
TEST(FastScanTest, MatchesIndexResidualQuantizerFastScan) {
  const size_t d = 8, M = 3, n = 100, ntrain = 700;  // 700: the norm quantizer wants 624+
  faiss::IndexResidualQuantizerFastScan index(d, M, 4);
  std::vector<float> x = RandomFloats(ntrain * d, 29);
  index.train(ntrain, x.data());
  index.add(n, x.data());
  ASSERT_EQ(index.M, M + 2);

  StatusOr<FastScanLayout> layout = FastScanLayout::Create(index.M, index.bbs);
  ASSERT_TRUE(layout.ok());
  StatusOr<AqDecoder> aq = AqDecoder::Create(
      d, std::vector<uint64_t>(M, 4), index.rq.search_type, index.rq.codebooks);
  ASSERT_TRUE(aq.ok()) << aq.status();
  ASSERT_EQ(aq->code_size(), layout->code_size());

  std::vector<uint8_t> codes(n * layout->code_size());
  layout->Unpack(index.codes.get(), 0, n, codes.data());
  std::vector<float> got(n * d), want(n * d);
  aq->Decode(codes.data(), n, got.data());
  for (size_t i = 0; i < n; ++i) index.reconstruct(i, want.data() + i * d);
  EXPECT_TRUE(BitEqual(got, want));
}

TEST(FastScanTest, BadLayoutsAreDataLoss) {
  EXPECT_THAT(FastScanLayout::Create(0, 32).status().message(), HasSubstr("M is 0"));
  EXPECT_THAT(FastScanLayout::Create(4, 48).status().message(),
              HasSubstr("bbs 48 is not a positive multiple of 32"));
  EXPECT_EQ(FastScanLayout::Create(4, 0).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(FastScanLayout::Create(~uint64_t{0}, 32).status().message(), HasSubstr("overflows"));
  EXPECT_THAT(FastScanLayout::Create(uint64_t{1} << 40, uint64_t{1} << 30).status().message(),
              HasSubstr("overflows"));
}

TEST(FastScanTest, TableBytesRoundsUpToBlocksAndChecksOverflow) {
  StatusOr<FastScanLayout> layout = FastScanLayout::Create(3, 32);  // M2 = 4: 64-byte blocks
  ASSERT_TRUE(layout.ok());
  EXPECT_EQ(*layout->TableBytes(0), 0u);
  EXPECT_EQ(*layout->TableBytes(1), 64u);
  EXPECT_EQ(*layout->TableBytes(33), 128u);
  EXPECT_EQ(layout->TableBytes(~uint64_t{0}).status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace f2m
