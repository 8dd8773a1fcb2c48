// S3FileSystem through tests/tools/fault_proxy.py (dropped connections, injected 500s) in front
// of a real MinIO. Suite MinioServerFaultTest: like MinioServerTest it needs F2M_MINIO_ENDPOINT
// and fails, never skips, without it. What it proves: an upload either completes with exactly
// the bytes written or fails with a clear retryable error naming the last server message, and
// in both cases no object and no incomplete multipart upload is left behind.
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/fault_proxy_testing.h"
#include "storage/s3_file_system.h"
#include "storage/s3_xml.h"

namespace f2m {
namespace {

using ::testing::HasSubstr;
using testing_internal::FaultProxy;

class MinioServerFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* ep = std::getenv("F2M_MINIO_ENDPOINT");
    ASSERT_TRUE(ep != nullptr && *ep != '\0')
        << "MinIO is missing: F2M_MINIO_ENDPOINT is unset. Start it with `scripts/servers.sh "
           "start minio` and export the variables that prints.";
    minio_ = ep;
    key_ = StrCat("f2m-test/", ::getpid(), "-",
                  ::testing::UnitTest::GetInstance()->current_test_info()->name(), ".bin");
  }
  S3Options Options(const std::string& endpoint) {
    RemoteStorageConfig c;
    c.endpoint = endpoint;
    c.bucket = "a-bucket";
    c.access_key = "minioadmin";
    c.secret_key = "minioadmin";
    c.use_ssl = false;
    c.part_size = 5ull << 20;
    c.max_parts_in_flight = 3;
    c.retry.initial_backoff = std::chrono::milliseconds(50);
    c.retry.max_backoff = std::chrono::milliseconds(1000);
    c.retry.max_attempts = 1000;
    auto o = S3OptionsFromConfig(c, ProcessEnv());
    EXPECT_TRUE(o.ok()) << o.status();
    o->http.low_speed_seconds = 5;
    return *o;
  }
  // Pending multipart uploads of key_, asked of MinIO directly.
  size_t PendingUploads() {
    S3Client direct(Options(minio_));
    auto r = direct.Call("list uploads", S3Call("GET", "", {{"uploads", ""}, {"prefix", key_}}),
                         Idempotent::kYes);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? XmlAll(r->body, "UploadId").size() : 0;
  }
  Status Upload(FileSystem& fs, const std::string& data) {
    auto w = fs.OpenForWrite(key_);
    if (!w.ok()) return w.status();
    for (size_t off = 0; off < data.size(); off += 1 << 20) {
      Status s = (*w)->Append(std::string_view(data).substr(off, 1 << 20));
      if (!s.ok()) return s;
    }
    return (*w)->Close();
  }
  std::string minio_;
  std::string key_;
};

std::string Bytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

TEST_F(MinioServerFaultTest, UploadThroughDropsAnd500sIsWholeOrAbsent) {
  std::string data = Bytes((23ull << 20) + 17, 9);
  auto direct = NewS3FileSystem(Options(minio_));
  for (int seed = 1; seed <= 3; ++seed) {
    SCOPED_TRACE(StrCat("seed ", seed));
    FaultProxy proxy(minio_, {"--drop", "0.5", "--error", "0.2", "--drop-after", "1", "20000000",
                              "--seed", std::to_string(seed), "--fault-seconds", "6"});
    ASSERT_GT(proxy.port(), 0) << "fault_proxy.py did not start";
    S3Options o = Options(proxy.Endpoint());
    o.retry.deadline = std::chrono::milliseconds(40000);
    o.http.reuse_connections = false;  // the proxy rolls its dice per connection
    Status s = Upload(*NewS3FileSystem(o), data);
    std::string summary = proxy.Stop();
    EXPECT_THAT(summary,
                ::testing::Not(HasSubstr(" 0 dropped, 0 answered 500, 0 replies lost, 0 stalled")))
        << "no fault hit";
    if (s.ok()) {
      auto back = ReadSmallFile(*direct, key_, 64 << 20);
      ASSERT_TRUE(back.ok()) << back.status();
      EXPECT_TRUE(*back == data) << "uploaded object differs; " << summary;
    } else {
      EXPECT_TRUE(IsRetryable(s)) << s;
      EXPECT_THAT(std::string(s.message()), HasSubstr("gave up after"));
      EXPECT_EQ(direct->Stat(key_).status().code(), absl::StatusCode::kNotFound);
    }
    EXPECT_EQ(PendingUploads(), 0u) << summary;
    ASSERT_TRUE(direct->Delete(key_).ok());
    std::cout << "seed " << seed << ": " << (s.ok() ? "complete" : s.ToString()) << "; " << summary
              << "\n";
  }
}

