// AzureFileSystem through tests/tools/fault_proxy.py in front of a real Azurite (suite
// AzuriteServerFaultTest; needs F2M_AZURITE_ENDPOINT, fails without it). Block uploads survive
// drops, 500s and lost answers with identical bytes, or fail with nothing committed.
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/azure_file_system.h"
#include "storage/fault_proxy_testing.h"

namespace f2m {
namespace {

using ::testing::HasSubstr;
using testing_internal::FaultProxy;

class AzuriteServerFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* ep = std::getenv("F2M_AZURITE_ENDPOINT");
    ASSERT_TRUE(ep != nullptr && *ep != '\0')
        << "Azurite is missing: F2M_AZURITE_ENDPOINT is unset. Start it with `scripts/servers.sh "
           "start azurite` and export the variables that prints.";
    std::string e = ep;
    size_t host = e.find("://");
    host = host == std::string::npos ? 0 : host + 3;
    azurite_ = e.substr(host, e.find('/', host) - host);  // 127.0.0.1:10000
    blob_ = StrCat("t", ::getpid(), "/fault.bin");
    AzureClient client(Options(azurite_));
    auto made = client.Call("create container", AzureCall("PUT", "", {{"restype", "container"}}),
                            Idempotent::kYes);
    ASSERT_TRUE(made.ok() || absl::IsFailedPrecondition(made.status())) << made.status();
  }
  AzureOptions Options(const std::string& host) {
    AzureOptions o;
    o.scheme = "http";
    o.host = host;
    o.path_style = true;
    o.account = "devstoreaccount1";
    o.key =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    o.container = "f2m-test";
    o.part_size = 5 << 20;
    o.max_parts_in_flight = 3;
    o.retry.initial_backoff = std::chrono::milliseconds(50);
    o.retry.max_backoff = std::chrono::milliseconds(1000);
    o.retry.max_attempts = 1000;
    o.retry.deadline = std::chrono::milliseconds(40000);
    o.http.low_speed_seconds = 5;
    o.http.reuse_connections = false;  // the proxy rolls its dice per connection
    return o;
  }
  std::string azurite_;
  std::string blob_;
};

TEST_F(AzuriteServerFaultTest, BlockUploadThroughFaultsIsWholeOrAbsent) {
  std::mt19937_64 rng(4);
  std::string data((13 << 20) + 7, '\0');
  for (auto& c : data) c = static_cast<char>(rng());
  auto direct = NewAzureFileSystem(Options(azurite_));
  for (int seed = 1; seed <= 2; ++seed) {
    SCOPED_TRACE(StrCat("seed ", seed));
    FaultProxy proxy(azurite_,
                     {"--drop", "0.3", "--error", "0.2", "--lose-reply", "0.2", "--drop-after", "1",
                      "8000000", "--seed", std::to_string(seed), "--fault-seconds", "5"});
    ASSERT_GT(proxy.port(), 0) << "fault_proxy.py did not start";
    auto fs = NewAzureFileSystem(Options(proxy.Endpoint()));
    Status s;
    {
      auto w = fs->OpenForWrite(blob_);
      ASSERT_TRUE(w.ok());
      for (size_t off = 0; off < data.size() && s.ok(); off += 1 << 20) {
        s = (*w)->Append(std::string_view(data).substr(off, 1 << 20));
      }
      if (s.ok()) s = (*w)->Close();
    }
    std::string summary = proxy.Stop();
    EXPECT_THAT(summary, ::testing::Not(HasSubstr(" 0 dropped, 0 answered 500, 0 replies lost")));
    if (s.ok()) {
      auto back = ReadSmallFile(*direct, blob_, 64 << 20);
      ASSERT_TRUE(back.ok()) << back.status();
      EXPECT_TRUE(*back == data) << summary;
    } else {
      EXPECT_TRUE(IsRetryable(s)) << s;
      EXPECT_EQ(direct->Stat(blob_).status().code(), absl::StatusCode::kNotFound);
    }
    ASSERT_TRUE(direct->Delete(blob_).ok());
    std::cout << "seed " << seed << ": " << (s.ok() ? "complete" : s.ToString()) << "; " << summary
              << "\n";
  }
}

}  // namespace
}  // namespace f2m
