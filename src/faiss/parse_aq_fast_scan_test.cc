// Additive-quantizer fast-scan kinds against Faiss 1.7.3's reconstruct: flat ILfs / IRfs / IPLf /
// IPRf and IVF IVLf / IVRf / NPLf / NPRf (by_residual or not), with the 2 norm nibbles (L2) and
// without (IP), odd sub-code counts, and 64-vector blocks.
#include <faiss/IndexAdditiveQuantizerFastScan.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexIVFAdditiveQuantizerFastScan.h>
#include <faiss/index_factory.h>

#include <memory>

#include "faiss/testing.h"

namespace f2m {
namespace {

using testing::Data;
using testing::WriteAndCompare;

struct Case {
  const char* factory;
  const char* fourcc;
  faiss::MetricType metric = faiss::METRIC_L2;
};

void ShortenTraining(faiss::Index* index) {
  if (auto* f = dynamic_cast<faiss::IndexLocalSearchQuantizerFastScan*>(index)) f->lsq.train_iters = 2;
  if (auto* f = dynamic_cast<faiss::IndexIVFLocalSearchQuantizerFastScan*>(index)) f->lsq.train_iters = 2;
}

void ExpectBitExact(const Case& c, size_t nadd) {
  SCOPED_TRACE(c.factory);
  const int d = 8;
  auto x = Data(2000, d, 41);
  std::unique_ptr<faiss::Index> index(faiss::index_factory(d, c.factory, c.metric));
  ShortenTraining(index.get());
  index->train(2000, x.data());
  index->add(nadd, x.data());
  if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(index.get())) ivf->make_direct_map(true);
  auto r = WriteAndCompare(*index, std::string("aqfs_") + c.factory);
  EXPECT_EQ(r.worst, 0.0f);
  ASSERT_FALSE(r.info.nodes.empty());
  EXPECT_EQ(r.info.nodes[0].fourcc, c.fourcc);
  EXPECT_FALSE(r.info.exact);
  EXPECT_EQ(r.info.milvus_index_type, "SCANN");
}

TEST(ParseAqFastScanTest, FlatKinds) {
  for (const Case& c : {Case{"RQ2x4fs_Nrq2x4", "IRfs"}, Case{"LSQ2x4fs_Nlsq2x4", "ILfs"},
                        Case{"PRQ2x2x4fs_Nrq2x4", "IPRf"}, Case{"PLSQ2x2x4fs_Nlsq2x4", "IPLf"},
                        Case{"RQ3x4fs", "IRfs", faiss::METRIC_INNER_PRODUCT}}) {
    ExpectBitExact(c, 1000);
  }
}

TEST(ParseAqFastScanTest, IvfKinds) {
  for (const Case& c : {Case{"IVF16,RQ2x4fs_Nrq2x4", "IVRf"}, Case{"IVF16,LSQ2x4fs_Nlsq2x4", "IVLf"},
                        Case{"IVF16,RQ2x4fsr_Nrq2x4", "IVRf"},  // fsr: by_residual
                        Case{"IVF16,PRQ2x2x4fs_Nrq2x4", "NPRf"},
                        Case{"IVF16,PLSQ2x2x4fs_Nlsq2x4", "NPLf"},
                        Case{"IVF8,RQ3x4fs", "IVRf", faiss::METRIC_INNER_PRODUCT}}) {
    ExpectBitExact(c, 1500);
  }
}

// With 64-vector blocks, 1.7.3's reconstruct (pq4_get_packed_element) does not read the codes
// back where its own packer (pq4_pack_codes: runs of 32 vectors) put them, so the oracle here
// is the quantizer's decode of the codes faiss packed: encode again (RQ encoding is
// deterministic) and decode, adding the coarse centroid for the IVF.
TEST(ParseAqFastScanTest, Blocks64MatchTheCodesFaissPacked) {
  const int d = 8;
  const size_t n = 1000;
  auto x = Data(2000, d, 42);
  std::unique_ptr<faiss::Index> flat(faiss::index_factory(d, "RQ3x4fs_64_Nrq2x4"));
  flat->train(2000, x.data());
  flat->add(n, x.data());
  faiss::write_index(flat.get(), testing::TempPath("aqfs_flat64").c_str());
  auto* fs = dynamic_cast<faiss::IndexAdditiveQuantizerFastScan*>(flat.get());
  ASSERT_NE(fs, nullptr);
  EXPECT_EQ(fs->bbs, 64);
  std::vector<uint8_t> code(fs->aq->code_size);
  auto r = testing::CompareRows(testing::TempPath("aqfs_flat64"), d, n, [&](int64_t id, float* out) {
    fs->aq->compute_codes(x.data() + id * d, code.data(), 1);
    fs->aq->decode(code.data(), out, 1);
  });
  EXPECT_EQ(r.worst, 0.0f);

  std::unique_ptr<faiss::Index> index(faiss::index_factory(d, "IVF16,RQ3x4fsr_64_Nrq2x4"));
  index->train(2000, x.data());
  index->add(n, x.data());
  faiss::write_index(index.get(), testing::TempPath("aqfs_ivf64").c_str());
  auto* ivf = dynamic_cast<faiss::IndexIVFAdditiveQuantizerFastScan*>(index.get());
  ASSERT_NE(ivf, nullptr);
  EXPECT_TRUE(ivf->by_residual);
  std::vector<faiss::Index::idx_t> lists(n);
  ivf->quantizer->assign(n, x.data(), lists.data());
  std::vector<uint8_t> codes(n * ivf->code_size);
  ivf->encode_vectors(n, x.data(), lists.data(), codes.data(), false);
  std::vector<float> centroid(d);
  auto r2 = testing::CompareRows(testing::TempPath("aqfs_ivf64"), d, n, [&](int64_t id, float* out) {
    ivf->aq->decode(codes.data() + id * ivf->code_size, out, 1);
    ivf->quantizer->reconstruct(lists[id], centroid.data());
    if (ivf->by_residual) for (int j = 0; j < d; ++j) out[j] += centroid[j];
  });
  EXPECT_EQ(r2.worst, 0.0f);
}

}  // namespace
}  // namespace f2m
