#include "migrate/dump.h"

#include <cstring>
#include <filesystem>

#include "format/manifest.h"
#include "format/npy_writer.h"
#include "base/sha256.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "migrate/fake_index_for_test.h"

namespace f2m {
namespace {

using ::testing::HasSubstr;
namespace stdfs = std::filesystem;

IndexInfo FloatInfo(int d, int64_t ntotal, int metric_type = 1) {
  IndexInfo info;
  info.nodes.push_back({"IxF2", "IndexFlatL2", 0, {}});
  info.d = d;
  info.ntotal = ntotal;
  info.metric_type = metric_type;
  return info;
}

std::vector<int64_t> Ids(size_t n) {
  std::vector<int64_t> ids(n);
  for (size_t i = 0; i < n; ++i) ids[i] = static_cast<int64_t>(i * 1000003 + (int64_t{1} << 40));
  return ids;
}

class DumpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (stdfs::path(::testing::TempDir()) / "dump_test" /
            ::testing::UnitTest::GetInstance()->current_test_info()->name())
               .string();
    stdfs::remove_all(dir_);
    config_.source.local_faiss_file = "fake.index";
    config_.target.local_output_dir = dir_;
    config_.target.collection.name = "coll";
    out_ = dir_ + "/coll";
    options_.batch_bytes = 20;  // tiny batches: 1-2 rows, to cross part boundaries mid-batch
  }

  StatusOr<DumpResult> Run(const FakeIndex& index, int64_t mtime = 1) {
    SourceIdentity source{"fake.index", {123, mtime}};
    return DumpIndex(config_, index, source, *fs_, out_, nullptr, options_);
  }

  std::string Read(const std::string& rel) {
    auto s = ReadSmallFile(*fs_, out_ + "/" + rel);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *s : "";
  }

  std::string dir_, out_;
  Config config_;
  DumpOptions options_;
  std::unique_ptr<FileSystem> fs_ = NewLocalFileSystem(false);
};

TEST_F(DumpTest, WritesPartsAndManifest) {
  config_.dumper.max_file_size = 36;  // d = 3: 12 bytes a row, 3 rows a part
  FakeIndex index(FloatInfo(3, 10), Ids(10));
  auto r = Run(index);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->parts, 4u);
  EXPECT_EQ(r->rows, 10u);
  EXPECT_FALSE(r->already_dumped);

  auto m = ReadManifest(*fs_, out_ + "/manifest.json");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->state, "complete");
  EXPECT_EQ(m->index.type_tree, "IxF2(IndexFlatL2)");
  EXPECT_EQ(m->index.metric, "L2");
  EXPECT_EQ(m->rows_per_part, 3u);
  ASSERT_EQ(m->parts.size(), 4u);
  uint64_t row = 0;
  for (uint64_t p = 0; p < 4; ++p) {
    const ManifestPart& part = m->parts[p];
    EXPECT_EQ(part.name, StrCat("part-0000", p));
    EXPECT_EQ(part.row_begin, row);
    std::string ids = Read(part.name + "/id.npy");
    std::string vecs = Read(part.name + "/data.npy");
    EXPECT_EQ(ids.substr(0, 128), NpyHeader(NpyDtype::kInt64, {part.rows}));
    EXPECT_EQ(vecs.substr(0, 128), NpyHeader(NpyDtype::kFloat32, {part.rows, 3}));
    ASSERT_EQ(ids.size(), 128 + part.rows * 8);
    ASSERT_EQ(vecs.size(), 128 + part.rows * 12);
    for (uint64_t i = 0; i < part.rows; ++i, ++row) {
      int64_t id;
      std::memcpy(&id, ids.data() + 128 + i * 8, 8);
      EXPECT_EQ(id, Ids(10)[row]);
      EXPECT_EQ(vecs.substr(128 + i * 12, 12),
                std::string(reinterpret_cast<const char*>(index.Row(row).data()), 12));
    }
    EXPECT_EQ(part.files[0].sha256, Sha256Hex(ids));
    EXPECT_EQ(part.files[1].bytes, vecs.size());
    EXPECT_EQ(part.files[1].sha256, Sha256Hex(vecs));
  }
  EXPECT_EQ(row, 10u);
}

TEST_F(DumpTest, BinaryVectorsAndCustomFieldNames) {
  config_.target.collection.id_field = "pk";
  config_.target.collection.vector_field = "vec";
  IndexInfo info = FloatInfo(64, 5);
  info.vector_type = VectorType::kBinary;
  FakeIndex index(info, Ids(5));
  ASSERT_TRUE(Run(index).ok());
  EXPECT_EQ(Read("part-00000/vec.npy").substr(0, 128), NpyHeader(NpyDtype::kUint8, {5, 8}));
  EXPECT_EQ(Read("part-00000/pk.npy").size(), 128u + 5 * 8);
}

TEST_F(DumpTest, EmptyIndexHasNoParts) {
  FakeIndex index(FloatInfo(8, 0), {});
  auto r = Run(index);
  ASSERT_TRUE(r.ok()) << r.status();
  auto m = ReadManifest(*fs_, out_ + "/manifest.json");
  EXPECT_EQ(m->state, "complete");
  EXPECT_TRUE(m->parts.empty());
}

