#include "faiss/decoders.h"

#include "faiss/codec/residual.h"

namespace f2m {
namespace {

class FloatDecoder : public CodeDecoder {
 public:
  FloatDecoder(uint64_t code_size, int d, DecodeFn decode, CentroidTable centroids)
      : code_size_(code_size), d_(d), decode_(std::move(decode)), centroids_(std::move(centroids)) {}

  uint64_t code_size() const override { return code_size_; }

  Status Decode(const uint8_t* codes, size_t n, int64_t list_no, const int64_t* ids,
                uint8_t* out) override {
    float* rows = reinterpret_cast<float*>(out);
    decode_(codes, n, rows);
    if (centroids_) {
      size_t nlist = centroids_->size() / static_cast<size_t>(d_);
      if (list_no < 0 || static_cast<size_t>(list_no) >= nlist) {
        return absl::InternalError(StrCat("residual decode: list ", list_no, " has no centroid"));
      }
      AddRowToEach(centroids_->data() + static_cast<size_t>(list_no) * d_, d_, n, rows);
    }
    return absl::OkStatus();
  }

 private:
  uint64_t code_size_;
  int d_;
  DecodeFn decode_;
  CentroidTable centroids_;
};

}  // namespace

StatusOr<CentroidTable> LoadCentroids(const Parsed& quantizer, const SourceEnv& env,
                                      uint64_t nlist, int d) {
  if (!quantizer.make_source || quantizer.vector_type != VectorType::kFloat32) {
    return absl::UnimplementedError(StrCat(
        "read coarse centroids: the coarse quantizer ('", quantizer.fourcc,
        "') stores no centroid vectors; residual codes cannot be decoded with it"));
  }
  if (static_cast<uint64_t>(quantizer.ntotal) != nlist || quantizer.d != d) {
    return absl::DataLossError(StrCat("read coarse centroids: the quantizer holds ",
                                      quantizer.ntotal, " x ", quantizer.d, " but the IVF needs ",
                                      nlist, " x ", d));
  }
  constexpr uint64_t kMaxBytes = uint64_t{1} << 30;
  if (nlist * static_cast<uint64_t>(d) * 4 > kMaxBytes) {
    return absl::ResourceExhaustedError(StrCat("read coarse centroids: ", nlist, " x ", d,
                                               " floats is more than the 1 GiB allowed"));
  }
  auto table = std::make_shared<std::vector<float>>(nlist * static_cast<size_t>(d));
  F2M_ASSIGN_OR_RETURN(auto src, quantizer.make_source(env));
  constexpr size_t kBatch = 4096;
  std::vector<int64_t> ids(kBatch);
  std::vector<float> rows(kBatch * static_cast<size_t>(d));
  while (true) {
    F2M_ASSIGN_OR_RETURN(size_t n, src->Next(kBatch, ids.data(),
                                              reinterpret_cast<uint8_t*>(rows.data())));
    if (n == 0) break;
    for (size_t i = 0; i < n; ++i) {
      if (ids[i] < 0 || static_cast<uint64_t>(ids[i]) >= nlist) {
        return absl::DataLossError(StrCat("read coarse centroids: centroid id ", ids[i],
                                          " is outside 0..", nlist - 1));
      }
      std::copy(rows.begin() + i * d, rows.begin() + (i + 1) * d,
                table->begin() + static_cast<size_t>(ids[i]) * d);
    }
  }
  return CentroidTable(table);
}

std::unique_ptr<CodeDecoder> NewFloatDecoder(uint64_t code_size, int d, DecodeFn decode,
                                             CentroidTable centroids) {
  return std::make_unique<FloatDecoder>(code_size, d, std::move(decode), std::move(centroids));
}

}  // namespace f2m
