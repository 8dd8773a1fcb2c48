// Panorama kinds (faiss 1.13+), written by the PyPI faiss-cpu in the project's venv: IxFP /
// IxFp, IwP2, IwPn, IHfP and IxRP. 1.15.1 always writes IwP2, so the IwPn file is crafted
// from an IwP2 with 128-vector batches (1.13-1.15.0 wrote IwPn exactly when the batch size was
// their default, 128). 1.15.1 itself cannot check it: its ilpn reader assumes its own new
// default batch size, 1024. They are exact: every row must equal the added vector bit for bit,
// with d = 10 not a multiple of n_levels (so the last level is narrower).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "faiss/testing.h"

namespace f2m {
namespace {

constexpr const char* kPython = "/root/.cache/f2m/venv/bin/python";
constexpr int kD = 10;
constexpr int kN = 300;

constexpr const char* kScript = R"PY(
import sys, faiss, numpy as np
out = sys.argv[1]
d, n = 10, 300
rs = np.random.RandomState(7)
x = rs.randn(n, d).astype('float32')
ids = rs.permutation(10 * n)[:n].astype('int64') * 3 + 1
x.tofile(out + '/x.f32'); ids.tofile(out + '/ids.i64')
def w(index, name): faiss.write_index(index, out + '/' + name)
a = faiss.IndexFlatL2Panorama(d, 3, 128); a.add(x); w(a, 'IxFP')
b = faiss.IndexFlatIPPanorama(d, 4, 64); b.add(x); w(b, 'IxFp')
iv = faiss.IndexIVFFlatPanorama(faiss.IndexFlatL2(d), d, 4, 3, faiss.METRIC_L2, True, 32)
iv.train(x); iv.add_with_ids(x, ids); w(iv, 'IwP2')
iv = faiss.IndexIVFFlatPanorama(faiss.IndexFlatL2(d), d, 4, 3, faiss.METRIC_L2, True, 128)
iv.train(x); iv.add_with_ids(x, ids); w(iv, 'IwP2_128')
raw = open(out + '/IwP2_128', 'rb').read()
assert raw[:4] == b'IwP2'
i = raw.find(b'ilp2', 4)
# IwPn / ilpn: the same without the two batch_size fields (128 implied).
pn = b'IwPn' + raw[4:i - 8] + b'ilpn' + raw[i + 4:i + 28] + raw[i + 36:]
open(out + '/IwPn', 'wb').write(pn)
h = faiss.index_factory(d, 'HNSW16,FlatPanorama3'); h.add(x); w(h, 'IHfP')
base = faiss.IndexPQ(d, 2, 4); base.train(x)
r = faiss.IndexRefinePanorama(base, faiss.IndexFlatL2Panorama(d, 3, 128)); r.add(x); w(r, 'IxRP')
print('ok', faiss.__version__)
)PY";

template <typename T>
std::vector<T> ReadRaw(const std::string& path, size_t n) {
  std::vector<T> v(n);
  std::ifstream(path, std::ios::binary).read(reinterpret_cast<char*>(v.data()), n * sizeof(T));
  return v;
}

class PanoramaTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = testing::TempPath("panorama");
    std::filesystem::create_directories(dir_);
    std::string script = dir_ + "/gen.py";
    std::ofstream(script) << kScript;
    std::string cmd = std::string(kPython) + " " + script + " " + dir_ + " > " + dir_ +
                      "/gen.log 2>&1";
    ok_ = std::filesystem::exists(kPython) && std::system(cmd.c_str()) == 0;
  }
  void SetUp() override {
    if (!ok_) GTEST_SKIP() << "faiss-cpu from PyPI (" << kPython << ") could not write the fixtures; see " << dir_ << "/gen.log";
  }

  // Every row equals x[k] bit for bit, where row id = ids[k] (or k when sequential).
  void ExpectExact(const std::string& fourcc, bool sequential) {
    SCOPED_TRACE(fourcc);
    auto x = ReadRaw<float>(dir_ + "/x.f32", kN * kD);
    auto ids = ReadRaw<int64_t>(dir_ + "/ids.i64", kN);
    std::map<int64_t, int> row_of;
    for (int k = 0; k < kN; ++k) row_of[sequential ? k : ids[k]] = k;
    bool missing = false;
    auto r = testing::CompareRows(dir_ + "/" + fourcc, kD, kN, [&](int64_t id, float* out) {
      auto it = row_of.find(id);
      if (it == row_of.end()) {
        missing = true;
        std::fill(out, out + kD, 1e30f);
        return;
      }
      std::memcpy(out, x.data() + it->second * kD, kD * 4);
    });
    EXPECT_FALSE(missing);
    EXPECT_EQ(r.worst, 0.0f);
    EXPECT_TRUE(r.info.exact);
    ASSERT_FALSE(r.info.nodes.empty());
    EXPECT_EQ(r.info.nodes[0].fourcc, fourcc.substr(0, 4));
  }

  static std::string dir_;
  static bool ok_;
};

std::string PanoramaTest::dir_;
bool PanoramaTest::ok_ = false;

TEST_F(PanoramaTest, FlatL2AndIp) {
  ExpectExact("IxFP", true);
  ExpectExact("IxFp", true);
}

TEST_F(PanoramaTest, IvfBothListFormats) {
  ExpectExact("IwP2", false);
  ExpectExact("IwP2_128", false);
  ExpectExact("IwPn", false);
}

TEST_F(PanoramaTest, HnswAndRefine) {
  ExpectExact("IHfP", true);
  ExpectExact("IxRP", true);
}

TEST(PanoramaLayoutTest, ZeroLevelsIsRefusedWithItsOffset) {
  // IxFP: d = 4, n_levels = 0, batch_size = 8, ntotal = 0, is_trained, empty codes and sums.
  std::string b("IxFP", 4);
  auto put = [&b](const auto& v) { b.append(reinterpret_cast<const char*>(&v), sizeof(v)); };
  put(int32_t{4}); put(uint64_t{0}); put(uint64_t{8}); put(int64_t{0}); put(uint8_t{1});
  put(uint64_t{0}); put(uint64_t{0});
  std::string path = testing::TempPath("pano_zero_levels");
  std::ofstream(path, std::ios::binary).write(b.data(), b.size());
  auto fs = NewLocalFileSystem(false);
  auto r = FaissIndex::Open(*fs, path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(std::string(r.status().message()).find("n_levels = 0, batch_size = 8 (at byte 4)"),
            std::string::npos) << r.status();
}

}  // namespace
}  // namespace f2m