TEST_F(DumpTest, SecondRunOfTheSameSourceIsAlreadyDumped) {
  FakeIndex index(FloatInfo(4, 7), Ids(7));
  ASSERT_TRUE(Run(index).ok());
  auto r = Run(index);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->already_dumped);
  EXPECT_EQ(r->rows, 7u);
}

TEST_F(DumpTest, ChangedSourceReplacesStaleParts) {
  config_.dumper.max_file_size = 16;  // 1 row a part: 7 parts
  FakeIndex index(FloatInfo(4, 7), Ids(7));
  ASSERT_TRUE(Run(index).ok());
  ASSERT_TRUE(stdfs::exists(out_ + "/part-00006/data.npy"));
  config_.dumper.max_file_size = 1 << 20;
  auto r = Run(index, /*mtime=*/2);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->already_dumped);
  EXPECT_EQ(r->parts, 1u);
  EXPECT_FALSE(stdfs::exists(out_ + "/part-00006/data.npy"));
}

TEST_F(DumpTest, UnreadableOldManifestIsReplaced) {
  ASSERT_TRUE(WriteSmallFile(*fs_, out_ + "/manifest.json", "{garbage").ok());
  FakeIndex index(FloatInfo(4, 7), Ids(7));
  auto r = Run(index);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->already_dumped);
  EXPECT_EQ(ReadManifest(*fs_, out_ + "/manifest.json")->state, "complete");
}

TEST_F(DumpTest, ReadErrorLeavesNoCompleteManifest) {
  FakeIndex good(FloatInfo(4, 7), Ids(7));
  ASSERT_TRUE(Run(good).ok());
  FakeIndex bad(FloatInfo(4, 7), Ids(7));
  bad.fail_after_rows = 3;
  auto r = Run(bad, /*mtime=*/2);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(r.status().message(),
              HasSubstr("dump fake.index: read fake.index: truncated at byte 4242"));
  EXPECT_FALSE(stdfs::exists(out_ + "/manifest.json"));
}

TEST_F(DumpTest, MoreRowsThanNtotalIsDataLoss) {
  FakeIndex index(FloatInfo(4, 7), Ids(7));
  index.extra_rows = 2;
  EXPECT_THAT(Run(index).status().message(),
              HasSubstr("dump vectors: the index yields more rows than its ntotal = 7"));
  EXPECT_FALSE(stdfs::exists(out_ + "/manifest.json"));
}

TEST_F(DumpTest, FewerRowsThanNtotalIsDataLoss) {
  FakeIndex index(FloatInfo(4, 7), Ids(7));
  index.missing_rows = 2;
  EXPECT_THAT(Run(index).status().message(),
              HasSubstr("dump vectors: the index yielded 5 rows but its header says ntotal = 7"));
  EXPECT_FALSE(stdfs::exists(out_ + "/manifest.json"));
}

TEST_F(DumpTest, MetricWithoutMilvusEquivalentIsRefused) {
  FakeIndex index(FloatInfo(4, 7, /*L1=*/2), Ids(7));
  auto r = Run(index);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(r.status().message(),
              HasSubstr("dump fake.index: metric L1 has no Milvus equivalent"));
}

TEST_F(DumpTest, ConfigDimMismatchIsRefused) {
  config_.target.collection.dim = 256;
  FakeIndex index(FloatInfo(128, 7), Ids(7));
  EXPECT_EQ(Run(index).status().message(),
            "config target.create.collection.dim: 256 but the index has d = 128");
}

TEST_F(DumpTest, InterruptLeavesNoManifest) {
  std::atomic<bool> cancel{true};
  options_.cancel = &cancel;
  FakeIndex index(FloatInfo(4, 7), Ids(7));
  auto r = Run(index);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kCancelled);
  EXPECT_THAT(r.status().message(), HasSubstr("dump fake.index: interrupted"));
  EXPECT_FALSE(stdfs::exists(out_ + "/manifest.json"));
}

TEST_F(DumpTest, UnwritableOutputFolderIsNamed) {
  std::string file = dir_ + "/a-file";
  ASSERT_TRUE(WriteSmallFile(*fs_, file, "x").ok());
  config_.target.local_output_dir = file;
  auto r = Dump(config_, *fs_, *fs_, nullptr, options_);
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr(file + "/coll"));
}

TEST_F(DumpTest, MissingSourceIsNotFound) {
  config_.source.local_faiss_file = dir_ + "/none.index";
  auto r = Dump(config_, *fs_, *fs_, nullptr, options_);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(r.status().message(), HasSubstr("none.index"));
}

TEST_F(DumpTest, RemoteTargetWritesUnderTheBucketOutputDir) {
  config_.target.mode = StorageMode::kRemote;
  config_.target.remote.path = "testfiles/output/";
  config_.target.remote.bucket = "a-bucket";
  config_.target.remote.endpoint = "127.0.0.1:1";
  config_.target.remote.ak = "ak";
  config_.target.remote.sk = "sk";
  config_.target.remote.use_ssl = false;
  auto sides = OpenDumpSides(config_, *fs_, *fs_, /*check_target=*/false);
  ASSERT_TRUE(sides.ok()) << sides.status();
  EXPECT_EQ(sides->output_dir, "testfiles/output/coll");
  EXPECT_NE(sides->target_fs, fs_.get());
  EXPECT_EQ(sides->source_fs, fs_.get());
}

}  // namespace
}  // namespace f2m
