#include "migrate/plan.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

using ::testing::HasSubstr;

IndexInfo Info(int d, int64_t ntotal, VectorType type = VectorType::kFloat32) {
  IndexInfo info;
  info.d = d;
  info.ntotal = ntotal;
  info.vector_type = type;
  return info;
}

TEST(PlanTest, OnePartMatchesTheDocumentedExample) {
  auto p = MakePlan(Info(128, 1000), uint64_t{1} << 30);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->parts, 1u);
  EXPECT_EQ(p->rows_per_part, 2097152u);
  EXPECT_EQ(p->row_bytes, 512u);
  EXPECT_EQ(p->vector_bytes, 512000u);
  EXPECT_EQ(p->total_bytes, 520256u);
  EXPECT_EQ(p->PartEnd(0), 1000u);
}

TEST(PlanTest, SplitsAtRowBoundaries) {
  auto p = MakePlan(Info(2, 10), 24);  // 8 bytes a row: 3 rows a part
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->rows_per_part, 3u);
  EXPECT_EQ(p->parts, 4u);
  EXPECT_EQ(p->PartBegin(3), 9u);
  EXPECT_EQ(p->PartEnd(3), 10u);
  // Three full parts (3 ids, 3x2 floats) and one of one row, each file with a 128-byte header.
  EXPECT_EQ(p->total_bytes, 3 * (128 + 24 + 128 + 24) + (128 + 8 + 128 + 8));
}

TEST(PlanTest, RowLargerThanTheChunkStillGetsOneRowAPart) {
  auto p = MakePlan(Info(4096, 3), 100);
  EXPECT_EQ(p->rows_per_part, 1u);
  EXPECT_EQ(p->parts, 3u);
}

TEST(PlanTest, EmptyIndexHasNoParts) {
  auto p = MakePlan(Info(64, 0), uint64_t{1} << 30);
  EXPECT_EQ(p->parts, 0u);
  EXPECT_EQ(p->total_bytes, 0u);
}

TEST(PlanTest, BinaryVectorsAreBytes) {
  auto p = MakePlan(Info(256, 5, VectorType::kBinary), 64);
  EXPECT_EQ(p->vector_dtype, NpyDtype::kUint8);
  EXPECT_EQ(p->cols, 32u);
  EXPECT_EQ(p->row_bytes, 32u);
  EXPECT_EQ(p->rows_per_part, 2u);
}

TEST(PlanTest, BadShapesAreErrors) {
  EXPECT_THAT(MakePlan(Info(0, 5), 64).status().message(),
              HasSubstr("plan dump: d = 0, ntotal = 5 cannot be dumped"));
  EXPECT_THAT(MakePlan(Info(12, 5, VectorType::kBinary), 64).status().message(),
              HasSubstr("plan dump: binary d = 12 is not a multiple of 8"));
  EXPECT_THAT(MakePlan(Info(1 << 30, int64_t{1} << 62), 64).status().message(),
              HasSubstr("plan dump: vector bytes overflow"));
  // Vector bytes fit in 64 bits, the 8-byte ids of the same rows do not.
  EXPECT_THAT(MakePlan(Info(1, int64_t{1} << 61), uint64_t{1} << 30).status().message(),
              HasSubstr("plan dump: total bytes overflow"));
}

TEST(PlanTest, PartNames) {
  EXPECT_EQ(PartName(0), "part-00000");
  EXPECT_EQ(PartName(12345), "part-12345");
  EXPECT_EQ(PartName(123456), "part-123456");
}

}  // namespace
}  // namespace f2m
