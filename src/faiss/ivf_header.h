// The IVF header shared by every IndexIVF kind (faiss-format.md §1.6): common header, nlist,
// nprobe, the coarse quantizer (a nested index holding the centroids), legacy per-list id
// arrays, and the DirectMap (skipped: a file reader walks the lists instead).
#ifndef F2M_FAISS_IVF_HEADER_H_
#define F2M_FAISS_IVF_HEADER_H_

#include <vector>

#include "faiss/parse.h"

namespace f2m {

struct IvfHeader {
  Header hdr;
  uint64_t nlist = 0;
  uint64_t nprobe = 0;
  Parsed quantizer;
  // Legacy `Iv..` formats only: each list's ids (offset of the int64s, count).
  std::vector<std::pair<uint64_t, uint64_t>> legacy_ids;
  int direct_map_type = 0;
};

// `binary` selects the binary common header; `legacy` reads the per-list id arrays.
StatusOr<IvfHeader> ReadIvfHeader(ParseContext& ctx, bool binary, bool legacy);

// Turns the parsed lists into the Parsed result shared by every IVF kind.
void FillIvfResult(ParseContext& ctx, const IvfHeader& ivf, Parsed& p);

}  // namespace f2m

#endif  // F2M_FAISS_IVF_HEADER_H_
