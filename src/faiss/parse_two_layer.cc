// Index2Layer (`Ix2L`, "Residual<n>,PQ<m>", also the storage of IndexHNSW2Level `IHN2`): flat
// codes, each the list number of a coarse quantizer (code_size_1 bytes, little-endian) then a
// PQ code of the residual. Decode = PQ decode + centroid[list], added in float as faiss's
// Index2Layer::sa_decode does (faiss-format.md §5.2). Ids are positions.
#include <algorithm>

#include "faiss/centroids.h"
#include "faiss/ivf_codes.h"
#include "faiss/parse_lossy.h"

namespace f2m {
namespace {

class TwoLayerDecoder : public CodeDecoder {
 public:
  TwoLayerDecoder(std::shared_ptr<const PqDecoder> pq, uint64_t code_size_1, Centroids centroids)
      : pq_(std::move(pq)), cs1_(code_size_1), centroids_(std::move(centroids)) {}
  uint64_t code_size() const override { return cs1_ + pq_->code_size(); }
  Status Decode(const uint8_t* codes, size_t n, int64_t, const int64_t*, uint8_t* out) override {
    float* rows = reinterpret_cast<float*>(out);
    const size_t d = pq_->d();
    for (size_t i = 0; i < n; ++i) {
      const uint8_t* code = codes + i * code_size();
      uint64_t list_no = 0;
      for (uint64_t b = 0; b < cs1_; ++b) list_no |= uint64_t{code[b]} << (8 * b);
      float* x = rows + i * d;
      pq_->DecodeOne(code + cs1_, x);
      F2M_ASSIGN_OR_RETURN(const float* c, centroids_->Centroid(static_cast<int64_t>(list_no)));
      for (size_t j = 0; j < d; ++j) x[j] += c[j];
    }
    return absl::OkStatus();
  }

 private:
  std::shared_ptr<const PqDecoder> pq_;
  uint64_t cs1_;
  Centroids centroids_;
};

}  // namespace

StatusOr<Parsed> ParseTwoLayer(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(Header h, ReadFloatHeader(ctx.cur));
  HeaderParams(ctx, h);
  F2M_ASSIGN_OR_RETURN(Parsed quantizer, ParseChild(ctx, "Index2Layer coarse quantizer"));
  F2M_ASSIGN_OR_RETURN(uint64_t nlist, ctx.cur.U64());
  F2M_RETURN_IF_ERROR(ctx.cur.Skip(1));  // quantizer_trains_alone (a char)
  ctx.Param("nlist", StrCat(nlist));
  F2M_ASSIGN_OR_RETURN(auto pq, ReadPq(ctx, h.d, "PQ"));
  uint64_t at = ctx.cur.pos();
  F2M_ASSIGN_OR_RETURN(uint64_t cs1, ctx.cur.U64());
  F2M_ASSIGN_OR_RETURN(uint64_t cs2, ctx.cur.U64());
  F2M_ASSIGN_OR_RETURN(uint64_t code_size, ctx.cur.U64());
  bool list_fits = cs1 >= 8 || nlist <= (uint64_t{1} << (8 * cs1));
  if (cs1 == 0 || cs1 > 8 || !list_fits || cs2 != pq->code_size() || code_size != cs1 + cs2) {
    return ctx.cur.Corrupt("Index2Layer", StrCat("code sizes ", cs1, " + ", cs2, " = ", code_size,
                                                 " at byte ", at, " do not fit nlist = ", nlist,
                                                 " and the PQ's ", pq->code_size(), "-byte codes"));
  }
  F2M_ASSIGN_OR_RETURN(uint64_t offset, ReadCodesArray(ctx, h.ntotal, code_size));
  Parsed p;
  p.hdr = h;
  p.d = h.d;
  p.ntotal = h.ntotal;
  p.exact = false;
  p.lossy_note = LossyNote(StrCat("PQ", pq->M(), "x", pq->nbits(),
                                  " product-quantizer codes of residuals from ", nlist,
                                  " coarse centroids"));
  p.milvus_index_type = "IVF_PQ";
  p.milvus_params = {{"nlist", StrCat(std::clamp<uint64_t>(nlist, 1, 65536))},
                     {"m", StrCat(pq->M())},
                     {"nbits", StrCat(pq->nbits())}};
  auto q = std::make_shared<const Parsed>(std::move(quantizer));
  int d = h.d;
  int64_t n = h.ntotal;
  p.make_source = [=](const SourceEnv& env) -> StatusOr<std::unique_ptr<VectorSource>> {
    F2M_ASSIGN_OR_RETURN(Centroids c, LoadCentroids(*q, env, nlist, d));
    return NewDecodedSource(*env.index_file, offset, n, static_cast<uint64_t>(d) * 4,
                            std::make_unique<TwoLayerDecoder>(pq, cs1, std::move(c)));
  };
  return p;
}

}  // namespace f2m
