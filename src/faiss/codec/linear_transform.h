// Reversing Faiss linear pre-transforms (rrot random rotation, LTra as written for OPQ, Pcam PCA
// keeping the dimension): forward is y = A x + b with A stored row-major (d_out rows, d_in
// columns); the inverse x = A^T (y - b) is exact in real arithmetic only when A^T A = I (square
// orthonormal A, or a padding rotation d_out > d_in with orthonormal columns). Anything else
// (dimension-reducing PCA/OPQ, PCA whitening, ITQ) loses information and is refused by
// CheckInvertible with the reason. Not bit-exact with faiss (its BLAS sgemm sums in float, in a
// BLAS-dependent order); we sum in double, within 1e-6 x ||x|| of faiss and closer to the
// true inverse (docs faiss-format §7.5).
#ifndef F2M_FAISS_CODEC_LINEAR_TRANSFORM_H_
#define F2M_FAISS_CODEC_LINEAR_TRANSFORM_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/status.h"

namespace f2m {

// Default tolerance on max |(A^T A - I)_ij|. Faiss marks a transform orthonormal at 4e-5 with
// the same test; float-trained OPQ and random rotations are well inside 1e-4.
inline constexpr double kOrthonormalTolerance = 1e-4;

// OK when x = A^T (y - b) recovers every input of y = A x + b. Errors: DataLoss when A or b
// has the wrong size (overflow-checked); FailedPrecondition, with the reason, when d_out < d_in
// ("reduces dimension 128 -> 64 ...") or A^T A differs from I by more than `tolerance`
// (naming the worst entry, e.g. a whitening PCA's column norms).
Status CheckInvertible(uint64_t d_in, uint64_t d_out, const std::vector<float>& A,
                       const std::vector<float>& b, double tolerance = kOrthonormalTolerance);

class LinearInverse {
 public:
  // Validates with CheckInvertible and takes A (d_out x d_in, row-major) and b (d_out floats,
  // or empty when the transform has no bias).
  static StatusOr<LinearInverse> Create(uint64_t d_in, uint64_t d_out, std::vector<float> A,
                                        std::vector<float> b,
                                        double tolerance = kOrthonormalTolerance);

  size_t d_in() const { return d_in_; }
  size_t d_out() const { return d_out_; }

  // x = A^T (y - b) for n rows: y has n * d_out() floats, x gets n * d_in(). No allocation;
  // thread-safe. REQUIRES: y and x do not overlap.
  void Apply(const float* y, size_t n, float* x) const;

 private:
  LinearInverse(size_t d_in, size_t d_out, std::vector<float> at, std::vector<float> b);

  size_t d_in_, d_out_;
  std::vector<float> b_;
  // A_T_ = A transposed (d_in rows of d_out), so each output is one contiguous dot product.
  std::vector<float> A_T_;
};

}  // namespace f2m

#endif  // F2M_FAISS_CODEC_LINEAR_TRANSFORM_H_