// The server does the work but the answer is lost: a retried CreateMultipartUpload leaves an
// upload whose id we never learnt, a retried CompleteMultipartUpload finds its upload gone.
TEST_F(MinioServerFaultTest, LostRepliesLeaveNoStrayUploads) {
  std::string data = Bytes((16ull << 20) + 5, 11);
  auto direct = NewS3FileSystem(Options(minio_));
  for (int seed = 1; seed <= 3; ++seed) {
    SCOPED_TRACE(StrCat("seed ", seed));
    FaultProxy proxy(
        minio_, {"--lose-reply", "0.6", "--seed", std::to_string(seed), "--fault-seconds", "5"});
    ASSERT_GT(proxy.port(), 0);
    S3Options o = Options(proxy.Endpoint());
    o.http.reuse_connections = false;  // the proxy rolls its dice per connection
    o.retry.deadline = std::chrono::milliseconds(40000);
    Status s = Upload(*NewS3FileSystem(o), data);
    std::string summary = proxy.Stop();
    ASSERT_TRUE(s.ok()) << s << "; " << summary;
    EXPECT_THAT(summary, ::testing::Not(HasSubstr(" 0 replies lost")));
    auto back = ReadSmallFile(*direct, key_, 64 << 20);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_TRUE(*back == data);
    EXPECT_EQ(PendingUploads(), 0u) << summary;
    ASSERT_TRUE(direct->Delete(key_).ok());
    std::cout << "seed " << seed << ": " << summary << "\n";
  }
}

// A server that goes silent mid-answer: the low-speed limit cuts the transfer, the retry wins.
TEST_F(MinioServerFaultTest, StalledServerIsCutAndRetried) {
  FaultProxy proxy(minio_, {"--stall", "0.5", "--stall-seconds", "60", "--fault-seconds", "4"});
  ASSERT_GT(proxy.port(), 0);
  S3Options o = Options(proxy.Endpoint());
  o.http.low_speed_seconds = 1;
  o.http.reuse_connections = false;
  o.retry.deadline = std::chrono::milliseconds(40000);
  auto start = std::chrono::steady_clock::now();
  std::string data = Bytes(11 << 20, 5);
  Status s = Upload(*NewS3FileSystem(o), data);
  auto took = std::chrono::steady_clock::now() - start;
  std::string summary = proxy.Stop();
  ASSERT_TRUE(s.ok()) << s << "; " << summary;
  EXPECT_THAT(summary, ::testing::Not(HasSubstr(" 0 stalled")));
  EXPECT_LT(took, std::chrono::seconds(30)) << "a stall must not wait for the proxy's 60 s";
  auto direct = NewS3FileSystem(Options(minio_));
  auto back = ReadSmallFile(*direct, key_, 64 << 20);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(*back == data);
  EXPECT_EQ(PendingUploads(), 0u);
  ASSERT_TRUE(direct->Delete(key_).ok());
}

TEST_F(MinioServerFaultTest, PersistentFailuresFailClearlyAtTheDeadline) {
  FaultProxy proxy(minio_, {"--error", "1.0", "--fault-seconds", "300"});
  ASSERT_GT(proxy.port(), 0);
  S3Options o = Options(proxy.Endpoint());
  o.retry.deadline = std::chrono::milliseconds(2000);
  auto start = std::chrono::steady_clock::now();
  Status s = Upload(*NewS3FileSystem(o), Bytes(12 << 20, 1));
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("s3://a-bucket/" + key_));
  EXPECT_THAT(std::string(s.message()), HasSubstr("fault_proxy: injected 500"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("gave up after"));
  EXPECT_LT(took, std::chrono::seconds(8));
  proxy.Stop();
  auto direct = NewS3FileSystem(Options(minio_));
  EXPECT_EQ(direct->Stat(key_).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(PendingUploads(), 0u);
}

TEST_F(MinioServerFaultTest, RangedReadsRetryThroughDrops) {
  std::string data = Bytes(6 << 20, 3);
  auto direct = NewS3FileSystem(Options(minio_));
  ASSERT_TRUE(WriteSmallFile(*direct, key_, data).ok());
  FaultProxy proxy(minio_, {"--drop", "0.3", "--error", "0.2", "--drop-after", "1", "200",
                            "--fault-seconds", "20"});
  S3Options o = Options(proxy.Endpoint());
  o.read_ahead = 256 << 10;
  o.retry.deadline = std::chrono::milliseconds(30000);
  auto fs = NewS3FileSystem(o);
  auto f = fs->OpenForRead(key_);
  ASSERT_TRUE(f.ok()) << f.status();
  std::string back(data.size(), '\0');
  for (size_t off = 0; off < back.size();) {  // 100 kB reads: through the read-ahead window
    auto n = (*f)->ReadAt(off, 100000, &back[off]);
    ASSERT_TRUE(n.ok()) << n.status();
    ASSERT_GT(*n, 0u);
    off += *n;
  }
  std::string summary = proxy.Stop();
  EXPECT_TRUE(back == data);
  EXPECT_THAT(summary,
              ::testing::Not(HasSubstr(" 0 dropped, 0 answered 500, 0 replies lost, 0 stalled")));
  ASSERT_TRUE(direct->Delete(key_).ok());
}

}  // namespace
}  // namespace f2m
