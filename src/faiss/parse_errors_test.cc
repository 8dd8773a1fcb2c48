// One crafted-bytes test per error path of the parser, each asserting the message.
#include <filesystem>

#include "base/le.h"
#include "faiss/faiss_index.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

using ::testing::HasSubstr;

class Bytes {
 public:
  Bytes& Str(const std::string& s) { b_ += s; return *this; }
  template <typename T>
  Bytes& Num(T v) {
    char buf[sizeof(T)];
    StoreLE(buf, v);
    b_.append(buf, sizeof(T));
    return *this;
  }
  // Common float header.
  Bytes& Header(int32_t d, int64_t ntotal, int32_t metric = 1) {
    Num(d).Num(ntotal).Num<int64_t>(1 << 20).Num<int64_t>(1 << 20).Num<uint8_t>(1).Num(metric);
    return *this;
  }
  Bytes& Floats(size_t n) {
    for (size_t i = 0; i < n; ++i) Num<float>(static_cast<float>(i));
    return *this;
  }
  const std::string& str() const { return b_; }

 private:
  std::string b_;
};

Status OpenBytes(const std::string& bytes, const std::string& name = "x.index") {
  auto dir = std::filesystem::temp_directory_path() / ("f2m_perr_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / name).string();
  auto fs = NewLocalFileSystem(false);
  EXPECT_TRUE(WriteSmallFile(*fs, path, bytes).ok());
  auto idx = FaissIndex::Open(*fs, path);
  if (!idx.ok()) return idx.status();
  auto src = (*idx)->NewSource();
  if (!src.ok()) return src.status();
  std::vector<int64_t> ids(16);
  std::vector<uint8_t> v(16 * (*idx)->info().row_bytes() + 1);
  while (true) {
    auto n = (*src)->Next(16, ids.data(), v.data());
    if (!n.ok()) return n.status();
    if (*n == 0) return absl::OkStatus();
  }
}

std::string FlatFile(int d, int64_t n) {
  return Bytes().Str("IxF2").Header(d, n).Num<uint64_t>(n * d).Floats(n * d).str();
}

TEST(ParseErrorsTest, ValidFlatOpens) { EXPECT_TRUE(OpenBytes(FlatFile(4, 3)).ok()); }

TEST(ParseErrorsTest, EmptyFile) {
  Status s = OpenBytes("");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("the file is empty"));
}

TEST(ParseErrorsTest, ForeignFileIsNamedNotFaiss) {
  Status s = OpenBytes("\x89PNG\r\n\x1a\n0000000000000000");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("not a Faiss index file"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("89 50 4e 47"));
}

TEST(ParseErrorsTest, UnknownFourccWithOffset) {
  Status s = OpenBytes("Zzzz" + std::string(40, '\0'));
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(s.message()), HasSubstr("unknown fourcc 'Zzzz'"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("at byte 0"));
}

TEST(ParseErrorsTest, TruncatedInHeader) {
  Status s = OpenBytes(FlatFile(4, 3).substr(0, 20));
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(s.message()), HasSubstr("truncated at byte 20"));
}

TEST(ParseErrorsTest, TruncatedInVectors) {
  std::string f = FlatFile(4, 3);
  Status s = OpenBytes(f.substr(0, f.size() - 5));
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(s.message()), HasSubstr("flat vectors"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("truncated or corrupt: count 12 at byte 37"));
}

TEST(ParseErrorsTest, CountBeyondFileIsRefusedBeforeAllocating) {
  std::string f = Bytes().Str("IxF2").Header(4, int64_t{1} << 40).Num<uint64_t>(uint64_t{4} << 40)
                      .Floats(4).str();
  Status s = OpenBytes(f);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(s.message()), HasSubstr("remain in the file"));
}

TEST(ParseErrorsTest, CountDisagreesWithHeader) {
  std::string f = Bytes().Str("IxF2").Header(4, 3).Num<uint64_t>(8).Floats(8).str();
  Status s = OpenBytes(f);
  EXPECT_THAT(std::string(s.message()), HasSubstr("is not ntotal x d = 3 x 4"));
}

TEST(ParseErrorsTest, NegativeDimension) {
  std::string f = Bytes().Str("IxF2").Header(-3, 1).Num<uint64_t>(0).str();
  Status s = OpenBytes(f);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(s.message()), HasSubstr("dimension d = -3"));
}

TEST(ParseErrorsTest, LossyKindRefusedByName) {
  Status s = OpenBytes(Bytes().Str("IxHe").Header(4, 0).str());
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(std::string(s.message()), HasSubstr("IndexLSH ('IxHe'"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("cannot be recovered"));
}

TEST(ParseErrorsTest, IdMapCountMismatch) {
  std::string f = Bytes().Str("IxMp").Header(4, 3).str() + FlatFile(4, 3) +
                  Bytes().Num<uint64_t>(2).Num<int64_t>(7).Num<int64_t>(8).str();
  Status s = OpenBytes(f);
  EXPECT_THAT(std::string(s.message()), HasSubstr("is not ntotal = 3"));
}

TEST(ParseErrorsTest, IvfListsSumMismatch) {
  std::string quantizer = FlatFile(2, 2);
  std::string f = Bytes().Str("IwFl").Header(2, 5).Num<uint64_t>(2).Num<uint64_t>(1).str() +
                  quantizer +
                  Bytes().Num<uint8_t>(0).Num<uint64_t>(0)              // direct map
                      .Str("ilar").Num<uint64_t>(2).Num<uint64_t>(8).Str("full")
                      .Num<uint64_t>(2).Num<uint64_t>(1).Num<uint64_t>(1)  // sizes 1 + 1 != 5
                      .str();
  Status s = OpenBytes(f);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(s.message()), HasSubstr("add up to 2 but the IVF header says ntotal = 5"));
}

TEST(ParseErrorsTest, IvfWithoutStoredLists) {
  std::string f = Bytes().Str("IwFl").Header(2, 0).Num<uint64_t>(2).Num<uint64_t>(1).str() +
                  FlatFile(2, 2) + Bytes().Num<uint8_t>(0).Num<uint64_t>(0).Str("il00").str();
  Status s = OpenBytes(f);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(std::string(s.message()), HasSubstr("il00"));
}

TEST(ParseErrorsTest, OnDiskListsWithMissingDataFile) {
  std::string f;
  f = Bytes().Str("IwFl").Header(2, 1).Num<uint64_t>(1).Num<uint64_t>(1).str() + FlatFile(2, 1) +
      Bytes().Num<uint8_t>(0).Num<uint64_t>(0).Str("ilod").Num<uint64_t>(1).Num<uint64_t>(8)
          .Num<uint64_t>(1).Num<uint64_t>(1).Num<uint64_t>(1).Num<uint64_t>(0).Num<uint64_t>(0)
          .Num<uint64_t>(15).Str("/gone/x.ivfdata").Num<uint64_t>(16).str();
  Status s = OpenBytes(f, "ondisk.index");
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(s.message()), HasSubstr("open on-disk lists"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("x.ivfdata"));
}

TEST(ParseErrorsTest, NestingTooDeep) {
  std::string f;
  for (int i = 0; i < 60; ++i) f += Bytes().Str("IxMp").Header(4, 0).str();
  Status s = OpenBytes(f);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(s.message()), HasSubstr("nested more than 50 deep"));
}

}  // namespace
}  // namespace f2m
