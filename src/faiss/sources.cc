#include "faiss/sources.h"

#include <algorithm>
#include <cstring>

#include "base/le.h"

namespace f2m {

Status VectorSource::Skip(uint64_t rows) {
  return absl::UnimplementedError(StrCat("skip ", rows, " rows: this source cannot skip"));
}

Status ReadExactly(const RandomAccessFile& f, uint64_t off, size_t n, void* dst,
                   const char* what) {
  F2M_ASSIGN_OR_RETURN(size_t got, f.ReadAt(off, n, static_cast<char*>(dst)));
  if (got != n) {
    return absl::DataLossError(StrCat("read ", what, " ", f.Name(), ": truncated at byte ",
                                      off + got, " (needed ", n, " bytes at byte ", off, ")"));
  }
  return absl::OkStatus();
}

namespace {

// Rows (or codes) stored back to back at `offset`; row i has id i. With a decoder the stored
// codes are decoded into the caller's buffer; without one they are the rows, read straight in.
class FlatRowsSource : public VectorSource {
 public:
  FlatRowsSource(const RandomAccessFile& f, uint64_t offset, int64_t ntotal, uint64_t row_bytes,
                 std::unique_ptr<CodeDecoder> dec)
      : f_(f), offset_(offset), ntotal_(ntotal),
        stride_(dec ? dec->code_size() : row_bytes), dec_(std::move(dec)) {}

  StatusOr<size_t> Next(size_t max_rows, int64_t* ids, uint8_t* vectors) override {
    size_t n = static_cast<size_t>(std::min<int64_t>(max_rows, ntotal_ - next_));
    if (n == 0) return 0;
    uint8_t* dst = vectors;
    if (dec_) {
      codes_.resize(n * stride_);
      dst = codes_.data();
    }
    F2M_RETURN_IF_ERROR(ReadExactly(f_, offset_ + next_ * stride_, n * stride_, dst));
    for (size_t i = 0; i < n; ++i) ids[i] = next_ + static_cast<int64_t>(i);
    if (dec_) F2M_RETURN_IF_ERROR(dec_->Decode(codes_.data(), n, -1, ids, vectors));
    next_ += static_cast<int64_t>(n);
    return n;
  }
  Status Skip(uint64_t rows) override {
    next_ = std::min<int64_t>(ntotal_, next_ + static_cast<int64_t>(rows));
    return absl::OkStatus();
  }

 private:
  const RandomAccessFile& f_;
  uint64_t offset_;
  int64_t ntotal_;
  uint64_t stride_;  // bytes per stored row
  std::unique_ptr<CodeDecoder> dec_;
  std::vector<uint8_t> codes_;
  int64_t next_ = 0;
};

class IvfSource : public VectorSource {
 public:
  IvfSource(const RandomAccessFile& f, std::vector<IvfList> lists, uint64_t code_size,
            uint64_t row_bytes, std::unique_ptr<CodeDecoder> dec)
      : f_(f), walk_(std::move(lists)), code_size_(code_size), row_bytes_(row_bytes),
        dec_(std::move(dec)) {}

  StatusOr<size_t> Next(size_t max_rows, int64_t* ids, uint8_t* vectors) override {
    size_t done = 0;
    const IvfList* l;
    while (done < max_rows && (l = walk_.Current()) != nullptr) {
      uint64_t pos = walk_.pos();
      size_t n = static_cast<size_t>(std::min<uint64_t>(max_rows - done, l->size - pos));
      F2M_RETURN_IF_ERROR(ReadExactly(f_, l->ids_offset + pos * 8, n * 8, ids + done));
      uint64_t codes_off = l->codes_offset + pos * code_size_;
      uint8_t* out = vectors + done * row_bytes_;
      if (dec_ == nullptr) {
        F2M_RETURN_IF_ERROR(ReadExactly(f_, codes_off, n * code_size_, out));
      } else {
        codes_.resize(n * code_size_);
        F2M_RETURN_IF_ERROR(ReadExactly(f_, codes_off, n * code_size_, codes_.data()));
        F2M_RETURN_IF_ERROR(
            dec_->Decode(codes_.data(), n, static_cast<int64_t>(l->list_no), ids + done, out));
      }
      walk_.Advance(n);
      done += n;
    }
    return done;
  }
  Status Skip(uint64_t rows) override {
    walk_.Skip(rows);
    return absl::OkStatus();
  }

