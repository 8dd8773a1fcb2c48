// Product-quantizer kinds: IxPq / IxPo / IxPQ (flat codes), IwPQ (IVFPQ; by_residual adds the
// coarse centroid back) and IwQR (IVFPQR: a second PQ refines each code, its codes indexed
// by id after the lists).
#include "base/le.h"
#include "faiss/codebook_spread.h"
#include "faiss/codec/product_quantizer.h"
#include "faiss/ivf_codes.h"
#include "faiss/parse_lossy.h"

namespace f2m {

StatusOr<uint64_t> ReadCodesArray(ParseContext& ctx, int64_t ntotal, uint64_t code_size) {
  uint64_t at = ctx.cur.pos();
  F2M_ASSIGN_OR_RETURN(uint64_t count, ctx.cur.VecCount(1, "codes"));
  auto expect = CheckedMul(static_cast<uint64_t>(ntotal), code_size);
  if (!expect || count != *expect) {
    return ctx.cur.Corrupt("codes", StrCat("count ", count, " at byte ", at,
                                           " is not ntotal x code_size = ", ntotal, " x ",
                                           code_size));
  }
  uint64_t offset = ctx.cur.pos();
  F2M_RETURN_IF_ERROR(ctx.cur.Skip(count));
  return offset;
}

StatusOr<std::shared_ptr<const PqDecoder>> ReadPq(ParseContext& ctx, int d, const char* role) {
  uint64_t at = ctx.cur.pos();
  F2M_ASSIGN_OR_RETURN(uint64_t pd, ctx.cur.U64());
  F2M_ASSIGN_OR_RETURN(uint64_t m, ctx.cur.U64());
  F2M_ASSIGN_OR_RETURN(uint64_t nbits, ctx.cur.U64());
  F2M_ASSIGN_OR_RETURN(std::vector<float> centroids,
                       ctx.cur.SmallVec<float>("PQ centroids", ~0ull));
  if (pd != static_cast<uint64_t>(d)) {
    return ctx.cur.Corrupt("product quantizer", StrCat("d = ", pd, " at byte ", at,
                                                       " differs from the index's d = ", d));
  }
  auto dec = PqDecoder::Create(pd, m, nbits, std::move(centroids));
  if (!dec.ok()) return Annotate(dec.status(), StrCat("read ", role, " at byte ", at));
  ctx.Param(StrCat(role, " M"), StrCat(m));
  ctx.Param(StrCat(role, " nbits"), StrCat(nbits));
  // Rough error figure (codebook_spread.h): the widest gap between a sub-centroid and its
  // nearest neighbour, over the sub-quantizers; omitted for very large codebooks.
  std::optional<float> spread = 0.0f;
  for (size_t q = 0; q < dec->M() && spread; ++q) {
    auto s = MaxNearestRowDistance(dec->centroids().data() + q * dec->ksub() * dec->dsub(),
                                   dec->ksub(), dec->dsub());
    spread = s ? std::optional<float>(std::max(*spread, *s)) : std::nullopt;
  }
  if (spread && std::string(role) == "PQ") ctx.Param("max_abs_error", StrCat(*spread));
  return std::make_shared<const PqDecoder>(std::move(*dec));
}

namespace {

DecoderRecipe PqRecipe(std::shared_ptr<const PqDecoder> pq) {
  return [pq](Centroids c) -> StatusOr<std::unique_ptr<CodeDecoder>> {
    return NewFloatDecoder(pq->code_size(), static_cast<int>(pq->d()), CodecFn(pq), std::move(c));
  };
}

void PqMilvus(const PqDecoder& pq, Parsed& p) {
  p.milvus_index_type = "IVF_PQ";
  p.milvus_params.emplace_back("m", StrCat(pq.M()));
  p.milvus_params.emplace_back("nbits", StrCat(pq.nbits()));
}

// IVFPQR: decode = coarse centroid + PQ(code) + refinePQ(refine_codes[id]).
class RefineDecoder : public CodeDecoder {
 public:
  RefineDecoder(std::unique_ptr<CodeDecoder> base, std::shared_ptr<const PqDecoder> refine,
                const RandomAccessFile& file, uint64_t offset, int64_t ntotal)
      : base_(std::move(base)), refine_(std::move(refine)), file_(file), offset_(offset),
        ntotal_(ntotal), code_(refine_->code_size()), row_(refine_->d()) {}
  uint64_t code_size() const override { return base_->code_size(); }
  Status Decode(const uint8_t* codes, size_t n, int64_t list_no, const int64_t* ids,
                uint8_t* out) override {
    F2M_RETURN_IF_ERROR(base_->Decode(codes, n, list_no, ids, out));
    float* rows = reinterpret_cast<float*>(out);
    for (size_t i = 0; i < n; ++i) {
      if (ids[i] < 0 || ids[i] >= ntotal_) {
        return absl::DataLossError(StrCat("read IVFPQR refine codes ", file_.Name(), ": id ", ids[i],
                                          " is outside 0..", ntotal_ - 1, " (ids must be sequential)"));
      }
      uint64_t off = offset_ + static_cast<uint64_t>(ids[i]) * code_.size();
      F2M_ASSIGN_OR_RETURN(size_t got, file_.ReadAt(off, code_.size(), reinterpret_cast<char*>(code_.data())));
      if (got != code_.size()) return absl::DataLossError(StrCat("read IVFPQR refine codes ", file_.Name(), ": truncated"));
      refine_->DecodeOne(code_.data(), row_.data());
      for (size_t j = 0; j < row_.size(); ++j) rows[i * row_.size() + j] += row_[j];
    }
    return absl::OkStatus();
  }

