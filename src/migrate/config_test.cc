#include "migrate/config.h"

#include <cstdlib>
#include <map>

#include "base/strings.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/file_system.h"

namespace f2m {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

constexpr char kMinimal[] = R"(
source: {mode: local, local: {faissFile: x.index}}
target: {mode: local, local: {outputDir: out}, create: {collection: {name: c}}}
)";

StatusOr<Config> Parse(std::string_view yaml, std::vector<std::string>* warnings = nullptr) {
  return ParseConfig(yaml, "m.yaml", Env({}), warnings);
}

std::string ErrorOf(std::string_view yaml) {
  auto c = Parse(yaml);
  EXPECT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument) << c.status();
  return std::string(c.status().message());
}

TEST(ConfigTest, SeedConfigRunsUnchanged) {
  std::string dir = std::getenv("F2M_SOURCE_DIR") ? std::getenv("F2M_SOURCE_DIR") : ".";
  auto fs = NewLocalFileSystem(false);
  auto c = LoadConfig(*fs, dir + "/configs/migration.yaml", Env({}));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->dumper.worker_limit, 2);
  EXPECT_EQ(c->dumper.work_mode, "faiss");
  EXPECT_EQ(c->dumper.reader_buffer_size, 1024);
  EXPECT_EQ(c->dumper.writer_buffer_size, 1024);
  EXPECT_EQ(c->loader.worker_limit, 2);
  EXPECT_EQ(c->source.mode, StorageMode::kLocal);
  EXPECT_EQ(c->source.local_faiss_file, "./testfiles/faiss/faiss_ivf_flat.index");
  EXPECT_EQ(c->target.mode, StorageMode::kRemote);
  EXPECT_EQ(c->target.remote.endpoint, "127.0.0.1:9000");
  EXPECT_EQ(c->target.remote.bucket, "a-bucket");
  EXPECT_EQ(c->target.remote.ak, "minioadmin");
  EXPECT_FALSE(c->target.remote.use_ssl);
  EXPECT_TRUE(c->target.remote.check_bucket);
  EXPECT_EQ(c->target.milvus2x.endpoint, "localhost:19530");
  EXPECT_EQ(c->target.collection.name, "test1w");
  EXPECT_EQ(c->target.collection.shards_num, 2);
  EXPECT_EQ(c->target.collection.dim, 256);
  EXPECT_EQ(c->target.collection.metric_type, "L2");
  EXPECT_EQ(c->dumper.max_file_size, kDefaultMaxFileSize);
}

TEST(ConfigTest, LocalExampleParses) {
  std::string dir = std::getenv("F2M_SOURCE_DIR") ? std::getenv("F2M_SOURCE_DIR") : ".";
  auto fs = NewLocalFileSystem(false);
  auto c = LoadConfig(*fs, dir + "/configs/example-local.yaml", Env({}));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->target.mode, StorageMode::kLocal);
  EXPECT_FALSE(c->target.collection.dim.has_value());
  EXPECT_EQ(c->target.collection.description, "migrated from Faiss");
}

TEST(ConfigTest, DefaultsAndAdditions) {
  auto c = Parse(StrCat(kMinimal, R"(
dumper:
  chunk: {maxFileSize: 512MiB}
  faiss: {lossy: refuse, pretransform: keep, ivfdataFile: /d/x.ivfdata}
)"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->dumper.max_file_size, 512u << 20);
  EXPECT_EQ(c->target.collection.id_field, "id");
  EXPECT_EQ(c->target.collection.vector_field, "data");
  ReadOptions o = c->ToReadOptions();
  EXPECT_TRUE(o.refuse_lossy);
  EXPECT_TRUE(o.keep_pretransform);
  EXPECT_EQ(o.ivfdata_path, "/d/x.ivfdata");
}

TEST(ConfigTest, ShardsNumAndShardsNumsBothWork) {
  auto c = Parse(R"(
source: {local: {faissFile: x.index}}
target: {local: {outputDir: o}, create: {collection: {name: c, shardsNum: 3}}})");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->target.collection.shards_num, 3);
  // The seed's spelling is checked by SeedConfigRunsUnchanged (shardsNums: 2).
}

TEST(ConfigTest, SecretsComeFromTheEnvironmentWhenAbsent) {
  auto c = ParseConfig(kMinimal, "m.yaml",
                       Env({{"AWS_ACCESS_KEY_ID", "AK"}, {"AWS_SECRET_ACCESS_KEY", "SK"},
                            {"MILVUS_USERNAME", "u"}, {"MILVUS_PASSWORD", "pw"}}),
                       nullptr);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->target.remote.ak, "AK");
  EXPECT_EQ(c->source.remote.sk, "SK");
  EXPECT_EQ(c->target.milvus2x.username, "u");
  EXPECT_EQ(c->target.milvus2x.password, "pw");
  EXPECT_THAT(c->Redacted(), Not(HasSubstr("pw")));
  EXPECT_THAT(c->Redacted(), Not(HasSubstr("SK")));
  EXPECT_THAT(c->Redacted(), HasSubstr("target.milvus2x.password: ***"));
}

