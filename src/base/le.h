// Little-endian decoding of fixed-size numbers from raw bytes, and overflow-checked size
// arithmetic for sizes that come from untrusted headers. Faiss and NumPy files are little-endian.
#ifndef F2M_BASE_LE_H_
#define F2M_BASE_LE_H_

#include <cstdint>
#include <cstring>
#include <optional>

namespace f2m {

template <typename T>
inline T LoadLE(const void* p) {
  static_assert(std::is_trivially_copyable_v<T>);
  T v;
  std::memcpy(&v, p, sizeof(T));  // every supported host is little-endian (checked in le.cc)
  return v;
}

template <typename T>
inline void StoreLE(void* p, T v) {
  std::memcpy(p, &v, sizeof(T));
}

// a * b, or nullopt on overflow of uint64.
inline std::optional<uint64_t> CheckedMul(uint64_t a, uint64_t b) {
  uint64_t r;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

// a + b, or nullopt on overflow of uint64.
inline std::optional<uint64_t> CheckedAdd(uint64_t a, uint64_t b) {
  uint64_t r;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}

}  // namespace f2m

#endif  // F2M_BASE_LE_H_
