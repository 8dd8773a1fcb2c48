#include "base/status.h"

#include "base/le.h"
#include "base/log.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

StatusOr<int> Half(int x) {
  if (x % 2) return absl::InvalidArgumentError("odd");
  return x / 2;
}

StatusOr<int> Quarter(int x) {
  F2M_ASSIGN_OR_RETURN(int h, Half(x));
  F2M_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(StatusTest, AssignOrReturnPropagatesError) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status().message(), "odd");
}

TEST(StatusTest, AnnotateKeepsCodeAndPrefixes) {
  Status s = Annotate(absl::DataLossError("truncated at byte 41"), "read faiss header x.index");
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(s.message(), "read faiss header x.index: truncated at byte 41");
  EXPECT_TRUE(Annotate(absl::OkStatus(), "x").ok());
}

TEST(StatusTest, RetryableCodes) {
  EXPECT_TRUE(IsRetryable(absl::UnavailableError("")));
  EXPECT_FALSE(IsRetryable(absl::InvalidArgumentError("")));
}

TEST(LeTest, CheckedArithmetic) {
  EXPECT_FALSE(CheckedMul(1ull << 40, 1ull << 30).has_value());
  EXPECT_EQ(*CheckedMul(3, 4), 12u);
  EXPECT_FALSE(CheckedAdd(~0ull, 1).has_value());
  unsigned char b[4] = {0x49, 0x78, 0x46, 0x32};
  EXPECT_EQ(LoadLE<uint32_t>(b), 0x32467849u);
}

TEST(LogTest, RedactRemovesEverySecret) {
  EXPECT_EQ(Redact("ak=KEY sk=SECRET SECRET", {"SECRET", ""}), "ak=KEY sk=*** ***");
}

}  // namespace
}  // namespace f2m

namespace f2m {
namespace {
TEST(LogTest, InitLoggingTwiceIsSafe) {
  InitLogging(LogLevel::kWarn);
  InitLogging(LogLevel::kInfo);
  EXPECT_EQ(spdlog::get_level(), spdlog::level::info);
}
}  // namespace
}  // namespace f2m
