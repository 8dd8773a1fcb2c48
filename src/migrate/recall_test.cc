#include "migrate/recall.h"

#include <cstring>

#include "gtest/gtest.h"

namespace f2m {
namespace {

std::vector<uint8_t> Bytes(const std::vector<float>& v) {
  std::vector<uint8_t> out(v.size() * 4);
  std::memcpy(out.data(), v.data(), out.size());
  return out;
}

TEST(BruteForceTopKTest, L2KeepsTheNearestAcrossChunks) {
  std::vector<uint8_t> q = Bytes({0, 0});
  BruteForceTopK top("L2", 2, q, 2);
  std::vector<uint8_t> a = Bytes({5, 5, 1, 0}), b = Bytes({0, 2, 9, 9});
  int64_t ia[] = {10, 11}, ib[] = {12, 13};
  top.Add(ia, a.data(), 2);
  top.Add(ib, b.data(), 2);
  EXPECT_EQ(top.Result(), (std::vector<std::vector<int64_t>>{{11, 12}}));
}

TEST(BruteForceTopKTest, IpPrefersTheLargestProduct) {
  std::vector<uint8_t> q = Bytes({1, 0});
  BruteForceTopK top("IP", 2, q, 1);
  std::vector<uint8_t> rows = Bytes({1, 0, 3, 0, -5, 0});
  int64_t ids[] = {1, 2, 3};
  top.Add(ids, rows.data(), 3);
  EXPECT_EQ(top.Result(), (std::vector<std::vector<int64_t>>{{2}}));
}

TEST(BruteForceTopKTest, HammingCountsBits) {
  std::vector<uint8_t> q = {0xF0};
  BruteForceTopK top("HAMMING", 8, q, 2);
  std::vector<uint8_t> rows = {0x0F, 0xF1, 0xF0};
  int64_t ids[] = {1, 2, 3};
  top.Add(ids, rows.data(), 3);
  EXPECT_EQ(top.Result(), (std::vector<std::vector<int64_t>>{{3, 2}}));
}

}  // namespace
}  // namespace f2m
