// The shared reader and writer with fake backends: how many fetches the read-ahead window
// saves, and the parted writer's calls on success, on failure and when dropped.
#include "storage/object_files.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

using ::testing::ElementsAre;

using Range = std::pair<uint64_t, size_t>;

struct MemObject {
  std::string data;
  std::mutex mu;
  std::vector<Range> fetches;
  RangeFetch Fetch() {
    return [this](uint64_t at, size_t len, char* d) {
      std::memcpy(d, data.data() + at, len);
      std::lock_guard<std::mutex> l(mu);
      fetches.emplace_back(at, len);
      return absl::OkStatus();
    };
  }
  std::vector<Range> Sorted() {
    std::lock_guard<std::mutex> l(mu);
    auto f = fetches;
    std::sort(f.begin(), f.end());
    return f;
  }
};

MemObject* NewMem(size_t n) {
  auto* m = new MemObject;
  m->data.resize(n);
  for (size_t i = 0; i < n; ++i) m->data[i] = static_cast<char>(i * 7);
  return m;
}

TEST(ReadAheadFileTest, SmallReadsShareOneFetchAndLargeReadsArePiecewise) {
  std::unique_ptr<MemObject> mem(NewMem(10000));
  auto f = NewReadAheadFile("mem://x", mem->data.size(), 1000, mem->Fetch());
  char buf[3000];
  for (uint64_t off = 0; off < 1000; off += 100) {
    ASSERT_EQ(*f->ReadAt(off, 100, buf), 100u);
    ASSERT_EQ(std::string(buf, 100), mem->data.substr(off, 100));
  }
  EXPECT_EQ(mem->Sorted().size(), 1u) << "ten 100-byte reads, one 1000-byte fetch";
  ASSERT_EQ(*f->ReadAt(5000, 3000, buf),
            3000u);  // above read_ahead: straight into buf, one piece (>= 1 MiB)
  EXPECT_EQ(std::string(buf, 3000), mem->data.substr(5000, 3000));
  EXPECT_THAT(mem->Sorted(), ElementsAre(Range{0, 1000}, Range{5000, 3000}));
  EXPECT_EQ(*f->ReadAt(9990, 100, buf), 10u);
  EXPECT_EQ(std::string(buf, 10), mem->data.substr(9990, 10));
  EXPECT_EQ(*f->ReadAt(10000, 100, buf), 0u);
  f.reset();
}

TEST(ReadAheadFileTest, SequentialReaderGetsTheNextWindowPrefetched) {
  std::unique_ptr<MemObject> mem(NewMem(4500));
  auto f = NewReadAheadFile("mem://x", mem->data.size(), 1000, mem->Fetch());
  std::string back(mem->data.size(), '\0');
  for (uint64_t off = 0; off < back.size(); off += 300) {
    auto n = f->ReadAt(off, 300, &back[off]);
    ASSERT_TRUE(n.ok());
  }
  f.reset();  // waits for a prefetch still running
  EXPECT_EQ(back, mem->data);
  EXPECT_THAT(mem->Sorted(), ElementsAre(Range{0, 1000}, Range{1000, 1000}, Range{2000, 1000},
                                         Range{3000, 1000}, Range{4000, 500}))
      << "each window fetched once, in order: prefetches were used, not repeated";
}

TEST(ReadAheadFileTest, LargeReadsSplitIntoParallelPiecesOfAQuarterWindow) {
  std::unique_ptr<MemObject> mem(NewMem((10 << 20) + 5));
  auto f = NewReadAheadFile("mem://x", mem->data.size(), 8 << 20, mem->Fetch());
  std::string back(mem->data.size(), '\0');
  ASSERT_EQ(*f->ReadAt(0, back.size(), back.data()), back.size());
  EXPECT_EQ(back, mem->data);
  std::vector<Range> want;
  for (uint64_t off = 0; off < back.size(); off += 2 << 20) {
    want.emplace_back(off, std::min<uint64_t>(2 << 20, back.size() - off));
  }
  EXPECT_EQ(mem->Sorted(), want);
}

