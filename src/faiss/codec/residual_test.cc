#include "faiss/codec/residual.h"

#include <vector>

#include <faiss/IndexFlat.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexScalarQuantizer.h>

#include "faiss/codec/product_quantizer.h"
#include "faiss/codec/scalar_quantizer.h"
#include "faiss/codec/test_util.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

using ::f2m::codec_test::BitEqual;
using ::f2m::codec_test::RandomFloats;

// Decodes every stored code of an IVF index list by list, adds the list's centroid, and compares
// with faiss's reconstruct_from_offset: bit-identical.
template <typename Decoder>
void ExpectListsMatch(const faiss::IndexIVF& index, const Decoder& dec) {
  const size_t d = index.d;
  std::vector<float> centroid(d);
  for (size_t list = 0; list < index.nlist; ++list) {
    const size_t size = index.invlists->list_size(list);
    if (size == 0) continue;
    const uint8_t* codes = index.invlists->get_codes(list);
    std::vector<float> got(size * d), want(size * d);
    dec.Decode(codes, size, got.data());
    index.quantizer->reconstruct(list, centroid.data());
    AddRowToEach(centroid.data(), d, size, got.data());
    for (size_t o = 0; o < size; ++o) index.reconstruct_from_offset(list, o, want.data() + o * d);
    index.invlists->release_codes(list, codes);
    ASSERT_TRUE(BitEqual(got, want)) << "list " << list;
  }
}

TEST(ResidualTest, IvfPqByResidualMatchesReconstructFromOffset) {
  const size_t d = 16, n = 2000;
  std::vector<float> x = RandomFloats(n * d, 12);
  faiss::IndexFlatL2 coarse(d);
  faiss::IndexIVFPQ index(&coarse, d, 8, 4, 8);
  index.cp.niter = 4;
  index.pq.cp.niter = 4;
  index.pq.cp.min_points_per_centroid = 1;  // small training set on purpose: no warning
  index.train(n, x.data());
  index.add(n, x.data());
  ASSERT_TRUE(index.by_residual);
  StatusOr<PqDecoder> pq = PqDecoder::Create(d, 4, 8, index.pq.centroids);
  ASSERT_TRUE(pq.ok());
  ExpectListsMatch(index, *pq);
}

TEST(ResidualTest, IvfSq8ByResidualMatchesReconstructFromOffset) {
  const size_t d = 12, n = 1000;
  std::vector<float> x = RandomFloats(n * d, 13);
  faiss::IndexFlatL2 coarse(d);
  faiss::IndexIVFScalarQuantizer index(&coarse, d, 4, faiss::ScalarQuantizer::QT_8bit);
  index.cp.niter = 4;
  index.train(n, x.data());
  index.add(n, x.data());
  ASSERT_TRUE(index.by_residual);
  StatusOr<SqDecoder> sq = SqDecoder::Create(0, d, index.sq.trained);
  ASSERT_TRUE(sq.ok());
  ExpectListsMatch(index, *sq);
}

TEST(ResidualTest, AddInPlaceByHand) {
  float a[] = {1, 2, 3};
  const float b[] = {0.5f, -2, 10};
  AddInPlace(b, 3, a);
  EXPECT_EQ(a[0], 1.5f);
  EXPECT_EQ(a[1], 0.f);
  EXPECT_EQ(a[2], 13.f);
}

}  // namespace
}  // namespace f2m
