// Adding a coarse centroid back to decoded residuals: IVF indexes with by_residual = 1 (IVFPQ,
// IVF-SQ, IVF-RQ/LSQ) store codes of x - centroid[list], and IVFPQR adds a refine-PQ residual on
// top. Faiss adds element by element in float (recons[i] += centroid[i]); float addition is
// commutative, so this is bit-identical to faiss's reconstruct_from_offset.
#ifndef F2M_FAISS_CODEC_RESIDUAL_H_
#define F2M_FAISS_CODEC_RESIDUAL_H_

#include <cstddef>

namespace f2m {

// rows[r * d + i] += row[i] for every one of the n rows. No allocation.
// REQUIRES: row has d floats, rows has n * d floats, and they do not overlap.
inline void AddRowToEach(const float* row, size_t d, size_t n, float* rows) {
  for (size_t r = 0; r < n; ++r) {
    float* x = rows + r * d;
    for (size_t i = 0; i < d; ++i) x[i] += row[i];
  }
}

// a[i] += b[i] for i < count (e.g. a whole batch of IVFPQR refine residuals, row for row).
inline void AddInPlace(const float* b, size_t count, float* a) {
  for (size_t i = 0; i < count; ++i) a[i] += b[i];
}

}  // namespace f2m

#endif  // F2M_FAISS_CODEC_RESIDUAL_H_
