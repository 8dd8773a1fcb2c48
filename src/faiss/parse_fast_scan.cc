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
  uint64_t at = ctx.cur.pos();
  F2M_ASSIGN_OR_RETURN(std::string lfcc, ctx.cur.Fourcc());
  if (lfcc != "ilbl") {
    return ctx.cur.Corrupt("fast-scan lists", StrCat("'", lfcc, "' at byte ", at,
                                                     " is not the block lists 'ilbl'"));
  }
  F2M_ASSIGN_OR_RETURN(uint64_t nlist, ctx.cur.U64());
  F2M_RETURN_IF_ERROR(ctx.cur.Skip(8));  // code_size (written as invalid)
  F2M_ASSIGN_OR_RETURN(uint64_t n_per_block, ctx.cur.U64());
  F2M_ASSIGN_OR_RETURN(uint64_t block_size, ctx.cur.U64());
  if (nlist != ivf.nlist || n_per_block != layout.bbs() || block_size != layout.block_bytes()) {
    return ctx.cur.Corrupt("fast-scan lists", StrCat("nlist ", nlist, ", block of ", n_per_block,
                                                     " vectors in ", block_size,
                                                     " bytes do not match the index"));
  }
  std::vector<BlockList> lists;
  std::vector<IvfList> shape;  // for the statistics
  uint64_t sum = 0;
  for (uint64_t i = 0; i < nlist; ++i) {
    F2M_ASSIGN_OR_RETURN(uint64_t n, ctx.cur.VecCount(8, "fast-scan list ids"));
    uint64_t ids_off = ctx.cur.pos();
    F2M_RETURN_IF_ERROR(ctx.cur.Skip(n * 8));
    F2M_ASSIGN_OR_RETURN(uint64_t bytes, ctx.cur.VecCount(1, "fast-scan list codes"));
    F2M_ASSIGN_OR_RETURN(uint64_t need, layout.TableBytes(n));
    if (bytes < need) {
      return ctx.cur.Corrupt("fast-scan list codes", StrCat("list ", i, " has ", bytes,
                                                            " bytes for ", n, " vectors"));
    }
    if (n > 0) {
      lists.push_back(BlockList{static_cast<int64_t>(i), n, ctx.cur.pos(), ids_off});
      shape.push_back(IvfList{i, n, 0, 0});
    }
    sum += n;
    F2M_RETURN_IF_ERROR(ctx.cur.Skip(bytes));
  }
  if (sum != static_cast<uint64_t>(ivf.hdr.ntotal)) {
    return ctx.cur.Corrupt("fast-scan lists", StrCat("the lists hold ", sum, " vectors but ntotal = ",
                                                     ivf.hdr.ntotal));
  }
  Parsed p;
  FillIvfResult(ctx, ivf, p);
  p.ivf = ListStats(nlist, shape);
  p.exact = false;
  p.lossy_note = LossyNote(What(*pq));
  p.milvus_index_type = "SCANN";
  ctx.Param("by_residual", by_residual ? "true" : "false");
  int d = ivf.hdr.d;
  auto quantizer = std::make_shared<const Parsed>(ivf.quantizer);
  auto shared_lists = std::make_shared<const std::vector<BlockList>>(std::move(lists));
  p.make_source = [=](const SourceEnv& env) -> StatusOr<std::unique_ptr<VectorSource>> {
    CentroidTable centroids;
    if (by_residual) {
      F2M_ASSIGN_OR_RETURN(centroids, LoadCentroids(*quantizer, env, nlist, d));
    }
    auto dec = NewFloatDecoder(pq->code_size(), d, CodecFn(pq), centroids);
    return NewBlockSource(*env.index_file, *shared_lists, layout, false,
                          static_cast<uint64_t>(d) * 4, std::move(dec));
  };
  return p;
}

}  // namespace f2m
