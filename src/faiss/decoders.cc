#include "faiss/decoders.h"

#include "faiss/codec/residual.h"

namespace f2m {
namespace {

class FloatDecoder : public CodeDecoder {
 public:
  FloatDecoder(uint64_t code_size, int d, DecodeFn decode, Centroids centroids)
      : code_size_(code_size), d_(d), decode_(std::move(decode)), centroids_(std::move(centroids)) {}

  uint64_t code_size() const override { return code_size_; }

  Status Decode(const uint8_t* codes, size_t n, int64_t list_no, const int64_t* ids,
                uint8_t* out) override {
    float* rows = reinterpret_cast<float*>(out);
    decode_(codes, n, rows);
    if (centroids_) {
      F2M_ASSIGN_OR_RETURN(const float* c, centroids_->Centroid(list_no));
      AddRowToEach(c, d_, n, rows);
    }
    return absl::OkStatus();
  }

 private:
  uint64_t code_size_;
  int d_;
  DecodeFn decode_;
  Centroids centroids_;
};

}  // namespace

std::unique_ptr<CodeDecoder> NewFloatDecoder(uint64_t code_size, int d, DecodeFn decode,
                                             Centroids centroids) {
  return std::make_unique<FloatDecoder>(code_size, d, std::move(decode), std::move(centroids));
}

}  // namespace f2m
