// The RPC choke point (rpc_caller.h) end to end over real gRPC, through MilvusClient, against
// an in-process fake MilvusService: metadata, deadline, both common.Status forms, retry policy.
#include "milvus/rpc_caller.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "milvus/fake_milvus_service.h"
#include "milvus/rpc_status.h"

namespace f2m::milvus {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using RpcCallerTest = MilvusClientTest;

TEST_F(RpcCallerTest, SendsAuthorizationDbnameAndDeadline) {
  MilvusConfig config;
  config.username = "root";
  config.password = "Milvus";
  config.database = "analytics";
  config.rpc_timeout = Duration(7000);
  StatusOr<std::string> v = Client(config)->GetVersion();
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(*v, "v2.3.5-lite");
  EXPECT_EQ(fake_.LastMetadata("authorization"), "cm9vdDpNaWx2dXM=");
  EXPECT_EQ(fake_.LastMetadata("dbname"), "analytics");
  EXPECT_GT(fake_.LastBudget(), Duration(5000));
  EXPECT_LE(fake_.LastBudget(), Duration(7000));
}

TEST_F(RpcCallerTest, NoUserMeansNoAuthorizationHeader) {
  ASSERT_TRUE(Client()->GetVersion().ok());
  EXPECT_EQ(fake_.LastMetadata("authorization"), "<absent>");
  EXPECT_EQ(fake_.LastMetadata("dbname"), "<absent>");
}

TEST_F(RpcCallerTest, ReplyErrorCodeFormBecomesOurError) {
  StatusOr<bool> has = Client()->HasCollection("1x");
  EXPECT_EQ(has.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(has.status().message(),
              HasSubstr("milvus HasCollection 1x: invalid collection name: 1x (error_code 5)"));
  EXPECT_EQ(fake_.calls_, 1);  // not retried
}

TEST_F(RpcCallerTest, ReplyCodeFormBecomesNotFound) {
  StatusOr<CollectionInfo> info = Client()->DescribeCollection("nope");
  EXPECT_EQ(info.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(info.status().message(),
              HasSubstr("collection not found[collection=nope] (code 100)"));
}

TEST_F(RpcCallerTest, NotReadyIsRetriedThroughThePolicy) {
  fake_.not_ready_left_ = 2;
  StatusOr<std::string> v = Client()->GetVersion();
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(fake_.calls_, 3);
  EXPECT_EQ(clock_.sleeps().size(), 2u);
}

TEST_F(RpcCallerTest, UnauthenticatedKeepsServerTextAndNoSecret) {
  fake_.unauthenticated_ = true;
  MilvusConfig config;
  config.username = "root";
  config.password = "s3cr3t-pw";
  StatusOr<std::string> v = Client(config)->GetVersion();
  EXPECT_EQ(v.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(v.status().message(), HasSubstr("auth check failure, please check username"));
  EXPECT_THAT(v.status().message(), Not(HasSubstr("s3cr3t-pw")));
  EXPECT_THAT(v.status().message(), Not(HasSubstr(Base64Encode("root:s3cr3t-pw"))));
  EXPECT_EQ(fake_.calls_, 1);
}

TEST_F(RpcCallerTest, ImportIsNotRetriedAfterATimeout) {
  fake_.import_delay_ms_ = 600;
  MilvusConfig config;
  config.rpc_timeout = Duration(200);
  std::vector<std::string> files = {"/tmp/p/id.npy", "/tmp/p/data.npy"};
  StatusOr<std::vector<int64_t>> tasks = Client(config)->Import("c", files);
  EXPECT_EQ(tasks.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(tasks.status().message(), HasSubstr("Import c: no answer within 0.2 s"));
  EXPECT_EQ(fake_.calls_, 1);
}

TEST(RpcCallerUnreachable, SaysUnreachableAfterRetrying) {
  FakeClock clock;
  MilvusConfig config;
  config.endpoint = "127.0.0.1:1";  // nothing listens on port 1
  config.retry.max_attempts = 3;
  StatusOr<std::unique_ptr<MilvusClient>> c = MilvusClient::Create(config, clock);
  ASSERT_TRUE(c.ok());
  StatusOr<std::string> v = (*c)->GetVersion();
  EXPECT_EQ(v.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(v.status().message(), HasSubstr("milvus 127.0.0.1:1: unreachable ("));
  EXPECT_THAT(v.status().message(), HasSubstr("(after 3 attempts)"));
}

}  // namespace
}  // namespace f2m::milvus
