#include "faiss/codec/fast_scan.h"

#include <optional>

#include "base/le.h"
#include "base/strings.h"

namespace f2m {

StatusOr<FastScanLayout> FastScanLayout::Create(uint64_t M, uint64_t bbs) {
  if (M == 0) return absl::DataLossError("fast-scan layout: M is 0");
  if (bbs == 0 || bbs % 32 != 0) {
    return absl::DataLossError(
        StrCat("fast-scan layout: bbs ", bbs, " is not a positive multiple of 32"));
  }
  const uint64_t m2 = M + (M & 1);
  if (m2 < M || !CheckedMul(m2 / 2, bbs)) {
    return absl::DataLossError(StrCat("fast-scan layout: M=", M, " bbs=", bbs, " overflows"));
  }
  return FastScanLayout(M, bbs);
}

StatusOr<uint64_t> FastScanLayout::TableBytes(uint64_t n) const {
  const uint64_t blocks = n / bbs_ + (n % bbs_ != 0);
  std::optional<uint64_t> bytes = CheckedMul(blocks, block_bytes_);
  if (!bytes) return absl::DataLossError(StrCat("fast-scan table of ", n, " vectors overflows"));
  return *bytes;
}

size_t FastScanLayout::Address(size_t v, size_t sq, unsigned* shift) const {
  const size_t r = v % bbs_;
  const size_t s = r % 32;  // position in its 32-vector run
  const size_t t = s % 16;
  *shift = s >= 16 ? 4 : 0;
  const size_t byte = (t < 8 ? 2 * t : 2 * (t - 8) + 1) + (sq & 1) * 16;
  return (v / bbs_) * block_bytes_ + (sq / 2) * bbs_ + (r / 32) * 32 + byte;
}

uint8_t FastScanLayout::Get(const uint8_t* table, size_t v, size_t sq) const {
  unsigned shift;
  const size_t a = Address(v, sq, &shift);
  return (table[a] >> shift) & 0xf;
}

void FastScanLayout::Unpack(const uint8_t* table, size_t first, size_t n, uint8_t* codes) const {
  const size_t cs = code_size();
  for (size_t i = 0; i < n; ++i) {
    const size_t v = first + i;
    uint8_t* out = codes + i * cs;
    unsigned shift;
    // Sub-codes 2p and 2p+1 sit 16 bytes apart with the same nibble shift.
    const size_t a0 = Address(v, 0, &shift);
    for (size_t p = 0; p < cs; ++p) {
      const uint8_t* g = table + a0 + p * bbs_;
      const uint8_t lo = (g[0] >> shift) & 0xf;
      const uint8_t hi = 2 * p + 1 < M_ ? (g[16] >> shift) & 0xf : 0;
      out[p] = static_cast<uint8_t>(lo | (hi << 4));
    }
  }
}

}  // namespace f2m