TEST(ConfigTest, UnknownKeysWarnWithTheirFullPath) {
  std::vector<std::string> warnings;
  auto c = Parse(StrCat(kMinimal, "dumper: {worker: {colour: blue}}\nextra: 1\n"), &warnings);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_THAT(warnings, ElementsAre("config dumper.worker.colour: unknown key, ignored",
                                    "config extra: unknown key, ignored"));
}

TEST(ConfigTest, LostNestingAtTopLevelIsNamed) {
  EXPECT_THAT(ErrorOf(StrCat(kMinimal, "name: test\n")),
              HasSubstr("config name: the nesting was lost: `name` belongs under "
                        "target.create.collection, not at the top level"));
}

TEST(ConfigTest, LostNestingUnderTheWrongParentIsNamed) {
  EXPECT_THAT(ErrorOf(R"(
target:
  create:
  collection:
    name: c)"),
              HasSubstr("config target.collection: the nesting was lost: `collection` belongs "
                        "under target.create, not under target"));
  EXPECT_THAT(ErrorOf("source:\n  faissFile: x.index\n"),
              HasSubstr("`faissFile` belongs under source.local or source.remote"));
  EXPECT_THAT(ErrorOf("endpoint: x\n"),
              HasSubstr("`endpoint` belongs under source.remote or target.remote or "
                        "target.milvus2x"));
}

TEST(ConfigTest, BadValuesNameTheKey) {
  EXPECT_THAT(ErrorOf("source: {mode: s3}"),
              HasSubstr("config source.mode: \"s3\": want one of local | remote"));
  EXPECT_THAT(ErrorOf("target: {remote: {cloud: ibm}}"),
              HasSubstr("config target.remote.cloud: \"ibm\": want one of aws | gcp | azure"));
  EXPECT_THAT(ErrorOf("dumper: {worker: {limit: -2}}"),
              HasSubstr("config dumper.worker.limit: \"-2\": want a whole number >= 1"));
  EXPECT_THAT(ErrorOf("target: {create: {collection: {metricType: MANHATTAN}}}"),
              HasSubstr("config target.create.collection.metricType: \"MANHATTAN\": want one of "
                        "L2 | IP | COSINE | HAMMING | JACCARD"));
  EXPECT_THAT(ErrorOf("target: {remote: {useSSL: maybe}}"),
              HasSubstr("config target.remote.useSSL: \"maybe\": want true or false"));
  EXPECT_THAT(ErrorOf("dumper: {faiss: {lossy: guess}}"),
              HasSubstr("config dumper.faiss.lossy: \"guess\": want one of decode | refuse"));
  EXPECT_THAT(ErrorOf("dumper: {chunk: {maxFileSize: 17GiB}}"),
              HasSubstr("config dumper.chunk.maxFileSize: \"17GiB\": want a size in bytes"));
}

TEST(ConfigTest, WrongShapesNameTheKey) {
  EXPECT_THAT(ErrorOf("target: local"),
              HasSubstr("config target: want a mapping of keys, not a single value"));
  EXPECT_THAT(ErrorOf("source: {mode: [local]}"),
              HasSubstr("config source.mode: want a single value, not a list"));
  EXPECT_THAT(ErrorOf("- a\n- b\n"), HasSubstr("parse config m.yaml: want a mapping of keys"));
  EXPECT_THAT(ErrorOf(""), HasSubstr("parse config m.yaml: the file is empty"));
  EXPECT_THAT(ErrorOf("a: [1, 2"), HasSubstr("parse config m.yaml: line "));
}

