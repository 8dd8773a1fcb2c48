// A bounds-checked, buffered reader over a RandomAccessFile, used while walking the index tree.
// Every read checks the file's size first, so a header field can never make us allocate or seek
// past the end: errors are DataLoss "truncated at byte N" naming the file.
#ifndef F2M_FAISS_CURSOR_H_
#define F2M_FAISS_CURSOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "storage/file_system.h"

namespace f2m {

class Cursor {
 public:
  explicit Cursor(const RandomAccessFile& file, size_t buffer_bytes = 64 << 10);

  uint64_t pos() const { return pos_; }
  uint64_t size() const { return file_.Size(); }
  uint64_t remaining() const { return size() - pos_; }
  const RandomAccessFile& file() const { return file_; }

  // Reads exactly n bytes or fails with DataLoss naming the offset.
  Status Read(void* dst, size_t n);
  // Moves forward n bytes without reading them; fails if that passes the end.
  Status Skip(uint64_t n);
  Status Seek(uint64_t pos);

  StatusOr<uint8_t> U8();
  StatusOr<int32_t> I32();
  StatusOr<uint32_t> U32();
  StatusOr<int64_t> I64();
  StatusOr<uint64_t> U64();
  StatusOr<float> F32();
  StatusOr<std::string> Fourcc();
  // A bool byte; accepts any value (faiss 1.7.3 does not check) but reports 0/1.
  StatusOr<bool> Bool();

  // Reads a vec<T> count (u64) and checks that count * elem_bytes bytes follow in the file.
  // `what` names the array in errors.
  StatusOr<uint64_t> VecCount(uint64_t elem_bytes, const char* what);
  // Reads a whole vec<T> of at most max_count elements into memory (small tables only).
  template <typename T>
  StatusOr<std::vector<T>> SmallVec(const char* what, uint64_t max_count);
  // Skips a whole vec<T>; returns its count.
  StatusOr<uint64_t> SkipVec(uint64_t elem_bytes, const char* what);

  // DataLoss "<what> at byte <pos>: <cause>" with the current position.
  Status Corrupt(const std::string& what, const std::string& cause) const;

 private:
  Status Fill(uint64_t pos, size_t need);

  const RandomAccessFile& file_;
  uint64_t pos_ = 0;
  std::vector<char> buf_;
  uint64_t buf_pos_ = 0;  // file offset of buf_[0]
  size_t buf_len_ = 0;
};

template <typename T>
StatusOr<std::vector<T>> Cursor::SmallVec(const char* what, uint64_t max_count) {
  uint64_t at = pos_;
  F2M_ASSIGN_OR_RETURN(uint64_t n, VecCount(sizeof(T), what));
  if (n > max_count) {
    return Corrupt(what, StrCat("count ", n, " at byte ", at, " is over the limit of ", max_count));
  }
  std::vector<T> out(n);
  F2M_RETURN_IF_ERROR(Read(out.data(), n * sizeof(T)));
  return out;
}

}  // namespace f2m

#endif  // F2M_FAISS_CURSOR_H_
