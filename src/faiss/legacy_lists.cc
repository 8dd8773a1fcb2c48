// The list payload of the legacy IVF kinds (IvFl, IvFL, IvSQ, IvPQ, IvQR): the ids were counted
// arrays inside the IVF header; the codes follow the subclass fields as one counted array per
// list, with no inverted-lists object.
#include "base/le.h"
#include "faiss/invlists.h"
#include "faiss/ivf_header.h"

namespace f2m {

StatusOr<ListsLayout> ParseLegacyLists(ParseContext& ctx, const IvfHeader& ivf,
                                       uint64_t code_size, uint64_t elem_bytes) {
  ListsLayout layout;
  layout.kind = "legacy";
  layout.code_size = code_size;
  uint64_t sum = 0;
  for (uint64_t i = 0; i < ivf.nlist; ++i) {
    uint64_t at = ctx.cur.pos();
    F2M_ASSIGN_OR_RETURN(uint64_t count, ctx.cur.VecCount(elem_bytes, "legacy list codes"));
    uint64_t n = ivf.legacy_ids[i].second;
    auto want = CheckedMul(n, code_size);
    if (!want || count * elem_bytes != *want) {
      return ctx.cur.Corrupt("legacy list codes", StrCat("list ", i, " at byte ", at, " holds ",
                                                         count * elem_bytes, " bytes for ", n,
                                                         " ids of ", code_size, "-byte codes"));
    }
    if (n > 0) layout.lists.push_back(IvfList{i, n, ctx.cur.pos(), ivf.legacy_ids[i].first});
    sum += n;
    F2M_RETURN_IF_ERROR(ctx.cur.Skip(count * elem_bytes));
  }
  if (sum != static_cast<uint64_t>(ivf.hdr.ntotal)) {
    return ctx.cur.Corrupt("legacy lists", StrCat("the lists hold ", sum,
                                                  " vectors but ntotal = ", ivf.hdr.ntotal));
  }
  layout.stats = ListStats(ivf.nlist, layout.lists);
  return layout;
}

}  // namespace f2m
