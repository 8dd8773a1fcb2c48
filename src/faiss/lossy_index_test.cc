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
