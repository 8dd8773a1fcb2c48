#include "faiss/panorama_source.h"

#include <algorithm>
#include <cstring>

namespace f2m {

void PanoramaLayout::Unpack(const uint8_t* batch, size_t first, size_t n, float* out) const {
  const size_t lw = (d + n_levels - 1) / n_levels;
  for (size_t l = 0; l < n_levels; ++l) {
    const size_t start = l * lw;
    if (start >= d) break;
    const size_t width = std::min(lw, d - start);
    const uint8_t* level = batch + l * lw * 4 * batch_size;
    for (size_t i = 0; i < n; ++i) {
      std::memcpy(out + i * d + start, level + (first + i) * width * 4, width * 4);
    }
  }
}

namespace {

class PanoramaSource : public VectorSource {
 public:
  PanoramaSource(const RandomAccessFile& f, std::vector<PanoramaList> lists, PanoramaLayout layout,
                 bool sequential)
      : f_(f), lists_(std::move(lists)), layout_(layout), sequential_(sequential) {}

  StatusOr<size_t> Next(size_t max_rows, int64_t* ids, uint8_t* vectors) override {
    size_t done = 0;
    const size_t bs = layout_.batch_size;
    while (done < max_rows && li_ < lists_.size()) {
      const PanoramaList& l = lists_[li_];
      if (pos_ >= l.size) {
        ++li_;
        pos_ = 0;
        continue;
      }
      uint64_t b = pos_ / bs;
      size_t first = static_cast<size_t>(pos_ - b * bs);
      size_t n = static_cast<size_t>(
          std::min<uint64_t>({max_rows - done, l.size - pos_, bs - first}));
      batch_.resize(layout_.batch_bytes());
      F2M_RETURN_IF_ERROR(Read(l.codes_offset + b * layout_.batch_bytes(), batch_.size(), batch_.data()));
      layout_.Unpack(batch_.data(), first, n,
                     reinterpret_cast<float*>(vectors + done * layout_.d * 4));
      if (sequential_) {
        for (size_t i = 0; i < n; ++i) ids[done + i] = static_cast<int64_t>(pos_ + i);
      } else {
        F2M_RETURN_IF_ERROR(Read(l.ids_offset + pos_ * 8, n * 8, ids + done));
      }
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
      return absl::DataLossError(StrCat("read panorama vectors ", f_.Name(), ": truncated at byte ",
                                        off + got));
    }
    return absl::OkStatus();
  }

  const RandomAccessFile& f_;
  std::vector<PanoramaList> lists_;
  PanoramaLayout layout_;
  bool sequential_;
  std::vector<uint8_t> batch_;
  size_t li_ = 0;
  uint64_t pos_ = 0;
};

}  // namespace

std::unique_ptr<VectorSource> NewPanoramaSource(const RandomAccessFile& file,
                                                std::vector<PanoramaList> lists,
                                                PanoramaLayout layout, bool sequential_ids) {
  return std::make_unique<PanoramaSource>(file, std::move(lists), layout, sequential_ids);
}

}  // namespace f2m
