// Shared Key canonicalization (the traps: the account twice for path-style URLs, x-ms-* values
// trimmed but not collapsed, an empty Content-Length for 0) and Azure error mapping.
#include "storage/azure_client.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

using ::testing::HasSubstr;

TEST(SharedKeyTest, PathStyleNamesTheAccountTwiceAndSortsQuery) {
  HttpHeaders h = {{"x-ms-version", "2021-12-02"},
                   {"x-ms-date", "Wed, 25 Nov 2026 10:00:00 GMT"},
                   {"Content-Length", "5"},
                   {"x-ms-blob-type", "  BlockBlob  "},
                   {"x-ms-meta-note", "a   b"}};
  std::string sts =
      SharedKeyStringToSign("PUT", h, "devstoreaccount1", "/devstoreaccount1/c/dir/b%20x.npy",
                            {{"comp", "block"}, {"blockid", "Zm9v+/=="}});
  EXPECT_EQ(sts,
            "PUT\n\n\n5\n\n\n\n\n\n\n\n\n"
            "x-ms-blob-type:BlockBlob\n"
            "x-ms-date:Wed, 25 Nov 2026 10:00:00 GMT\n"
            "x-ms-meta-note:a   b\n"
            "x-ms-version:2021-12-02\n"
            "/devstoreaccount1/devstoreaccount1/c/dir/b%20x.npy\n"
            "blockid:Zm9v+/==\n"
            "comp:block");
}

TEST(SharedKeyTest, ZeroContentLengthIsEmptyAndIfMatchIsSigned) {
  HttpHeaders h = {{"Content-Length", "0"}, {"If-Match", "\"0x8D\""}, {"x-ms-range", "bytes=0-9"}};
  std::string sts = SharedKeyStringToSign("GET", h, "acct", "/c/b", {});
  EXPECT_EQ(sts, "GET\n\n\n\n\n\n\n\n\"0x8D\"\n\n\n\nx-ms-range:bytes=0-9\n/acct/c/b");
}

TEST(SharedKeyTest, AuthorizationIsBase64HmacOfTheDecodedKey) {
  // HMAC-SHA256(key="key", "The quick brown fox jumps over the lazy dog") is the RFC 4231-style
  // well-known f7bc83f4...; base64 of it:
  std::string auth =
      SharedKeyAuthorization("acct", "key", "The quick brown fox jumps over the lazy dog");
  EXPECT_EQ(auth, "SharedKey acct:97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=");
}

TEST(SharedKeyTest, Base64RoundTripAndRejection) {
  EXPECT_EQ(Base64Encode("f2m-block-000001"), "ZjJtLWJsb2NrLTAwMDAwMQ==");
  EXPECT_EQ(*Base64Decode("ZjJtLWJsb2NrLTAwMDAwMQ=="), "f2m-block-000001");
  EXPECT_EQ(*Base64Decode("YWI="), "ab");
  EXPECT_FALSE(Base64Decode("abc").ok());
  EXPECT_FALSE(Base64Decode("a!c=").ok());
}

HttpResponse Answer(long status, std::string body, HttpHeaders headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

TEST(AzureErrorStatusTest, ContainerBlobAuthAndChangedBlob) {
  Status s = AzureErrorStatus("write", "azure://c/b", "c",
                              Answer(404,
                                     "<Error><Code>ContainerNotFound</Code><Message>The "
                                     "specified container does not exist.\nRequestId:1"
                                     "</Message></Error>"));
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "write azure://c/b: container c does not exist");
  s = AzureErrorStatus("open", "azure://c/b", "c",
                       Answer(404, "", {{"x-ms-error-code", "BlobNotFound"}}));
  EXPECT_EQ(s.message(), "open azure://c/b: no such blob");
  s = AzureErrorStatus("write", "azure://c/b", "c",
                       Answer(403,
                              "<Error><Code>AuthenticationFailed</Code><Message>Server failed "
                              "to authenticate the request.\nTime:x</Message></Error>"));
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(),
            "write azure://c/b: access denied to container c (AuthenticationFailed: "
            "Server failed to authenticate the request.)");
  s = AzureErrorStatus("read", "azure://c/b", "c",
                       Answer(412, "", {{"x-ms-error-code", "ConditionNotMet"}}));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(IsRetryable(
      AzureErrorStatus("w", "o", "c", Answer(503, "<Error><Code>ServerBusy</Code></Error>"))));
}

}  // namespace
}  // namespace f2m
