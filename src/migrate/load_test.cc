#include "migrate/load.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

ManifestPart Part() {
  ManifestPart p;
  p.name = "part-00002";
  p.files = {{"id.npy", 1, ""}, {"data.npy", 2, ""}};
  return p;
}

TEST(PartFilesTest, RemoteTargetGivesBucketRelativeKeys) {
  Config config;
  config.target.mode = StorageMode::kRemote;
  auto files = PartFilesFor(config, "/testfiles/output/coll")(Part());
  EXPECT_EQ(files, (std::vector<std::string>{"testfiles/output/coll/part-00002/id.npy",
                                             "testfiles/output/coll/part-00002/data.npy"}));
}

TEST(PartFilesTest, LocalTargetGivesAbsolutePaths) {
  Config config;
  auto files = PartFilesFor(config, "/abs/out/./coll")(Part());
  EXPECT_EQ(files[0], "/abs/out/coll/part-00002/id.npy");
  auto rel = PartFilesFor(config, "out/coll")(Part());
  EXPECT_EQ(rel[1].front(), '/');
  EXPECT_THAT(rel[1], ::testing::EndsWith("/out/coll/part-00002/data.npy"));
}

TEST(TaskHasFilesTest, MatchesWholeCommaSeparatedNames) {
  milvus::ImportTaskState t;
  t.files = "o/c/part-00001/id.npy,o/c/part-00001/data.npy";
  EXPECT_TRUE(TaskHasFiles(t, {"o/c/part-00001/id.npy", "o/c/part-00001/data.npy"}));
  EXPECT_FALSE(TaskHasFiles(t, {"c/part-00001/id.npy"}));  // a suffix is not the file
  EXPECT_FALSE(TaskHasFiles(t, {"o/c/part-00001/id.npy", "o/c/part-00002/data.npy"}));
  EXPECT_FALSE(TaskHasFiles(t, {}));
}

}  // namespace
}  // namespace f2m
