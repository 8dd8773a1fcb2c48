#include "storage/s3_xml.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

TEST(S3XmlTest, FirstAndAllWithEntities) {
  std::string xml =
      "<ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>a&amp;b</Key></Contents>"
      "<Contents><Key>c&#x2F;d&#47;e</Key></Contents><NextContinuationToken>t=&quot;1&quot;"
      "</NextContinuationToken></ListBucketResult>";
  EXPECT_EQ(XmlFirst(xml, "IsTruncated"), "true");
  EXPECT_EQ(XmlFirst(xml, "NextContinuationToken"), "t=\"1\"");
  EXPECT_THAT(XmlAll(xml, "Key"), ::testing::ElementsAre("a&b", "c/d/e"));
  EXPECT_EQ(XmlFirst(xml, "Missing"), "");
  EXPECT_TRUE(XmlAll("<Key>unterminated", "Key").empty());
}

TEST(S3XmlTest, EscapeRoundTrips) {
  EXPECT_EQ(XmlEscape("\"etag\"<&>"), "\"etag\"&lt;&amp;&gt;");
  EXPECT_EQ(XmlUnescape(XmlEscape("a<b&c>")), "a<b&c>");
  EXPECT_EQ(XmlUnescape("&#233;"), "\xc3\xa9");
}

TEST(S3XmlTest, UrlDecode) {
  EXPECT_EQ(UrlDecode("out%2Fcoll+1%2Fid.npy"), "out/coll 1/id.npy");
  EXPECT_EQ(UrlDecode("bad%zz%4"), "bad%zz%4");
}

}  // namespace
}  // namespace f2m
