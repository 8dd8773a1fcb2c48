// What `inspect` shows per kind: the Milvus index that corresponds (issue 4: IVF_FLAT nlist,
// IVF_SQ8, IVF_PQ m and nbits, HNSW M and efConstruction, BIN_FLAT, BIN_IVF_FLAT, SCANN for
// fast-scan) and the max_abs_error node param of the lossy kinds; plus the metric code 25,
// which means ABS_INNER_PRODUCT (faiss 1.9-1.11) or GOWER (1.12+) and is reported as read.
#include <faiss/IndexAdditiveQuantizer.h>
#include <faiss/IndexBinaryFlat.h>
#include <faiss/IndexBinaryIVF.h>
#include <faiss/index_factory.h>

#include <fstream>
#include <memory>

#include "faiss/testing.h"

namespace f2m {
namespace {

using testing::Data;
using testing::MilvusParams;
using testing::NodeParams;

IndexInfo Info(const std::string& path) {
  auto fs = NewLocalFileSystem(false);
  auto idx = FaissIndex::Open(*fs, path);
  EXPECT_TRUE(idx.ok()) << idx.status();
  return idx.ok() ? (*idx)->info() : IndexInfo{};
}

IndexInfo FactoryInfo(const char* factory, int d = 16, size_t n = 2000) {
  auto x = Data(n, d, 61);
  std::unique_ptr<faiss::Index> index(faiss::index_factory(d, factory));
  index->train(n, x.data());
  index->add(n / 2, x.data());
  std::string path = testing::TempPath(std::string("inspect_") + factory);
  faiss::write_index(index.get(), path.c_str());
  return Info(path);
}

TEST(InspectParamsTest, MilvusIndexPerKind) {
  auto ivf_flat = FactoryInfo("IVF32,Flat");
  EXPECT_EQ(ivf_flat.milvus_index_type, "IVF_FLAT");
  EXPECT_EQ(MilvusParams(ivf_flat)["nlist"], "32");
  auto sq8 = FactoryInfo("IVF16,SQ8");
  EXPECT_EQ(sq8.milvus_index_type, "IVF_SQ8");
  EXPECT_EQ(MilvusParams(sq8)["nlist"], "16");
  auto pq = FactoryInfo("IVF16,PQ4x6np");
  EXPECT_EQ(pq.milvus_index_type, "IVF_PQ");
  EXPECT_EQ(MilvusParams(pq), (std::map<std::string, std::string>{{"m", "4"}, {"nbits", "6"}, {"nlist", "16"}}));
  auto hnsw = FactoryInfo("HNSW12");
  EXPECT_EQ(hnsw.milvus_index_type, "HNSW");
  EXPECT_EQ(MilvusParams(hnsw)["M"], "12");
  EXPECT_EQ(MilvusParams(hnsw)["efConstruction"], "40");
  EXPECT_EQ(FactoryInfo("IVF16,PQ8x4fs").milvus_index_type, "SCANN");
  EXPECT_EQ(FactoryInfo("PQ8x4fs").milvus_index_type, "SCANN");

  auto xb = testing::Data(500, 8, 62);
  std::vector<uint8_t> codes(500 * 8);
  for (size_t i = 0; i < codes.size(); ++i) codes[i] = static_cast<uint8_t>(xb[i] * 100);
  faiss::IndexBinaryFlat bflat(64);
  bflat.add(500, codes.data());
  faiss::write_index_binary(&bflat, testing::TempPath("inspect_bflat").c_str());
  EXPECT_EQ(Info(testing::TempPath("inspect_bflat")).milvus_index_type, "BIN_FLAT");
  faiss::IndexBinaryFlat bq(64);
  faiss::IndexBinaryIVF bivf(&bq, 64, 8);
  bivf.train(500, codes.data());
  bivf.add(500, codes.data());
  faiss::write_index_binary(&bivf, testing::TempPath("inspect_bivf").c_str());
  auto bi = Info(testing::TempPath("inspect_bivf"));
  EXPECT_EQ(bi.milvus_index_type, "BIN_IVF_FLAT");
  EXPECT_EQ(MilvusParams(bi)["nlist"], "8");
}

TEST(InspectParamsTest, MaxAbsErrorOfLossyKinds) {
  for (auto [factory, fourcc] : {std::pair{"IVF16,SQ8", "IwSq"}, {"IVF16,PQ4np", "IwPQ"},
                                 {"PQ4x6np", "IxPq"}, {"RQ3x4", "IxRq"}, {"Residual8,PQ4", "Ix2L"}}) {
    SCOPED_TRACE(factory);
    auto info = FactoryInfo(factory);
    auto params = NodeParams(info, fourcc);
    ASSERT_EQ(params.count("max_abs_error"), 1u);
    float e = std::stof(params["max_abs_error"]);
    EXPECT_GT(e, 0.0f);
    EXPECT_LT(e, 10.0f);  // unit-variance data
  }
}

TEST(InspectParamsTest, MetricCode25IsReportedAsRead) {
  // IxFl, d = 2, one vector, metric 25 with its metric_arg.
  std::string b("IxFl", 4);
  auto put = [&b](const auto& v) { b.append(reinterpret_cast<const char*>(&v), sizeof(v)); };
  put(int32_t{2}); put(int64_t{1}); put(int64_t{1 << 20}); put(int64_t{1 << 20});
  put(uint8_t{1}); put(int32_t{25}); put(0.0f); put(uint64_t{2}); put(1.0f); put(2.0f);
  std::string path = testing::TempPath("metric25");
  std::ofstream(path, std::ios::binary).write(b.data(), b.size());
  auto info = Info(path);
  EXPECT_EQ(info.metric_type, 25);
  EXPECT_EQ(info.MetricName(), "ABS_INNER_PRODUCT or GOWER");
}

}  // namespace
}  // namespace f2m
