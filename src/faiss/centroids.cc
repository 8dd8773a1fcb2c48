#include "faiss/centroids.h"

#include <algorithm>

namespace f2m {
namespace {

Status OutOfRange(int64_t list_no, uint64_t nlist) {
  return absl::DataLossError(StrCat("residual decode: list ", list_no,
                                    " has no coarse centroid (nlist = ", nlist, ")"));
}

class TableCentroids : public CentroidProvider {
 public:
  TableCentroids(std::vector<float> table, int d) : table_(std::move(table)), d_(d) {}
  uint64_t nlist() const override { return d_ > 0 ? table_.size() / d_ : 0; }
  int d() const override { return d_; }
  StatusOr<const float*> Centroid(int64_t list_no) override {
    if (list_no < 0 || static_cast<uint64_t>(list_no) >= nlist()) return OutOfRange(list_no, nlist());
    return table_.data() + static_cast<size_t>(list_no) * d_;
  }

 private:
  std::vector<float> table_;
  int d_;
};

class CodeCentroids : public CentroidProvider {
 public:
  CodeCentroids(uint64_t nlist, int d, size_t code_size,
                std::function<void(const uint8_t*, float*)> decode_one)
      : nlist_(nlist), d_(d), code_(code_size), row_(d), decode_one_(std::move(decode_one)) {}
  uint64_t nlist() const override { return nlist_; }
  int d() const override { return d_; }
  StatusOr<const float*> Centroid(int64_t list_no) override {
    if (list_no < 0 || static_cast<uint64_t>(list_no) >= nlist_) return OutOfRange(list_no, nlist_);
    if (list_no != cached_) {
      uint64_t v = static_cast<uint64_t>(list_no);
      for (size_t i = 0; i < code_.size(); ++i) code_[i] = i < 8 ? static_cast<uint8_t>(v >> (8 * i)) : 0;
      decode_one_(code_.data(), row_.data());
      cached_ = list_no;
    }
    return row_.data();
  }

 private:
  uint64_t nlist_;
  int d_;
  std::vector<uint8_t> code_;
  std::vector<float> row_;
  std::function<void(const uint8_t*, float*)> decode_one_;
  int64_t cached_ = -1;
};

}  // namespace

Centroids NewTableCentroids(std::vector<float> table, int d) {
  return std::make_shared<TableCentroids>(std::move(table), d);
}

Centroids NewCodeCentroids(uint64_t nlist, int d, size_t code_size,
                           std::function<void(const uint8_t*, float*)> decode_one) {
  return std::make_shared<CodeCentroids>(nlist, d, code_size, std::move(decode_one));
}

StatusOr<Centroids> LoadCentroids(const Parsed& quantizer, const SourceEnv& env, uint64_t nlist,
                                  int d) {
  bool has_rows = quantizer.make_source && quantizer.vector_type == VectorType::kFloat32;
  if (!quantizer.make_centroids && !has_rows) {
    return absl::UnimplementedError(StrCat(
        "read coarse centroids: the coarse quantizer ('", quantizer.fourcc,
        "') stores no centroid vectors; residual codes cannot be decoded with it"));
  }
  if (static_cast<uint64_t>(quantizer.ntotal) != nlist || quantizer.d != d) {
    return absl::DataLossError(StrCat("read coarse centroids: the quantizer ('", quantizer.fourcc,
                                      "') holds ", quantizer.ntotal, " x ", quantizer.d,
                                      " but the index needs ", nlist, " x ", d));
  }
  if (quantizer.make_centroids) return quantizer.make_centroids(env);
  constexpr uint64_t kMaxBytes = uint64_t{1} << 30;
  if (nlist * static_cast<uint64_t>(d) * 4 > kMaxBytes) {
    return absl::ResourceExhaustedError(StrCat("read coarse centroids: ", nlist, " x ", d,
                                               " floats is more than the 1 GiB allowed"));
  }
  std::vector<float> table(nlist * static_cast<size_t>(d));
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
                table.begin() + static_cast<size_t>(ids[i]) * d);
    }
  }
  return NewTableCentroids(std::move(table), d);
}

}  // namespace f2m
