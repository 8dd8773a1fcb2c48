#include "migrate/manifest_store.h"

#include <filesystem>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

namespace stdfs = std::filesystem;

Manifest TwoParts() {
  Manifest m;
  m.state = "writing";
  m.collection = {"c", "id", "data"};
  m.parts.push_back({"part-00000", 0, 10, 10, kPartCompleted, {}, 41, {}, ""});
  m.parts.push_back({"part-00001", 10, 20, 10, kPartSubmitted, {}, 42, {7}, "gone"});
  m.load = {99, "importing"};
  return m;
}

class ManifestStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (stdfs::path(::testing::TempDir()) / "manifest_store_test" /
            ::testing::UnitTest::GetInstance()->current_test_info()->name())
               .string();
    stdfs::remove_all(dir_);
    stdfs::create_directories(dir_);
  }
  std::string dir_;
  std::unique_ptr<FileSystem> fs_ = NewLocalFileSystem(false);
};

TEST_F(ManifestStoreTest, EveryUpdateIsOnDiskWhenItReturns) {
  ManifestStore store(*fs_, dir_ + "/manifest.json", TwoParts());
  ASSERT_TRUE(store.Update([](Manifest& m) { m.parts[1].state = kPartCompleted; }).ok());
  auto read = ReadManifest(*fs_, dir_ + "/manifest.json");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->parts[1].state, kPartCompleted);
  EXPECT_EQ(read->parts[1].import_task, 42);
  EXPECT_EQ(store.Snapshot().parts[1].state, kPartCompleted);
}

TEST_F(ManifestStoreTest, ConcurrentUpdatesAreAllKept) {
  ManifestStore store(*fs_, dir_ + "/manifest.json", TwoParts());
  auto bump = [&](size_t part) {
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE(store.Update([&](Manifest& m) { m.parts[part].failed_tasks.push_back(i); }).ok());
    }
  };
  std::thread a(bump, 0), b(bump, 1);
  a.join();
  b.join();
  auto read = ReadManifest(*fs_, dir_ + "/manifest.json");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->parts[0].failed_tasks.size(), 20u);
  EXPECT_EQ(read->parts[1].failed_tasks.size(), 21u);
}

TEST_F(ManifestStoreTest, WriteErrorIsReportedWithTheStep) {
  ManifestStore store(*fs_, "/proc/no/such/dir/manifest.json", TwoParts());
  Status s = store.Flush();
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), ::testing::HasSubstr("record step in manifest"));
}

TEST(ForgetImportsTest, EveryPartBecomesWrittenAndTheCollectionIsForgotten) {
  Manifest m = TwoParts();
  ForgetImports(m);
  for (const ManifestPart& p : m.parts) {
    EXPECT_EQ(p.state, kPartWritten);
    EXPECT_EQ(p.import_task, 0);
    EXPECT_TRUE(p.failed_tasks.empty());
  }
  EXPECT_EQ(m.load.collection_id, 0);
}

}  // namespace
}  // namespace f2m
