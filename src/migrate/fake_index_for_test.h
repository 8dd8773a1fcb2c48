// Test helper: an in-memory FaissIndex whose rows are given up front, with optional failure
// injection. Lets migrate tests run without a real Faiss file.
#ifndef F2M_MIGRATE_FAKE_INDEX_FOR_TEST_H_
#define F2M_MIGRATE_FAKE_INDEX_FOR_TEST_H_

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "faiss/faiss_index.h"

namespace f2m {

class FakeIndex : public FaissIndex {
 public:
  // Rows i = 0..ntotal-1 get id ids[i] and floats i*d .. i*d+d-1 (or bytes for binary).
  FakeIndex(IndexInfo info, std::vector<int64_t> ids)
      : info_(std::move(info)), ids_(std::move(ids)) {}

  const IndexInfo& info() const override { return info_; }
  StatusOr<std::unique_ptr<VectorSource>> NewSource() const override {
    return std::unique_ptr<VectorSource>(new Source(this));
  }

  // The vector bytes of row i.
  std::vector<uint8_t> Row(size_t i) const {
    std::vector<uint8_t> out(info_.row_bytes());
    if (info_.vector_type == VectorType::kBinary) {
      for (size_t j = 0; j < out.size(); ++j) out[j] = static_cast<uint8_t>(i * 7 + j);
    } else {
      for (int j = 0; j < info_.d; ++j) {
        float v = static_cast<float>(i * info_.d + j);
        std::memcpy(out.data() + j * 4, &v, 4);
      }
    }
    return out;
  }

  size_t fail_after_rows = SIZE_MAX;  // Next fails once this many rows were served
  size_t extra_rows = 0;              // serve more rows than ntotal (a lying header)
  size_t missing_rows = 0;            // serve fewer rows than ntotal

 private:
  class Source : public VectorSource {
   public:
    explicit Source(const FakeIndex* index) : index_(index) {}
    StatusOr<size_t> Next(size_t max_rows, int64_t* ids, uint8_t* vectors) override {
      if (pos_ >= index_->fail_after_rows) {
        return absl::DataLossError("read fake.index: truncated at byte 4242");
      }
      size_t end = index_->ids_.size() + index_->extra_rows - index_->missing_rows;
      size_t n = std::min(max_rows, end - pos_);
      for (size_t i = 0; i < n; ++i, ++pos_) {
        ids[i] = index_->ids_[pos_ % index_->ids_.size()];
        auto row = index_->Row(pos_);
        std::memcpy(vectors + i * row.size(), row.data(), row.size());
      }
      return n;
    }

   private:
    const FakeIndex* index_;
    size_t pos_ = 0;
  };

  IndexInfo info_;
  std::vector<int64_t> ids_;
};

}  // namespace f2m

#endif  // F2M_MIGRATE_FAKE_INDEX_FOR_TEST_H_
