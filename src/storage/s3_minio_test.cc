// S3FileSystem against a real MinIO (scripts/servers.sh start minio). These tests never skip:
// without F2M_MINIO_ENDPOINT (host:port) they fail, saying the server is missing. Suite name
// MinioServerTest, so a runner can select them (--gtest_filter='MinioServerTest.*') once the
// servers are up. Optional: F2M_MINIO_ACCESS_KEY / _SECRET_KEY / _BUCKET (minioadmin, a-bucket).
#include <unistd.h>

#include <random>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/remote.h"
#include "storage/s3_client.h"
#include "storage/s3_file_system.h"
#include "storage/s3_xml.h"

namespace f2m {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

class MinioServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(Env("F2M_MINIO_ENDPOINT", "").empty())
        << "MinIO is missing: F2M_MINIO_ENDPOINT is unset. Start it with `scripts/servers.sh "
           "start minio` and export the variables that prints.";
    prefix_ = StrCat("f2m-test/", ::getpid(), "-",
                     ::testing::UnitTest::GetInstance()->current_test_info()->name(), "/");
  }
  RemoteStorageConfig Config() const {
    RemoteStorageConfig c;
    c.endpoint = Env("F2M_MINIO_ENDPOINT", "");
    c.bucket = Env("F2M_MINIO_BUCKET", "a-bucket");
    c.access_key = Env("F2M_MINIO_ACCESS_KEY", "minioadmin");
    c.secret_key = Env("F2M_MINIO_SECRET_KEY", "minioadmin");
    c.use_ssl = false;
    c.part_size = 5ull << 20;
    c.read_ahead = 1ull << 20;
    c.max_parts_in_flight = 2;
    c.retry.deadline = std::chrono::milliseconds(20000);
    return c;
  }
  std::unique_ptr<FileSystem> Fs(const RemoteStorageConfig& c) {
    auto fs = NewRemoteFileSystem(c);
    EXPECT_TRUE(fs.ok()) << fs.status();
    return fs.ok() ? *std::move(fs) : nullptr;
  }
  // Incomplete multipart uploads under `key`, straight from the server.
  std::vector<std::string> PendingUploads(const std::string& key) {
    auto o = S3OptionsFromConfig(Config(), ProcessEnv());
    S3Client client(*o);
    S3Call call("GET", "", {{"uploads", ""}, {"prefix", key}});
    auto r = client.Call("list uploads", call, Idempotent::kYes);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? XmlAll(r->body, "UploadId") : std::vector<std::string>{};
  }
  static std::string RandomBytes(size_t n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::string s(n, '\0');
    for (size_t i = 0; i + 8 <= n; i += 8) {
      uint64_t v = rng();
      std::memcpy(&s[i], &v, 8);
    }
    for (size_t i = n - n % 8; i < n; ++i) s[i] = static_cast<char>(rng());
    return s;
  }
  std::string ReadAll(FileSystem& fs, const std::string& key, size_t chunk) {
    auto f = fs.OpenForRead(key);
    EXPECT_TRUE(f.ok()) << f.status();
    if (!f.ok()) return "";
    std::string out((*f)->Size(), '\0');
    for (uint64_t off = 0; off < out.size();) {
      auto n = (*f)->ReadAt(off, chunk, &out[off]);
      EXPECT_TRUE(n.ok()) << n.status();
      if (!n.ok() || *n == 0) break;
      off += *n;
    }
    return out;
  }
  std::string prefix_;
};

