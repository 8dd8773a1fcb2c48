// NewRemoteFileSystem's validation and how a config becomes S3 addressing (no network).
#include "storage/remote.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/s3_file_system.h"

namespace f2m {
namespace {

using ::testing::HasSubstr;

RemoteStorageConfig Minio() {
  RemoteStorageConfig c;
  c.endpoint = "127.0.0.1:9000";
  c.bucket = "a-bucket";
  c.access_key = "minioadmin";
  c.secret_key = "minioadmin";
  c.use_ssl = false;
  return c;
}

EnvLookup NoEnv() {
  return [](const char*) { return std::string(); };
}

TEST(RemoteConfigTest, CustomEndpointIsPathStyleAndUseSslPicksScheme) {
  auto o = S3OptionsFromConfig(Minio(), NoEnv());
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->scheme, "http");
  EXPECT_EQ(o->host, "127.0.0.1:9000");
  EXPECT_FALSE(o->virtual_host);
  EXPECT_EQ(o->region, "us-east-1");
  EXPECT_TRUE(o->sign_payload) << "plain http: the signed hash is the only integrity check";
  RemoteStorageConfig c = Minio();
  c.use_ssl = true;
  EXPECT_EQ(S3OptionsFromConfig(c, NoEnv())->scheme, "https");
  EXPECT_FALSE(S3OptionsFromConfig(c, NoEnv())->sign_payload);
  c.sign_payload = true;
  EXPECT_TRUE(S3OptionsFromConfig(c, NoEnv())->sign_payload);
  c.endpoint = "http://minio.local:9000/";
  auto explicit_scheme = S3OptionsFromConfig(c, NoEnv());
  EXPECT_EQ(explicit_scheme->scheme, "http");
  EXPECT_EQ(explicit_scheme->host, "minio.local:9000");
}

TEST(RemoteConfigTest, AwsIsVirtualHostExceptDottedBucketsOverTls) {
  RemoteStorageConfig c = Minio();
  c.endpoint = "";
  c.region = "eu-west-1";
  c.use_ssl = true;
  auto o = S3OptionsFromConfig(c, NoEnv());
  EXPECT_EQ(o->host, "s3.eu-west-1.amazonaws.com");
  EXPECT_TRUE(o->virtual_host);
  c.bucket = "my.dotted.bucket";
  EXPECT_FALSE(S3OptionsFromConfig(c, NoEnv())->virtual_host);
}

TEST(RemoteConfigTest, GcpDefaultsToTheXmlApi) {
  RemoteStorageConfig c = Minio();
  c.cloud = "gcp";
  c.endpoint = "";
  c.use_ssl = true;
  auto o = S3OptionsFromConfig(c, NoEnv());
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->host, "storage.googleapis.com");
  EXPECT_EQ(o->region, "auto");
  EXPECT_FALSE(o->virtual_host);
}

TEST(RemoteConfigTest, RejectsBadSettingsByName) {
  RemoteStorageConfig c = Minio();
  c.cloud = "oracle";
  EXPECT_THAT(std::string(NewRemoteFileSystem(c).status().message()), HasSubstr("unknown cloud"));
  c = Minio();
  c.bucket = "";
  EXPECT_THAT(std::string(NewRemoteFileSystem(c).status().message()), HasSubstr("bucket is empty"));
  c = Minio();
  c.part_size = 1 << 20;
  EXPECT_THAT(std::string(NewRemoteFileSystem(c).status().message()), HasSubstr("5 MiB"));
  c = Minio();
  c.max_parts_in_flight = 0;
  EXPECT_EQ(NewRemoteFileSystem(c).status().code(), absl::StatusCode::kInvalidArgument);
  c = Minio();
  c.endpoint = "http://user:pw@host:9000";
  EXPECT_EQ(NewRemoteFileSystem(c).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(RemoteConfigTest, UseIamIgnoresConfigKeysAndUsesTheChain) {
  RemoteStorageConfig c = Minio();
  c.use_iam = true;
  auto o = S3OptionsFromConfig(c, [](const char* name) {
    std::string n = name;
    if (n == "AWS_ACCESS_KEY_ID") return std::string("ENVAK");
    if (n == "AWS_SECRET_ACCESS_KEY") return std::string("ENVSK");
    return std::string();
  });
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->credentials.access_key, "ENVAK");
}

}  // namespace
}  // namespace f2m
