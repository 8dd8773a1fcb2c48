// SQ qtype QT_0bit (faiss 1.14.3+, written here by the PyPI faiss-cpu in the venv): an IVF with
// no per-vector data, whose vectors are their list's centroid (with or without by_residual).
// Compared with that faiss's reconstruct, bit for bit.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "faiss/testing.h"

namespace f2m {
namespace {

constexpr const char* kPython = "/root/.cache/f2m/venv/bin/python";

constexpr const char* kScript = R"PY(
import sys, faiss, numpy as np
out, res = sys.argv[1], sys.argv[2] == '1'
x = np.random.RandomState(3).randn(500, 8).astype('float32')
ids = np.arange(500, dtype='int64') * 7 + 5
iv = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatL2(8), 8, 6, faiss.ScalarQuantizer.QT_0bit,
                                   faiss.METRIC_L2, res)
iv.train(x); iv.add_with_ids(x, ids)
faiss.write_index(iv, out + '/sq0.index')
iv.set_direct_map_type(faiss.DirectMap.Hashtable)
np.stack([iv.reconstruct(int(i)) for i in ids]).astype('float32').tofile(out + '/want.f32')
ids.tofile(out + '/ids.i64')
)PY";

TEST(ParseSqZeroBitTest, IvfVectorsAreTheirCentroids) {
  if (!std::filesystem::exists(kPython)) GTEST_SKIP() << "no faiss-cpu venv at " << kPython;
  for (const char* res : {"0", "1"}) {
    SCOPED_TRACE(res);
    std::string dir = testing::TempPath(std::string("sq0_") + res);
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/gen.py") << kScript;
    std::string cmd = std::string(kPython) + " " + dir + "/gen.py " + dir + " " + res + " > " +
                      dir + "/gen.log 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << "see " << dir << "/gen.log";
    std::vector<float> want(500 * 8);
    std::ifstream(dir + "/want.f32", std::ios::binary)
        .read(reinterpret_cast<char*>(want.data()), want.size() * 4);
    auto r = testing::CompareRows(dir + "/sq0.index", 8, 500, [&](int64_t id, float* out) {
      int64_t k = (id - 5) / 7;
      ASSERT_TRUE(k >= 0 && k < 500 && k * 7 + 5 == id) << id;
      std::copy(want.begin() + k * 8, want.begin() + k * 8 + 8, out);
    });
    EXPECT_EQ(r.worst, 0.0f);
    EXPECT_EQ(testing::NodeParams(r.info, "IwSq")["qtype"], "QT_0bit");
  }
}

}  // namespace
}  // namespace f2m
