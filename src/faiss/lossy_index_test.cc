// Lossy kinds against Faiss itself (libfaiss 1.7.3, tests only): our decode of every row must
// equal Faiss's reconstruct within 1e-6 x the vector scale, with every id present once.
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexIVFPQFastScan.h>
#include <faiss/IndexIVFPQR.h>
#include <faiss/IndexFlat.h>
#include <faiss/IndexPQ.h>
#include <faiss/IndexPQFastScan.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/index_io.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <random>

#include "faiss/faiss_index.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

std::string TempPath(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("f2m_lossy_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

std::vector<float> Data(size_t n, int d, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist;
  std::vector<float> v(n * d);
  for (float& x : v) x = dist(rng);
  return v;
}

// Writes `index`, reads it with our reader, and compares each row with index.reconstruct(id).
void ExpectMatchesReconstruct(faiss::Index& index, const std::string& name) {
  faiss::write_index(&index, TempPath(name).c_str());
  auto fs = NewLocalFileSystem(false);
  auto idx = FaissIndex::Open(*fs, TempPath(name));
  ASSERT_TRUE(idx.ok()) << idx.status();
  EXPECT_FALSE((*idx)->info().exact);
  EXPECT_NE((*idx)->info().lossy_note, "");
  int d = index.d;
  auto src = (*idx)->NewSource();
  ASSERT_TRUE(src.ok()) << src.status();
  std::vector<int64_t> ids(300);
  std::vector<float> rows(300 * d), want(d);
  std::map<int64_t, int> seen;
  float worst = 0, scale = 0;
  while (true) {
    auto n = (*src)->Next(300, ids.data(), reinterpret_cast<uint8_t*>(rows.data()));
    ASSERT_TRUE(n.ok()) << n.status();
    if (*n == 0) break;
    for (size_t i = 0; i < *n; ++i) {
      ASSERT_EQ(seen[ids[i]]++, 0) << "repeated id " << ids[i];
      index.reconstruct(ids[i], want.data());
      for (int j = 0; j < d; ++j) {
        worst = std::max(worst, std::fabs(rows[i * d + j] - want[j]));
        scale = std::max(scale, std::fabs(want[j]));
      }
    }
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(index.ntotal));
  EXPECT_LE(worst, 1e-6f * std::max(scale, 1.0f)) << name;
}

TEST(LossyIndexTest, ScalarQuantizerEveryQtype) {
  const int d = 20;
  auto x = Data(1000, d, 1);
  for (int qt = 0; qt <= 6; ++qt) {
    faiss::IndexScalarQuantizer sq(d, faiss::ScalarQuantizer::QuantizerType(qt));
    sq.train(1000, x.data());
    sq.add(1000, x.data());
    ExpectMatchesReconstruct(sq, "sq" + std::to_string(qt));
  }
}

TEST(LossyIndexTest, IvfScalarQuantizerResidualAndNot) {
  const int d = 16;
  auto x = Data(3000, d, 2);
  for (bool residual : {true, false}) {
    for (int qt : {0, 1, 4, 6}) {
      faiss::IndexFlatL2 q(d);
      faiss::IndexIVFScalarQuantizer ivf(&q, d, 32, faiss::ScalarQuantizer::QuantizerType(qt),
                                         faiss::METRIC_L2, residual);
      ivf.train(3000, x.data());
      ivf.add(3000, x.data());
      ivf.make_direct_map(true);
      ExpectMatchesReconstruct(ivf, "ivfsq" + std::to_string(qt) + std::to_string(residual));
    }
  }
}

TEST(LossyIndexTest, ProductQuantizerNbits) {
  const int d = 16;
  auto x = Data(5000, d, 3);
  for (int nbits : {4, 8, 10}) {
    faiss::IndexPQ pq(d, 4, nbits);
    pq.train(5000, x.data());
    pq.add(2000, x.data());
    ExpectMatchesReconstruct(pq, "pq" + std::to_string(nbits));
  }
}

TEST(LossyIndexTest, IvfPqResidualAndRefine) {
  const int d = 16;
  auto x = Data(5000, d, 4);
  faiss::IndexFlatL2 q(d);
  faiss::IndexIVFPQ ivfpq(&q, d, 16, 8, 6);
  ivfpq.train(5000, x.data());
  ivfpq.add(3000, x.data());
  ivfpq.make_direct_map(true);
  ExpectMatchesReconstruct(ivfpq, "ivfpq");

  faiss::IndexFlatL2 q2(d);
  faiss::IndexIVFPQR pqr(&q2, d, 16, 4, 8, 4, 8);
  pqr.train(5000, x.data());
  pqr.add(3000, x.data());
  pqr.make_direct_map(true);
  ExpectMatchesReconstruct(pqr, "ivfpqr");
}

TEST(LossyIndexTest, FastScanFlatAndIvf) {
  const int d = 16;
  auto x = Data(3000, d, 5);
  faiss::IndexPQFastScan fs(d, 8, 4);
  fs.train(3000, x.data());
  fs.add(1000, x.data());
  // IndexPQFastScan has no reconstruct in 1.7.3: compare with the same PQ's decode.
  faiss::IndexPQ pq(d, 8, 4);
  pq.pq = fs.pq;
  pq.is_trained = true;
  pq.add(1000, x.data());
  faiss::write_index(&fs, TempPath("pqfs").c_str());
  auto lfs = NewLocalFileSystem(false);
  auto idx = FaissIndex::Open(*lfs, TempPath("pqfs"));
  ASSERT_TRUE(idx.ok()) << idx.status();
  auto src = (*idx)->NewSource();
  ASSERT_TRUE(src.ok());
  std::vector<int64_t> ids(1000);
  std::vector<float> rows(1000 * d), want(d);
  auto n = (*src)->Next(1000, ids.data(), reinterpret_cast<uint8_t*>(rows.data()));
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(*n, 1000u);
  for (int i = 0; i < 1000; ++i) {
    pq.reconstruct(ids[i], want.data());
    for (int j = 0; j < d; ++j) ASSERT_EQ(rows[i * d + j], want[j]) << i;
  }

  faiss::IndexFlatL2 q(d);
  faiss::IndexIVFPQFastScan ivffs(&q, d, 8, 8, 4);
  ivffs.train(3000, x.data());
  ivffs.add(2000, x.data());
  ivffs.make_direct_map(true);
  ExpectMatchesReconstruct(ivffs, "ivfpqfs");
}

TEST(LossyIndexTest, HnswWithSqAndPqStorage) {
  const int d = 16;
  auto x = Data(2000, d, 6);
  faiss::IndexHNSWSQ hsq(d, faiss::ScalarQuantizer::QT_8bit, 8);
  hsq.train(2000, x.data());
  hsq.add(2000, x.data());
  ExpectMatchesReconstruct(hsq, "hnswsq");
  faiss::IndexHNSWPQ hpq(d, 4, 8);
  hpq.train(2000, x.data());
  hpq.add(2000, x.data());
  ExpectMatchesReconstruct(hpq, "hnswpq");
}

}  // namespace
}  // namespace f2m

