// Not tests: command-line drivers of the remote FileSystem for bench/remote_bench.py and the
// e2e tests' independent readers (tests/e2e/test_storage_remote.py). Disabled, so ctest never
// runs them; run with --gtest_also_run_disabled_tests --gtest_filter=StorageTool.DISABLED_<X>.
// Env: F2M_TOOL_CLOUD (aws|gcp|azure), F2M_TOOL_ENDPOINT, F2M_TOOL_BUCKET, F2M_TOOL_AK,
// F2M_TOOL_SK, F2M_TOOL_LOCAL (local file), F2M_TOOL_KEY (object key), F2M_TOOL_PART_SIZE,
// F2M_TOOL_IN_FLIGHT, F2M_TOOL_UNSIGNED=1 (UNSIGNED-PAYLOAD). Prints "tool: <bytes> bytes <s> s".
#include <chrono>
#include <cstdio>

#include "gtest/gtest.h"
#include "storage/remote.h"

namespace f2m {
namespace {

std::string Env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

std::unique_ptr<FileSystem> Remote() {
  RemoteStorageConfig c;
  c.cloud = Env("F2M_TOOL_CLOUD", "aws");
  c.endpoint = Env("F2M_TOOL_ENDPOINT", "127.0.0.1:9000");
  c.bucket = Env("F2M_TOOL_BUCKET", "a-bucket");
  c.access_key = Env("F2M_TOOL_AK", "minioadmin");
  c.secret_key = Env("F2M_TOOL_SK", "minioadmin");
  c.use_ssl = false;
  c.part_size = std::stoull(Env("F2M_TOOL_PART_SIZE", "16777216"));
  c.max_parts_in_flight = std::stoi(Env("F2M_TOOL_IN_FLIGHT", "4"));
  if (Env("F2M_TOOL_UNSIGNED", "0") == "1") c.sign_payload = false;
  auto fs = NewRemoteFileSystem(c);
  EXPECT_TRUE(fs.ok()) << fs.status();
  return fs.ok() ? *std::move(fs) : nullptr;
}

// Copies `from` to `to` in 8 MiB reads and Appends (the way dump streams a part file).
void Copy(FileSystem& src, const std::string& from, FileSystem& dst, const std::string& to) {
  auto start = std::chrono::steady_clock::now();
  auto in = src.OpenForRead(from);
  ASSERT_TRUE(in.ok()) << in.status();
  auto out = dst.OpenForWrite(to);
  ASSERT_TRUE(out.ok()) << out.status();
  std::string buf(8 << 20, '\0');
  uint64_t off = 0;
  while (off < (*in)->Size()) {
    auto n = (*in)->ReadAt(off, buf.size(), buf.data());
    ASSERT_TRUE(n.ok()) << n.status();
    ASSERT_TRUE((*out)->Append(std::string_view(buf.data(), *n)).ok());
    off += *n;
  }
  Status closed = (*out)->Close();
  ASSERT_TRUE(closed.ok()) << closed;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("tool: %llu bytes %.3f s\n", static_cast<unsigned long long>(off), secs);
}

TEST(StorageTool, DISABLED_Upload) {
  auto remote = Remote();
  ASSERT_NE(remote, nullptr);
  auto local = NewLocalFileSystem(false);
  Copy(*local, Env("F2M_TOOL_LOCAL", ""), *remote, Env("F2M_TOOL_KEY", "tool/upload.bin"));
}

TEST(StorageTool, DISABLED_Download) {
  auto remote = Remote();
  ASSERT_NE(remote, nullptr);
  auto local = NewLocalFileSystem(false);
  Copy(*remote, Env("F2M_TOOL_KEY", "tool/upload.bin"), *local, Env("F2M_TOOL_LOCAL", ""));
}

}  // namespace
}  // namespace f2m
