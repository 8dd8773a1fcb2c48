#include "format/manifest.h"

#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace f2m {
namespace {

using ::testing::HasSubstr;

Manifest Sample() {
  Manifest m;
  m.tool_version = "0.1.0";
  m.state = kManifestStateComplete;
  m.source = {"/data/x.index", 123, 1700000000000000000};
  m.index = {"IxMp(IndexIDMap) > IxF2(IndexFlatL2)", 128, 1000, "L2", 1, "float32", "id_map",
             true};
  m.collection = {"test", "id", "data"};
  m.rows_per_part = 2097152;
  m.parts.push_back({"part-00000", 0, 1000, 1000, "written",
                     {{"id.npy", 8128, "ab"}, {"data.npy", 512128, "cd"}}});
  return m;
}

TEST(ManifestTest, JsonFollowsTheDocumentedSchema) {
  auto j = nlohmann::ordered_json::parse(ManifestToJson(Sample()));
  std::vector<std::string> keys;
  for (auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_THAT(keys, ::testing::ElementsAre("format", "version", "tool_version", "state", "source",
                                           "index", "collection", "rows_per_part", "parts",
                                           "load"));
  EXPECT_EQ(j["format"], "faiss2milvus-manifest");
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["source"]["mtime_ns"], 1700000000000000000);
  EXPECT_EQ(j["index"]["type_tree"], "IxMp(IndexIDMap) > IxF2(IndexFlatL2)");
  EXPECT_EQ(j["parts"][0]["files"][1]["bytes"], 512128);
}

TEST(ManifestTest, RoundTrips) {
  auto m = ManifestFromJson(ManifestToJson(Sample()), "m.json");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(ManifestToJson(*m), ManifestToJson(Sample()));
}

TEST(ManifestTest, LoadStatesRoundTrip) {
  Manifest in = Sample();
  in.index.milvus_index_type = "IVF_FLAT";
  in.index.milvus_index_params = {{"nlist", "64"}};
  in.parts[0].state = kPartSubmitted;
  in.parts[0].import_task = 4242;
  in.parts[0].failed_tasks = {7, 8};
  in.parts[0].failed_reason = "failed to get file size";
  in.load = {99, "importing"};
  auto m = ManifestFromJson(ManifestToJson(in), "m.json");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->parts[0].import_task, 4242);
  EXPECT_EQ(m->parts[0].failed_tasks, (std::vector<int64_t>{7, 8}));
  EXPECT_EQ(m->parts[0].failed_reason, "failed to get file size");
  EXPECT_EQ(m->load.collection_id, 99);
  EXPECT_EQ(m->load.state, "importing");
  EXPECT_EQ(m->index.milvus_index_params[0].second, "64");
  EXPECT_EQ(ManifestToJson(*m), ManifestToJson(in));
}

TEST(ManifestTest, ManifestOfADumpWithoutLoadKeysReads) {
  auto j = nlohmann::ordered_json::parse(ManifestToJson(Sample()));
  j.erase("load");
  j["index"].erase("milvus_index_type");
  j["index"].erase("milvus_index_params");
  auto m = ManifestFromJson(j.dump(), "m.json");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->parts[0].import_task, 0);
  EXPECT_EQ(m->load.state, "");
}

TEST(ManifestTest, NotJsonIsDataLoss) {
  auto m = ManifestFromJson("{oops", "out/manifest.json");
  EXPECT_EQ(m.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(m.status().message(), HasSubstr("parse manifest out/manifest.json: not valid JSON"));
}

TEST(ManifestTest, ForeignJsonIsRefused) {
  auto m = ManifestFromJson(R"({"format": "other"})", "m.json");
  EXPECT_THAT(m.status().message(), HasSubstr("parse manifest m.json: not a manifest"));
}

TEST(ManifestTest, NewerVersionIsRefused) {
  auto m = ManifestFromJson(R"({"format": "faiss2milvus-manifest", "version": 2})", "m.json");
  EXPECT_THAT(m.status().message(), HasSubstr("parse manifest m.json: version 2 is not 1"));
}

TEST(ManifestTest, MissingKeyIsNamed) {
  auto m = ManifestFromJson(R"({"format": "faiss2milvus-manifest", "version": 1})", "m.json");
  EXPECT_THAT(m.status().message(), HasSubstr("parse manifest m.json:"));
  EXPECT_THAT(m.status().message(), HasSubstr("tool_version"));
}

TEST(ManifestTest, WritesAndReadsThroughAFileSystem) {
  auto dir = std::filesystem::path(::testing::TempDir()) / "manifest_test";
  std::filesystem::remove_all(dir);
  auto fs = NewLocalFileSystem(false);
  std::string path = (dir / kManifestName).string();
  ASSERT_TRUE(WriteManifest(*fs, path, Sample()).ok());
  auto m = ReadManifest(*fs, path);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->parts[0].files[0].name, "id.npy");
  EXPECT_EQ(ReadManifest(*fs, (dir / "none.json").string()).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace f2m
