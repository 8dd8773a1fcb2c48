// Additive-quantizer fast-scan kinds (faiss-format.md §5.2, §5.3): flat ILfs / IRfs / IPLf / IPRf
// (one block table, ids = positions) and IVF IVLf / IVRf / NPLf / NPRf (`ilbl` block lists).
// Every codebook has 4 bits; with L2 the code ends with the norm as 2 more 4-bit sub-codes
// (search_type norm_lsq2x4 / norm_rq2x4), so the M nibbles unpacked from the blocks are exactly
// the additive quantizer's LSB-first code, which AqDecoder decodes (norm ignored).
#include "faiss/block_source.h"
#include "faiss/invlists.h"
#include "faiss/ivf_codes.h"
#include "faiss/ivf_header.h"
#include "faiss/parse_lossy.h"

namespace f2m {
namespace {

// The flat-codes kind whose quantizer record each fast-scan kind carries.
std::string RecordKind(const std::string& fourcc) {
  if (fourcc == "ILfs" || fourcc == "IVLf") return "IxLS";
  if (fourcc == "IRfs" || fourcc == "IVRf") return "IxRq";
  if (fourcc == "IPLf" || fourcc == "NPLf") return "IxPL";
  return "IxPR";
}

// The fields after the quantizer (and by_residual for IVF), up to the codes or lists.
struct FastScanFields {
  int32_t bbs = 0;
  uint64_t M = 0, nbits = 0, code_size = 0;
};

StatusOr<FastScanFields> ReadFields(Cursor& cur) {
  FastScanFields f;
  F2M_RETURN_IF_ERROR(cur.Skip(4));  // implem
  F2M_ASSIGN_OR_RETURN(f.bbs, cur.I32());
  F2M_RETURN_IF_ERROR(cur.Skip(4));  // qbs
  F2M_ASSIGN_OR_RETURN(f.M, cur.U64());
  F2M_ASSIGN_OR_RETURN(f.nbits, cur.U64());
  F2M_RETURN_IF_ERROR(cur.Skip(8));  // ksub
  F2M_ASSIGN_OR_RETURN(f.code_size, cur.U64());
  F2M_RETURN_IF_ERROR(cur.Skip(8 + 8));  // ntotal2 (flat) or qbs2 (IVF), M2
  F2M_RETURN_IF_ERROR(cur.Skip(1 + 4 + 8));  // rescale_norm, norm_scale, max_train_points
  return f;
}

// Checks that the M 4-bit sub-codes are the quantizer's code and returns the block layout.
StatusOr<FastScanLayout> Layout(ParseContext& ctx, const AqDecoder& aq, const FastScanFields& f,
                                uint64_t at) {
  bool all4 = aq.index_bits() == 4 * aq.M() && aq.norm_bits() % 4 == 0;
  if (f.nbits != 4 || !all4 || f.M != (aq.index_bits() + aq.norm_bits()) / 4 ||
      f.code_size != aq.code_size()) {
    return ctx.cur.Corrupt("additive-quantizer fast-scan",
                           StrCat("M = ", f.M, " x ", f.nbits, " bits, code_size ", f.code_size,
                                  " (fields before byte ", at, ") do not match its ", aq.M(),
                                  " codebooks of ", aq.index_bits(), " bits + ", aq.norm_bits(),
                                  " norm bits"));
  }
  auto layout = FastScanLayout::Create(f.M, static_cast<uint64_t>(f.bbs));
  if (!layout.ok()) return Annotate(layout.status(), StrCat("read fast-scan layout before byte ", at));
  ctx.Param("bbs", StrCat(f.bbs));
  ctx.Param("M", StrCat(f.M));
  return *layout;
}

std::string What(const std::string& fourcc, const AqDecoder& aq) {
  bool lsq = fourcc == "ILfs" || fourcc == "IVLf" || fourcc == "IPLf" || fourcc == "NPLf";
  return StrCat(aq.nsplits() > 1 ? "product " : "", lsq ? "local-search" : "residual",
                " quantizer fast-scan codes (additive, ", aq.M(), " codebooks of 4 bits)");
}

DecoderRecipe Recipe(std::shared_ptr<const AqDecoder> aq) {
  return [aq](Centroids c) -> StatusOr<std::unique_ptr<CodeDecoder>> {
    return NewFloatDecoder(aq->code_size(), static_cast<int>(aq->d()), CodecFn(aq), std::move(c));
  };
}

Status CheckDim(ParseContext& ctx, const AqDecoder& aq, int d) {
  if (aq.d() == static_cast<uint64_t>(d)) return absl::OkStatus();
  return ctx.cur.Corrupt("additive-quantizer fast-scan",
                         StrCat("the quantizer's d = ", aq.d(), " is not the index's d = ", d));
}

}  // namespace

StatusOr<Parsed> ParseAqFastScan(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(Header h, ReadFloatHeader(ctx.cur));
  HeaderParams(ctx, h);
  F2M_ASSIGN_OR_RETURN(auto aq, ReadAq(ctx, RecordKind(fourcc)));
  F2M_RETURN_IF_ERROR(CheckDim(ctx, *aq, h.d));
  F2M_ASSIGN_OR_RETURN(FastScanFields f, ReadFields(ctx.cur));
  F2M_ASSIGN_OR_RETURN(FastScanLayout layout, Layout(ctx, *aq, f, ctx.cur.pos()));
  F2M_ASSIGN_OR_RETURN(uint64_t need, layout.TableBytes(static_cast<uint64_t>(h.ntotal)));
  uint64_t at = ctx.cur.pos();
  F2M_ASSIGN_OR_RETURN(uint64_t count, ctx.cur.VecCount(1, "fast-scan codes"));
  if (count < need) {
    return ctx.cur.Corrupt("fast-scan codes", StrCat("count ", count, " at byte ", at,
                                                     " is less than the ", need, " bytes ",
                                                     h.ntotal, " vectors need"));
  }
  uint64_t offset = ctx.cur.pos();
  F2M_RETURN_IF_ERROR(ctx.cur.Skip(count));
  Parsed p;
  p.hdr = h;
  p.d = h.d;
  p.ntotal = h.ntotal;
  p.exact = false;
  p.lossy_note = LossyNote(What(fourcc, *aq));
  p.milvus_index_type = "SCANN";
  int64_t n = h.ntotal;
  int d = h.d;
  DecoderRecipe recipe = Recipe(aq);
  p.make_source = [=](const SourceEnv& env) -> StatusOr<std::unique_ptr<VectorSource>> {
    F2M_ASSIGN_OR_RETURN(auto dec, recipe(nullptr));
    std::vector<BlockList> lists{BlockList{-1, static_cast<uint64_t>(n), offset, 0}};
    return NewBlockSource(*env.index_file, std::move(lists), layout, true,
                          static_cast<uint64_t>(d) * 4, std::move(dec));
  };
  return p;
}

StatusOr<Parsed> ParseIvfAqFastScan(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(IvfHeader ivf, ReadIvfHeader(ctx, /*binary=*/false, /*legacy=*/false));
  F2M_ASSIGN_OR_RETURN(auto aq, ReadAq(ctx, RecordKind(fourcc)));
  F2M_RETURN_IF_ERROR(CheckDim(ctx, *aq, ivf.hdr.d));
  F2M_ASSIGN_OR_RETURN(bool by_residual, ctx.cur.Bool());
  F2M_ASSIGN_OR_RETURN(FastScanFields f, ReadFields(ctx.cur));
  F2M_ASSIGN_OR_RETURN(FastScanLayout layout, Layout(ctx, *aq, f, ctx.cur.pos()));
  F2M_ASSIGN_OR_RETURN(BlockListsLayout lists,
                       ParseBlockLists(ctx, ivf.nlist, layout, ivf.hdr.ntotal));
  Parsed p;
  SetIvfBlockSource(ctx, ivf, std::move(lists), layout, by_residual, Recipe(aq), p);
  p.lossy_note = LossyNote(What(fourcc, *aq));
  p.milvus_index_type = "SCANN";
  return p;
}

}  // namespace f2m
