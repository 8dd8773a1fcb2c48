// IxRF (IndexRefine / IndexRefineFlat): a base index, then a refine index, then k_factor. When
// the refine index is flat it holds the original vectors, so those are what we stream; the
// base is only walked to find where the refine index starts.
#include "faiss/parse.h"

namespace f2m {

StatusOr<Parsed> ParseRefine(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(Header h, ReadFloatHeader(ctx.cur));
  HeaderParams(ctx, h);
  F2M_ASSIGN_OR_RETURN(Parsed base, ParseChild(ctx, "base index of the refine index"));
  F2M_ASSIGN_OR_RETURN(Parsed refine, ParseChild(ctx, "refine index"));
  F2M_ASSIGN_OR_RETURN(float k_factor, ctx.cur.F32());
  ctx.Param("k_factor", StrCat(k_factor));
  if (refine.ntotal != h.ntotal) {
    return ctx.cur.Corrupt("refine index", StrCat("the refine index holds ", refine.ntotal,
                                                  " vectors but the header says ", h.ntotal));
  }
  Parsed p = std::move(refine);
  p.hdr.metric = h.metric;
  p.hdr.metric_arg = h.metric_arg;
  // The base decides the Milvus index family; the refine index supplies the vectors.
  if (!base.milvus_index_type.empty()) {
    p.milvus_index_type = base.milvus_index_type;
    p.milvus_params = base.milvus_params;
  }
  if (p.ivf.has_value() == false) p.ivf = base.ivf;
  return p;
}

}  // namespace f2m
