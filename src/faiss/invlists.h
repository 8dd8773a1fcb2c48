// Inverted lists objects (faiss-format.md §3): `ilar` (in the index file, `full` or `sprs`
// sizes), `ilod` (payload in a separate .ivfdata file), `il00` (no lists stored), and the
// fast-scan `ilbl` block lists.
// Parsing records each non-empty list's offsets; nothing of the payload is read.
#ifndef F2M_FAISS_INVLISTS_H_
#define F2M_FAISS_INVLISTS_H_

#include <memory>
#include <vector>

#include "faiss/block_source.h"
#include "faiss/parse.h"
#include "faiss/sources.h"

namespace f2m {

struct ListsLayout {
  std::vector<IvfList> lists;  // non-empty lists in list order
  IvfStats stats;
  uint64_t code_size = 0;
  // The file holding the payload: the index file itself when null.
  std::shared_ptr<const RandomAccessFile> data_file;
  std::string kind;  // "ilar/full", "ilar/sprs", "ilod"
};

// The sizes table of `ilar` (and Panorama `ilpn`/`ilp2`) lists at the cursor: the list type
// (`full`: nlist sizes; `sprs`: (list_no, size) pairs of the non-empty lists), in list order.
struct ListSizes {
  std::vector<std::pair<uint64_t, uint64_t>> sizes;  // (list_no, size)
  std::string kind;                                  // "full" or "sprs"
};
StatusOr<ListSizes> ReadListSizes(Cursor& cur, uint64_t nlist);

// Parses the lists object at the cursor (its fourcc included). `nlist` and `ntotal` come from
// the IVF header and are cross-checked; code_size must equal `code_size`.
StatusOr<ListsLayout> ParseInvLists(ParseContext& ctx, uint64_t nlist, uint64_t code_size,
                                    int64_t ntotal);

struct IvfHeader;  // ivf_header.h

// The per-list code arrays of the legacy `Iv..` kinds (faiss-format.md §1.6 step 5, §5.3), at
// the cursor: nlist counted arrays of elem_bytes elements holding the codes of the lists whose
// ids the legacy IVF header recorded (code_size bytes per vector). legacy_lists.cc.
StatusOr<ListsLayout> ParseLegacyLists(ParseContext& ctx, const IvfHeader& ivf,
                                       uint64_t code_size, uint64_t elem_bytes);

// The non-empty lists of an `ilbl` object (fast-scan IVF), and their statistics.
struct BlockListsLayout {
  std::vector<BlockList> lists;
  IvfStats stats;
};

// Parses the `ilbl` object at the cursor (its fourcc included; block_lists.cc). nlist and the
// block shape must match the index's; the list sizes must add up to ntotal.
StatusOr<BlockListsLayout> ParseBlockLists(ParseContext& ctx, uint64_t nlist,
                                           const FastScanLayout& layout, int64_t ntotal);

// Builds the IVF stats from per-list sizes (all nlist of them, zeros included).
IvfStats ListStats(uint64_t nlist, const std::vector<IvfList>& nonempty);

}  // namespace f2m

#endif  // F2M_FAISS_INVLISTS_H_