TEST(ConfigTest, MissingRequiredKeysAreNamed) {
  EXPECT_THAT(ErrorOf("target: {local: {outputDir: o}}"),
              HasSubstr("config source.local.faissFile: missing"));
  EXPECT_THAT(ErrorOf("source: {local: {faissFile: x}}"),
              HasSubstr("config target.local.outputDir: missing"));
  EXPECT_THAT(ErrorOf("source: {local: {faissFile: x}}\ntarget: {local: {outputDir: o}}"),
              HasSubstr("config target.create.collection.name: missing"));
  EXPECT_THAT(ErrorOf("source: {mode: remote, remote: {faissFile: x}}"),
              HasSubstr("config source.remote.bucket: missing"));
  EXPECT_THAT(ErrorOf("source: {mode: remote}"), HasSubstr("config source.remote.faissFile"));
  EXPECT_THAT(ErrorOf("source: {local: {faissFile: x}}\ntarget: {mode: remote}"),
              HasSubstr("config target.remote.outputDir: missing"));
  EXPECT_THAT(
      ErrorOf("source: {local: {faissFile: x}}\ntarget: {mode: remote, remote: {outputDir: o}}"),
      HasSubstr("config target.remote.bucket: missing"));
  EXPECT_THAT(ErrorOf(R"(
source: {local: {faissFile: x}}
target: {local: {outputDir: o}, create: {collection: {name: c, vectorField: id}}})"),
              HasSubstr("config target.create.collection.vectorField: \"id\": must differ"));
}

TEST(ByteSizeTest, AcceptsIntegersAndSuffixes) {
  EXPECT_EQ(*ParseByteSize("1073741824", "k"), 1073741824u);
  EXPECT_EQ(*ParseByteSize("512MiB", "k"), 512u << 20);
  EXPECT_EQ(*ParseByteSize("1 GiB", "k"), 1u << 30);
  EXPECT_EQ(*ParseByteSize("16GiB", "k"), 16ull << 30);
  EXPECT_EQ(*ParseByteSize("100MB", "k"), 100000000u);
  for (const char* bad : {"0", "-1", "1.5GiB", "10XB", "", "99999999999999999999", "GiB"}) {
    EXPECT_EQ(ParseByteSize(bad, "k").status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

IndexInfo Info(int d, int metric_type) {
  IndexInfo info;
  info.d = d;
  info.metric_type = metric_type;
  return info;
}

TEST(CheckAgainstIndexTest, AbsentDimAndMetricComeFromTheIndex) {
  auto c = Parse(kMinimal);
  EXPECT_TRUE(CheckAgainstIndex(*c, Info(128, 1), nullptr).ok());
}

TEST(CheckAgainstIndexTest, DimMismatchIsFailedPrecondition) {
  auto c = Parse(R"(
source: {local: {faissFile: x}}
target: {local: {outputDir: o}, create: {collection: {name: c, dim: 256}}})");
  Status s = CheckAgainstIndex(*c, Info(128, 1), nullptr);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "config target.create.collection.dim: 256 but the index has d = 128");
}

TEST(CheckAgainstIndexTest, MetricMismatchIsFailedPrecondition) {
  auto c = Parse(R"(
source: {local: {faissFile: x}}
target: {local: {outputDir: o}, create: {collection: {name: c, metricType: ip}}})");
  EXPECT_TRUE(CheckAgainstIndex(*c, Info(8, 0), nullptr).ok());
  Status s = CheckAgainstIndex(*c, Info(8, 1), nullptr);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "config target.create.collection.metricType: IP but the index has metric L2");
}

TEST(CheckAgainstIndexTest, CosineForAnIpIndexWarns) {
  auto c = Parse(R"(
source: {local: {faissFile: x}}
target: {local: {outputDir: o}, create: {collection: {name: c, metricType: COSINE}}})");
  std::vector<std::string> warnings;
  EXPECT_TRUE(CheckAgainstIndex(*c, Info(8, 0), &warnings).ok());
  EXPECT_THAT(warnings, ElementsAre(HasSubstr("COSINE for an IP index")));
  EXPECT_FALSE(CheckAgainstIndex(*c, Info(8, 1), nullptr).ok());
}

}  // namespace
}  // namespace f2m
