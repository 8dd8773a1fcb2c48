// Helpers shared by the codec tests only (random data, comparisons). Not used by library code.
#ifndef F2M_FAISS_CODEC_TEST_UTIL_H_
#define F2M_FAISS_CODEC_TEST_UTIL_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include <omp.h>

namespace f2m::codec_test {

// The tests train small faiss quantizers; OpenMP worker threads only spin against each other
// on a loaded 2-core machine (one test took 25 s instead of 0.6 s). Run faiss single-threaded
// in this test binary; results do not depend on it.
inline const bool kFaissSingleThreaded = [] {
  omp_set_num_threads(1);
  return true;
}();

inline std::vector<float> RandomFloats(size_t n, uint32_t seed, float lo = -1, float hi = 1) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = dist(gen);
  return v;
}

inline std::vector<uint8_t> RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 gen(seed);
  std::vector<uint8_t> v(n);
  for (uint8_t& b : v) b = static_cast<uint8_t>(gen());
  return v;
}

inline float MaxAbs(const std::vector<float>& a) {
  float m = 0;
  for (float x : a) m = std::max(m, std::fabs(x));
  return m;
}

// The largest L2 norm of the rows of x (n rows of d floats).
inline float MaxRowNorm(const std::vector<float>& x, size_t d) {
  double m = 0;
  for (size_t r = 0; r + d <= x.size(); r += d) {
    double s = 0;
    for (size_t i = 0; i < d; ++i) s += static_cast<double>(x[r + i]) * x[r + i];
    m = std::max(m, s);
  }
  return static_cast<float>(std::sqrt(m));
}

inline float MaxAbsDiff(const std::vector<float>& a, const std::vector<float>& b) {
  float m = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
  return m;
}

// True when both arrays have the same size and the same bits (NaN payloads included).
inline bool BitEqual(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace f2m::codec_test

#endif  // F2M_FAISS_CODEC_TEST_UTIL_H_
