// SigV4 against AWS's published vectors: the Signature V4 test suite (get-vanilla,
// get-vanilla-query-order-key-case, post-vanilla; service "service", 2015-08-30) and the S3
// API reference's header-based examples (GET Object range, PUT Object, GET lifecycle, list).
#include "storage/sigv4.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

constexpr char kEmpty[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const AwsCredentials kSuite{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
const AwsCredentials kS3Doc{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};

std::string SignatureOf(const std::string& auth) {
  return auth.substr(auth.find("Signature=") + 10);
}

SigV4Request SuiteRequest(std::string method) {
  SigV4Request r{std::move(method), "/", {}, {{"Host", "example.amazonaws.com"}}, kEmpty};
  return r;
}

TEST(SigV4Test, GetVanilla) {
  SigV4Request r = SuiteRequest("GET");
  std::string auth = SignV4(r, kSuite, "us-east-1", "service", "20150830T123600Z");
  EXPECT_EQ(auth,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  std::string signed_headers;
  EXPECT_EQ(Sha256Hex(CanonicalRequest(r, &signed_headers)),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
}

TEST(SigV4Test, GetVanillaQueryOrderKeyCase) {
  SigV4Request r = SuiteRequest("GET");
  r.query = {{"Param2", "value2"}, {"Param1", "value1"}};
  EXPECT_EQ(SignatureOf(SignV4(r, kSuite, "us-east-1", "service", "20150830T123600Z")),
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

TEST(SigV4Test, PostVanilla) {
  SigV4Request r = SuiteRequest("POST");
  EXPECT_EQ(SignatureOf(SignV4(r, kSuite, "us-east-1", "service", "20150830T123600Z")),
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

TEST(SigV4Test, S3GetObjectWithRange) {
  SigV4Request r{"GET",
                 "/test.txt",
                 {},
                 {{"Host", "examplebucket.s3.amazonaws.com"},
                  {"Range", "bytes=0-9"},
                  {"x-amz-content-sha256", kEmpty}},
                 kEmpty};
  std::string auth = SignV4(r, kS3Doc, "us-east-1", "s3", "20130524T000000Z");
  EXPECT_THAT(auth,
              ::testing::HasSubstr("SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "));
  EXPECT_EQ(SignatureOf(auth), "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4Test, S3PutObjectEncodesDollarAndSignsPayload) {
  std::string body = "Welcome to Amazon S3.";
  std::string hash = Sha256Hex(body);
  EXPECT_EQ(hash, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  SigV4Request r{"PUT",
                 "/" + UriEncode("test$file.text", false),
                 {},
                 {{"Host", "examplebucket.s3.amazonaws.com"},
                  {"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                  {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
                  {"x-amz-content-sha256", hash}},
                 hash};
  EXPECT_EQ(r.path, "/test%24file.text");
  EXPECT_EQ(SignatureOf(SignV4(r, kS3Doc, "us-east-1", "s3", "20130524T000000Z")),
            "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(SigV4Test, S3BucketQueriesSortAndKeepEmptyValues) {
  for (const auto& [query, want] :
       std::vector<std::pair<std::vector<std::pair<std::string, std::string>>, std::string>>{
           {{{"lifecycle", ""}},
            "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"},
           {{{"prefix", "J"}, {"max-keys", "2"}},
            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"}}) {
    SigV4Request r{"GET",
                   "/",
                   query,
                   {{"Host", "examplebucket.s3.amazonaws.com"}, {"x-amz-content-sha256", kEmpty}},
                   kEmpty};
    EXPECT_EQ(SignatureOf(SignV4(r, kS3Doc, "us-east-1", "s3", "20130524T000000Z")), want);
  }
}

TEST(SigV4Test, SessionTokenIsSignedAndSent) {
  SigV4Request r = SuiteRequest("GET");
  AwsCredentials temp = kSuite;
  temp.session_token = "TOKEN";
  std::string auth = SignV4(r, temp, "us-east-1", "service", "20150830T123600Z");
  EXPECT_THAT(auth, ::testing::HasSubstr("SignedHeaders=host;x-amz-date;x-amz-security-token"));
  EXPECT_THAT(r.headers, ::testing::Contains(::testing::Pair("x-amz-security-token", "TOKEN")));
}

TEST(SigV4Test, UriEncodeKeepsOnlyUnreserved) {
  EXPECT_EQ(UriEncode("a-b_c.d~e", true), "a-b_c.d~e");
  EXPECT_EQ(UriEncode("a b/c+d=\xc3\xa9", true), "a%20b%2Fc%2Bd%3D%C3%A9");
  EXPECT_EQ(UriEncode("out/coll 1/part-00000/id.npy", false), "out/coll%201/part-00000/id.npy");
}

TEST(SigV4Test, HeaderValuesTrimmedAndSpacesCollapsed) {
  SigV4Request r{"GET", "/", {}, {{"Host", "h"}, {"X-Custom", "  a   b  c "}}, kEmpty};
  std::string signed_headers;
  EXPECT_THAT(CanonicalRequest(r, &signed_headers), ::testing::HasSubstr("\nx-custom:a b c\n"));
  EXPECT_EQ(signed_headers, "host;x-custom");
}

TEST(SigV4Test, AmzDateIsUtc) {
  EXPECT_EQ(AmzDate(1440938160), "20150830T123600Z");
  EXPECT_EQ(AmzDate(0), "19700101T000000Z");
}

}  // namespace
}  // namespace f2m
