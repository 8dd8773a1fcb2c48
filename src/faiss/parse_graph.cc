// Graph indexes other than HNSW: INSf / INSp / INSs (NSG with flat, PQ or SQ storage) and INNf
// (NNDescent). The NSG graph has no length prefix, so it is read through (ids until each node's
// -1 terminator); the NNDescent graph is a counted array. The vectors are the nested storage.
#include "faiss/parse_lossy.h"

namespace f2m {
namespace {

Status SkipNsgGraph(ParseContext& ctx) {
  Cursor& cur = ctx.cur;
  F2M_ASSIGN_OR_RETURN(int32_t ntotal, cur.I32());
  F2M_ASSIGN_OR_RETURN(int32_t r, cur.I32());
  F2M_RETURN_IF_ERROR(cur.Skip(4 * 4));  // L, C, search_L, enterpoint
  F2M_ASSIGN_OR_RETURN(bool built, cur.Bool());
  ctx.Param("R", StrCat(r));
  if (!built) return absl::OkStatus();
  if (ntotal < 0) return cur.Corrupt("NSG graph", StrCat("ntotal = ", ntotal));
  int64_t ends = 0, run = 0;
  while (ends < ntotal) {
    F2M_ASSIGN_OR_RETURN(int32_t id, cur.I32());
    if (id == -1) {
      ++ends;
      run = 0;
    } else if (++run > r) {
      return cur.Corrupt("NSG graph", StrCat("node ", ends, " has more than R = ", r,
                                             " neighbours at byte ", cur.pos() - 4));
    }
  }
  return absl::OkStatus();
}

}  // namespace

StatusOr<Parsed> ParseNsg(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(Header h, ReadFloatHeader(ctx.cur));
  HeaderParams(ctx, h);
  F2M_RETURN_IF_ERROR(ctx.cur.Skip(4 + 1 + 4 * 4));  // GK, build_type (1 byte), S, R, L, iter
  F2M_RETURN_IF_ERROR(SkipNsgGraph(ctx));
  F2M_ASSIGN_OR_RETURN(Parsed storage, ParseChild(ctx, "NSG storage"));
  if (storage.ntotal != h.ntotal) {
    return ctx.cur.Corrupt("NSG storage", StrCat("holds ", storage.ntotal, " vectors, not ", h.ntotal));
  }
  storage.hdr.metric = h.metric;
  storage.milvus_index_type = "HNSW";
  storage.milvus_params.clear();
  return storage;
}

StatusOr<Parsed> ParseNnDescent(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(Header h, ReadFloatHeader(ctx.cur));
  HeaderParams(ctx, h);
  F2M_RETURN_IF_ERROR(ctx.cur.Skip(9 * 4 + 1));  // ntotal, d, K, S, R, L, iter, search_L, seed, has_built
  F2M_RETURN_IF_ERROR(ctx.cur.SkipVec(4, "NNDescent graph").status());
  F2M_ASSIGN_OR_RETURN(Parsed storage, ParseChild(ctx, "NNDescent storage"));
  if (storage.ntotal != h.ntotal) {
    return ctx.cur.Corrupt("NNDescent storage", StrCat("holds ", storage.ntotal, " vectors, not ",
                                                       h.ntotal));
  }
  storage.hdr.metric = h.metric;
  storage.milvus_index_type = "HNSW";
  storage.milvus_params.clear();
  return storage;
}

}  // namespace f2m
