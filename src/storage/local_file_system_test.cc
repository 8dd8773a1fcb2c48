#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/file_system.h"

namespace f2m {
namespace {

class LocalFileSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("f2m_lfs_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
  std::unique_ptr<FileSystem> fs_ = NewLocalFileSystem(false);
};

TEST_F(LocalFileSystemTest, WriteIsInvisibleUntilClose) {
  std::string path = (dir_ / "a" / "b.bin").string();
  auto w = fs_->OpenForWrite(path);
  ASSERT_TRUE(w.ok()) << w.status();
  ASSERT_TRUE((*w)->Append("hello").ok());
  EXPECT_FALSE(std::filesystem::exists(path));
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_TRUE(std::filesystem::exists(path));
  auto data = ReadSmallFile(*fs_, path);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(*data, "hello");
}

TEST_F(LocalFileSystemTest, DroppedWriterLeavesNothing) {
  std::string path = (dir_ / "x.bin").string();
  {
    auto w = fs_->OpenForWrite(path);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Append("partial").ok());
  }
  auto files = fs_->List(dir_.string());
  ASSERT_TRUE(files.ok());
  EXPECT_TRUE(files->empty());
}

TEST_F(LocalFileSystemTest, MissingFileIsNotFoundAndNamed) {
  auto r = fs_->OpenForRead((dir_ / "nope.index").string());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(r.status().message()), ::testing::HasSubstr("nope.index"));
}

TEST_F(LocalFileSystemTest, ReadAtShortAtEnd) {
  std::string path = (dir_ / "r.bin").string();
  ASSERT_TRUE(WriteSmallFile(*fs_, path, "0123456789").ok());
  auto f = fs_->OpenForRead(path);
  ASSERT_TRUE(f.ok());
  char buf[8];
  auto n = (*f)->ReadAt(6, 8, buf);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 4u);
  EXPECT_EQ(std::string(buf, 4), "6789");
}

TEST_F(LocalFileSystemTest, UnwritableFolderIsPermissionDenied) {
  if (::geteuid() == 0) {
    // root can write anywhere; use a path under a regular file instead.
    std::string file = (dir_ / "plain").string();
    ASSERT_TRUE(WriteSmallFile(*fs_, file, "x").ok());
    Status s = fs_->CheckWritable(file + "/sub");
    EXPECT_FALSE(s.ok());
    EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("plain/sub"));
    return;
  }
}

}  // namespace
}  // namespace f2m
