// PartWriter's resume hooks (StartAt, KeepExisting) and its per-part callback; the full write
// path is covered through DumpIndex in dump_test.cc.
#include "migrate/part_writer.h"

#include <filesystem>

#include "gtest/gtest.h"

namespace f2m {
namespace {

namespace stdfs = std::filesystem;

class PartWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (stdfs::path(::testing::TempDir()) / "part_writer_test" /
            ::testing::UnitTest::GetInstance()->current_test_info()->name())
               .string();
    stdfs::remove_all(dir_);
    IndexInfo info;
    info.nodes.push_back({"IxF2", "IndexFlatL2", 0, {}});
    info.d = 1;
    info.ntotal = 10;
    info.metric_type = 1;
    auto plan = MakePlan(info, 12);  // 4-byte rows: 3 rows a part, 4 parts
    ASSERT_TRUE(plan.ok());
    plan_ = *plan;
    for (int i = 0; i < 10; ++i) {
      ids_.push_back(100 + i);
      rows_.push_back(static_cast<float>(i));
    }
  }
  // Appends rows [from, 10) one at a time.
  Status AppendFrom(PartWriter& w, size_t from) {
    for (size_t i = from; i < 10; ++i) {
      F2M_RETURN_IF_ERROR(w.Append(&ids_[i], reinterpret_cast<const uint8_t*>(&rows_[i]), 1));
    }
    return absl::OkStatus();
  }
  std::string dir_;
  DumpPlan plan_;
  std::vector<int64_t> ids_;
  std::vector<float> rows_;
  std::unique_ptr<FileSystem> fs_ = NewLocalFileSystem(false);
};

TEST_F(PartWriterTest, CallsBackAfterEachPartIsVisible) {
  PartWriter w(*fs_, dir_, plan_, "id", "data");
  std::vector<std::string> seen;
  w.OnPartDone([&](const ManifestPart& p) -> Status {
    EXPECT_TRUE(stdfs::exists(dir_ + "/" + p.name + "/data.npy"));
    seen.push_back(p.name);
    return absl::OkStatus();
  });
  ASSERT_TRUE(AppendFrom(w, 0).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"part-00000", "part-00001", "part-00002",
                                            "part-00003"}));
  EXPECT_TRUE(w.Finish().ok());
}

TEST_F(PartWriterTest, CallbackErrorStopsTheDump) {
  PartWriter w(*fs_, dir_, plan_, "id", "data");
  w.OnPartDone([](const ManifestPart&) { return absl::AbortedError("import failed"); });
  EXPECT_EQ(AppendFrom(w, 0).code(), absl::StatusCode::kAborted);
}

TEST_F(PartWriterTest, ResumesAtAPartAndDropsRowsOfExistingParts) {
  PartWriter w(*fs_, dir_, plan_, "id", "data");
  w.StartAt(1);
  w.KeepExisting({true, true, false, true});
  std::vector<std::string> seen;
  w.OnPartDone([&](const ManifestPart& p) -> Status {
    seen.push_back(p.name);
    EXPECT_EQ(p.row_begin, 6u);
    return absl::OkStatus();
  });
  ASSERT_TRUE(AppendFrom(w, 3).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"part-00002"}));
  EXPECT_FALSE(stdfs::exists(dir_ + "/part-00001"));
  EXPECT_FALSE(stdfs::exists(dir_ + "/part-00003"));
  EXPECT_TRUE(w.Finish().ok());  // every row accounted for
}

}  // namespace
}  // namespace f2m
