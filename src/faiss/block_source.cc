#include "faiss/block_source.h"

#include <algorithm>

namespace f2m {
namespace {

class BlockSource : public VectorSource {
 public:
  BlockSource(const RandomAccessFile& f, std::vector<BlockList> lists, FastScanLayout layout,
              bool sequential_ids, uint64_t row_bytes, std::unique_ptr<CodeDecoder> dec)
      : f_(f), walk_(std::move(lists)), layout_(layout), sequential_(sequential_ids),
        row_bytes_(row_bytes), dec_(std::move(dec)) {}

  StatusOr<size_t> Next(size_t max_rows, int64_t* ids, uint8_t* vectors) override {
    size_t done = 0;
    const BlockList* l;
    while (done < max_rows && (l = walk_.Current()) != nullptr) {
      uint64_t pos = walk_.pos();
      size_t n = static_cast<size_t>(std::min<uint64_t>(max_rows - done, l->size - pos));
      uint64_t b0 = pos / layout_.bbs(), b1 = (pos + n - 1) / layout_.bbs() + 1;
      size_t bytes = static_cast<size_t>((b1 - b0) * layout_.block_bytes());
      table_.resize(bytes);
      F2M_RETURN_IF_ERROR(ReadExactly(f_, l->codes_offset + b0 * layout_.block_bytes(), bytes,
                                      table_.data(), "fast-scan codes"));
      codes_.resize(n * layout_.code_size());
      layout_.Unpack(table_.data(), static_cast<size_t>(pos - b0 * layout_.bbs()), n,
                     codes_.data());
      if (sequential_) {
        for (size_t i = 0; i < n; ++i) ids[done + i] = static_cast<int64_t>(pos + i);
      } else {
        F2M_RETURN_IF_ERROR(
            ReadExactly(f_, l->ids_offset + pos * 8, n * 8, ids + done, "fast-scan ids"));
      }
      F2M_RETURN_IF_ERROR(
          dec_->Decode(codes_.data(), n, l->list_no, ids + done, vectors + done * row_bytes_));
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
  ListWalk<BlockList> walk_;
  FastScanLayout layout_;
  bool sequential_;
  uint64_t row_bytes_;
  std::unique_ptr<CodeDecoder> dec_;
  std::vector<uint8_t> table_, codes_;
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
