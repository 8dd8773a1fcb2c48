#include "milvus/version.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m::milvus {
namespace {

using ::testing::HasSubstr;

ServerVersion V(std::string_view text) {
  StatusOr<ServerVersion> v = ParseServerVersion(text);
  EXPECT_TRUE(v.ok()) << v.status();
  return v.ok() ? *v : ServerVersion{};
}

TEST(ParseServerVersion, ReadsTheForms) {
  ServerVersion lite = V("v2.3.5-lite");
  EXPECT_EQ(std::tie(lite.major, lite.minor, lite.patch), std::make_tuple(2, 3, 5));
  EXPECT_EQ(lite.text, "v2.3.5-lite");
  ServerVersion plain = V("2.4.5");
  EXPECT_EQ(std::tie(plain.major, plain.minor, plain.patch), std::make_tuple(2, 4, 5));
  ServerVersion rc = V("v2.4.0-rc.1");
  EXPECT_EQ(std::tie(rc.major, rc.minor, rc.patch), std::make_tuple(2, 4, 0));
  ServerVersion two = V("v2.6");
  EXPECT_EQ(std::tie(two.major, two.minor, two.patch), std::make_tuple(2, 6, 0));
  ServerVersion dev = V("v2.2.16-dev+abc");
  EXPECT_EQ(dev.patch, 16);
}

TEST(ParseServerVersion, RejectsEmptyAndGarbage) {
  for (std::string_view bad : {"", "v", "latest", "2", "2.", "v.3.1"}) {
    StatusOr<ServerVersion> v = ParseServerVersion(bad);
    EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(v.status().message(), HasSubstr("parse milvus version")) << bad;
  }
}

TEST(ImportPolicyFor, TwoThreeIsOneInFlightWith900sExpiry) {
  for (std::string_view t : {"v2.3.5-lite", "v2.2.16"}) {
    ImportPolicy p = ImportPolicyFor(V(t));
    EXPECT_TRUE(p.allowed) << t;
    EXPECT_EQ(p.max_in_flight, 1) << t;
    ASSERT_TRUE(p.task_expiry.has_value()) << t;
    EXPECT_EQ(*p.task_expiry, Duration(900000)) << t;
  }
  EXPECT_TRUE(ImportPolicyFor(V("v2.3.5")).count_star);
  EXPECT_FALSE(ImportPolicyFor(V("v2.2.8")).count_star);
}

TEST(ImportPolicyFor, RefusesTwoFourZeroToThreeWithTheReason) {
  for (std::string_view t : {"v2.4.0", "v2.4.1", "v2.4.3-rc.2"}) {
    ImportPolicy p = ImportPolicyFor(V(t));
    EXPECT_FALSE(p.allowed) << t;
    EXPECT_THAT(p.refusal, HasSubstr("stats logs could be garbage-collected")) << t;
    EXPECT_THAT(p.refusal, HasSubstr(std::string(t))) << t;
  }
}

TEST(ImportPolicyFor, TwoFourFourAndLaterAllowSeveralWithoutExpiry) {
  for (std::string_view t : {"v2.4.4", "v2.5.27", "v2.6.6", "3.0.0"}) {
    ImportPolicy p = ImportPolicyFor(V(t));
    EXPECT_TRUE(p.allowed) << t;
    EXPECT_GT(p.max_in_flight, 1) << t;
    EXPECT_FALSE(p.task_expiry.has_value()) << t;
  }
}

TEST(ImportPolicyFor, RefusesBeforeTwoTwo) {
  ImportPolicy p = ImportPolicyFor(V("v2.1.4"));
  EXPECT_FALSE(p.allowed);
  EXPECT_THAT(p.refusal, HasSubstr("needs Milvus 2.2 or newer"));
}

}  // namespace
}  // namespace f2m::milvus