TEST(ReadAheadFileTest, FetchErrorIsReturnedAndNotCached) {
  int calls = 0;
  auto f = NewReadAheadFile("mem://x", 100, 50, [&](uint64_t, size_t len, char* d) {
    if (++calls == 1) return absl::UnavailableError("read mem://x: reset");
    std::memset(d, 'a', len);
    return absl::OkStatus();
  });
  char buf[10];
  EXPECT_EQ(f->ReadAt(0, 10, buf).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(*f->ReadAt(0, 10, buf), 10u);
}

struct Log {
  std::mutex mu;
  std::vector<std::string> calls;
  std::atomic<int> in_flight{0}, max_in_flight{0};
  void Add(std::string c) {
    std::lock_guard<std::mutex> l(mu);
    calls.push_back(std::move(c));
  }
};

class FakeSink : public PartSink {
 public:
  FakeSink(Log* log, int fail_part = 0) : log_(log), fail_part_(fail_part) {}
  Status PutWhole(std::string_view d) override {
    log_->Add(StrCat("whole ", d.size()));
    return absl::OkStatus();
  }
  Status Start() override {
    log_->Add("start");
    return absl::OkStatus();
  }
  StatusOr<std::string> PutPart(int n, std::string_view d) override {
    int now = ++log_->in_flight;
    int seen = log_->max_in_flight.load();
    while (now > seen && !log_->max_in_flight.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    --log_->in_flight;
    if (n == fail_part_) return absl::UnavailableError(StrCat("part ", n, " failed"));
    return StrCat("id", n, ":", d.size());
  }
  Status Finish(const std::vector<std::string>& ids, uint64_t total) override {
    std::string all;
    for (const auto& id : ids) all += id + " ";
    log_->Add(StrCat("finish ", all, total));
    return absl::OkStatus();
  }
  Status Abort() override {
    log_->Add("abort");
    return absl::OkStatus();
  }

 private:
  Log* log_;
  int fail_part_;
};

PartedWriterOptions Small() {
  PartedWriterOptions o;
  o.part_size = 10;
  o.max_in_flight = 2;
  o.max_parts = 100;
  return o;
}

TEST(PartedWriterTest, BelowOnePartIsOneWholePut) {
  Log log;
  auto w = NewPartedWriter("x", std::make_unique<FakeSink>(&log), Small());
  ASSERT_TRUE(w->Append("abc").ok());
  ASSERT_TRUE(w->Close().ok());
  EXPECT_THAT(log.calls, ElementsAre("whole 3"));
}

TEST(PartedWriterTest, PartsInOrderWithBoundedConcurrency) {
  Log log;
  auto w = NewPartedWriter("x", std::make_unique<FakeSink>(&log), Small());
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(w->Append("abcdefg").ok());  // 63 bytes
  ASSERT_TRUE(w->Close().ok());
  EXPECT_THAT(log.calls, ElementsAre("start",
                                     "finish id1:10 id2:10 id3:10 id4:10 id5:10 id6:10 "
                                     "id7:3 63"));
  EXPECT_LE(log.max_in_flight.load(), 2);
}

TEST(PartedWriterTest, FailedPartAbortsAndCloseReportsIt) {
  Log log;
  auto w = NewPartedWriter("x", std::make_unique<FakeSink>(&log, 2), Small());
  Status s;
  for (int i = 0; i < 10 && s.ok(); ++i) s = w->Append("abcdefghij");
  Status closed = w->Close();
  EXPECT_EQ(closed.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(closed.message(), "part 2 failed");
  EXPECT_THAT(log.calls, ElementsAre("start", "abort"));
}

TEST(PartedWriterTest, DroppedWriterAbortsAStartedUpload) {
  Log log;
  {
    auto w = NewPartedWriter("x", std::make_unique<FakeSink>(&log), Small());
    ASSERT_TRUE(w->Append(std::string(25, 'z')).ok());
  }
  EXPECT_THAT(log.calls, ElementsAre("start", "abort"));
}

TEST(PartedWriterTest, TooManyPartsIsResourceExhausted) {
  Log log;
  PartedWriterOptions o = Small();
  o.max_parts = 2;
  auto w = NewPartedWriter("x", std::make_unique<FakeSink>(&log), o);
  Status s = w->Append(std::string(30, 'z'));
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("raise the part size"));
  EXPECT_EQ(w->Close().code(), absl::StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace f2m
