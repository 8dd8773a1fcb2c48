#include "migrate/collection_setup.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

using ::testing::HasSubstr;
using milvus::DataType;

Manifest IvfManifest() {
  Manifest m;
  m.source.path = "/data/ivf.index";
  m.index.type_tree = "IwFl(IndexIVFFlat) > IxF2(IndexFlatL2)";
  m.index.d = 128;
  m.index.ntotal = 1000;
  m.index.metric = "L2";
  m.index.vector_type = "float32";
  m.index.milvus_index_type = "IVF_FLAT";
  m.index.milvus_index_params = {{"nlist", "1024"}};
  m.collection = {"coll", "pk", "vec"};
  return m;
}

milvus::CollectionInfo Existing(int64_t dim, bool auto_id = false) {
  milvus::CollectionInfo info;
  info.name = "coll";
  info.fields.push_back({"pk", static_cast<int>(DataType::kInt64), true, auto_id, 0});
  info.fields.push_back({"vec", static_cast<int>(DataType::kFloatVector), false, false, dim});
  return info;
}

TEST(CollectionSetupTest, SpecNamesTheSourceAndItsTypeTree) {
  Config config;
  config.target.collection.shards_num = 2;
  config.target.collection.description = "ours";
  milvus::CollectionSpec s = CollectionSpecFor(IvfManifest(), config);
  EXPECT_EQ(s.name, "coll");
  EXPECT_EQ(s.dim, 128);
  EXPECT_EQ(s.kind, milvus::VectorKind::kFloat);
  EXPECT_EQ(s.id_field, "pk");
  EXPECT_EQ(s.vector_field, "vec");
  EXPECT_EQ(s.shards_num, 2);
  EXPECT_EQ(s.description,
            "ours; migrated by faiss2milvus from /data/ivf.index "
            "(IwFl(IndexIVFFlat) > IxF2(IndexFlatL2))");
}

TEST(CollectionSetupTest, IndexFollowsTheFaissIndexWithNumericParams) {
  milvus::IndexSpec ix = IndexSpecFor(IvfManifest(), Config{});
  EXPECT_EQ(ix.field, "vec");
  EXPECT_EQ(ix.index_type, "IVF_FLAT");
  EXPECT_EQ(ix.metric_type, "L2");
  EXPECT_EQ(ix.params_json, "{\"nlist\":1024}");
}

TEST(CollectionSetupTest, ConfiguredMetricWinsAndBinaryDefaultsToBinFlatHamming) {
  Config config;
  config.target.collection.metric_type = "COSINE";
  EXPECT_EQ(IndexSpecFor(IvfManifest(), config).metric_type, "COSINE");
  Manifest m = IvfManifest();
  m.index.vector_type = "binary";
  m.index.milvus_index_type.clear();
  m.index.milvus_index_params.clear();
  milvus::IndexSpec ix = IndexSpecFor(m, Config{});
  EXPECT_EQ(ix.index_type, "BIN_FLAT");
  EXPECT_EQ(ix.metric_type, "HAMMING");
  EXPECT_EQ(ix.params_json, "{}");
  EXPECT_EQ(CollectionSpecFor(m, Config{}).kind, milvus::VectorKind::kBinary);
}

TEST(CollectionSetupTest, CompatibleExistingCollectionPasses) {
  milvus::CollectionSpec want = CollectionSpecFor(IvfManifest(), Config{});
  EXPECT_TRUE(CheckCompatible(Existing(128), want).ok());
}

TEST(CollectionSetupTest, OtherDimIsAPreconditionNamingBothSides) {
  milvus::CollectionSpec want = CollectionSpecFor(IvfManifest(), Config{});
  Status s = CheckCompatible(Existing(64), want);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("field vec FloatVector(dim 64) in milvus, the dump needs "
                                     "vec FloatVector(dim 128)"));
}

TEST(CollectionSetupTest, AutoIdKeyOrMissingFieldIsRefused) {
  milvus::CollectionSpec want = CollectionSpecFor(IvfManifest(), Config{});
  EXPECT_THAT(CheckCompatible(Existing(128, true), want).message(),
              HasSubstr("pk Int64 primary auto_id in milvus"));
  milvus::CollectionInfo other = Existing(128);
  other.fields[1].name = "embedding";
  EXPECT_THAT(CheckCompatible(other, want).message(), HasSubstr("field missing in milvus"));
}

TEST(CollectionSetupTest, UnreachableMilvusNamesTheEndpoint) {
  Config config;
  config.target.milvus2x.endpoint = "127.0.0.1:1";
  auto t = ConnectMilvus(config);
  EXPECT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("connect to milvus 127.0.0.1:1"));
}

}  // namespace
}  // namespace f2m