 private:
  std::unique_ptr<CodeDecoder> base_;
  std::shared_ptr<const PqDecoder> refine_;
  const RandomAccessFile& file_;
  uint64_t offset_;
  int64_t ntotal_;
  std::vector<uint8_t> code_;
  std::vector<float> row_;
};

}  // namespace

StatusOr<Parsed> ParseFlatPq(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(Header h, ReadFloatHeader(ctx.cur));
  HeaderParams(ctx, h);
  F2M_ASSIGN_OR_RETURN(auto pq, ReadPq(ctx, h.d, "PQ"));
  F2M_ASSIGN_OR_RETURN(uint64_t offset, ReadCodesArray(ctx, h.ntotal, pq->code_size()));
  if (fourcc != "IxPQ") F2M_RETURN_IF_ERROR(ctx.cur.Skip(4 + 1 + 4));  // search_type, encode_signs, polysemous_ht
  Parsed p;
  p.hdr = h;
  if (fourcc != "IxPq") p.hdr.metric = 1;  // older IndexPQ files are L2 by definition
  SetFlatCodesSource(offset, h.ntotal, h.d, PqRecipe(pq), p);
  p.lossy_note = LossyNote(StrCat("PQ", pq->M(), "x", pq->nbits(), " product-quantizer codes"));
  PqMilvus(*pq, p);
  return p;
}

// IwPQ / IwQR, and their legacy forms IvPQ / IvQR (ids in the IVF header, one code array per
// list instead of an inverted-lists object).
StatusOr<Parsed> ParseIvfPq(ParseContext& ctx, const std::string& fourcc) {
  bool legacy = fourcc[1] == 'v';
  F2M_ASSIGN_OR_RETURN(IvfHeader ivf, ReadIvfHeader(ctx, /*binary=*/false, legacy));
  F2M_ASSIGN_OR_RETURN(bool by_residual, ctx.cur.Bool());
  F2M_ASSIGN_OR_RETURN(uint64_t code_size, ctx.cur.U64());
  F2M_ASSIGN_OR_RETURN(auto pq, ReadPq(ctx, ivf.hdr.d, "PQ"));
  if (code_size != pq->code_size()) {
    return ctx.cur.Corrupt("IVFPQ", StrCat("code_size ", code_size, " is not the PQ's ",
                                           pq->code_size()));
  }
  ListsLayout layout;
  if (legacy) {
    F2M_ASSIGN_OR_RETURN(layout, ParseLegacyLists(ctx, ivf, code_size, 1));
  } else {
    F2M_ASSIGN_OR_RETURN(layout, ParseInvLists(ctx, ivf.nlist, code_size, ivf.hdr.ntotal));
  }
  DecoderRecipe recipe = PqRecipe(pq);
  std::string what = StrCat("PQ", pq->M(), "x", pq->nbits(), " product-quantizer codes");
  if ((fourcc == "IwQR" || fourcc == "IvQR") && ivf.hdr.is_trained) {
    F2M_ASSIGN_OR_RETURN(auto refine, ReadPq(ctx, ivf.hdr.d, "refine PQ"));
    F2M_ASSIGN_OR_RETURN(uint64_t off, ReadCodesArray(ctx, ivf.hdr.ntotal, refine->code_size()));
    F2M_RETURN_IF_ERROR(ctx.cur.Skip(4));  // k_factor
    int64_t n = ivf.hdr.ntotal;
    // The refine codes live in the index file; the lists may not (ilod), so capture the path.
    recipe = [base = recipe, refine, off, n, &fs = ctx.fs, path = ctx.path](
                 Centroids c) -> StatusOr<std::unique_ptr<CodeDecoder>> {
      F2M_ASSIGN_OR_RETURN(auto b, base(std::move(c)));
      F2M_ASSIGN_OR_RETURN(auto file, fs.OpenForRead(path));
      auto shared = std::shared_ptr<const RandomAccessFile>(std::move(file));
      struct Holder : CodeDecoder {
        std::shared_ptr<const RandomAccessFile> f;
        std::unique_ptr<RefineDecoder> d;
        uint64_t code_size() const override { return d->code_size(); }
        Status Decode(const uint8_t* c, size_t k, int64_t l, const int64_t* i, uint8_t* o) override {
          return d->Decode(c, k, l, i, o);
        }
      };
      auto h = std::make_unique<Holder>();
      h->f = shared;
      h->d = std::make_unique<RefineDecoder>(std::move(b), refine, *shared, off, n);
      return std::unique_ptr<CodeDecoder>(std::move(h));
    };
    what += " refined by a second PQ";
  }
  Parsed p;
  SetIvfCodesSource(ctx, ivf, std::move(layout), by_residual, std::move(recipe), p);
  p.lossy_note = LossyNote(what);
  PqMilvus(*pq, p);
  return p;
}

}  // namespace f2m
