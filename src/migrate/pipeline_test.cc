#include "migrate/pipeline.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "migrate/fake_index_for_test.h"

namespace f2m {
namespace {

using ::testing::HasSubstr;

IndexInfo Info(int64_t ntotal) {
  IndexInfo info;
  info.d = 2;
  info.ntotal = ntotal;
  return info;
}

std::vector<int64_t> Ids(size_t n) {
  std::vector<int64_t> ids(n);
  for (size_t i = 0; i < n; ++i) ids[i] = static_cast<int64_t>(i) * 3;
  return ids;
}

PipelineOptions Options(size_t batch_rows) {
  PipelineOptions o;
  o.batch_rows = batch_rows;
  o.row_bytes = 8;
  o.depth = 2;
  return o;
}

TEST(PipelineTest, DeliversEveryRowInOrder) {
  FakeIndex index(Info(1000), Ids(1000));
  auto source = *index.NewSource();
  std::vector<int64_t> seen;
  Status s = RunPipeline(*source, Options(7), [&](const int64_t* ids, const uint8_t* v, size_t n) {
    EXPECT_LE(n, 7u);
    for (size_t i = 0; i < n; ++i) {
      EXPECT_EQ(std::vector<uint8_t>(v + i * 8, v + i * 8 + 8), index.Row(seen.size()));
      seen.push_back(ids[i]);
    }
    return absl::OkStatus();
  });
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(seen, Ids(1000));
}

TEST(PipelineTest, ProducerErrorStopsTheRun) {
  FakeIndex index(Info(1000), Ids(1000));
  index.fail_after_rows = 100;
  auto source = *index.NewSource();
  size_t rows = 0;
  Status s = RunPipeline(*source, Options(10), [&](const int64_t*, const uint8_t*, size_t n) {
    rows += n;
    return absl::OkStatus();
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(s.message(), HasSubstr("truncated at byte 4242"));
  EXPECT_LE(rows, 100u);
}

TEST(PipelineTest, ConsumerErrorStopsTheProducer) {
  FakeIndex index(Info(100000), Ids(100000));
  auto source = *index.NewSource();
  int calls = 0;
  Status s = RunPipeline(*source, Options(10), [&](const int64_t*, const uint8_t*, size_t) {
    return ++calls == 3 ? absl::ResourceExhaustedError("write x: No space left on device")
                        : absl::OkStatus();
  });
  EXPECT_THAT(s.message(), HasSubstr("No space left on device"));
  EXPECT_EQ(calls, 3);
}

TEST(PipelineTest, CancelStopsWithCancelled) {
  FakeIndex index(Info(1000), Ids(1000));
  auto source = *index.NewSource();
  std::atomic<bool> cancel{false};
  PipelineOptions o = Options(10);
  o.cancel = &cancel;
  Status s = RunPipeline(*source, o, [&](const int64_t*, const uint8_t*, size_t) {
    cancel = true;
    return absl::OkStatus();
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(s.message(), "interrupted");
}

TEST(PipelineTest, SourceOverfillingABatchIsInternal) {
  class Liar : public VectorSource {
   public:
    StatusOr<size_t> Next(size_t max_rows, int64_t*, uint8_t*) override { return max_rows + 1; }
  } liar;
  Status s = RunPipeline(liar, Options(4), [](const int64_t*, const uint8_t*, size_t) {
    return absl::OkStatus();
  });
  EXPECT_THAT(s.message(), HasSubstr("read vectors: source returned 5 rows for a batch of 4"));
}

TEST(PipelineTest, ZeroBatchIsInternal) {
  FakeIndex index(Info(1), Ids(1));
  auto source = *index.NewSource();
  Status s = RunPipeline(*source, Options(0), nullptr);
  EXPECT_THAT(s.message(), HasSubstr("run pipeline: batch_rows and depth must be positive"));
}

}  // namespace
}  // namespace f2m
