// Unpacking of Faiss's 4-bit fast-scan code tables (IPfs, IwPf and AQ fast-scan `codes`, `ilbl`
// inverted lists) into ordinary packed 4-bit codes (sub-code m in nibble m%2 of byte m/2, low
// nibble first), which PqDecoder (nbits 4) or AqDecoder then decode. Layout, from faiss's
// pq4_pack_codes: vectors in blocks of bbs (a multiple of 32); M sub-codes padded to M2 (even).
// A block is M2/2 groups of bbs bytes, one group per pair of sub-codes; inside a group each run
// of 32 vectors takes 32 bytes: bytes 0..15 the even sub-code, 16..31 the odd one; vector t<16 of
// the run in the low nibble, t+16 in the high nibble, at byte 2t (t<8) or 2(t-8)+1 (t>=8).
// NOTE: docs faiss-format §7.4 omits the 32-vector runs; it is only right for bbs == 32.
#ifndef F2M_FAISS_CODEC_FAST_SCAN_H_
#define F2M_FAISS_CODEC_FAST_SCAN_H_

#include <cstddef>
#include <cstdint>

#include "base/status.h"

namespace f2m {

class FastScanLayout {
 public:
  // M: number of 4-bit sub-codes per vector (for AQ fast-scan this includes the 2 norm
  // sub-codes); bbs: vectors per block. Errors: DataLoss when M is 0 or bbs is not a positive
  // multiple of 32, or a block's size overflows.
  static StatusOr<FastScanLayout> Create(uint64_t M, uint64_t bbs);

  size_t M() const { return M_; }
  size_t M2() const { return M2_; }
  size_t bbs() const { return bbs_; }
  // Bytes of one block: M2/2 * bbs.
  size_t block_bytes() const { return block_bytes_; }
  // Bytes of one unpacked code: ceil(M/2).
  size_t code_size() const { return (M_ + 1) / 2; }

  // Bytes of a table holding n vectors (n rounded up to whole blocks), or DataLoss on overflow.
  StatusOr<uint64_t> TableBytes(uint64_t n) const;

  // The 4-bit code of sub-quantizer sq (< M2) of vector v of the table starting at `table`
  // (block 0). REQUIRES: the table holds vector v.
  uint8_t Get(const uint8_t* table, size_t v, size_t sq) const;

  // Writes vectors [first, first + n) of `table` as n packed codes of code_size() bytes each
  // to `codes`. The padding nibble of an odd M is written as 0. No allocation.
  // REQUIRES: the table holds vector first + n - 1; codes has n * code_size() bytes.
  void Unpack(const uint8_t* table, size_t first, size_t n, uint8_t* codes) const;

 private:
  FastScanLayout(size_t M, size_t bbs)
      : M_(M), M2_((M + 1) & ~size_t{1}), bbs_(bbs), block_bytes_(M2_ / 2 * bbs) {}

  // Byte offset in the table and nibble shift (0 or 4) of (v, sq).
  size_t Address(size_t v, size_t sq, unsigned* shift) const;

  size_t M_, M2_, bbs_, block_bytes_;
};

}  // namespace f2m

#endif  // F2M_FAISS_CODEC_FAST_SCAN_H_
