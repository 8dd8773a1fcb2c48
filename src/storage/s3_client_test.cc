// S3 addressing and error mapping without a server: URL styles, key encoding, and what each S3
// error answer becomes (code and message), including that no secret reaches a message.
#include "storage/s3_client.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

using ::testing::HasSubstr;

S3Options PathStyle() {
  S3Options o;
  o.scheme = "http";
  o.host = "127.0.0.1:9000";
  o.bucket = "a-bucket";
  o.credentials = {"minioadmin", "SECRET-SHOULD-NOT-LEAK", ""};
  return o;
}

TEST(S3ClientTest, PathStyleUrlEncodesKeyAndSortsQuery) {
  S3Client client(PathStyle());
  S3Call call("PUT", "out/coll 1/part-00000/id.npy", {{"uploadId", "a+b"}, {"partNumber", "2"}});
  EXPECT_EQ(client.Url(call),
            "http://127.0.0.1:9000/a-bucket/out/coll%201/part-00000/id.npy"
            "?partNumber=2&uploadId=a%2Bb");
  EXPECT_EQ(client.Url(S3Call("GET", "", {{"list-type", "2"}})),
            "http://127.0.0.1:9000/a-bucket?list-type=2");
  EXPECT_EQ(client.ObjectName("x/y.index"), "s3://a-bucket/x/y.index");
}

TEST(S3ClientTest, VirtualHostUrlPutsBucketInHost) {
  S3Options o = PathStyle();
  o.scheme = "https";
  o.host = "s3.eu-west-1.amazonaws.com";
  o.virtual_host = true;
  S3Client client(o);
  EXPECT_EQ(client.Url(S3Call("GET", "dir/a.index")),
            "https://a-bucket.s3.eu-west-1.amazonaws.com/dir/a.index");
}

HttpResponse Answer(long status, std::string body, HttpHeaders headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

std::string ErrorXml(std::string code, std::string message) {
  return StrCat("<?xml version=\"1.0\"?><Error><Code>", code, "</Code><Message>", message,
                "</Message><BucketName>b</BucketName></Error>");
}

TEST(S3ErrorStatusTest, NoSuchBucketNamesTheBucket) {
  Status s =
      S3ErrorStatus("write", "s3://b/k", "b",
                    Answer(404, ErrorXml("NoSuchBucket", "The specified bucket does not exist")));
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "write s3://b/k: bucket b does not exist");
}

TEST(S3ErrorStatusTest, HeadWithoutBodyUsesMinioHeaders) {
  Status s = S3ErrorStatus("open", "s3://b/k", "b",
                           Answer(404, "", {{"x-minio-error-code", "NoSuchBucket"}}));
  EXPECT_EQ(s.message(), "open s3://b/k: bucket b does not exist");
  s = S3ErrorStatus("open", "s3://b/k", "b", Answer(404, ""));
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "open s3://b/k: no such object");
}

TEST(S3ErrorStatusTest, ForbiddenIsAccessDeniedWithTheServerReason) {
  Status s =
      S3ErrorStatus("write", "s3://b/k", "b",
                    Answer(403, ErrorXml("SignatureDoesNotMatch", "Check your key &amp; method.")));
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(),
            "write s3://b/k: access denied to bucket b (SignatureDoesNotMatch: Check your key & "
            "method.)");
  s = S3ErrorStatus("stat", "s3://b/k", "b", Answer(403, ""));
  EXPECT_EQ(s.message(), "stat s3://b/k: access denied to bucket b");
}

TEST(S3ErrorStatusTest, ServerErrorsAreRetryableAndKeepTheRealStatus) {
  Status s =
      S3ErrorStatus("write part 2", "s3://b/k", "b",
                    Answer(500, ErrorXml("InternalError", "We encountered an internal error")));
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(s.message(),
            "write part 2 s3://b/k: HTTP 500 (InternalError: We encountered an internal error)");
  EXPECT_TRUE(IsRetryable(S3ErrorStatus("w", "o", "b", Answer(503, ErrorXml("SlowDown", "")))));
  EXPECT_TRUE(
      IsRetryable(S3ErrorStatus("w", "o", "b", Answer(400, ErrorXml("RequestTimeout", "")))));
  EXPECT_TRUE(IsRetryable(S3ErrorStatus("w", "o", "b", Answer(429, ""))));
}

TEST(S3ErrorStatusTest, ExpiredTokenIsUnauthenticatedAndBadRequestIsInvalidArgument) {
  EXPECT_EQ(S3ErrorStatus("w", "o", "b", Answer(400, ErrorXml("ExpiredToken", "expired"))).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(S3ErrorStatus("w", "o", "b", Answer(400, ErrorXml("EntityTooSmall", "x"))).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(S3ErrorStatus("r", "o", "b", Answer(412, ErrorXml("PreconditionFailed", "x"))).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(S3ErrorStatusTest, WrongRegionSaysWhichRegion) {
  Status s = S3ErrorStatus("write", "s3://b/k", "b",
                           Answer(301, ErrorXml("PermanentRedirect", "use the right endpoint"),
                                  {{"x-amz-bucket-region", "eu-central-1"}}));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("bucket b is in another region (eu-central-1)"));
}

TEST(S3ClientTest, RefusedEndpointErrorNamesObjectNotSecretsOrSignature) {
  S3Options o = PathStyle();
  o.host = "127.0.0.1:1";
  o.retry.max_attempts = 2;
  o.retry.initial_backoff = std::chrono::milliseconds(1);
  S3Client client(o);
  S3Call call("PUT", "k", {{"uploadId", "UPLOAD-ID-123"}});
  auto r = client.Call("write part 1", call, Idempotent::kYes);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(call.attempts, 2);
  std::string msg(r.status().message());
  EXPECT_THAT(msg, HasSubstr("write part 1 s3://a-bucket/k: PUT http://127.0.0.1:1/a-bucket/k:"));
  EXPECT_THAT(msg, ::testing::Not(HasSubstr("SECRET-SHOULD-NOT-LEAK")));
  EXPECT_THAT(msg, ::testing::Not(HasSubstr("UPLOAD-ID-123")));
  EXPECT_THAT(msg, ::testing::Not(HasSubstr("minioadmin")));
}

}  // namespace
}  // namespace f2m
