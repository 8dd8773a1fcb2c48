// Reading fields from Faiss's LSB-first bit-strings (PQ and additive-quantizer codes, see
// docs faiss-format §2.2/§2.4): field j of a code occupies bits [off, off + nbits) where bit b is
// bit (b mod 8) of byte b / 8. Same order as faiss::BitstringReader.
#ifndef F2M_FAISS_CODEC_BIT_READER_H_
#define F2M_FAISS_CODEC_BIT_READER_H_

#include <cstdint>

namespace f2m {

// Maximum field width our decoders accept (faiss's HEAD reader accepts PQ nbits up to 24).
inline constexpr unsigned kMaxCodeBits = 24;

// Returns the nbits-wide field starting at bit `bit` of `code`.
// REQUIRES: 1 <= nbits <= kMaxCodeBits. Reads only the bytes that hold the field, so a field that
// ends at the code's last bit never touches the byte after it.
inline uint32_t ReadBitsLsb(const uint8_t* code, uint64_t bit, unsigned nbits) {
  const uint8_t* p = code + (bit >> 3);
  const unsigned shift = static_cast<unsigned>(bit & 7);
  const unsigned nbytes = (shift + nbits + 7) >> 3;  // at most 4
  uint64_t w = 0;
  for (unsigned i = 0; i < nbytes; ++i) w |= static_cast<uint64_t>(p[i]) << (8 * i);
  return static_cast<uint32_t>((w >> shift) & ((uint64_t{1} << nbits) - 1));
}

// Sequential reader over one code, for decoders that walk the fields in order.
class BitReader {
 public:
  explicit BitReader(const uint8_t* code) : code_(code) {}
  uint32_t Read(unsigned nbits) {
    const uint32_t v = ReadBitsLsb(code_, bit_, nbits);
    bit_ += nbits;
    return v;
  }

 private:
  const uint8_t* code_;
  uint64_t bit_ = 0;
};

}  // namespace f2m

#endif  // F2M_FAISS_CODEC_BIT_READER_H_
