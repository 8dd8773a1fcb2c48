// Inverted lists objects (faiss-format.md §3): `ilar` (in the index file, `full` or `sprs`
// sizes), `ilod` (payload in a separate .ivfdata file) and `il00` (no lists stored).
// Parsing records each non-empty list's offsets; nothing of the payload is read.
#ifndef F2M_FAISS_INVLISTS_H_
#define F2M_FAISS_INVLISTS_H_

#include <memory>
#include <vector>

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

// Parses the lists object at the cursor (its fourcc included). `nlist` and `ntotal` come from
// the IVF header and are cross-checked; code_size must equal `code_size`.
StatusOr<ListsLayout> ParseInvLists(ParseContext& ctx, uint64_t nlist, uint64_t code_size,
                                    int64_t ntotal);

// Builds the IVF stats from per-list sizes (all nlist of them, zeros included).
IvfStats ListStats(uint64_t nlist, const std::vector<IvfList>& nonempty);

}  // namespace f2m

#endif  // F2M_FAISS_INVLISTS_H_
