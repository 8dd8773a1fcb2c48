#include "faiss/cursor.h"

#include <algorithm>
#include <cstring>

#include "base/le.h"

namespace f2m {

Cursor::Cursor(const RandomAccessFile& file, size_t buffer_bytes) : file_(file), buf_(buffer_bytes) {}

Status Cursor::Corrupt(const std::string& what, const std::string& cause) const {
  return absl::DataLossError(StrCat("read ", what, " ", file_.Name(), ": ", cause));
}

Status Cursor::Fill(uint64_t pos, size_t need) {
  size_t want = std::max(need, buf_.size());
  if (want > buf_.size()) buf_.resize(want);
  uint64_t avail = size() - pos;
  size_t n = static_cast<size_t>(std::min<uint64_t>(want, avail));
  F2M_ASSIGN_OR_RETURN(size_t got, file_.ReadAt(pos, n, buf_.data()));
  buf_pos_ = pos;
  buf_len_ = got;
  return absl::OkStatus();
}

Status Cursor::Read(void* dst, size_t n) {
  if (n > remaining()) {
    return Corrupt("faiss index", StrCat("truncated at byte ", size(), ": needed ", n,
                                         " bytes at byte ", pos_, ", file has ", size()));
  }
  char* out = static_cast<char*>(dst);
  while (n > 0) {
    if (pos_ < buf_pos_ || pos_ >= buf_pos_ + buf_len_) {
      if (n >= buf_.size()) {  // large read: straight into the destination
        F2M_ASSIGN_OR_RETURN(size_t got, file_.ReadAt(pos_, n, out));
        if (got != n) return Corrupt("faiss index", StrCat("short read at byte ", pos_ + got));
        pos_ += n;
        return absl::OkStatus();
      }
      F2M_RETURN_IF_ERROR(Fill(pos_, 0));
      if (buf_len_ == 0) return Corrupt("faiss index", StrCat("truncated at byte ", pos_));
    }
    size_t off = static_cast<size_t>(pos_ - buf_pos_);
    size_t take = std::min(n, buf_len_ - off);
    std::memcpy(out, buf_.data() + off, take);
    out += take;
    pos_ += take;
    n -= take;
  }
  return absl::OkStatus();
}

Status Cursor::Skip(uint64_t n) {
  if (n > remaining()) {
    return Corrupt("faiss index", StrCat("truncated at byte ", size(), ": needed ", n,
                                         " bytes at byte ", pos_, ", file has ", size()));
  }
  pos_ += n;
  return absl::OkStatus();
}

Status Cursor::Seek(uint64_t pos) {
  if (pos > size()) return Corrupt("faiss index", StrCat("offset ", pos, " is past the end"));
  pos_ = pos;
  return absl::OkStatus();
}

#define F2M_CURSOR_SCALAR_(Name, Type)  \
  StatusOr<Type> Cursor::Name() {       \
    unsigned char b[sizeof(Type)];      \
    F2M_RETURN_IF_ERROR(Read(b, sizeof(b))); \
    return LoadLE<Type>(b);             \
  }
F2M_CURSOR_SCALAR_(U8, uint8_t)
F2M_CURSOR_SCALAR_(I32, int32_t)
F2M_CURSOR_SCALAR_(U32, uint32_t)
F2M_CURSOR_SCALAR_(I64, int64_t)
F2M_CURSOR_SCALAR_(U64, uint64_t)
F2M_CURSOR_SCALAR_(F32, float)
#undef F2M_CURSOR_SCALAR_

StatusOr<std::string> Cursor::Fourcc() {
  std::string s(4, '\0');
  F2M_RETURN_IF_ERROR(Read(s.data(), 4));
  return s;
}

StatusOr<bool> Cursor::Bool() {
  F2M_ASSIGN_OR_RETURN(uint8_t b, U8());
  return b != 0;
}

StatusOr<uint64_t> Cursor::VecCount(uint64_t elem_bytes, const char* what) {
  uint64_t at = pos_;
  F2M_ASSIGN_OR_RETURN(uint64_t n, U64());
  auto bytes = CheckedMul(n, elem_bytes);
  if (!bytes || *bytes > remaining()) {
    return Corrupt(what, StrCat("truncated or corrupt: count ", n, " at byte ", at, " needs ",
                                bytes ? StrCat(*bytes) : std::string("more than 2^64"),
                                " bytes but only ", remaining(), " remain in the file"));
  }
  return n;
}

StatusOr<uint64_t> Cursor::SkipVec(uint64_t elem_bytes, const char* what) {
  F2M_ASSIGN_OR_RETURN(uint64_t n, VecCount(elem_bytes, what));
  F2M_RETURN_IF_ERROR(Skip(n * elem_bytes));
  return n;
}

}  // namespace f2m
