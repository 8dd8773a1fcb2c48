// Helpers for the reader's tests (not part of the library): temp paths, random data, and the
// comparison of our decoded rows with what Faiss itself reconstructs.
#ifndef F2M_FAISS_TESTING_H_
#define F2M_FAISS_TESTING_H_

#include <faiss/Index.h>
#include <faiss/index_io.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "faiss/faiss_index.h"
#include "gtest/gtest.h"

namespace f2m::testing {

inline std::string TempPath(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("f2m_kinds_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

inline std::vector<float> Data(size_t n, int d, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist;
  std::vector<float> v(n * d);
  for (float& x : v) x = dist(rng);
  return v;
}

struct Compared {
  float worst = 0;  // max |ours - want| over all rows and dimensions
  float scale = 0;  // max |want|
  size_t rows = 0;
  IndexInfo info;
};

// Reads `path` with our reader and compares every row with want(id, out) (d floats); checks
// that no id repeats and that `expect_rows` rows come out.
inline Compared CompareRows(const std::string& path, int d, int64_t expect_rows,
                            const std::function<void(int64_t, float*)>& want) {
  Compared c;
  auto fs = NewLocalFileSystem(false);
  auto idx = FaissIndex::Open(*fs, path);
  EXPECT_TRUE(idx.ok()) << idx.status();
  if (!idx.ok()) return c;
  c.info = (*idx)->info();
  EXPECT_EQ(c.info.d, d);
  auto src = (*idx)->NewSource();
  EXPECT_TRUE(src.ok()) << src.status();
  if (!src.ok()) return c;
  std::vector<int64_t> ids(300);
  std::vector<float> rows(300 * d), w(d);
  std::map<int64_t, int> seen;
  while (true) {
    auto n = (*src)->Next(300, ids.data(), reinterpret_cast<uint8_t*>(rows.data()));
    EXPECT_TRUE(n.ok()) << n.status();
    if (!n.ok() || *n == 0) break;
    for (size_t i = 0; i < *n; ++i) {
      EXPECT_EQ(seen[ids[i]]++, 0) << "repeated id " << ids[i];
      want(ids[i], w.data());
      for (int j = 0; j < d; ++j) {
        c.worst = std::max(c.worst, std::fabs(rows[i * d + j] - w[j]));
        c.scale = std::max(c.scale, std::fabs(w[j]));
      }
    }
  }
  c.rows = seen.size();
  EXPECT_EQ(c.rows, static_cast<size_t>(expect_rows));
  return c;
}

// Writes `index` with faiss, reads it back, compares with index.reconstruct(id).
inline Compared WriteAndCompare(faiss::Index& index, const std::string& name) {
  faiss::write_index(&index, TempPath(name).c_str());
  return CompareRows(TempPath(name), index.d, index.ntotal,
                     [&](int64_t id, float* out) { index.reconstruct(id, out); });
}

// The node params of the first node with `fourcc`, as a map.
inline std::map<std::string, std::string> NodeParams(const IndexInfo& info,
                                                     const std::string& fourcc) {
  for (const IndexNode& n : info.nodes) {
    if (n.fourcc == fourcc) return {n.params.begin(), n.params.end()};
  }
  return {};
}

inline std::map<std::string, std::string> MilvusParams(const IndexInfo& info) {
  return {info.milvus_index_params.begin(), info.milvus_index_params.end()};
}

}  // namespace f2m::testing

#endif  // F2M_FAISS_TESTING_H_
