// Index2Layer (Ix2L) and IndexHNSW2Level (IHN2): centroid of the coded list + PQ of the residual,
// compared with Faiss 1.7.3's reconstruct, through flat and multi-index coarse quantizers.
#include <faiss/Index2Layer.h>
#include <faiss/IndexHNSW.h>
#include <faiss/index_factory.h>

#include <memory>

#include "faiss/testing.h"

namespace f2m {
namespace {

using testing::Data;
using testing::WriteAndCompare;

TEST(ParseTwoLayerTest, Index2LayerFlatAndMultiIndexQuantizers) {
  auto x = Data(4000, 16, 31);
  for (const char* f : {"Residual16,PQ4", "Residual2x5,PQ8", "Residual300,PQ4x6"}) {
    SCOPED_TRACE(f);
    std::unique_ptr<faiss::Index> index(faiss::index_factory(16, f));
    ASSERT_NE(dynamic_cast<faiss::Index2Layer*>(index.get()), nullptr);
    index->train(4000, x.data());
    index->add(1500, x.data());
    auto c = WriteAndCompare(*index, std::string("2l_") + f);
    EXPECT_EQ(c.worst, 0.0f);
    EXPECT_FALSE(c.info.exact);
    EXPECT_EQ(c.info.milvus_index_type, "IVF_PQ");
    EXPECT_EQ(c.info.id_kind, IdKind::kSequential);
  }
}

TEST(ParseTwoLayerTest, Hnsw2Level) {
  auto x = Data(3000, 16, 32);
  for (const char* f : {"HNSW16_32+PQ4", "HNSW8_2x4+PQ8"}) {
    SCOPED_TRACE(f);
    std::unique_ptr<faiss::Index> index(faiss::index_factory(16, f));
    ASSERT_NE(dynamic_cast<faiss::IndexHNSW2Level*>(index.get()), nullptr);
    index->train(3000, x.data());
    index->add(1000, x.data());
    auto c = WriteAndCompare(*index, std::string("hnsw2l_") + f);
    EXPECT_EQ(c.worst, 0.0f);
    EXPECT_EQ(c.info.milvus_index_type, "HNSW");
    EXPECT_EQ(c.info.nodes.at(1).fourcc, "Ix2L");
  }
}

}  // namespace
}  // namespace f2m
