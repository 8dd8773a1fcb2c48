#include "faiss/codec/linear_transform.h"

#include <cmath>
#include <limits>
#include <vector>

#include <faiss/VectorTransform.h>
#include <faiss/impl/ProductQuantizer.h>

#include "faiss/codec/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

using ::f2m::codec_test::MaxAbs;
using ::f2m::codec_test::MaxAbsDiff;
using ::f2m::codec_test::RandomFloats;
using ::testing::HasSubstr;

double RmsDiff(const std::vector<float>& a, const std::vector<float>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
  return std::sqrt(s / a.size());
}

// Applies `lt` to x, inverts with our LinearInverse and with faiss's reverse_transform, and
// checks both against each other and against x: max abs difference <= 1e-6 x the vectors' L2
// norm. (Relative to the largest component it is ~1e-6 at d = 128 and grows like sqrt(d): that
// is faiss's float sgemm rounding; our double sum is the closer one to x.)
void ExpectInvertsLikeFaiss(const faiss::LinearTransform& lt, const std::vector<float>& x) {
  const size_t n = x.size() / lt.d_in;
  std::vector<float> y(n * lt.d_out);
  lt.apply_noalloc(n, x.data(), y.data());
  StatusOr<LinearInverse> inv = LinearInverse::Create(lt.d_in, lt.d_out, lt.A, lt.b);
  ASSERT_TRUE(inv.ok()) << inv.status();
  std::vector<float> got(x.size()), want(x.size());
  inv->Apply(y.data(), n, got.data());
  lt.reverse_transform(n, y.data(), want.data());
  const float scale = codec_test::MaxRowNorm(x, lt.d_in);
  EXPECT_LE(MaxAbsDiff(got, want), 1e-6f * scale);
  // The float forward transform already rounds, so x itself is recovered only about as well as
  // faiss recovers it; on average we must be no further from it than faiss is.
  EXPECT_LE(RmsDiff(got, x), RmsDiff(want, x));
  EXPECT_LE(MaxAbsDiff(got, x), 1e-6f * scale);
}

TEST(LinearInverseTest, RandomRotation) {
  for (int d : {8, 64, 128, 512}) {
    faiss::RandomRotationMatrix rr(d, d);
    rr.init(1234);
    ASSERT_TRUE(rr.is_orthonormal);
    ExpectInvertsLikeFaiss(rr, RandomFloats(200 * d, d, -5, 5));
  }
}

TEST(LinearInverseTest, Opq) {
  const int d = 32, n = 2000;
  std::vector<float> x = RandomFloats(n * d, 8);
  faiss::OPQMatrix opq(d, 4);
  opq.niter = 5;
  opq.niter_pq = 2;
  faiss::ProductQuantizer pq(d, 4, 8);
  pq.cp.min_points_per_centroid = 1;  // small training set on purpose: no warning
  opq.pq = &pq;
  opq.train(n, x.data());
  ExpectInvertsLikeFaiss(opq, std::vector<float>(x.begin(), x.begin() + 100 * d));
}

TEST(LinearInverseTest, PcaKeepingDimensionWithBias) {
  const int d = 16, n = 1000;
  std::vector<float> x = RandomFloats(n * d, 9, 2, 6);  // off-centre: b is not zero
  faiss::PCAMatrix pca(d, d);
  pca.train(n, x.data());
  ASSERT_TRUE(pca.have_bias);
  ExpectInvertsLikeFaiss(pca, std::vector<float>(x.begin(), x.begin() + 100 * d));
}

// d_out > d_in random rotation: orthonormal columns, so A^T inverts it (faiss itself refuses
// because it checks rows); compared with the original vectors only.
TEST(LinearInverseTest, PaddingRotationHasOrthonormalColumns) {
  faiss::RandomRotationMatrix rr(12, 16);
  rr.init(5);
  std::vector<float> x = RandomFloats(50 * 12, 6);
  std::vector<float> y(50 * 16), got(x.size());
  rr.apply_noalloc(50, x.data(), y.data());
  StatusOr<LinearInverse> inv = LinearInverse::Create(12, 16, rr.A, rr.b);
  ASSERT_TRUE(inv.ok()) << inv.status();
  inv->Apply(y.data(), 50, got.data());
  EXPECT_LE(MaxAbsDiff(got, x), 2e-6f * MaxAbs(x));
}

TEST(LinearInverseTest, DimensionReducingPcaIsRefused) {
  const int n = 500;
  std::vector<float> x = RandomFloats(n * 16, 10);
  faiss::PCAMatrix pca(16, 8);
  pca.train(n, x.data());
  Status s = CheckInvertible(16, 8, pca.A, pca.b);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("reduces dimension 16 -> 8"));
  EXPECT_EQ(LinearInverse::Create(16, 8, pca.A, pca.b).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(LinearInverseTest, WhiteningPcaIsRefused) {
  const int n = 500;
  std::vector<float> x = RandomFloats(n * 8, 11);
  faiss::PCAMatrix pca(8, 8, -0.5f);
  pca.train(n, x.data());
  ASSERT_FALSE(pca.is_orthonormal);
  StatusOr<LinearInverse> s = LinearInverse::Create(8, 8, pca.A, pca.b);
  EXPECT_EQ(s.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.status().message(), HasSubstr("8 -> 8 is not orthonormal: (A^T A)["));
}

TEST(LinearInverseTest, NonFiniteMatrixIsRefused) {
  std::vector<float> a = {1, 0, 0, std::numeric_limits<float>::quiet_NaN()};
  EXPECT_THAT(CheckInvertible(2, 2, a, {}).message(), HasSubstr("not orthonormal"));
}

TEST(LinearInverseTest, SizeErrorsAreDataLoss) {
  EXPECT_THAT(CheckInvertible(2, 2, std::vector<float>(3), {}).message(),
              HasSubstr("2 -> 2: A has 3 floats, expected 4"));
  EXPECT_THAT(CheckInvertible(2, 2, {1, 0, 0, 1}, {1}).message(),
              HasSubstr("b has 1 floats, expected 2 or 0"));
  EXPECT_EQ(CheckInvertible(0, 2, {}, {}).code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(CheckInvertible(uint64_t{1} << 40, uint64_t{1} << 40, {}, {}).message(),
              HasSubstr("overflows"));
}

TEST(LinearInverseTest, IdentityWithBiasByHand) {
  StatusOr<LinearInverse> inv = LinearInverse::Create(2, 2, {0, 1, 1, 0}, {10, 20});  // swap
  ASSERT_TRUE(inv.ok()) << inv.status();
  const float y[] = {11, 22};
  float x[2];
  inv->Apply(y, 1, x);
  EXPECT_EQ(x[0], 2.f);
  EXPECT_EQ(x[1], 1.f);
}

}  // namespace
}  // namespace f2m
