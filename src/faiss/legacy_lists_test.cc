// Legacy IVF kinds IvSQ / IvPQ / IvQR, which faiss 1.7.3 reads but no longer writes: the bytes
// are crafted here from a trained IwSq / IwPQ / IwQR (ids arrays in the IVF header, one code
// array per list), faiss 1.7.3 reads them back to prove the crafting, and our decode must equal
// the original index's reconstruct bit for bit.
#include <faiss/IndexFlat.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexIVFPQR.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/impl/io.h>

#include <cstring>
#include <fstream>
#include <memory>

#include "faiss/testing.h"
#include "gmock/gmock.h"

namespace f2m {
namespace {

using testing::Data;

class Bytes {
 public:
  template <typename T>
  Bytes& Put(T v) {
    const char* p = reinterpret_cast<const char*>(&v);
    out_.append(p, sizeof(T));
    return *this;
  }
  Bytes& Raw(const void* p, size_t n) {
    out_.append(static_cast<const char*>(p), n);
    return *this;
  }
  template <typename T>
  Bytes& Vec(const T* p, size_t n) {
    Put<uint64_t>(n);
    return Raw(p, n * sizeof(T));
  }
  Bytes& Fourcc(const char* f) { return Raw(f, 4); }
  Bytes& Index(const faiss::Index* idx) {
    faiss::VectorIOWriter w;
    faiss::write_index(idx, &w);
    return Raw(w.data.data(), w.data.size());
  }
  // Fourcc, common header, nlist, nprobe, quantizer, the legacy ids arrays, an empty DirectMap.
  Bytes& LegacyIvfHeader(const char* fourcc, const faiss::IndexIVF& ivf) {
    Fourcc(fourcc).Put<int32_t>(ivf.d).Put<int64_t>(ivf.ntotal).Put<int64_t>(1 << 20);
    Put<int64_t>(1 << 20).Put<uint8_t>(ivf.is_trained).Put<int32_t>(ivf.metric_type);
    Put<uint64_t>(ivf.nlist).Put<uint64_t>(ivf.nprobe).Index(ivf.quantizer);
    for (size_t i = 0; i < ivf.nlist; ++i) {
      Vec(ivf.invlists->get_ids(i), ivf.invlists->list_size(i));
    }
    return Put<uint8_t>(0).Put<uint64_t>(0);
  }
  Bytes& ListCodes(const faiss::IndexIVF& ivf) {
    for (size_t i = 0; i < ivf.nlist; ++i) {
      Vec(ivf.invlists->get_codes(i), ivf.invlists->list_size(i) * ivf.code_size);
    }
    return *this;
  }
  Bytes& Pq(const faiss::ProductQuantizer& pq) {
    Put<uint64_t>(pq.d).Put<uint64_t>(pq.M).Put<uint64_t>(pq.nbits);
    return Vec(pq.centroids.data(), pq.centroids.size());
  }
  std::string Save(const std::string& name) {
    std::string path = testing::TempPath(name);
    std::ofstream(path, std::ios::binary).write(out_.data(), out_.size());
    return path;
  }

