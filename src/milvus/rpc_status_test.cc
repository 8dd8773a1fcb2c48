#include "milvus/rpc_status.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m::milvus {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace cpb = ::milvus::proto::common;

cpb::Status Milvus(int error_code, int code, std::string reason, bool retriable = false) {
  cpb::Status s;
  s.set_error_code(static_cast<cpb::ErrorCode>(error_code));
  s.set_code(code);
  s.set_reason(std::move(reason));
  s.set_retriable(retriable);
  return s;
}

TEST(Base64Encode, MatchesRfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("root:Milvus"), "cm9vdDpNaWx2dXM=");
  EXPECT_EQ(Base64Encode(std::string("\xff\x00\xfe", 3)), "/wD+");
}

TEST(BuildMetadata, AuthorizationOnlyWithAUserAndDbnameOnlyWithADatabase) {
  EXPECT_TRUE(BuildMetadata("", "", "").empty());
  Metadata md = BuildMetadata("root", "Milvus", "analytics");
  ASSERT_EQ(md.size(), 2u);
  EXPECT_EQ(md[0], (std::pair<std::string, std::string>("authorization", "cm9vdDpNaWx2dXM=")));
  EXPECT_EQ(md[1], (std::pair<std::string, std::string>("dbname", "analytics")));
  Metadata only_db = BuildMetadata("", "", "default");
  ASSERT_EQ(only_db.size(), 1u);
  EXPECT_EQ(only_db[0].first, "dbname");
}

TEST(ParseEndpoint, AcceptsTheConfigForms) {
  EXPECT_EQ(ParseEndpoint("localhost:19530")->target, "localhost:19530");
  EXPECT_EQ(ParseEndpoint("http://127.0.0.1:19530/")->target, "127.0.0.1:19530");
  EXPECT_EQ(ParseEndpoint("milvus.internal")->target, "milvus.internal:19530");
  EXPECT_EQ(ParseEndpoint("[::1]")->target, "[::1]:19530");
  EXPECT_EQ(ParseEndpoint("[::1]:1")->target, "[::1]:1");
  StatusOr<Endpoint> tls = ParseEndpoint("https://u:secret@z.cloud:443");
  ASSERT_TRUE(tls.ok());
  EXPECT_TRUE(tls->tls);
  EXPECT_EQ(tls->target, "z.cloud:443");  // user info dropped, never echoed
  EXPECT_FALSE(ParseEndpoint("http://h:1")->tls);
}

TEST(ParseEndpoint, RejectsEmptyHostOrPort) {
  EXPECT_THAT(ParseEndpoint("").status().message(), HasSubstr("target.milvus2x.endpoint"));
  EXPECT_EQ(ParseEndpoint("http://").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ParseEndpoint("h:").status().message(), HasSubstr("empty port"));
}

TEST(FromGrpcStatus, UnavailableSaysUnreachable) {
  Status s = FromGrpcStatus(grpc::Status(grpc::StatusCode::UNAVAILABLE, "failed to connect"),
                            "localhost:19530", "GetVersion", "", Duration(30000));
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(s.message(), "milvus localhost:19530: unreachable (failed to connect)");
}

TEST(FromGrpcStatus, UnauthenticatedKeepsTheServersText) {
  Status s = FromGrpcStatus(
      grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "auth check failure, please check"),
      "h:1", "HasCollection", "c", Duration(1000));
  EXPECT_EQ(s.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(s.message(), "milvus h:1: auth check failure, please check");
}

TEST(FromGrpcStatus, DeadlineNamesTheRpcAndTimeout) {
  Status s = FromGrpcStatus(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "x"), "h:1",
                            "Flush", "c", Duration(2500));
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(s.message(), "milvus h:1: Flush c: no answer within 2.5 s");
}

TEST(FromGrpcStatus, OtherCodesAreKeptAndOkIsOk) {
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK, "h:1", "X", "", Duration(1)).ok());
  Status s = FromGrpcStatus(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "too big"),
                            "h:1", "Query", "c", Duration(1));
  EXPECT_EQ(s, absl::ResourceExhaustedError("milvus h:1: Query c: too big"));
  EXPECT_EQ(FromGrpcStatus(grpc::Status(grpc::StatusCode::UNIMPLEMENTED, ""), "h:1", "Import", "",
                           Duration(1))
                .code(),
            absl::StatusCode::kUnimplemented);
}

TEST(FromMilvusStatus, SuccessNeedsBothCodesZero) {
  EXPECT_TRUE(FromMilvusStatus(Milvus(0, 0, ""), "X", "").ok());
  EXPECT_FALSE(FromMilvusStatus(Milvus(1, 0, "boom"), "X", "").ok());
  EXPECT_FALSE(FromMilvusStatus(Milvus(0, 5, "boom"), "X", "").ok());
}

TEST(FromMilvusStatus, LegacyErrorCodeFormFrom22) {
  Status s = FromMilvusStatus(Milvus(4, 0, "can't find collection: nope"), "DescribeCollection",
                              "nope");
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(),
            "milvus DescribeCollection nope: can't find collection: nope (error_code 4)");
  EXPECT_EQ(FromMilvusStatus(Milvus(7, 0, "bad dim"), "C", "").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FromMilvusStatus(Milvus(56, 0, "not ready"), "C", "").code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(FromMilvusStatus(Milvus(1, 0, "odd"), "C", "").code(), absl::StatusCode::kUnknown);
}

TEST(FromMilvusStatus, NewCodeFormFrom23WinsOverErrorCode) {
  // 2.3+ fills both; `code` is the precise one.
  Status s = FromMilvusStatus(Milvus(1, 100, "collection not found[collection=x]"),
                              "DescribeCollection", "x");
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(s.message(), HasSubstr("collection not found[collection=x] (code 100)"));
  EXPECT_EQ(FromMilvusStatus(Milvus(5, 1100, "invalid"), "C", "").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FromMilvusStatus(Milvus(0, 1800, "who"), "C", "").code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(FromMilvusStatus(Milvus(0, 1, "not ready"), "C", "").code(),
            absl::StatusCode::kUnavailable);
  // An unnamed new code falls back to the legacy error_code's meaning.
  EXPECT_EQ(FromMilvusStatus(Milvus(5, 65535, "x"), "C", "").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(FromMilvusStatus, CatchAllCodeForAMissingCollectionIsNotFound) {
  // Measured on 2.3.5: Import into a missing collection.
  Status s = FromMilvusStatus(
      Milvus(1, 65535, "attempt #7: collection not found[database=default][collection=x]"),
      "Import", "x");
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(FromMilvusStatus(Milvus(1, 65535, "create duplicate collection"), "C", "").code(),
            absl::StatusCode::kUnknown);
}

TEST(FromMilvusStatus, RetriableFlagMakesItRetryable) {
  Status s = FromMilvusStatus(Milvus(1, 5, "busy", /*retriable=*/true), "Import", "c");
  EXPECT_TRUE(IsRetryable(s)) << s;
}

TEST(FromMilvusStatus, EmptyReasonFallsBackToDetailThenAPlaceholder) {
  cpb::Status st = Milvus(1, 0, "");
  st.set_detail("detail text");
  EXPECT_THAT(FromMilvusStatus(st, "C", "").message(), HasSubstr("detail text"));
  EXPECT_THAT(FromMilvusStatus(Milvus(1, 0, ""), "C", "").message(),
              HasSubstr("failed without a reason"));
  EXPECT_THAT(FromMilvusStatus(Milvus(1, 0, "x"), "C", "").message(), Not(HasSubstr("  ")));
}

}  // namespace
}  // namespace f2m::milvus