#include <faiss/IndexAdditiveQuantizer.h>
#include <faiss/IndexIVFAdditiveQuantizer.h>

namespace f2m {
namespace {

TEST(LossyIndexTest, AdditiveQuantizersFlat) {
  const int d = 16;
  auto x = Data(2000, d, 7);
  faiss::IndexResidualQuantizer rq(d, 3, 6);
  rq.train(2000, x.data());
  rq.add(500, x.data());
  ExpectMatchesReconstruct(rq, "rq");
  faiss::IndexResidualQuantizer rqn(d, 2, 5, faiss::METRIC_L2,
                                    faiss::AdditiveQuantizer::ST_norm_qint8);
  rqn.train(2000, x.data());
  rqn.add(500, x.data());
  ExpectMatchesReconstruct(rqn, "rq_norm8");
  faiss::IndexLocalSearchQuantizer lsq(d, 2, 4);
  lsq.lsq.train_iters = 2;
  lsq.train(2000, x.data());
  lsq.add(500, x.data());
  ExpectMatchesReconstruct(lsq, "lsq");
  faiss::IndexProductResidualQuantizer prq(d, 2, 2, 4);
  prq.train(2000, x.data());
  prq.add(500, x.data());
  ExpectMatchesReconstruct(prq, "prq");
}

}  // namespace
}  // namespace f2m

#include <faiss/IndexPreTransform.h>
#include <faiss/VectorTransform.h>
#include <faiss/index_factory.h>

namespace f2m {
namespace {

// Pre-transformed indexes: faiss's reconstruct applies reverse_transform, as we do.
void ExpectFactoryMatches(const char* factory, int d, const std::string& name) {
  auto x = Data(1000, d, 11);
  std::unique_ptr<faiss::Index> index(faiss::index_factory(d, factory));
  auto* pt = dynamic_cast<faiss::IndexPreTransform*>(index.get());
  ASSERT_NE(pt, nullptr);
  if (auto* opq = dynamic_cast<faiss::OPQMatrix*>(pt->chain[0])) {
    opq->niter = 2;  // training speed only; the file layout is the same
    opq->niter_pq = 2;
  }
  index->train(1000, x.data());
  index->add(500, x.data());
  if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(pt->index)) ivf->make_direct_map(true);
  SCOPED_TRACE(factory);
  ExpectMatchesReconstruct(*index, name);
}

TEST(LossyIndexTest, InvertiblePreTransforms) {
  ExpectFactoryMatches("RR32,Flat", 32, "rr_flat");
  ExpectFactoryMatches("OPQ4,IVF8,PQ4x4", 16, "opq_ivfpq");
  ExpectFactoryMatches("PCA32,Flat", 32, "pca_keep_dim");
}

TEST(LossyIndexTest, NonInvertiblePreTransformRefusedOrKept) {
  auto x = Data(3000, 32, 12);
  std::unique_ptr<faiss::Index> index(faiss::index_factory(32, "PCA8,Flat"));
  index->train(3000, x.data());
  index->add(100, x.data());
  faiss::write_index(index.get(), TempPath("pca8").c_str());
  auto fs = NewLocalFileSystem(false);
  auto refused = FaissIndex::Open(*fs, TempPath("pca8"));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(std::string(refused.status().message()).find("dumper.faiss.pretransform: keep"),
            std::string::npos)
      << refused.status();
  ReadOptions keep;
  keep.keep_pretransform = true;
  auto kept = FaissIndex::Open(*fs, TempPath("pca8"), keep);
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_EQ((*kept)->info().d, 8);
  auto* pt = dynamic_cast<faiss::IndexPreTransform*>(index.get());
  auto src = (*kept)->NewSource();
  ASSERT_TRUE(src.ok());
  std::vector<int64_t> ids(100);
  std::vector<float> rows(100 * 8), want(8);
  ASSERT_EQ(*(*src)->Next(100, ids.data(), reinterpret_cast<uint8_t*>(rows.data())), 100u);
  for (int i = 0; i < 100; ++i) {
    pt->index->reconstruct(ids[i], want.data());
    for (int j = 0; j < 8; ++j) ASSERT_EQ(rows[i * 8 + j], want[j]);
  }
}

}  // namespace
}  // namespace f2m
