// The reader against Faiss itself (Debian's libfaiss 1.7.3, linked into tests only): build an
// index, write it with faiss::write_index, read it back with our streaming reader, and compare
// every (id, vector) with what Faiss reconstructs.
#include "faiss/faiss_index.h"

#include <faiss/IndexBinaryFlat.h>
#include <faiss/IndexBinaryHNSW.h>
#include <faiss/IndexBinaryIVF.h>
#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/IndexRefine.h>
#include <faiss/index_io.h>
#include <faiss/invlists/InvertedLists.h>

#include <filesystem>
#include <map>
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

using Rows = std::map<int64_t, std::vector<uint8_t>>;

std::string TempPath(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("f2m_faiss_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

std::vector<float> RandomVectors(size_t n, int d, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist;
  std::vector<float> v(n * d);
  for (float& x : v) x = dist(rng);
  return v;
}

// Every row our reader emits, keyed by id; fails on a repeated id.
Rows ReadAll(const std::string& path, IndexInfo* info_out = nullptr, size_t batch = 777) {
  auto fs = NewLocalFileSystem(false);
  auto idx = FaissIndex::Open(*fs, path);
  EXPECT_TRUE(idx.ok()) << idx.status();
  if (!idx.ok()) return {};
  const IndexInfo& info = (*idx)->info();
  if (info_out) *info_out = info;
  auto src = (*idx)->NewSource();
  EXPECT_TRUE(src.ok()) << src.status();
  std::vector<int64_t> ids(batch);
  std::vector<uint8_t> vecs(batch * info.row_bytes());
  Rows rows;
  while (true) {
    auto n = (*src)->Next(batch, ids.data(), vecs.data());
    EXPECT_TRUE(n.ok()) << n.status();
    if (!n.ok() || *n == 0) break;
    for (size_t i = 0; i < *n; ++i) {
      auto* p = vecs.data() + i * info.row_bytes();
      EXPECT_TRUE(rows.emplace(ids[i], std::vector<uint8_t>(p, p + info.row_bytes())).second)
          << "repeated id " << ids[i];
    }
  }
  return rows;
}

void ExpectFloatRows(const Rows& rows, const std::vector<int64_t>& ids, const float* x, int d) {
  ASSERT_EQ(rows.size(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    auto it = rows.find(ids[i]);
    ASSERT_NE(it, rows.end()) << "missing id " << ids[i];
    ASSERT_EQ(0, memcmp(it->second.data(), x + i * d, d * 4)) << "id " << ids[i];
  }
}

std::vector<int64_t> Seq(size_t n) {
  std::vector<int64_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<int64_t>(i);
  return v;
}

std::vector<int64_t> RandomIds(size_t n, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<int64_t> v(n);
  for (auto& x : v) x = static_cast<int64_t>(rng() >> 1);
  return v;
}

TEST(FaissIndexTest, FlatL2AndIPAreBitExact) {
  for (int d : {1, 64}) {
    auto x = RandomVectors(1000, d, 1);
    faiss::IndexFlatL2 l2(d);
    l2.add(1000, x.data());
    faiss::write_index(&l2, TempPath("flat_l2").c_str());
    IndexInfo info;
    ExpectFloatRows(ReadAll(TempPath("flat_l2"), &info), Seq(1000), x.data(), d);
    EXPECT_EQ(info.MetricName(), "L2");
    EXPECT_EQ(info.TypeTree(), "IxF2(IndexFlatL2)");
    faiss::IndexFlatIP ip(d);
    ip.add(1000, x.data());
    faiss::write_index(&ip, TempPath("flat_ip").c_str());
    ExpectFloatRows(ReadAll(TempPath("flat_ip"), &info), Seq(1000), x.data(), d);
    EXPECT_EQ(info.MetricName(), "IP");
  }
}

TEST(FaissIndexTest, FlatLpKeepsMetricArg) {
  auto x = RandomVectors(10, 8, 2);
  faiss::IndexFlat lp(8, faiss::METRIC_Lp);
  lp.metric_arg = 3;
  lp.add(10, x.data());
  faiss::write_index(&lp, TempPath("flat_lp").c_str());
  IndexInfo info;
  ExpectFloatRows(ReadAll(TempPath("flat_lp"), &info), Seq(10), x.data(), 8);
  EXPECT_EQ(info.metric_type, 4);
  EXPECT_EQ(info.metric_arg, 3.0f);
}

TEST(FaissIndexTest, IdMapAroundFlatAndHnsw) {
  auto x = RandomVectors(500, 16, 3);
  auto ids = RandomIds(500, 4);
  faiss::IndexFlatL2 flat(16);
  faiss::IndexIDMap2 map(&flat);
  map.add_with_ids(500, x.data(), ids.data());
  faiss::write_index(&map, TempPath("idmap2").c_str());
  IndexInfo info;
  ExpectFloatRows(ReadAll(TempPath("idmap2"), &info), ids, x.data(), 16);
  EXPECT_EQ(info.id_kind, IdKind::kIdMap);
  EXPECT_EQ(info.TypeTree(), "IxM2(IndexIDMap2) > IxF2(IndexFlatL2)");

  faiss::IndexHNSWFlat hnsw(16, 8);
  faiss::IndexIDMap map2(&hnsw);
  map2.add_with_ids(500, x.data(), ids.data());
  faiss::write_index(&map2, TempPath("idmap_hnsw").c_str());
  ExpectFloatRows(ReadAll(TempPath("idmap_hnsw"), &info, 64), ids, x.data(), 16);
  EXPECT_EQ(info.milvus_index_type, "HNSW");
}

TEST(FaissIndexTest, HnswFlatReadsStorageAndM) {
  auto x = RandomVectors(2000, 32, 5);
  faiss::IndexHNSWFlat hnsw(32, 12);
  hnsw.hnsw.efConstruction = 60;
  hnsw.add(2000, x.data());
  faiss::write_index(&hnsw, TempPath("hnsw").c_str());
  IndexInfo info;
  ExpectFloatRows(ReadAll(TempPath("hnsw"), &info), Seq(2000), x.data(), 32);
  ASSERT_EQ(info.milvus_index_params.size(), 2u);
  EXPECT_EQ(info.milvus_index_params[0].second, "12");
  EXPECT_EQ(info.milvus_index_params[1].second, "60");
}

void CheckIvf(faiss::IndexIVFFlat& ivf, const std::string& name, int d) {
  faiss::write_index(&ivf, TempPath(name).c_str());
  IndexInfo info;
  Rows rows = ReadAll(TempPath(name), &info);
  ASSERT_EQ(rows.size(), static_cast<size_t>(ivf.ntotal));
  size_t nonempty = 0;
  for (size_t l = 0; l < ivf.nlist; ++l) {
    size_t n = ivf.invlists->list_size(l);
    nonempty += n > 0;
    const int64_t* lids = ivf.invlists->get_ids(l);
    const uint8_t* codes = ivf.invlists->get_codes(l);
    for (size_t i = 0; i < n; ++i) {
      auto it = rows.find(lids[i]);
      ASSERT_NE(it, rows.end());
      ASSERT_EQ(0, memcmp(it->second.data(), codes + i * d * 4, d * 4));
    }
  }
  ASSERT_TRUE(info.ivf.has_value());
  EXPECT_EQ(info.ivf->nonempty_lists, nonempty);
  EXPECT_EQ(info.id_kind, IdKind::kPerList);
}

TEST(FaissIndexTest, IvfFlatFullAndSparseListsWithDirectMaps) {
  const int d = 24;
  auto x = RandomVectors(3000, d, 6);
  faiss::IndexFlatL2 q1(d);
  faiss::IndexIVFFlat full(&q1, d, 16);
  full.train(3000, x.data());
  full.add(3000, x.data());
  CheckIvf(full, "ivf_full", d);
  full.make_direct_map(true);
  CheckIvf(full, "ivf_array_dm", d);

  faiss::IndexFlatL2 q2(d);
  faiss::IndexIVFFlat sparse(&q2, d, 256);
  sparse.train(3000, x.data());
  auto ids = RandomIds(5, 7);
  sparse.add_with_ids(5, x.data(), ids.data());  // few lists used: 'sprs'
  sparse.set_direct_map_type(faiss::DirectMap::Hashtable);
  CheckIvf(sparse, "ivf_sparse_hash", d);
}

TEST(FaissIndexTest, BinaryFlatIvfAndHnswAreByteExact) {
  std::mt19937 rng(8);
  std::vector<uint8_t> x(300 * 8);
  for (auto& b : x) b = rng() & 0xff;
  faiss::IndexBinaryFlat flat(64);
  flat.add(300, x.data());
  faiss::write_index_binary(&flat, TempPath("bflat").c_str());
  IndexInfo info;
  Rows rows = ReadAll(TempPath("bflat"), &info);
  ASSERT_EQ(rows.size(), 300u);
  for (int i = 0; i < 300; ++i) ASSERT_EQ(0, memcmp(rows[i].data(), &x[i * 8], 8));
  EXPECT_EQ(info.vector_type, VectorType::kBinary);

  faiss::IndexBinaryHNSW hnsw(64, 8);
  hnsw.add(300, x.data());
  faiss::write_index_binary(&hnsw, TempPath("bhnsw").c_str());
  rows = ReadAll(TempPath("bhnsw"), &info);
  ASSERT_EQ(rows.size(), 300u);
  for (int i = 0; i < 300; ++i) ASSERT_EQ(0, memcmp(rows[i].data(), &x[i * 8], 8));
}

TEST(FaissIndexTest, RefineFlatStreamsTheRefineVectors) {
  auto x = RandomVectors(400, 8, 9);
  faiss::IndexFlatL2 base(8);
  faiss::IndexRefineFlat refine(&base);
  refine.add(400, x.data());
  faiss::write_index(&refine, TempPath("refine").c_str());
  IndexInfo info;
  ExpectFloatRows(ReadAll(TempPath("refine"), &info), Seq(400), x.data(), 8);
  EXPECT_EQ(info.TypeTree(), "IxRF(IndexRefine) > [IxF2(IndexFlatL2), IxF2(IndexFlatL2)]");
}

}  // namespace
}  // namespace f2m

namespace f2m {
namespace {

// Skip (used when a migrate resumes at a part boundary) lands on the same row a full read reaches,
// inside a list, at a list's end, and past the end.
TEST(FaissIndexTest, SkipLandsWhereAFullReadWouldBe) {
  const int d = 8;
  auto x = RandomVectors(2000, d, 21);
  faiss::IndexFlatL2 q(d);
  faiss::IndexIVFFlat ivf(&q, d, 16);
  ivf.train(2000, x.data());
  ivf.add(2000, x.data());
  faiss::write_index(&ivf, TempPath("ivf_skip").c_str());
  auto fs = NewLocalFileSystem(false);
  auto idx = FaissIndex::Open(*fs, TempPath("ivf_skip"));
  ASSERT_TRUE(idx.ok()) << idx.status();
  std::vector<int64_t> all(2000);
  std::vector<uint8_t> v(2000 * d * 4);
  auto full = (*idx)->NewSource();
  ASSERT_TRUE(full.ok());
  ASSERT_EQ(*(*full)->Next(2000, all.data(), v.data()), 2000u);
  size_t first_list = ivf.invlists->list_size(0);
  for (size_t skip : {size_t{0}, size_t{1}, first_list, first_list + 3, size_t{1999}}) {
    auto src = (*idx)->NewSource();
    ASSERT_TRUE(src.ok());
    ASSERT_TRUE((*src)->Skip(skip).ok());
    int64_t id;
    ASSERT_EQ(*(*src)->Next(1, &id, v.data()), 1u) << skip;
    EXPECT_EQ(id, all[skip]) << skip;
  }
  auto past = (*idx)->NewSource();
  ASSERT_TRUE((*past)->Skip(5000).ok());
  int64_t id;
  EXPECT_EQ(*(*past)->Next(1, &id, v.data()), 0u);
}

}  // namespace
}  // namespace f2m
