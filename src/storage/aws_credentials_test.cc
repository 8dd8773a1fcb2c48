#include "storage/aws_credentials.h"

#include <filesystem>
#include <fstream>
#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](const char* name) {
    auto it = vars.find(name);
    return it == vars.end() ? std::string() : it->second;
  };
}

TEST(AwsCredentialsTest, ConfigKeysWin) {
  auto c = ResolveAwsCredentials(
      "AK", "SK", Env({{"AWS_ACCESS_KEY_ID", "ENVAK"}, {"AWS_SECRET_ACCESS_KEY", "ENVSK"}}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key, "AK");
  EXPECT_EQ(c->secret_key, "SK");
}

TEST(AwsCredentialsTest, HalfAConfigPairIsInvalid) {
  auto c = ResolveAwsCredentials("AK", "", Env({}));
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(AwsCredentialsTest, EnvironmentWithSessionToken) {
  auto c = ResolveAwsCredentials("", "",
                                 Env({{"AWS_ACCESS_KEY_ID", "A"},
                                      {"AWS_SECRET_ACCESS_KEY", "S"},
                                      {"AWS_SESSION_TOKEN", "T"}}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->session_token, "T");
}

TEST(AwsCredentialsTest, SharedFileProfile) {
  auto dir = std::filesystem::temp_directory_path() / ("f2m_aws_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "credentials") << "[default]\naws_access_key_id = D\naws_secret_access_key = "
                                        "DS\n\n[ci]\naws_access_key_id=C\naws_secret_access_key="
                                        "CS\naws_session_token = CT\n";
  std::string file = (dir / "credentials").string();
  auto def = ResolveAwsCredentials("", "", Env({{"AWS_SHARED_CREDENTIALS_FILE", file}}));
  ASSERT_TRUE(def.ok()) << def.status();
  EXPECT_EQ(def->access_key, "D");
  auto ci = ResolveAwsCredentials(
      "", "", Env({{"AWS_SHARED_CREDENTIALS_FILE", file}, {"AWS_PROFILE", "ci"}}));
  ASSERT_TRUE(ci.ok());
  EXPECT_EQ(ci->secret_key, "CS");
  EXPECT_EQ(ci->session_token, "CT");
  auto missing = ResolveAwsCredentials(
      "", "", Env({{"AWS_SHARED_CREDENTIALS_FILE", file}, {"AWS_PROFILE", "nope"}}));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("profile nope not found"));
  EXPECT_THAT(std::string(missing.status().message()), Not(HasSubstr("DS")));
  std::filesystem::remove_all(dir);
}

TEST(AwsCredentialsTest, WebIdentityIsDetectedAndReportedUnsupported) {
  auto c = ResolveAwsCredentials(
      "", "", Env({{"AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token"}, {"HOME", "/nonexistent"}}));
  EXPECT_EQ(c.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("AWS_WEB_IDENTITY_TOKEN_FILE"));
}

TEST(AwsCredentialsTest, NothingFoundSaysWhatWasTried) {
  auto c = ResolveAwsCredentials("", "", Env({{"HOME", "/nonexistent"}}));
  EXPECT_EQ(c.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(std::string(c.status().message()),
              HasSubstr("AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, /nonexistent/.aws/credentials"));
}

TEST(AwsCredentialsTest, ParseAcceptsProfilePrefixAndComments) {
  auto c = ParseAwsCredentialsFile(
      "# c\n[profile x]\n; c\naws_access_key_id=a\n"
      "aws_secret_access_key=b\n",
      "x");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key, "a");
}

}  // namespace
}  // namespace f2m
