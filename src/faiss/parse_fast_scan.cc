// PQ fast-scan kinds: IPfs (IndexPQFastScan, one block table) and IwPf (IndexIVFPQFastScan with
// `ilbl` block lists). The 4-bit codes are unpacked from the blocks, then PQ-decoded (plus the
// coarse centroid for by_residual IVF).
#include "faiss/block_source.h"
#include "faiss/decoders.h"
#include "faiss/invlists.h"
#include "faiss/ivf_codes.h"
#include "faiss/ivf_header.h"
#include "faiss/parse_lossy.h"

namespace f2m {
namespace {

StatusOr<FastScanLayout> Layout(ParseContext& ctx, const PqDecoder& pq, int32_t bbs) {
  if (pq.nbits() != 4) {
    return ctx.cur.Corrupt("fast-scan PQ", StrCat("nbits = ", pq.nbits(), ", not 4"));
  }
  auto layout = FastScanLayout::Create(pq.M(), static_cast<uint64_t>(bbs));
  if (!layout.ok()) return Annotate(layout.status(), "read fast-scan layout");
  ctx.Param("bbs", StrCat(bbs));
  return *layout;
}

std::string What(const PqDecoder& pq) {
  return StrCat("PQ", pq.M(), "x4 fast-scan product-quantizer codes");
}

}  // namespace

StatusOr<Parsed> ParsePqFastScan(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(Header h, ReadFloatHeader(ctx.cur));
  HeaderParams(ctx, h);
  F2M_ASSIGN_OR_RETURN(auto pq, ReadPq(ctx, h.d, "PQ"));
  F2M_ASSIGN_OR_RETURN(int32_t implem, ctx.cur.I32());
  F2M_ASSIGN_OR_RETURN(int32_t bbs, ctx.cur.I32());
  F2M_RETURN_IF_ERROR(ctx.cur.Skip(4));  // qbs
  F2M_ASSIGN_OR_RETURN(uint64_t ntotal2, ctx.cur.U64());
  F2M_ASSIGN_OR_RETURN(uint64_t m2, ctx.cur.U64());
  (void)implem;
  (void)m2;
  F2M_ASSIGN_OR_RETURN(FastScanLayout layout, Layout(ctx, *pq, bbs));
  F2M_ASSIGN_OR_RETURN(uint64_t need, layout.TableBytes(static_cast<uint64_t>(h.ntotal)));
  uint64_t at = ctx.cur.pos();
  F2M_ASSIGN_OR_RETURN(uint64_t count, ctx.cur.VecCount(1, "fast-scan codes"));
  if (count < need || ntotal2 < static_cast<uint64_t>(h.ntotal)) {
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
  p.lossy_note = LossyNote(What(*pq));
  p.milvus_index_type = "SCANN";
  int d = h.d;
  int64_t n = h.ntotal;
  p.make_source = [=](const SourceEnv& env) -> StatusOr<std::unique_ptr<VectorSource>> {
    auto dec = NewFloatDecoder(pq->code_size(), d, CodecFn(pq), nullptr);
    std::vector<BlockList> lists{BlockList{-1, static_cast<uint64_t>(n), offset, 0}};
    return NewBlockSource(*env.index_file, std::move(lists), layout, true,
                          static_cast<uint64_t>(d) * 4, std::move(dec));
  };
  return p;
}

StatusOr<Parsed> ParseIvfPqFastScan(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(IvfHeader ivf, ReadIvfHeader(ctx, /*binary=*/false, /*legacy=*/false));
  F2M_ASSIGN_OR_RETURN(bool by_residual, ctx.cur.Bool());
  F2M_RETURN_IF_ERROR(ctx.cur.Skip(8));  // code_size
  F2M_ASSIGN_OR_RETURN(int32_t bbs, ctx.cur.I32());
  F2M_RETURN_IF_ERROR(ctx.cur.Skip(8 + 4 + 8));  // M2, implem, qbs2
  F2M_ASSIGN_OR_RETURN(auto pq, ReadPq(ctx, ivf.hdr.d, "PQ"));
  F2M_ASSIGN_OR_RETURN(FastScanLayout layout, Layout(ctx, *pq, bbs));
  F2M_ASSIGN_OR_RETURN(BlockListsLayout lists,
                       ParseBlockLists(ctx, ivf.nlist, layout, ivf.hdr.ntotal));
  Parsed p;
  int d = ivf.hdr.d;
  SetIvfBlockSource(ctx, ivf, std::move(lists), layout, by_residual,
                    [pq, d](Centroids c) -> StatusOr<std::unique_ptr<CodeDecoder>> {
                      return NewFloatDecoder(pq->code_size(), d, CodecFn(pq), std::move(c));
                    },
                    p);
  p.lossy_note = LossyNote(What(*pq));
  p.milvus_index_type = "SCANN";
  return p;
}

}  // namespace f2m
