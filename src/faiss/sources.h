// The streaming side of the reader: VectorSources built from the offsets the parse functions
// recorded. Each reads with large positional reads straight into the caller's buffers (or a
// reused scratch buffer when codes must be decoded), so memory is the caller's batch plus
// at most one batch of codes.
#ifndef F2M_FAISS_SOURCES_H_
#define F2M_FAISS_SOURCES_H_

#include <algorithm>
#include <memory>
#include <vector>

#include "faiss/faiss_index.h"

namespace f2m {

// Reads exactly n bytes at `off`, or DataLoss "read <what> <file>: truncated at byte ...".
Status ReadExactly(const RandomAccessFile& f, uint64_t off, size_t n, void* dst,
                   const char* what = "vectors");

// Where a source stands in a sequence of lists of known sizes (anything with a `size` member):
// the list walking shared by the IVF, fast-scan and Panorama sources.
template <typename List>
class ListWalk {
 public:
  explicit ListWalk(std::vector<List> lists) : lists_(std::move(lists)) {}
  // The list with rows left, moving past finished ones; null at the end.
  const List* Current() {
    while (li_ < lists_.size() && pos_ >= lists_[li_].size) {
      ++li_;
      pos_ = 0;
    }
    return li_ < lists_.size() ? &lists_[li_] : nullptr;
  }
  // The position inside Current().
  uint64_t pos() const { return pos_; }
  void Advance(uint64_t n) { pos_ += n; }
  // Moves `rows` rows forward without reading them (stops at the end).
  void Skip(uint64_t rows) {
    while (rows > 0 && Current() != nullptr) {
      uint64_t n = std::min<uint64_t>(rows, lists_[li_].size - pos_);
      pos_ += n;
      rows -= n;
    }
  }

 private:
  std::vector<List> lists_;
  size_t li_ = 0;
  uint64_t pos_ = 0;
};

// Rows stored back to back at `offset`; row i has id i.
std::unique_ptr<VectorSource> NewContiguousSource(const RandomAccessFile& file, uint64_t offset,
                                                  int64_t ntotal, uint64_t row_bytes);

// Turns fixed-size codes into output rows (row_bytes each). `list_no` is the IVF list the codes
// came from (for residual decoding), -1 outside IVF; `ids` are the rows' ids (IVFPQR refines by id).
class CodeDecoder {
 public:
  virtual ~CodeDecoder() = default;
  virtual uint64_t code_size() const = 0;
  virtual Status Decode(const uint8_t* codes, size_t n, int64_t list_no, const int64_t* ids,
                        uint8_t* out) = 0;
};

// Codes stored back to back at `offset` (ntotal x code_size), decoded; row i has id i.
std::unique_ptr<VectorSource> NewDecodedSource(const RandomAccessFile& file, uint64_t offset,
                                               int64_t ntotal, uint64_t row_bytes,
                                               std::unique_ptr<CodeDecoder> decoder);

// One inverted list: `size` codes at codes_offset, `size` int64 ids at ids_offset.
struct IvfList {
  uint64_t list_no = 0;
  uint64_t size = 0;
  uint64_t codes_offset = 0;
  uint64_t ids_offset = 0;
};

// Streams the lists in order. With a null decoder the codes are the rows (code_size == row_bytes).
std::unique_ptr<VectorSource> NewIvfSource(const RandomAccessFile& file, std::vector<IvfList> lists,
                                           uint64_t code_size, uint64_t row_bytes,
                                           std::unique_ptr<CodeDecoder> decoder);

// Replaces each inner row's label by id_map[label] (ntotal int64 at id_map_offset).
// `inner_sequential`: inner labels are 0, 1, 2... in order, so the map is read alongside;
// otherwise the map is loaded into memory (refused above 16M entries).
StatusOr<std::unique_ptr<VectorSource>> NewIdMapSource(std::unique_ptr<VectorSource> inner,
                                                       const RandomAccessFile& file,
                                                       uint64_t id_map_offset, int64_t ntotal,
                                                       bool inner_sequential);

}  // namespace f2m

#endif  // F2M_FAISS_SOURCES_H_
