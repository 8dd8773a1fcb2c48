// AzureFileSystem against a real Azurite (scripts/servers.sh start azurite). Never skips: without
// F2M_AZURITE_ENDPOINT (http://127.0.0.1:10000/devstoreaccount1) it fails, saying the server is
// missing. Suite AzuriteServerTest. Azurite checks Shared Key signatures, so these prove the
// canonicalization for path-style URLs; Azure's own host style is covered by unit tests only.
#include <unistd.h>

#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/azure_file_system.h"
#include "storage/remote.h"

namespace f2m {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kAccount[] = "devstoreaccount1";
constexpr char kKey[] =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

class AzuriteServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* ep = std::getenv("F2M_AZURITE_ENDPOINT");
    ASSERT_TRUE(ep != nullptr && *ep != '\0')
        << "Azurite is missing: F2M_AZURITE_ENDPOINT is unset. Start it with `scripts/servers.sh "
           "start azurite` and export the variables that prints.";
    endpoint_ = ep;
    prefix_ = StrCat("t", ::getpid(), "/",
                     ::testing::UnitTest::GetInstance()->current_test_info()->name(), "/");
    auto o = AzureOptionsFromConfig(Config(), [](const char*) { return std::string(); });
    ASSERT_TRUE(o.ok()) << o.status();
    AzureClient client(*o);  // the container, once: 409 when it exists already
    auto made = client.Call("create container", AzureCall("PUT", "", {{"restype", "container"}}),
                            Idempotent::kYes);
    ASSERT_TRUE(made.ok() || absl::IsFailedPrecondition(made.status())) << made.status();
  }
  RemoteStorageConfig Config() const {
    RemoteStorageConfig c;
    c.cloud = "azure";
    c.endpoint = endpoint_;
    c.bucket = "f2m-test";
    c.access_key = kAccount;
    c.secret_key = kKey;
    c.use_ssl = false;
    c.part_size = 5ull << 20;
    c.read_ahead = 1ull << 20;
    c.max_parts_in_flight = 3;
    c.retry.deadline = std::chrono::milliseconds(20000);
    return c;
  }
  std::unique_ptr<FileSystem> Fs(const RemoteStorageConfig& c) {
    auto fs = NewRemoteFileSystem(c);
    EXPECT_TRUE(fs.ok()) << fs.status();
    return fs.ok() ? *std::move(fs) : nullptr;
  }
  static std::string Bytes(size_t n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::string s(n, '\0');
    for (auto& c : s) c = static_cast<char>(rng());
    return s;
  }
  std::string endpoint_;
  std::string prefix_;
};

TEST_F(AzuriteServerTest, SmallBlobRoundTripStatListDelete) {
  auto fs = Fs(Config());
  std::string blob = prefix_ + "dir/a b.txt";
  auto w = fs->OpenForWrite(blob);
  ASSERT_TRUE(w.ok()) << w.status();
  ASSERT_TRUE((*w)->Append("hello azurite").ok());
  EXPECT_EQ(fs->Stat(blob).status().code(), absl::StatusCode::kNotFound) << "visible before Close";
  ASSERT_TRUE((*w)->Close().ok());
  auto back = ReadSmallFile(*fs, blob);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, "hello azurite");
  EXPECT_EQ(fs->Stat(blob)->size, 13u);
  EXPECT_THAT(*fs->List(prefix_), ::testing::ElementsAre(blob));
  ASSERT_TRUE(fs->Delete(blob).ok());
  EXPECT_TRUE(fs->Delete(blob).ok());
  EXPECT_EQ(fs->Stat(blob).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(AzuriteServerTest, BlocksAbovePartSizeAndRangedReadsAreByteIdentical) {
  auto fs = Fs(Config());
  std::string blob = prefix_ + "big.bin";
  std::string data = Bytes((16ull << 20) + 99, 7);  // 3 full 5 MiB blocks + a tail
  auto w = fs->OpenForWrite(blob);
  ASSERT_TRUE(w.ok());
  for (size_t off = 0; off < data.size(); off += 999999) {
    ASSERT_TRUE((*w)->Append(std::string_view(data).substr(off, 999999)).ok());
  }
  EXPECT_EQ(fs->Stat(blob).status().code(), absl::StatusCode::kNotFound) << "blocks uncommitted";
  ASSERT_TRUE((*w)->Close().ok());
  auto f = fs->OpenForRead(blob);
  ASSERT_TRUE(f.ok()) << f.status();
  ASSERT_EQ((*f)->Size(), data.size());
  std::mt19937_64 rng(1);
  std::string buf;
  for (int i = 0; i < 60; ++i) {
    uint64_t off = rng() % data.size();
    size_t n = i % 6 == 0 ? 2'000'000 : rng() % 50000;
    buf.assign(n, '\0');
    auto got = (*f)->ReadAt(off, n, buf.data());
    ASSERT_TRUE(got.ok()) << got.status();
    size_t expect = std::min<size_t>(n, data.size() - off);
    ASSERT_EQ(*got, expect);
    ASSERT_TRUE(std::string_view(buf.data(), expect) == std::string_view(data).substr(off, expect));
  }
  auto whole = ReadSmallFile(*fs, blob, 64 << 20);
  ASSERT_TRUE(whole.ok());
  EXPECT_TRUE(*whole == data);
  ASSERT_TRUE(fs->Delete(blob).ok());
}

TEST_F(AzuriteServerTest, DroppedWriterLeavesNoBlob) {
  auto fs = Fs(Config());
  std::string blob = prefix_ + "dropped.bin";
  {
    auto w = fs->OpenForWrite(blob);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Append(Bytes(11 << 20, 1)).ok());
  }
  EXPECT_EQ(fs->Stat(blob).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(AzuriteServerTest, CheckWritableAndClearErrors) {
  EXPECT_TRUE(Fs(Config())->CheckWritable(prefix_).ok());
  RemoteStorageConfig c = Config();
  c.bucket = "no-such-container-f2m";
  Status s = Fs(c)->CheckWritable("out");
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound) << s;
  EXPECT_EQ(s.message(),
            "check container no-such-container-f2m (out): container "
            "no-such-container-f2m does not exist");
  c = Config();
  c.secret_key = "d3Jvbmcta2V5LWYybQ==";  // base64 of "wrong-key-f2m"
  s = Fs(c)->CheckWritable("out");
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("access denied to container f2m-test"));
  EXPECT_THAT(std::string(s.message()), Not(HasSubstr("d3Jvbmcta2V5LWYybQ")));
  auto missing = Fs(Config())->OpenForRead(prefix_ + "nope.index");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(missing.status().message()),
              HasSubstr("azure://f2m-test/" + prefix_ + "nope.index"));
}

}  // namespace
}  // namespace f2m
