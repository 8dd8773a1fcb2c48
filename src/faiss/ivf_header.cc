#include "faiss/ivf_header.h"

#include <algorithm>

namespace f2m {

StatusOr<IvfHeader> ReadIvfHeader(ParseContext& ctx, bool binary, bool legacy) {
  IvfHeader ivf;
  if (binary) {
    F2M_ASSIGN_OR_RETURN(ivf.hdr, ReadBinaryHeader(ctx.cur));
  } else {
    F2M_ASSIGN_OR_RETURN(ivf.hdr, ReadFloatHeader(ctx.cur));
  }
  HeaderParams(ctx, ivf.hdr);
  F2M_ASSIGN_OR_RETURN(ivf.nlist, ctx.cur.U64());
  F2M_ASSIGN_OR_RETURN(ivf.nprobe, ctx.cur.U64());
  ctx.Param("nlist", StrCat(ivf.nlist));
  ctx.Param("nprobe", StrCat(ivf.nprobe));
  F2M_ASSIGN_OR_RETURN(ivf.quantizer, ParseChild(ctx, "coarse quantizer"));
  if (legacy) {
    for (uint64_t i = 0; i < ivf.nlist; ++i) {
      F2M_ASSIGN_OR_RETURN(uint64_t n, ctx.cur.VecCount(8, "legacy list ids"));
      ivf.legacy_ids.emplace_back(ctx.cur.pos(), n);
      F2M_RETURN_IF_ERROR(ctx.cur.Skip(n * 8));
    }
  }
  uint64_t dm_at = ctx.cur.pos();
  F2M_ASSIGN_OR_RETURN(uint8_t dm, ctx.cur.U8());
  if (dm > 2) {
    return ctx.cur.Corrupt("direct map", StrCat("type ", int(dm), " at byte ", dm_at,
                                                " is not 0, 1 or 2"));
  }
  ivf.direct_map_type = dm;
  F2M_RETURN_IF_ERROR(ctx.cur.SkipVec(8, "direct map array").status());
  if (dm == 2) F2M_RETURN_IF_ERROR(ctx.cur.SkipVec(16, "direct map hashtable").status());
  static const char* kDm[] = {"none", "array", "hashtable"};
  ctx.Param("direct_map", kDm[dm]);
  return ivf;
}

void FillIvfResult(ParseContext& ctx, const IvfHeader& ivf, Parsed& p) {
  p.hdr = ivf.hdr;
  p.d = ivf.hdr.d;
  p.ntotal = ivf.hdr.ntotal;
  p.ids = IdKind::kPerList;
  uint64_t nlist = std::clamp<uint64_t>(ivf.nlist, 1, 65536);
  p.milvus_params.emplace_back("nlist", StrCat(nlist));
}

}  // namespace f2m
