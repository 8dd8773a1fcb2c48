#include "faiss/codebook_spread.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace f2m {

std::optional<float> MaxNearestRowDistance(const float* rows, size_t k, size_t dim,
                                           size_t max_work) {
  if (k < 2 || dim == 0 || k > max_work / k / dim) return std::nullopt;
  double worst = 0;
  for (size_t i = 0; i < k; ++i) {
    double nearest = std::numeric_limits<double>::infinity();
    for (size_t j = 0; j < k; ++j) {
      if (j == i) continue;
      double s = 0;
      for (size_t t = 0; t < dim; ++t) {
        double diff = double{rows[i * dim + t]} - rows[j * dim + t];
        s += diff * diff;
      }
      nearest = std::min(nearest, s);
    }
    worst = std::max(worst, nearest);
  }
  return static_cast<float>(std::sqrt(worst));
}

}  // namespace f2m
