#include "faiss/codec/linear_transform.h"

#include <cmath>
#include <optional>
#include <utility>

#include "base/le.h"
#include "base/strings.h"

namespace f2m {
namespace {

Status CheckSizes(uint64_t d_in, uint64_t d_out, size_t a_size, size_t b_size) {
  if (d_in == 0 || d_out == 0) {
    return absl::DataLossError(
        StrCat("linear transform ", d_in, " -> ", d_out, ": zero dimension"));
  }
  std::optional<uint64_t> want = CheckedMul(d_in, d_out);
  if (!want) {
    return absl::DataLossError(StrCat("linear transform ", d_in, " -> ", d_out, ": overflows"));
  }
  if (a_size != *want) {
    return absl::DataLossError(StrCat("linear transform ", d_in, " -> ", d_out, ": A has ", a_size,
                                      " floats, expected ", *want));
  }
  if (b_size != 0 && b_size != d_out) {
    return absl::DataLossError(StrCat("linear transform ", d_in, " -> ", d_out, ": b has ", b_size,
                                      " floats, expected ", d_out, " or 0"));
  }
  return absl::OkStatus();
}

std::vector<float> Transpose(size_t rows, size_t cols, const std::vector<float>& a) {
  std::vector<float> t(rows * cols);
  for (size_t i = 0; i < rows; ++i) {
    for (size_t j = 0; j < cols; ++j) t[j * rows + i] = a[i * cols + j];
  }
  return t;
}

// The check on A^T (d_in rows of d_out): (A^T A)_jk is the dot product of rows j and k.
Status CheckTransposed(uint64_t d_in, uint64_t d_out, const std::vector<float>& at,
                       double tolerance) {
  if (d_out < d_in) {
    return absl::FailedPreconditionError(
        StrCat("linear transform reduces dimension ", d_in, " -> ", d_out,
               ": the dropped components are lost and cannot be restored"));
  }
  double worst = 0;
  uint64_t wj = 0, wk = 0;
  for (uint64_t j = 0; j < d_in && !std::isnan(worst); ++j) {
    const float* rj = at.data() + j * d_out;
    for (uint64_t k = j; k < d_in; ++k) {
      const float* rk = at.data() + k * d_out;
      double g = 0;
      for (uint64_t i = 0; i < d_out; ++i) g += static_cast<double>(rj[i]) * rk[i];
      const double err = std::fabs(g - (j == k ? 1.0 : 0.0));
      if (!(err <= worst)) {  // also catches NaN
        worst = err;
        wj = j;
        wk = k;
      }
    }
  }
  if (!(worst <= tolerance)) {
    return absl::FailedPreconditionError(
        StrCat("linear transform ", d_in, " -> ", d_out, " is not orthonormal: (A^T A)[", wj, ",",
               wk, "] is off by ", worst, " (tolerance ", tolerance,
               "), e.g. a whitening PCA or ITQ, which cannot be inverted"));
  }
  return absl::OkStatus();
}

}  // namespace

Status CheckInvertible(uint64_t d_in, uint64_t d_out, const std::vector<float>& A,
                       const std::vector<float>& b, double tolerance) {
  F2M_RETURN_IF_ERROR(CheckSizes(d_in, d_out, A.size(), b.size()));
  if (d_out < d_in) return CheckTransposed(d_in, d_out, {}, tolerance);
  return CheckTransposed(d_in, d_out, Transpose(d_out, d_in, A), tolerance);
}

StatusOr<LinearInverse> LinearInverse::Create(uint64_t d_in, uint64_t d_out, std::vector<float> A,
                                              std::vector<float> b, double tolerance) {
  F2M_RETURN_IF_ERROR(CheckSizes(d_in, d_out, A.size(), b.size()));
  if (d_out < d_in) F2M_RETURN_IF_ERROR(CheckTransposed(d_in, d_out, {}, tolerance));
  std::vector<float> at = Transpose(d_out, d_in, A);
  A = std::vector<float>();
  F2M_RETURN_IF_ERROR(CheckTransposed(d_in, d_out, at, tolerance));
  return LinearInverse(d_in, d_out, std::move(at), std::move(b));
}

LinearInverse::LinearInverse(size_t d_in, size_t d_out, std::vector<float> at,
                             std::vector<float> b)
    : d_in_(d_in), d_out_(d_out), b_(std::move(b)), A_T_(std::move(at)) {}

void LinearInverse::Apply(const float* y, size_t n, float* x) const {
  const bool bias = !b_.empty();
  for (size_t r = 0; r < n; ++r) {
    const float* yr = y + r * d_out_;
    float* xr = x + r * d_in_;
    for (size_t j = 0; j < d_in_; ++j) {
      const float* col = A_T_.data() + j * d_out_;
      double s = 0;
      for (size_t i = 0; i < d_out_; ++i) {
        // y - b in float first, as faiss's reverse_transform does.
        const float yi = bias ? yr[i] - b_[i] : yr[i];
        s += static_cast<double>(col[i]) * yi;
      }
      xr[j] = static_cast<float>(s);
    }
  }
}

}  // namespace f2m
