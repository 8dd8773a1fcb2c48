// Additive-quantizer kinds (faiss-format.md §2.4): residual (IxRq, old IxRQ), local-search (IxLS),
// their product variants (IxPR, IxPL), and the IVF ones (IwRQ, IwLS, IwPR, IwPL). Decoding adds
// the selected codebook rows and ignores the encoded norm (codec/additive_quantizer.h).
#include "faiss/codebook_spread.h"
#include "faiss/codec/additive_quantizer.h"
#include "faiss/ivf_codes.h"
#include "faiss/parse_lossy.h"

namespace f2m {
namespace {

struct AqCommon {
  uint64_t d = 0;
  std::vector<uint64_t> nbits;
  std::vector<float> codebooks;
  int32_t search_type = 0;
};

// The common AdditiveQuantizer part.
StatusOr<AqCommon> ReadAqCommon(Cursor& cur) {
  AqCommon a;
  F2M_ASSIGN_OR_RETURN(a.d, cur.U64());
  F2M_RETURN_IF_ERROR(cur.Skip(8));  // M (= nbits.size())
  F2M_ASSIGN_OR_RETURN(a.nbits, cur.SmallVec<uint64_t>("additive quantizer nbits", 1 << 16));
  F2M_RETURN_IF_ERROR(cur.Skip(1));  // is_trained
  F2M_ASSIGN_OR_RETURN(a.codebooks, cur.SmallVec<float>("additive quantizer codebooks", ~0ull));
  F2M_ASSIGN_OR_RETURN(a.search_type, cur.I32());
  F2M_RETURN_IF_ERROR(cur.Skip(8));  // norm_min, norm_max
  if (a.search_type >= 6 && a.search_type <= 9) {
    F2M_RETURN_IF_ERROR(cur.SkipVec(4, "additive quantizer qnorm").status());
  }
  if (a.search_type == 8 || a.search_type == 9) {
    F2M_RETURN_IF_ERROR(cur.SkipVec(4, "additive quantizer norm tables").status());
  }
  return a;
}

// The class-specific tail of an RQ or LSQ record.
Status SkipTail(Cursor& cur, bool lsq) {
  return cur.Skip(lsq ? 8 * 5 + 4 + 4 + 8 + 4 + 8 + 1 : 4 + 4);
}

}  // namespace

StatusOr<std::shared_ptr<const AqDecoder>> ReadAq(ParseContext& ctx, const std::string& fourcc) {
  Cursor& cur = ctx.cur;
  bool lsq = fourcc == "IxLS" || fourcc == "IwLS" || fourcc == "IxPL" || fourcc == "IwPL";
  bool product = fourcc == "IxPR" || fourcc == "IxPL" || fourcc == "IwPR" || fourcc == "IwPL";
  uint64_t at = cur.pos();
  AqCommon a;
  if (fourcc == "IxRQ") {  // old RQ: train_type and beam size sit before the codebooks
    F2M_ASSIGN_OR_RETURN(a.d, cur.U64());
    F2M_RETURN_IF_ERROR(cur.Skip(8));
    F2M_ASSIGN_OR_RETURN(a.nbits, cur.SmallVec<uint64_t>("additive quantizer nbits", 1 << 16));
    F2M_RETURN_IF_ERROR(cur.Skip(1 + 4 + 4));
    F2M_ASSIGN_OR_RETURN(a.codebooks, cur.SmallVec<float>("additive quantizer codebooks", ~0ull));
    F2M_ASSIGN_OR_RETURN(a.search_type, cur.I32());
    F2M_RETURN_IF_ERROR(cur.Skip(8));
  } else {
    F2M_ASSIGN_OR_RETURN(a, ReadAqCommon(cur));
    if (!product) F2M_RETURN_IF_ERROR(SkipTail(cur, lsq));
  }
  ctx.Param("codebooks", StrCat(a.nbits.size()));
  ctx.Param("search_type", StrCat(a.search_type));
  StatusOr<AqDecoder> dec;
  if (product) {
    F2M_ASSIGN_OR_RETURN(uint64_t nsplits, cur.U64());
    if (nsplits == 0 || nsplits > 4096) {
      return cur.Corrupt("product quantizer", StrCat("nsplits = ", nsplits, " at byte ", cur.pos() - 8));
    }
    std::vector<std::vector<uint64_t>> split_nbits;
    for (uint64_t s = 0; s < nsplits; ++s) {
      F2M_ASSIGN_OR_RETURN(AqCommon sub, ReadAqCommon(cur));
      F2M_RETURN_IF_ERROR(SkipTail(cur, lsq));
      split_nbits.push_back(std::move(sub.nbits));
    }
    ctx.Param("nsplits", StrCat(nsplits));
    dec = AqDecoder::CreateProduct(a.d, split_nbits, a.search_type, std::move(a.codebooks));
  } else {
    dec = AqDecoder::Create(a.d, a.nbits, a.search_type, std::move(a.codebooks));
  }
  if (!dec.ok()) return Annotate(dec.status(), StrCat("read additive quantizer at byte ", at));
  // Rough error figure (codebook_spread.h): the widest gap between a row of a split's last
  // codebook (the finest residual step) and its nearest neighbour; omitted when too large or
  // when the splits have unequal codebook counts.
  std::optional<float> spread;
  size_t per_split = dec->M() / dec->nsplits();
  if (dec->M() % dec->nsplits() == 0) {
    spread = 0.0f;
    for (size_t m = per_split - 1; m < dec->M() && spread; m += per_split) {
      auto s = MaxNearestRowDistance(dec->codebook(m), size_t{1} << dec->nbits(m), dec->dsub());
      spread = s ? std::optional<float>(std::max(*spread, *s)) : std::nullopt;
    }
  }
  if (spread) ctx.Param("max_abs_error", StrCat(*spread));
  return std::make_shared<const AqDecoder>(std::move(*dec));
}

namespace {

DecoderRecipe AqRecipe(std::shared_ptr<const AqDecoder> aq) {
  return [aq](Centroids c) -> StatusOr<std::unique_ptr<CodeDecoder>> {
    return NewFloatDecoder(aq->code_size(), static_cast<int>(aq->d()), CodecFn(aq), std::move(c));
  };
}

std::string What(const std::string& fourcc, const AqDecoder& aq) {
  const char* kind = fourcc[3] == 'S' || fourcc[3] == 'L' ? "local-search" : "residual";
  return StrCat(aq.nsplits() > 1 ? "product " : "", kind, " quantizer codes (", aq.M(),
                " codebooks)");
}

Status CheckSize(ParseContext& ctx, const AqDecoder& aq, uint64_t code_size, int d) {
  if (aq.d() != static_cast<uint64_t>(d) || aq.code_size() != code_size) {
    return ctx.cur.Corrupt("additive quantizer", StrCat("d ", aq.d(), " / code_size ", code_size,
                                                        " do not match the index (", d, " / ",
                                                        aq.code_size(), ")"));
  }
  return absl::OkStatus();
}

}  // namespace

StatusOr<Parsed> ParseFlatAq(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(Header h, ReadFloatHeader(ctx.cur));
  HeaderParams(ctx, h);
  F2M_ASSIGN_OR_RETURN(auto aq, ReadAq(ctx, fourcc));
  F2M_ASSIGN_OR_RETURN(uint64_t code_size, ctx.cur.U64());
  F2M_RETURN_IF_ERROR(CheckSize(ctx, *aq, code_size, h.d));
  F2M_ASSIGN_OR_RETURN(uint64_t offset, ReadCodesArray(ctx, h.ntotal, code_size));
  Parsed p;
  p.hdr = h;
  SetFlatCodesSource(offset, h.ntotal, h.d, AqRecipe(aq), p);
  p.lossy_note = LossyNote(What(fourcc, *aq));
  p.milvus_index_type = "FLAT";
  return p;
}

StatusOr<Parsed> ParseIvfAq(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(IvfHeader ivf, ReadIvfHeader(ctx, /*binary=*/false, /*legacy=*/false));
  F2M_ASSIGN_OR_RETURN(uint64_t code_size, ctx.cur.U64());
  std::string inner = fourcc == "IwRQ" ? "IxRq" : fourcc == "IwLS" ? "IxLS"
                    : fourcc == "IwPR" ? "IxPR" : "IxPL";
  F2M_ASSIGN_OR_RETURN(auto aq, ReadAq(ctx, inner));
  F2M_ASSIGN_OR_RETURN(bool by_residual, ctx.cur.Bool());
  F2M_RETURN_IF_ERROR(ctx.cur.Skip(4));  // use_precomputed_table
  F2M_RETURN_IF_ERROR(CheckSize(ctx, *aq, code_size, ivf.hdr.d));
  F2M_ASSIGN_OR_RETURN(ListsLayout layout,
                       ParseInvLists(ctx, ivf.nlist, code_size, ivf.hdr.ntotal));
  Parsed p;
  SetIvfCodesSource(ctx, ivf, std::move(layout), by_residual, AqRecipe(aq), p);
  p.lossy_note = LossyNote(What(inner, *aq));
  p.milvus_index_type = "IVF_FLAT";
  return p;
}

}  // namespace f2m
