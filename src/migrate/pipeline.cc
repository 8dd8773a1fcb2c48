#include "migrate/pipeline.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace f2m {
namespace {

struct Buffer {
  std::vector<int64_t> ids;
  std::vector<uint8_t> vectors;
  size_t rows = 0;
};

// Buffers move free -> (producer fills) -> full -> (consumer drains) -> free.
class BufferPool {
 public:
  // Blocks for a buffer from `from`; nullptr once stopped (and `from` drained, for full).
  Buffer* Take(std::deque<Buffer*>& from, bool drain) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !from.empty() || stopped_ || (drain && done_); });
    if (stopped_ || from.empty()) return nullptr;
    Buffer* b = from.front();
    from.pop_front();
    return b;
  }
  void Put(std::deque<Buffer*>& to, Buffer* b) {
    std::lock_guard<std::mutex> lock(mu_);
    to.push_back(b);
    cv_.notify_all();
  }
  // The producer finished (OK or with `status`).
  void Finish(Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
    producer_status_ = std::move(status);
    if (!producer_status_.ok()) stopped_ = true;
    cv_.notify_all();
  }
  void Stop() {
    std::lock_guard<std::mutex> lock(mu_);
    stopped_ = true;
    cv_.notify_all();
  }
  Status producer_status() {
    std::lock_guard<std::mutex> lock(mu_);
    return producer_status_;
  }

  std::deque<Buffer*> free, full;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false;
  bool done_ = false;
  Status producer_status_;
};

bool Cancelled(const std::atomic<bool>* cancel) {
  return cancel != nullptr && cancel->load(std::memory_order_relaxed);
}

Status Produce(VectorSource& source, const PipelineOptions& o, BufferPool& pool) {
  while (true) {
    if (Cancelled(o.cancel)) return absl::CancelledError("interrupted");
    Buffer* b = pool.Take(pool.free, false);
    if (b == nullptr) return absl::OkStatus();  // the consumer stopped
    F2M_ASSIGN_OR_RETURN(b->rows, source.Next(o.batch_rows, b->ids.data(), b->vectors.data()));
    if (b->rows == 0) return absl::OkStatus();
    if (b->rows > o.batch_rows) {
      return absl::InternalError(StrCat("read vectors: source returned ", b->rows,
                                        " rows for a batch of ", o.batch_rows));
    }
    pool.Put(pool.full, b);
  }
}

}  // namespace

Status RunPipeline(VectorSource& source, const PipelineOptions& o, const BatchConsumer& consume) {
  if (o.batch_rows == 0 || o.depth == 0) {
    return absl::InternalError("run pipeline: batch_rows and depth must be positive");
  }
  std::vector<Buffer> buffers(o.depth);
  BufferPool pool;
  for (Buffer& b : buffers) {
    b.ids.resize(o.batch_rows);
    b.vectors.resize(o.batch_rows * o.row_bytes);
    pool.free.push_back(&b);
  }
  std::thread producer([&] { pool.Finish(Produce(source, o, pool)); });
  Status consumer_status;
  while (Buffer* b = pool.Take(pool.full, true)) {
    if (Cancelled(o.cancel)) {
      consumer_status = absl::CancelledError("interrupted");
    } else {
      consumer_status = consume(b->ids.data(), b->vectors.data(), b->rows);
    }
    if (!consumer_status.ok()) {
      pool.Stop();
      break;
    }
    pool.Put(pool.free, b);
  }
  producer.join();
  if (!consumer_status.ok()) return consumer_status;
  return pool.producer_status();
}

}  // namespace f2m
