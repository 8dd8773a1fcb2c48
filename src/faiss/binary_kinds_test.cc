// Binary hash kinds and IVFFlatDedup against Faiss (libfaiss 1.7.3, tests only).
#include <faiss/IndexBinaryFromFloat.h>
#include <faiss/IndexBinaryHash.h>
#include <faiss/IndexFlat.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/index_io.h>

#include <filesystem>
#include <map>
#include <random>

#include "faiss/faiss_index.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

std::string TempPath(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("f2m_bin_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

std::map<int64_t, std::vector<uint8_t>> ReadAll(const std::string& path, IndexInfo* info) {
  auto fs = NewLocalFileSystem(false);
  auto idx = FaissIndex::Open(*fs, path);
  EXPECT_TRUE(idx.ok()) << idx.status();
  if (!idx.ok()) return {};
  *info = (*idx)->info();
  auto src = (*idx)->NewSource();
  EXPECT_TRUE(src.ok());
  size_t rb = info->row_bytes();
  std::vector<int64_t> ids(64);
  std::vector<uint8_t> v(64 * rb);
  std::map<int64_t, std::vector<uint8_t>> out;
  while (true) {
    auto n = (*src)->Next(64, ids.data(), v.data());
    EXPECT_TRUE(n.ok()) << n.status();
    if (!n.ok() || *n == 0) break;
    for (size_t i = 0; i < *n; ++i) {
      EXPECT_TRUE(out.emplace(ids[i], std::vector<uint8_t>(v.begin() + i * rb, v.begin() + (i + 1) * rb)).second);
    }
  }
  return out;
}

std::vector<uint8_t> Bits(size_t n, size_t bytes, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> x(n * bytes);
  for (auto& b : x) b = rng() & 0xff;
  return x;
}

TEST(BinaryKindsTest, HashAndMultiHashAreByteExact) {
  auto x = Bits(500, 8, 1);
  faiss::IndexBinaryHash hash(64, 10);
  hash.add(500, x.data());
  faiss::write_index_binary(&hash, TempPath("bhash").c_str());
  IndexInfo info;
  auto rows = ReadAll(TempPath("bhash"), &info);
  ASSERT_EQ(rows.size(), 500u);
  for (int i = 0; i < 500; ++i) ASSERT_EQ(0, memcmp(rows[i].data(), &x[i * 8], 8));
  EXPECT_EQ(info.vector_type, VectorType::kBinary);

  faiss::IndexBinaryMultiHash mhash(64, 3, 8);
  mhash.add(500, x.data());
  faiss::write_index_binary(&mhash, TempPath("bmhash").c_str());
  rows = ReadAll(TempPath("bmhash"), &info);
  ASSERT_EQ(rows.size(), 500u);
  for (int i = 0; i < 500; ++i) ASSERT_EQ(0, memcmp(rows[i].data(), &x[i * 8], 8));
}

TEST(BinaryKindsTest, IvfFlatDedupEmitsDuplicates) {
  const int d = 8;
  std::mt19937 rng(3);
  std::normal_distribution<float> dist;
  std::vector<float> x(600 * d);
  for (auto& v : x) v = dist(rng);
  for (int i = 400; i < 600; ++i) std::copy(&x[(i - 400) * d], &x[(i - 399) * d], &x[i * d]);
  faiss::IndexFlatL2 q(d);
  faiss::IndexIVFFlatDedup dedup(&q, d, 4);
  dedup.train(600, x.data());
  dedup.add(600, x.data());
  faiss::write_index(&dedup, TempPath("dedup").c_str());
  IndexInfo info;
  auto rows = ReadAll(TempPath("dedup"), &info);
  ASSERT_EQ(rows.size(), 600u);
  for (int i = 0; i < 600; ++i) ASSERT_EQ(0, memcmp(rows[i].data(), &x[i * d], d * 4)) << i;
}

}  // namespace
}  // namespace f2m

#include <faiss/IndexNNDescent.h>
#include <faiss/IndexNSG.h>

namespace f2m {
namespace {

TEST(GraphKindsTest, NsgAndNnDescentStreamTheirFlatStorage) {
  const int d = 8;
  std::mt19937 rng(5);
  std::normal_distribution<float> dist;
  std::vector<float> x(600 * d);
  for (auto& v : x) v = dist(rng);
  faiss::IndexNSGFlat nsg(d, 16);
  nsg.build_type = 1;  // brute-force kNN graph: fast and deterministic
  nsg.add(600, x.data());
  faiss::IndexNNDescentFlat nnd(d, 16);
  nnd.add(600, x.data());
  for (auto [index, name] : {std::pair<faiss::Index*, const char*>{&nsg, "nsg"}, {&nnd, "nnd"}}) {
    faiss::write_index(index, TempPath(name).c_str());
    IndexInfo info;
    auto rows = ReadAll(TempPath(name), &info);
    ASSERT_EQ(rows.size(), 600u) << name;
    for (int i = 0; i < 600; ++i) ASSERT_EQ(0, memcmp(rows[i].data(), &x[i * d], d * 4)) << name;
    EXPECT_EQ(info.milvus_index_type, "HNSW");
  }
}

}  // namespace
}  // namespace f2m
