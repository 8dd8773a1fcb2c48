#include "faiss/block_source.h"

#include <algorithm>

namespace f2m {
namespace {

class BlockSource : public VectorSource {
 public:
  BlockSource(const RandomAccessFile& f, std::vector<BlockList> lists, FastScanLayout layout,
              bool sequential_ids, uint64_t row_bytes, std::unique_ptr<CodeDecoder> dec)
      : f_(f), lists_(std::move(lists)), layout_(layout), sequential_(sequential_ids),
        row_bytes_(row_bytes), dec_(std::move(dec)) {}

  StatusOr<size_t> Next(size_t max_rows, int64_t* ids, uint8_t* vectors) override {
    size_t done = 0;
    while (done < max_rows && li_ < lists_.size()) {
      const BlockList& l = lists_[li_];
      if (pos_ >= l.size) {
        ++li_;
        pos_ = 0;
        continue;
      }
      size_t n = static_cast<size_t>(std::min<uint64_t>(max_rows - done, l.size - pos_));
      uint64_t b0 = pos_ / layout_.bbs(), b1 = (pos_ + n - 1) / layout_.bbs() + 1;
      size_t bytes = static_cast<size_t>((b1 - b0) * layout_.block_bytes());
      table_.resize(bytes);
      F2M_RETURN_IF_ERROR(Read(l.codes_offset + b0 * layout_.block_bytes(), bytes, table_.data()));
      codes_.resize(n * layout_.code_size());
      layout_.Unpack(table_.data(), static_cast<size_t>(pos_ - b0 * layout_.bbs()), n,
                     codes_.data());
      if (sequential_) {
        for (size_t i = 0; i < n; ++i) ids[done + i] = static_cast<int64_t>(pos_ + i);
      } else {
        F2M_RETURN_IF_ERROR(Read(l.ids_offset + pos_ * 8, n * 8, ids + done));
      }
      F2M_RETURN_IF_ERROR(
          dec_->Decode(codes_.data(), n, l.list_no, ids + done, vectors + done * row_bytes_));
      pos_ += n;
      done += n;
    }
    return done;
  }

  Status Skip(uint64_t rows) override {
    while (rows > 0 && li_ < lists_.size()) {
      uint64_t left = lists_[li_].size - pos_;
      if (rows < left) {
        pos_ += rows;
        return absl::OkStatus();
      }
      rows -= left;
      ++li_;
      pos_ = 0;
    }
    return absl::OkStatus();
  }

 private:
  Status Read(uint64_t off, size_t n, void* dst) {
    F2M_ASSIGN_OR_RETURN(size_t got, f_.ReadAt(off, n, static_cast<char*>(dst)));
    if (got != n) {
      return absl::DataLossError(StrCat("read fast-scan codes ", f_.Name(), ": truncated at byte ",
                                        off + got));
    }
    return absl::OkStatus();
  }

  const RandomAccessFile& f_;
  std::vector<BlockList> lists_;
  FastScanLayout layout_;
  bool sequential_;
  uint64_t row_bytes_;
  std::unique_ptr<CodeDecoder> dec_;
  std::vector<uint8_t> table_, codes_;
  size_t li_ = 0;
  uint64_t pos_ = 0;
};

}  // namespace

std::unique_ptr<VectorSource> NewBlockSource(const RandomAccessFile& file,
                                             std::vector<BlockList> lists, FastScanLayout layout,
                                             bool sequential_ids, uint64_t row_bytes,
                                             std::unique_ptr<CodeDecoder> decoder) {
  return std::make_unique<BlockSource>(file, std::move(lists), layout, sequential_ids, row_bytes,
                                       std::move(decoder));
}

}  // namespace f2m
