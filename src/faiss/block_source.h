// Streaming of fast-scan codes (4-bit codes interleaved in blocks of bbs vectors, faiss-format.md
// §7.4): IndexPQFastScan's single table and the `ilbl` lists of IVF fast-scan indexes. Each
// batch reads the whole blocks that cover it, unpacks them into ordinary packed codes, and
// decodes those.
#ifndef F2M_FAISS_BLOCK_SOURCE_H_
#define F2M_FAISS_BLOCK_SOURCE_H_

#include <memory>
#include <vector>

#include "faiss/codec/fast_scan.h"
#include "faiss/sources.h"

namespace f2m {

// One table of blocks: `size` vectors starting at block 0 at codes_offset; ids at ids_offset
// (int64 each), or sequential from 0 when `sequential_ids`.
struct BlockList {
  int64_t list_no = -1;
  uint64_t size = 0;
  uint64_t codes_offset = 0;
  uint64_t ids_offset = 0;
};

// `decoder` decodes the unpacked codes (layout.code_size() bytes each) into row_bytes rows.
std::unique_ptr<VectorSource> NewBlockSource(const RandomAccessFile& file,
                                             std::vector<BlockList> lists, FastScanLayout layout,
                                             bool sequential_ids, uint64_t row_bytes,
                                             std::unique_ptr<CodeDecoder> decoder);

}  // namespace f2m

#endif  // F2M_FAISS_BLOCK_SOURCE_H_
