#include "faiss/codec/bit_reader.h"

#include <vector>

#include "gtest/gtest.h"

namespace f2m {
namespace {

TEST(BitReaderTest, FieldsAreLsbFirstAcrossBytes) {
  // Fields 3, 5, 12, 1, 24 bits wide, written LSB-first into a 45-bit (6-byte) string.
  const unsigned widths[] = {3, 5, 12, 1, 24};
  const uint32_t values[] = {5, 17, 0xabc, 1, 0xfedcba};
  unsigned __int128 bits = 0;
  unsigned pos = 0;
  for (int i = 0; i < 5; ++i) {
    bits |= static_cast<unsigned __int128>(values[i]) << pos;
    pos += widths[i];
  }
  std::vector<uint8_t> code(6);
  for (int i = 0; i < 6; ++i) code[i] = static_cast<uint8_t>(bits >> (8 * i));
  BitReader reader(code.data());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(reader.Read(widths[i]), values[i]) << i;
  EXPECT_EQ(ReadBitsLsb(code.data(), 8, 12), 0xabcu);
}

TEST(BitReaderTest, NeverReadsPastTheField) {
  // A field ending exactly at the last byte: the (absent) next byte must not be touched; ASan
  // catches it with the exact-size heap buffer.
  const std::vector<uint8_t> code = {0xff, 0x0f};
  EXPECT_EQ(ReadBitsLsb(code.data(), 4, 12), 0x0ffu);
  EXPECT_EQ(ReadBitsLsb(code.data(), 8, 8), 0x0fu);
}

}  // namespace
}  // namespace f2m
