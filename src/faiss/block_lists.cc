// `ilbl` block inverted lists (faiss-format.md §3.4), the lists of every IVF fast-scan kind:
// per list an ids array, then the block-interleaved codes. Sizes are only known list by list,
// so parsing reads 2 x nlist counts and seeks over the payloads.
#include "faiss/invlists.h"

namespace f2m {

StatusOr<BlockListsLayout> ParseBlockLists(ParseContext& ctx, uint64_t nlist,
                                           const FastScanLayout& layout, int64_t ntotal) {
  Cursor& cur = ctx.cur;
  uint64_t at = cur.pos();
  F2M_ASSIGN_OR_RETURN(std::string lfcc, cur.Fourcc());
  if (lfcc != "ilbl") {
    return cur.Corrupt("fast-scan lists", StrCat("'", lfcc, "' at byte ", at,
                                                 " is not the block lists 'ilbl'"));
  }
  F2M_ASSIGN_OR_RETURN(uint64_t n_lists, cur.U64());
  F2M_RETURN_IF_ERROR(cur.Skip(8));  // code_size (written as invalid)
  F2M_ASSIGN_OR_RETURN(uint64_t n_per_block, cur.U64());
  F2M_ASSIGN_OR_RETURN(uint64_t block_size, cur.U64());
  if (n_lists != nlist || n_per_block != layout.bbs() || block_size != layout.block_bytes()) {
    return cur.Corrupt("fast-scan lists",
                       StrCat("nlist ", n_lists, ", blocks of ", n_per_block, " vectors in ",
                              block_size, " bytes (at byte ", at, ") do not match the index (",
                              nlist, ", ", layout.bbs(), ", ", layout.block_bytes(), ")"));
  }
  BlockListsLayout out;
  std::vector<IvfList> shape;  // for the statistics
  uint64_t sum = 0;
  for (uint64_t i = 0; i < nlist; ++i) {
    F2M_ASSIGN_OR_RETURN(uint64_t n, cur.VecCount(8, "fast-scan list ids"));
    uint64_t ids_off = cur.pos();
    F2M_RETURN_IF_ERROR(cur.Skip(n * 8));
    uint64_t codes_at = cur.pos();
    F2M_ASSIGN_OR_RETURN(uint64_t bytes, cur.VecCount(1, "fast-scan list codes"));
    F2M_ASSIGN_OR_RETURN(uint64_t need, layout.TableBytes(n));
    if (bytes < need) {
      return cur.Corrupt("fast-scan list codes", StrCat("list ", i, " at byte ", codes_at,
                                                        " has ", bytes, " bytes for ", n,
                                                        " vectors (", need, " needed)"));
    }
    if (n > 0) {
      out.lists.push_back(BlockList{static_cast<int64_t>(i), n, cur.pos(), ids_off});
      shape.push_back(IvfList{i, n, 0, 0});
    }
    sum += n;
    F2M_RETURN_IF_ERROR(cur.Skip(bytes));
  }
  if (sum != static_cast<uint64_t>(ntotal)) {
    return cur.Corrupt("fast-scan lists", StrCat("the lists hold ", sum,
                                                 " vectors but the IVF header says ntotal = ",
                                                 ntotal));
  }
  out.stats = ListStats(nlist, shape);
  return out;
}

}  // namespace f2m