TEST_F(MinioServerTest, SmallObjectRoundTripStatListDelete) {
  auto fs = Fs(Config());
  std::string key = prefix_ + "dir/hello.txt";
  auto w = fs->OpenForWrite(key);
  ASSERT_TRUE(w.ok()) << w.status();
  ASSERT_TRUE((*w)->Append("hello ").ok());
  ASSERT_TRUE((*w)->Append("minio").ok());
  EXPECT_EQ(fs->Stat(key).status().code(), absl::StatusCode::kNotFound) << "visible before Close";
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_EQ(ReadAll(*fs, key, 100), "hello minio");
  auto info = fs->Stat(key);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->size, 11u);
  EXPECT_GT(info->mtime_ns, 0);
  auto listed = fs->List(prefix_);
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_THAT(*listed, ::testing::ElementsAre(key));
  ASSERT_TRUE(fs->Delete(key).ok());
  EXPECT_TRUE(fs->Delete(key).ok()) << "deleting a missing object is OK";
  EXPECT_EQ(fs->Stat(key).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(MinioServerTest, MultipartAbovePartSizeIsByteIdentical) {
  auto fs = Fs(Config());
  std::string key = prefix_ + "big.bin";
  std::string data = RandomBytes((17ull << 20) + 123, 1);  // 3 full 5 MiB parts + a tail
  auto w = fs->OpenForWrite(key);
  ASSERT_TRUE(w.ok());
  for (size_t off = 0; off < data.size();) {  // odd-sized appends cross part boundaries
    size_t n = std::min<size_t>(data.size() - off, 777777);
    ASSERT_TRUE((*w)->Append(std::string_view(data).substr(off, n)).ok());
    off += n;
  }
  ASSERT_TRUE((*w)->Close().ok());
  auto o = S3OptionsFromConfig(Config(), ProcessEnv());
  S3Client client(*o);
  auto head = client.Call("head", S3Call("HEAD", key), Idempotent::kYes);
  ASSERT_TRUE(head.ok());
  EXPECT_THAT(head->Header("etag"), HasSubstr("-4")) << "a 4-part multipart object";
  EXPECT_TRUE(ReadAll(*fs, key, 300000) == data);
  EXPECT_TRUE(PendingUploads(key).empty());
  ASSERT_TRUE(fs->Delete(key).ok());
}

TEST_F(MinioServerTest, RangedReadsAcrossTheReadAheadWindow) {
  auto fs = Fs(Config());
  std::string key = prefix_ + "ranged.bin";
  std::string data = RandomBytes(3'500'000, 2);
  ASSERT_TRUE(WriteSmallFile(*fs, key, data).ok());
  auto f = fs->OpenForRead(key);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ((*f)->Size(), data.size());
  EXPECT_EQ((*f)->Name(), StrCat("s3://", Config().bucket, "/", key));
  std::mt19937_64 rng(3);
  std::string buf;
  for (int i = 0; i < 200; ++i) {
    uint64_t off = rng() % data.size();
    size_t n = i % 10 == 0 ? 1'500'000 : rng() % 70000;  // some reads bigger than read-ahead
    buf.assign(n, '\0');
    auto got = (*f)->ReadAt(off, n, buf.data());
    ASSERT_TRUE(got.ok()) << got.status();
    size_t expect = std::min<size_t>(n, data.size() - off);
    ASSERT_EQ(*got, expect);
    ASSERT_TRUE(std::string_view(buf.data(), expect) == std::string_view(data).substr(off, expect))
        << "at " << off << " +" << n;
  }
  char c;
  EXPECT_EQ(*(*f)->ReadAt(data.size(), 1, &c), 0u);
  ASSERT_TRUE(fs->Delete(key).ok());
}

TEST_F(MinioServerTest, DroppedAndFailedWritersLeaveNoObjectAndNoUpload) {
  auto fs = Fs(Config());
  std::string key = prefix_ + "dropped.bin";
  {
    auto w = fs->OpenForWrite(key);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Append(RandomBytes((11ull << 20), 4)).ok());  // 2 parts started
  }
  EXPECT_EQ(fs->Stat(key).status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(PendingUploads(key), ::testing::IsEmpty());
}

TEST_F(MinioServerTest, ReplacedObjectFailsTheReaderInsteadOfMixingVersions) {
  auto fs = Fs(Config());
  std::string key = prefix_ + "changing.bin";
  ASSERT_TRUE(WriteSmallFile(*fs, key, RandomBytes(3'000'000, 5)).ok());
  auto f = fs->OpenForRead(key);
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE(WriteSmallFile(*fs, key, RandomBytes(3'000'000, 6)).ok());
  std::string buf(2'000'000, '\0');
  auto r = (*f)->ReadAt(0, buf.size(), buf.data());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition) << r.status();
  ASSERT_TRUE(fs->Delete(key).ok());
}

TEST_F(MinioServerTest, ListPaginatesPastOneThousandKeys) {
  auto fs = Fs(Config());
  const int kCount = 1003;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < kCount; i += 4) {
        if (!WriteSmallFile(*fs, StrCat(prefix_, "k", 10000 + i), "x").ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(failures.load(), 0);
  auto listed = fs->List(prefix_);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), static_cast<size_t>(kCount));
  EXPECT_EQ(listed->front(), prefix_ + "k10000");
  EXPECT_EQ(listed->back(), prefix_ + "k11002");
  for (const auto& k : *listed) ASSERT_TRUE(fs->Delete(k).ok());
}

TEST_F(MinioServerTest, CheckWritableProvesTheBucket) {
  auto fs = Fs(Config());
  EXPECT_TRUE(fs->CheckWritable(prefix_).ok());
  auto listed = fs->List(prefix_);
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty()) << "the probe object is deleted";
}

TEST_F(MinioServerTest, MissingBucketIsNotFoundAndNamed) {
  RemoteStorageConfig c = Config();
  c.bucket = "no-such-bucket-f2m";
  Status s = Fs(c)->CheckWritable("out");
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("bucket no-such-bucket-f2m does not exist"));
}

TEST_F(MinioServerTest, WrongSecretIsPermissionDeniedWithoutTheSecret) {
  RemoteStorageConfig c = Config();
  c.secret_key = "wrong-secret-f2m";
  Status s = Fs(c)->CheckWritable("out");
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("access denied to bucket " + c.bucket));
  EXPECT_THAT(std::string(s.message()), HasSubstr("SignatureDoesNotMatch"));
  EXPECT_THAT(std::string(s.message()), Not(HasSubstr("wrong-secret-f2m")));
  c.access_key = "NOSUCHKEYF2M";
  s = Fs(c)->CheckWritable("out");
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("InvalidAccessKeyId"));
}

TEST_F(MinioServerTest, MissingObjectIsNotFoundAndNamed) {
  auto fs = Fs(Config());
  auto r = fs->OpenForRead(prefix_ + "nope.index");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr(StrCat("s3://", Config().bucket, "/", prefix_, "nope.index")));
}

TEST_F(MinioServerTest, ServerDownIsUnavailableAfterTheDeadline) {
  RemoteStorageConfig c = Config();
  c.endpoint = "127.0.0.1:1";
  c.retry.deadline = std::chrono::milliseconds(1500);
  c.retry.initial_backoff = std::chrono::milliseconds(50);
  auto start = std::chrono::steady_clock::now();
  Status s = Fs(c)->CheckWritable("out");
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("gave up after"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("127.0.0.1:1"));
  EXPECT_LT(took, std::chrono::seconds(5));
}

}  // namespace
}  // namespace f2m
