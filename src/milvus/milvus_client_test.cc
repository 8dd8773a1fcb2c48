// MilvusClient's collection calls and its use as the waiter's state source, against the
// in-process fake MilvusService (the choke point itself: rpc_caller_test.cc).
#include "milvus/milvus_client.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "milvus/fake_milvus_service.h"

namespace f2m::milvus {
namespace {

using ::testing::HasSubstr;

TEST_F(MilvusClientTest, CreateCollectionSendsInt64KeyAndVectorField) {
  CollectionSpec spec;
  spec.name = "faiss_ivf";
  spec.dim = 128;
  spec.kind = VectorKind::kBinary;
  spec.shards_num = 2;
  spec.description = "from ivf.index";
  ASSERT_TRUE(Client()->CreateCollection(spec).ok());
  mpb::CreateCollectionRequest req = fake_.created();
  EXPECT_EQ(req.collection_name(), "faiss_ivf");
  EXPECT_EQ(req.shards_num(), 2);
  spb::CollectionSchema schema;
  ASSERT_TRUE(schema.ParseFromString(req.schema()));
  EXPECT_EQ(schema.description(), "from ivf.index");
  ASSERT_EQ(schema.fields_size(), 2);
  EXPECT_EQ(schema.fields(0).name(), "id");
  EXPECT_EQ(schema.fields(0).data_type(), spb::Int64);
  EXPECT_TRUE(schema.fields(0).is_primary_key());
  EXPECT_FALSE(schema.fields(0).autoid());
  EXPECT_EQ(schema.fields(1).name(), "data");
  EXPECT_EQ(schema.fields(1).data_type(), spb::BinaryVector);
  ASSERT_EQ(schema.fields(1).type_params_size(), 1);
  EXPECT_EQ(schema.fields(1).type_params(0).value(), "128");
}

TEST_F(MilvusClientTest, CreateCollectionRejectsBadDimLocally) {
  CollectionSpec spec;
  spec.name = "b";
  spec.dim = 12;
  spec.kind = VectorKind::kBinary;
  EXPECT_THAT(Client()->CreateCollection(spec).message(), HasSubstr("multiple of 8"));
  EXPECT_EQ(fake_.calls_, 0);
}

TEST_F(MilvusClientTest, FailedImportStateCarriesReasonThroughTheWaiter) {
  std::unique_ptr<MilvusClient> client = Client();
  std::vector<int64_t> tasks = {4455};
  StatusOr<std::vector<ImportTaskState>> r = WaitForImports(*client, clock_, tasks, {});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(r.status().message(), HasSubstr("import task 4455 (files x/id.npy,x/data.npy)"));
  EXPECT_THAT(r.status().message(), HasSubstr("failed to get file size of 'x/id.npy'"));
}

TEST(MilvusClientCreate, RejectsBadConfig) {
  MilvusConfig config;
  config.endpoint = "";
  EXPECT_EQ(MilvusClient::Create(config).status().code(), absl::StatusCode::kInvalidArgument);
  config.endpoint = "h:1";
  config.password = "pw";
  EXPECT_THAT(MilvusClient::Create(config).status().message(),
              HasSubstr("a password without a username"));
}

}  // namespace
}  // namespace f2m::milvus
