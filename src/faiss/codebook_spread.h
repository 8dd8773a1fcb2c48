// A rough decode-error figure for `inspect` from a codebook alone: the largest distance between
// a codebook row and its nearest other row. A vector encoded to row r was closer to r than to
// any other row, so for data inside the codebook's hull its error is typically under this;
// it is not a strict bound (outliers are encoded to the nearest row however far).
#ifndef F2M_FAISS_CODEBOOK_SPREAD_H_
#define F2M_FAISS_CODEBOOK_SPREAD_H_

#include <cstddef>
#include <optional>

namespace f2m {

// `rows` holds k rows of dim floats. Returns nullopt when k < 2 or k * k * dim exceeds
// `max_work` (the O(k^2) scan is skipped for very large codebooks).
std::optional<float> MaxNearestRowDistance(const float* rows, size_t k, size_t dim,
                                           size_t max_work = size_t{1} << 28);

}  // namespace f2m

#endif  // F2M_FAISS_CODEBOOK_SPREAD_H_
