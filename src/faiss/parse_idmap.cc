// IDMap wrappers: IxMp / IxM2 (float) and IBMp / IBM2 (binary). The id map follows the whole
// inner index; row ids are id_map[inner label]. The wrapper's own header is not trusted for d
// (files from faiss <= 1.7.4 store code_size 0 in binary ones; some store d = 0): the inner
// index's dimension wins.
#include "faiss/parse.h"
#include "faiss/sources.h"

namespace f2m {

StatusOr<Parsed> ParseIdMap(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(Header h, ReadHeaderFor(ctx, fourcc));
  F2M_ASSIGN_OR_RETURN(Parsed inner, ParseChild(ctx, "index inside the id map"));
  if (!inner.make_source) return inner;  // nothing to wrap: keep the inner refusal reason
  if (inner.ntotal != h.ntotal) {
    return ctx.cur.Corrupt("id map", StrCat("the id map says ntotal = ", h.ntotal,
                                            " but its inner index holds ", inner.ntotal));
  }
  uint64_t at = ctx.cur.pos();
  F2M_ASSIGN_OR_RETURN(uint64_t count, ctx.cur.VecCount(8, "id map"));
  if (count != static_cast<uint64_t>(h.ntotal)) {
    return ctx.cur.Corrupt("id map", StrCat("count ", count, " at byte ", at,
                                            " is not ntotal = ", h.ntotal));
  }
  uint64_t offset = ctx.cur.pos();
  F2M_RETURN_IF_ERROR(ctx.cur.Skip(count * 8));
  if (h.d != 0 && h.d != inner.d) {
    ctx.Param("note", StrCat("header d = ", h.d, " differs from the inner d = ", inner.d));
  }
  Parsed p = std::move(inner);
  p.hdr.metric = h.metric;
  p.hdr.metric_arg = h.metric_arg;
  bool sequential = p.ids == IdKind::kSequential;
  p.ids = IdKind::kIdMap;
  SourceFactory make_inner = std::move(p.make_source);
  int64_t n = h.ntotal;
  p.make_source = [make_inner, offset, n, sequential](const SourceEnv& env)
      -> StatusOr<std::unique_ptr<VectorSource>> {
    F2M_ASSIGN_OR_RETURN(auto src, make_inner(env));
    return NewIdMapSource(std::move(src), *env.index_file, offset, n, sequential);
  };
  return p;
}

}  // namespace f2m