 private:
  std::string out_;
};

// Our rows equal `original`'s reconstruct bit for bit, and faiss reads the crafted file to the
// same vectors.
void ExpectLegacyMatches(const std::string& path, faiss::IndexIVF& original, const char* fourcc) {
  std::unique_ptr<faiss::Index> reread(faiss::read_index(path.c_str()));
  auto* ivf = dynamic_cast<faiss::IndexIVF*>(reread.get());
  ASSERT_NE(ivf, nullptr);
  ivf->make_direct_map(true);
  std::vector<float> a(original.d), b(original.d);
  for (int64_t id : {int64_t{0}, original.ntotal / 2, original.ntotal - 1}) {
    original.reconstruct(id, a.data());
    ivf->reconstruct(id, b.data());
    ASSERT_EQ(0, std::memcmp(a.data(), b.data(), a.size() * 4)) << "faiss rereads id " << id;
  }
  auto r = testing::CompareRows(path, original.d, original.ntotal,
                                [&](int64_t id, float* out) { original.reconstruct(id, out); });
  EXPECT_EQ(r.worst, 0.0f);
  EXPECT_EQ(r.info.nodes.at(0).fourcc, fourcc);
  EXPECT_EQ(r.info.id_kind, IdKind::kPerList);
  EXPECT_EQ(testing::NodeParams(r.info, fourcc)["lists"], "legacy");
}

TEST(LegacyListsTest, IvSQ) {
  const int d = 12;
  auto x = Data(2000, d, 51);
  faiss::IndexFlatL2 q(d);
  faiss::IndexIVFScalarQuantizer ivf(&q, d, 8, faiss::ScalarQuantizer::QT_8bit);
  ivf.train(2000, x.data());
  ivf.add(700, x.data());
  ivf.make_direct_map(true);
  const faiss::ScalarQuantizer& sq = ivf.sq;
  Bytes b;
  b.LegacyIvfHeader("IvSQ", ivf).Put<int32_t>(sq.qtype).Put<int32_t>(sq.rangestat);
  b.Put<float>(sq.rangestat_arg).Put<uint64_t>(sq.d).Put<uint64_t>(sq.code_size);
  b.Vec(sq.trained.data(), sq.trained.size()).Put<uint64_t>(ivf.code_size).ListCodes(ivf);
  ExpectLegacyMatches(b.Save("legacy_ivsq"), ivf, "IvSQ");
}

TEST(LegacyListsTest, IvPQAndIvQR) {
  const int d = 16;
  auto x = Data(3000, d, 52);
  faiss::IndexFlatL2 q(d);
  faiss::IndexIVFPQ ivf(&q, d, 8, 4, 8);
  ivf.train(3000, x.data());
  ivf.add(900, x.data());
  ivf.make_direct_map(true);
  Bytes b;
  b.LegacyIvfHeader("IvPQ", ivf).Put<uint8_t>(ivf.by_residual).Put<uint64_t>(ivf.code_size);
  b.Pq(ivf.pq).ListCodes(ivf);
  ExpectLegacyMatches(b.Save("legacy_ivpq"), ivf, "IvPQ");

  faiss::IndexFlatL2 q2(d);
  faiss::IndexIVFPQR pqr(&q2, d, 8, 4, 8, 4, 8);
  pqr.train(3000, x.data());
  pqr.add(900, x.data());
  pqr.make_direct_map(true);
  Bytes r;
  r.LegacyIvfHeader("IvQR", pqr).Put<uint8_t>(pqr.by_residual).Put<uint64_t>(pqr.code_size);
  r.Pq(pqr.pq).ListCodes(pqr).Pq(pqr.refine_pq);
  r.Vec(pqr.refine_codes.data(), pqr.refine_codes.size()).Put<float>(pqr.k_factor);
  ExpectLegacyMatches(r.Save("legacy_ivqr"), pqr, "IvQR");
}

TEST(LegacyListsTest, ShortCodeArrayIsNamedWithItsOffset) {
  const int d = 8;
  auto x = Data(1000, d, 53);
  faiss::IndexFlatL2 q(d);
  faiss::IndexIVFPQ ivf(&q, d, 4, 2, 8);
  ivf.train(1000, x.data());
  ivf.add(100, x.data());
  Bytes b;
  b.LegacyIvfHeader("IvPQ", ivf).Put<uint8_t>(1).Put<uint64_t>(ivf.code_size).Pq(ivf.pq);
  b.Vec(ivf.invlists->get_codes(0), ivf.invlists->list_size(0) * ivf.code_size - 1);
  auto fs = NewLocalFileSystem(false);
  auto r = FaissIndex::Open(*fs, b.Save("legacy_short"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(r.status().message()),
              ::testing::AllOf(::testing::HasSubstr("legacy list codes"),
                               ::testing::HasSubstr("list 0 at byte"),
                               ::testing::HasSubstr("for " + std::to_string(ivf.invlists->list_size(0)) + " ids")));
}

}  // namespace
}  // namespace f2m
