// HNSW kinds: IHNf (flat storage), IHNc / IHc2 (CAGRA, extra fields), IHfP (Panorama), IH00, the lossy-storage
// IHNp / IHNs / IHN2, and the binary IBHf / IBHc. The graph is all counted arrays, so it is
// skipped by seeking; the vectors are the nested storage index (ids = positions). M and
// efConstruction are kept for the Milvus HNSW index that corresponds.
#include "faiss/parse.h"

namespace f2m {

StatusOr<Parsed> ParseHnsw(ParseContext& ctx, const std::string& fourcc) {
  bool binary = fourcc[1] == 'B';
  F2M_ASSIGN_OR_RETURN(Header h, ReadHeaderFor(ctx, fourcc));
  if (fourcc == "IHNc" || fourcc == "IHc2" || fourcc == "IBHc") {
    F2M_RETURN_IF_ERROR(ctx.cur.Skip(1 + 1 + 4));  // keep_max_size_level0, base_level_only, entrypoints
    if (fourcc == "IHc2") {
      F2M_ASSIGN_OR_RETURN(int32_t numeric_type, ctx.cur.I32());
      ctx.Param("numeric_type", StrCat(numeric_type));
    }
  }
  if (fourcc == "IHfP") {  // Panorama: levels and cum_sums; the storage is a plain flat index
    F2M_ASSIGN_OR_RETURN(uint64_t levels, ctx.cur.U64());
    ctx.Param("n_levels", StrCat(levels));
    F2M_RETURN_IF_ERROR(ctx.cur.SkipVec(4, "HNSW panorama cum_sums").status());
  }
  F2M_RETURN_IF_ERROR(ctx.cur.SkipVec(8, "HNSW assign_probas").status());
  F2M_ASSIGN_OR_RETURN(std::vector<int32_t> cum,
                       ctx.cur.SmallVec<int32_t>("HNSW cum_nneighbor_per_level", 1 << 16));
  F2M_RETURN_IF_ERROR(ctx.cur.SkipVec(4, "HNSW levels").status());
  F2M_RETURN_IF_ERROR(ctx.cur.SkipVec(8, "HNSW offsets").status());
  F2M_RETURN_IF_ERROR(ctx.cur.SkipVec(4, "HNSW neighbors").status());
  F2M_ASSIGN_OR_RETURN(int32_t entry_point, ctx.cur.I32());
  F2M_ASSIGN_OR_RETURN(int32_t max_level, ctx.cur.I32());
  F2M_ASSIGN_OR_RETURN(int32_t ef_construction, ctx.cur.I32());
  F2M_ASSIGN_OR_RETURN(int32_t ef_search, ctx.cur.I32());
  F2M_RETURN_IF_ERROR(ctx.cur.Skip(4));  // upper_beam
  (void)entry_point;
  (void)max_level;
  int32_t m = 0;
  if (cum.size() > 2) {
    m = cum[2] - cum[1];
  } else if (cum.size() == 2) {
    m = cum[1] / 2;
  }
  ctx.Param("M", StrCat(m));
  ctx.Param("efConstruction", StrCat(ef_construction));
  ctx.Param("efSearch", StrCat(ef_search));
  F2M_ASSIGN_OR_RETURN(Parsed storage, ParseChild(ctx, "HNSW storage"));
  if (storage.ntotal != h.ntotal) {
    return ctx.cur.Corrupt("HNSW storage", StrCat("the storage holds ", storage.ntotal,
                                                  " vectors but the HNSW header says ", h.ntotal));
  }
  Parsed p = std::move(storage);
  p.hdr.metric = h.metric;
  p.hdr.metric_arg = h.metric_arg;
  p.milvus_index_type = binary ? "BIN_FLAT" : "HNSW";
  p.milvus_params.clear();
  if (!binary) {
    p.milvus_params.emplace_back("M", StrCat(m));
    p.milvus_params.emplace_back("efConstruction", StrCat(ef_construction));
  }
  return p;
}

}  // namespace f2m