 private:
  const RandomAccessFile& f_;
  ListWalk<IvfList> walk_;
  uint64_t code_size_, row_bytes_;
  std::unique_ptr<CodeDecoder> dec_;
  std::vector<uint8_t> codes_;
};

class IdMapSource : public VectorSource {
 public:
  IdMapSource(std::unique_ptr<VectorSource> inner, const RandomAccessFile& f, uint64_t off,
              int64_t ntotal, std::vector<int64_t> map)
      : inner_(std::move(inner)), f_(f), off_(off), ntotal_(ntotal), map_(std::move(map)) {}

  StatusOr<size_t> Next(size_t max_rows, int64_t* ids, uint8_t* vectors) override {
    F2M_ASSIGN_OR_RETURN(size_t n, inner_->Next(max_rows, ids, vectors));
    if (map_.empty()) {  // labels are positions read in order: read the map alongside
      if (n > 0 && ids[0] != pos_) {
        return absl::InternalError(StrCat("id map: inner label ", ids[0], " where ", pos_,
                                          " was expected"));
      }
      if (n > 0) F2M_RETURN_IF_ERROR(ReadExactly(f_, off_ + pos_ * 8, n * 8, ids));
      pos_ += static_cast<int64_t>(n);
      return n;
    }
    for (size_t i = 0; i < n; ++i) {
      if (ids[i] < 0 || ids[i] >= ntotal_) {
        return absl::DataLossError(StrCat("read id map ", f_.Name(), ": inner label ", ids[i],
                                          " is outside 0..", ntotal_ - 1));
      }
      ids[i] = map_[static_cast<size_t>(ids[i])];
    }
    return n;
  }
  Status Skip(uint64_t rows) override {
    F2M_RETURN_IF_ERROR(inner_->Skip(rows));
    pos_ += static_cast<int64_t>(rows);
    return absl::OkStatus();
  }

 private:
  std::unique_ptr<VectorSource> inner_;
  const RandomAccessFile& f_;
  uint64_t off_;
  int64_t ntotal_;
  std::vector<int64_t> map_;  // empty: read alongside
  int64_t pos_ = 0;
};

}  // namespace

std::unique_ptr<VectorSource> NewContiguousSource(const RandomAccessFile& file, uint64_t offset,
                                                  int64_t ntotal, uint64_t row_bytes) {
  return std::make_unique<FlatRowsSource>(file, offset, ntotal, row_bytes, nullptr);
}

std::unique_ptr<VectorSource> NewDecodedSource(const RandomAccessFile& file, uint64_t offset,
                                               int64_t ntotal, uint64_t row_bytes,
                                               std::unique_ptr<CodeDecoder> decoder) {
  return std::make_unique<FlatRowsSource>(file, offset, ntotal, row_bytes, std::move(decoder));
}

std::unique_ptr<VectorSource> NewIvfSource(const RandomAccessFile& file, std::vector<IvfList> lists,
                                           uint64_t code_size, uint64_t row_bytes,
                                           std::unique_ptr<CodeDecoder> decoder) {
  return std::make_unique<IvfSource>(file, std::move(lists), code_size, row_bytes,
                                     std::move(decoder));
}

StatusOr<std::unique_ptr<VectorSource>> NewIdMapSource(std::unique_ptr<VectorSource> inner,
                                                       const RandomAccessFile& file,
                                                       uint64_t id_map_offset, int64_t ntotal,
                                                       bool inner_sequential) {
  std::vector<int64_t> map;
  if (!inner_sequential) {
    constexpr int64_t kMaxInMemory = 16 << 20;
    if (ntotal > kMaxInMemory) {
      return absl::UnimplementedError(
          StrCat("read id map ", file.Name(), ": an IDMap around an IVF index with ", ntotal,
                 " vectors needs its id map in memory; the limit is ", kMaxInMemory));
    }
    map.resize(static_cast<size_t>(ntotal));
    F2M_RETURN_IF_ERROR(ReadExactly(file, id_map_offset, map.size() * 8, map.data()));
  }
  return std::unique_ptr<VectorSource>(
      new IdMapSource(std::move(inner), file, id_map_offset, ntotal, std::move(map)));
}

}  // namespace f2m
