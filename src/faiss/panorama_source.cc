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
      : f_(f), walk_(std::move(lists)), layout_(layout), sequential_(sequential) {}

  StatusOr<size_t> Next(size_t max_rows, int64_t* ids, uint8_t* vectors) override {
    size_t done = 0;
    const size_t bs = layout_.batch_size;
    const PanoramaList* l;
    while (done < max_rows && (l = walk_.Current()) != nullptr) {
      uint64_t pos = walk_.pos();
      uint64_t b = pos / bs;
      size_t first = static_cast<size_t>(pos - b * bs);
      size_t n = static_cast<size_t>(
          std::min<uint64_t>({max_rows - done, l->size - pos, bs - first}));
      batch_.resize(layout_.batch_bytes());
      F2M_RETURN_IF_ERROR(ReadExactly(f_, l->codes_offset + b * layout_.batch_bytes(),
                                      batch_.size(), batch_.data(), "panorama vectors"));
      layout_.Unpack(batch_.data(), first, n,
                     reinterpret_cast<float*>(vectors + done * layout_.d * 4));
      if (sequential_) {
        for (size_t i = 0; i < n; ++i) ids[done + i] = static_cast<int64_t>(pos + i);
      } else {
        F2M_RETURN_IF_ERROR(
            ReadExactly(f_, l->ids_offset + pos * 8, n * 8, ids + done, "panorama ids"));
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
  ListWalk<PanoramaList> walk_;
  PanoramaLayout layout_;
  bool sequential_;
  std::vector<uint8_t> batch_;
};

}  // namespace

std::unique_ptr<VectorSource> NewPanoramaSource(const RandomAccessFile& file,
                                                std::vector<PanoramaList> lists,
                                                PanoramaLayout layout, bool sequential_ids) {
  return std::make_unique<PanoramaSource>(file, std::move(lists), layout, sequential_ids);
}

}  // namespace f2m
