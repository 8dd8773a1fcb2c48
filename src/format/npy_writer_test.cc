#include "format/npy_writer.h"

#include <cstring>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

using ::testing::HasSubstr;

// Records what was written; `*closed` tells whether Close() made the file visible.
class FakeFile : public WritableFile {
 public:
  FakeFile(std::string* out, bool* closed, bool fail_append = false)
      : out_(out), closed_(closed), fail_append_(fail_append) {}
  Status Append(std::string_view data) override {
    if (fail_append_) return absl::ResourceExhaustedError("write mem/x.npy: No space left");
    out_->append(data);
    return absl::OkStatus();
  }
  Status Close() override {
    *closed_ = true;
    return absl::OkStatus();
  }
  const std::string& Name() const override { return name_; }

 private:
  std::string* out_;
  bool* closed_;
  bool fail_append_;
  std::string name_ = "mem/x.npy";
};

std::string Pad(std::string s, size_t total) {
  s.append(total - 1 - s.size(), ' ');
  return s + "\n";
}

TEST(NpyHeaderTest, OneDimensionalInt64MatchesNumpy) {
  // np.save(f, np.zeros(3, '<i8')): 128-byte header, u16 length 118 = 0x76.
  std::string want = Pad(std::string("\x93NUMPY\x01\x00\x76\x00", 10) +
                             "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }",
                         128);
  EXPECT_EQ(NpyHeader(NpyDtype::kInt64, {3}), want);
}

TEST(NpyHeaderTest, TwoDimensionalFloatAndBinaryMatchNumpy) {
  EXPECT_EQ(NpyHeader(NpyDtype::kFloat32, {2, 5}),
            Pad(std::string("\x93NUMPY\x01\x00\x76\x00", 10) +
                    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 5), }",
                128));
  EXPECT_EQ(NpyHeader(NpyDtype::kUint8, {7, 16}),
            Pad(std::string("\x93NUMPY\x01\x00\x76\x00", 10) +
                    "{'descr': '|u1', 'fortran_order': False, 'shape': (7, 16), }",
                128));
}

TEST(NpyHeaderTest, AlwaysAlignedTo64) {
  for (uint64_t n : {0ull, 1ull, 999ull, 123456789012ull, 9223372036854775807ull}) {
    for (uint64_t d : {1ull, 128ull, 4096ull, 123456789012345ull}) {
      std::string h = NpyHeader(NpyDtype::kFloat32, {n, d});
      EXPECT_EQ(h.size() % 64, 0u) << n << "x" << d;
      EXPECT_EQ(h.back(), '\n');
      EXPECT_EQ(static_cast<uint8_t>(h[8]) + 256u * static_cast<uint8_t>(h[9]), h.size() - 10);
    }
  }
}

TEST(NpyFileBytesTest, HeaderPlusData) {
  EXPECT_EQ(*NpyFileBytes(NpyDtype::kInt64, {1000}), 8128u);
  EXPECT_EQ(*NpyFileBytes(NpyDtype::kFloat32, {1000, 128}), 512128u);
}

TEST(NpyFileBytesTest, OverflowIsAnError) {
  EXPECT_THAT(NpyFileBytes(NpyDtype::kFloat32, {1ull << 62, 1ull << 10}).status().message(),
              HasSubstr("overflows"));
}

TEST(NpyWriterTest, WritesHeaderRowsAndChecksum) {
  std::string out;
  bool closed = false;
  auto w = NpyWriter::Open(std::make_unique<FakeFile>(&out, &closed), NpyDtype::kFloat32, {3, 2});
  ASSERT_TRUE(w.ok()) << w.status();
  float rows[6] = {1, 2, 3, 4, 5, 6};
  ASSERT_TRUE((*w)->Append(rows, 2).ok());
  ASSERT_TRUE((*w)->Append(rows + 4, 1).ok());
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_TRUE(closed);
  std::string want = NpyHeader(NpyDtype::kFloat32, {3, 2});
  want.append(reinterpret_cast<const char*>(rows), sizeof(rows));
  EXPECT_EQ(out, want);
  EXPECT_EQ((*w)->bytes(), want.size());
  EXPECT_EQ((*w)->sha256(), Sha256Hex(want));
}

TEST(NpyWriterTest, TooManyRowsIsAnError) {
  std::string out;
  bool closed = false;
  auto w = NpyWriter::Open(std::make_unique<FakeFile>(&out, &closed), NpyDtype::kInt64, {1});
  int64_t ids[2] = {7, 8};
  EXPECT_THAT((*w)->Append(ids, 2).message(),
              HasSubstr("write npy mem/x.npy: 2 rows appended but the header declares 1"));
}

TEST(NpyWriterTest, TooFewRowsAbortsTheFile) {
  std::string out;
  bool closed = false;
  auto w = NpyWriter::Open(std::make_unique<FakeFile>(&out, &closed), NpyDtype::kInt64, {2});
  int64_t id = 7;
  ASSERT_TRUE((*w)->Append(&id, 1).ok());
  EXPECT_THAT((*w)->Close().message(),
              HasSubstr("close npy mem/x.npy: 1 rows appended but the header declares 2"));
  EXPECT_FALSE(closed);
  EXPECT_THAT((*w)->Append(&id, 1).message(), HasSubstr("write npy mem/x.npy: closed"));
  EXPECT_THAT((*w)->Close().message(), HasSubstr("close npy mem/x.npy: closed"));
}

TEST(NpyWriterTest, BadShapeIsAnError) {
  std::string out;
  bool closed = false;
  auto w = NpyWriter::Open(std::make_unique<FakeFile>(&out, &closed), NpyDtype::kInt64, {});
  EXPECT_THAT(w.status().message(), HasSubstr("open npy mem/x.npy: 0 dimensions, want 1 or 2"));
}

TEST(NpyWriterTest, RowSizeOverflowIsAnError) {
  std::string out;
  bool closed = false;
  auto w = NpyWriter::Open(std::make_unique<FakeFile>(&out, &closed), NpyDtype::kFloat32,
                           {1, 1ull << 63});
  EXPECT_THAT(w.status().message(), HasSubstr("open npy mem/x.npy: row size overflows"));
}

TEST(NpyWriterTest, AppendSizeOverflowIsAnError) {
  std::string out;
  bool closed = false;
  auto w = NpyWriter::Open(std::make_unique<FakeFile>(&out, &closed), NpyDtype::kFloat32,
                           {1ull << 62, 1});
  EXPECT_THAT((*w)->Append(nullptr, 1ull << 62).message(),
              HasSubstr("write npy mem/x.npy: append size overflows"));
}

TEST(NpyWriterTest, StorageErrorPassesThrough) {
  std::string out;
  bool closed = false;
  auto w = NpyWriter::Open(std::make_unique<FakeFile>(&out, &closed, true), NpyDtype::kInt64, {1});
  EXPECT_EQ(w.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(w.status().message(), HasSubstr("No space left"));
}

}  // namespace
}  // namespace f2m
