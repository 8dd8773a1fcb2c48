// Imiq / ImRQ coarse quantizers: IVFPQ over a multi-index or a residual coarse quantizer decodes
// to exactly what Faiss 1.7.3 reconstructs (centroid computed from the codebooks + PQ residual).
#include <faiss/IndexAdditiveQuantizer.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexPQ.h>
#include <faiss/index_factory.h>

#include <memory>

#include "faiss/testing.h"
#include "gmock/gmock.h"

namespace f2m {
namespace {

using testing::Data;
using testing::WriteAndCompare;

std::unique_ptr<faiss::Index> TrainedIvf(const char* factory, int d, size_t ntrain, size_t nadd) {
  auto x = Data(ntrain, d, 21);
  std::unique_ptr<faiss::Index> index(faiss::index_factory(d, factory));
  index->train(ntrain, x.data());
  index->add(nadd, x.data());
  dynamic_cast<faiss::IndexIVF*>(index.get())->make_direct_map(true);
  return index;
}

TEST(ParseCoarseTest, MultiIndexQuantizerIvfPqIsBitExact) {
  for (const char* f : {"IMI2x4,PQ4np", "IMI2x10,PQ8np"}) {
    SCOPED_TRACE(f);
    auto index = TrainedIvf(f, 16, 5000, 2000);
    auto c = WriteAndCompare(*index, std::string("imi_") + f);
    EXPECT_EQ(c.worst, 0.0f);
    EXPECT_EQ(c.info.nodes.at(1).fourcc, "Imiq");
    EXPECT_EQ(c.info.milvus_index_type, "IVF_PQ");
    EXPECT_EQ(testing::MilvusParams(c.info)["nlist"], f[5] == '4' ? "256" : "65536");
  }
}

TEST(ParseCoarseTest, ResidualCoarseQuantizerIvfPqIsBitExact) {
  auto index = TrainedIvf("IVF256(RCQ2x4),PQ4np", 16, 3000, 2000);
  auto c = WriteAndCompare(*index, "rcq_ivfpq");
  EXPECT_EQ(c.worst, 0.0f);
  EXPECT_EQ(c.info.nodes.at(1).fourcc, "ImRQ");
  // A coarse quantizer with three codebooks of mixed size (1.7.3's IVF-RQ has no
  // reconstruct, so an IVFPQ sits on top).
  auto x = Data(3000, 16, 22);
  faiss::ResidualCoarseQuantizer rcq(16, std::vector<size_t>{3, 4, 2});
  rcq.train(3000, x.data());  // trained alone: IndexIVF::train then leaves it as is
  faiss::IndexIVFPQ ivf(&rcq, 16, 512, 4, 6);
  ivf.train(3000, x.data());
  ivf.add(1500, x.data());
  ivf.make_direct_map(true);
  auto c2 = WriteAndCompare(ivf, "rcq_mixed_ivfpq");
  EXPECT_EQ(c2.worst, 0.0f);
}

TEST(ParseCoarseTest, BareCoarseQuantizersAreRefusedByName) {
  auto x = Data(2000, 8, 23);
  faiss::MultiIndexQuantizer imi(8, 2, 4);
  imi.train(2000, x.data());
  faiss::write_index(&imi, testing::TempPath("bare_imi").c_str());
  faiss::ResidualCoarseQuantizer rcq(8, 2, 3);
  rcq.train(2000, x.data());
  faiss::write_index(&rcq, testing::TempPath("bare_rcq").c_str());
  auto fs = NewLocalFileSystem(false);
  for (const char* name : {"bare_imi", "bare_rcq"}) {
    auto r = FaissIndex::Open(*fs, testing::TempPath(name));
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kUnimplemented);
    EXPECT_THAT(std::string(r.status().message()),
                ::testing::HasSubstr("coarse quantizer: it holds no database vectors"));
  }
}

TEST(ParseCoarseTest, MultiIndexNtotalThatIsNotTwoToTheCodeBitsIsNamed) {
  auto x = Data(1000, 8, 24);
  faiss::MultiIndexQuantizer imi(8, 2, 4);
  imi.train(1000, x.data());
  imi.ntotal = 255;  // 2 x 4 bits give 256 centroids
  faiss::write_index(&imi, testing::TempPath("bad_imi").c_str());
  auto fs = NewLocalFileSystem(false);
  auto r = FaissIndex::Open(*fs, testing::TempPath("bad_imi"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(r.status().message()),
              ::testing::AllOf(::testing::HasSubstr("multi-index quantizer"),
                               ::testing::HasSubstr("the header at byte 4 says ntotal = 255"),
                               ::testing::HasSubstr("2^8")));
}

}  // namespace
}  // namespace f2m
