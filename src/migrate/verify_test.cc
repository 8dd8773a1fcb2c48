#include "migrate/verify.h"

#include "gtest/gtest.h"

namespace f2m {
namespace {

TEST(VerifyReportTest, SummarySaysWhatWasChecked) {
  VerifyReport r;
  r.count = 5000;
  r.sampled = 1000;
  EXPECT_EQ(r.Summary(), "count 5000, 1000 sampled vectors equal");
  r.recall = 0.99312;
  r.recall_enforced = true;
  EXPECT_EQ(r.Summary(), "count 5000, 1000 sampled vectors equal, recall@10 0.9931");
  r.recall_enforced = false;
  EXPECT_EQ(r.Summary(),
            "count 5000, 1000 sampled vectors equal, recall@10 0.9931 (approximate index: "
            "reported only)");
}

TEST(VerifyTest, WithoutAManifestIsNotFound) {
  Config config;
  config.target.local_output_dir = ::testing::TempDir() + "/verify_test_none";
  config.target.collection.name = "c";
  auto fs = NewLocalFileSystem(false);
  auto r = RunVerify(config, *fs, VerifyOptions{});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace f2m
