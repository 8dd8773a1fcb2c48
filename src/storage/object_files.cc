#include "storage/object_files.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <future>
#include <mutex>

#include "base/log.h"

namespace f2m {
namespace {

constexpr int kParallelFetches = 4;  // concurrent ranged GETs for one large read

class ReadAheadFile : public RandomAccessFile {
 public:
  ReadAheadFile(std::string name, uint64_t size, size_t read_ahead, RangeFetch fetch)
      : name_(std::move(name)), size_(size), read_ahead_(read_ahead), fetch_(std::move(fetch)) {}

  StatusOr<size_t> ReadAt(uint64_t offset, size_t n, char* dst) const override {
    if (offset >= size_) return size_t{0};
    n = static_cast<size_t>(std::min<uint64_t>(n, size_ - offset));
    std::lock_guard<std::mutex> lock(mu_);
    size_t done = 0;
    while (done < n) {
      uint64_t at = offset + done;
      if (at >= buf_start_ && at < buf_start_ + buf_.size()) {
        size_t c = std::min<size_t>(n - done, buf_start_ + buf_.size() - at);
        std::memcpy(dst + done, buf_.data() + (at - buf_start_), c);
        done += c;
        continue;
      }
      size_t want = n - done;
      if (want >= read_ahead_) {  // a large read goes straight into the caller's buffer
        F2M_RETURN_IF_ERROR(FetchParallel(at, want, dst + done));
        done += want;
        continue;
      }
      F2M_RETURN_IF_ERROR(Fill(at));
    }
    return n;
  }
  uint64_t Size() const override { return size_; }
  const std::string& Name() const override { return name_; }

 private:
  // Makes the window start at `at`: from the prefetched window when it holds `at`, else by a
  // fetch. A fill right after the previous window (a sequential reader) prefetches the next.
  Status Fill(uint64_t at) const {
    bool sequential = !buf_.empty() && at == buf_start_ + buf_.size();
    bool hit = false;
    if (next_.valid()) {
      Status s = next_.get();
      hit = s.ok() && at >= next_start_ && at < next_start_ + next_buf_.size();
      if (hit) {
        std::swap(buf_, next_buf_);
        buf_start_ = next_start_;
      }
    }
    if (!hit) {
      size_t fill = static_cast<size_t>(std::min<uint64_t>(read_ahead_, size_ - at));
      buf_.resize(fill);
      buf_start_ = at;
      Status s = fetch_(at, fill, buf_.data());
      if (!s.ok()) {
        buf_.clear();
        return s;
      }
    }
    uint64_t next = buf_start_ + buf_.size();
    if ((sequential || hit) && next < size_) {
      next_start_ = next;
      next_buf_.resize(static_cast<size_t>(std::min<uint64_t>(read_ahead_, size_ - next)));
      next_ = std::async(std::launch::async, [this, p = next_buf_.data(), len = next_buf_.size()] {
        return fetch_(next_start_, len, p);
      });
    }
    return absl::OkStatus();
  }

  // [at, at+len) in ranges of a quarter read-ahead (>= 1 MiB), kParallelFetches at a time.
  Status FetchParallel(uint64_t at, size_t len, char* dst) const {
    const size_t piece_size = std::max<size_t>(read_ahead_ / kParallelFetches, 1 << 20);
    std::deque<std::future<Status>> running;
    Status first;
    for (size_t off = 0; off < len; off += piece_size) {
      if (static_cast<int>(running.size()) >= kParallelFetches) {
        Status s = running.front().get();
        running.pop_front();
        if (first.ok()) first = s;
        if (!first.ok()) break;
      }
      size_t piece = std::min(piece_size, len - off);
      running.push_back(std::async(std::launch::async, [this, at, off, piece, dst] {
        return fetch_(at + off, piece, dst + off);
      }));
    }
    for (auto& f : running) {
      Status s = f.get();
      if (first.ok()) first = s;
    }
    return first;
  }

  std::string name_;
  uint64_t size_;
  size_t read_ahead_;
  RangeFetch fetch_;  // thread-safe: a prefetch and large-read pieces run beside the caller
  mutable std::mutex mu_;
  mutable std::string buf_;  // the window [buf_start_, buf_start_ + buf_.size())
  mutable uint64_t buf_start_ = 0;
  mutable std::string next_buf_;  // the prefetched window, valid once next_ is ready
  mutable uint64_t next_start_ = 0;
  mutable std::future<Status> next_;  // declared last: destroyed (awaited) first
};

class PartedWriter : public WritableFile {
 public:
  PartedWriter(std::string name, std::unique_ptr<PartSink> sink, PartedWriterOptions o)
      : name_(std::move(name)), sink_(std::move(sink)), o_(o) {
    buf_.reserve(o_.part_size);
  }

  ~PartedWriter() override {
    if (closed_) return;
    Status parts = WaitAll();  // their errors no longer matter: the upload is discarded
    (void)parts;
    if (started_) LogIfError(sink_->Abort());
  }

  Status Append(std::string_view data) override {
    if (closed_) return absl::FailedPreconditionError(StrCat("write ", name_, ": closed"));
    F2M_RETURN_IF_ERROR(status_);
    while (!data.empty()) {
      size_t take = std::min(o_.part_size - buf_.size(), data.size());
      buf_.append(data.data(), take);
      total_ += take;
      data.remove_prefix(take);
      if (buf_.size() == o_.part_size) {
        status_ = SendPart();
        F2M_RETURN_IF_ERROR(status_);
      }
    }
    return absl::OkStatus();
  }

  Status Close() override {
    if (closed_) return absl::FailedPreconditionError(StrCat("close ", name_, ": closed"));
    closed_ = true;
    if (status_.ok() && !started_) return sink_->PutWhole(buf_);
    if (status_.ok() && !buf_.empty()) status_ = SendPart();
    Status waited = WaitAll();
    if (status_.ok()) status_ = waited;
    if (status_.ok()) status_ = sink_->Finish(ids_, total_);
    if (!status_.ok() && started_) LogIfError(sink_->Abort());
    return status_;
  }

  const std::string& Name() const override { return name_; }

 private:
  static void LogIfError(const Status& s) {
    if (!s.ok()) F2M_LOG_WARN("{}", std::string(s.message()));
  }

  Status SendPart() {
    if (!started_) {
      F2M_RETURN_IF_ERROR(sink_->Start());
      started_ = true;
    }
    int number = static_cast<int>(ids_.size() + in_flight_.size()) + 1;
    if (number > o_.max_parts) {
      return absl::ResourceExhaustedError(StrCat("write ", name_, ": more than ", o_.max_parts,
                                                 " parts of ", o_.part_size,
                                                 " bytes; raise the part size"));
    }
    while (static_cast<int>(in_flight_.size()) >= o_.max_in_flight) {
      F2M_RETURN_IF_ERROR(ReapOldest());
    }
    PartSink* sink = sink_.get();
    in_flight_.push_back(std::async(std::launch::async, [sink, number, body = std::move(buf_)] {
      return sink->PutPart(number, body);
    }));
    buf_ = std::string();
    buf_.reserve(o_.part_size);
    return absl::OkStatus();
  }

  Status ReapOldest() {
    StatusOr<std::string> id = in_flight_.front().get();
    in_flight_.pop_front();
    if (!id.ok()) return id.status();
    ids_.push_back(*std::move(id));
    return absl::OkStatus();
  }

  Status WaitAll() {
    Status first;
    while (!in_flight_.empty()) {
      Status s = ReapOldest();
      if (first.ok()) first = s;
    }
    return first;
  }

  std::string name_;
  std::unique_ptr<PartSink> sink_;
  PartedWriterOptions o_;
  std::string buf_;
  std::vector<std::string> ids_;                              // parts 1..n, finished
  std::deque<std::future<StatusOr<std::string>>> in_flight_;  // parts n+1.., in order
  uint64_t total_ = 0;
  bool started_ = false;
  bool closed_ = false;
  Status status_;
};

}  // namespace

std::unique_ptr<RandomAccessFile> NewReadAheadFile(std::string name, uint64_t size,
                                                   size_t read_ahead, RangeFetch fetch) {
  return std::make_unique<ReadAheadFile>(std::move(name), size, read_ahead, std::move(fetch));
}

std::unique_ptr<WritableFile> NewPartedWriter(std::string name, std::unique_ptr<PartSink> sink,
                                              PartedWriterOptions options) {
  return std::make_unique<PartedWriter>(std::move(name), std::move(sink), options);
}

}  // namespace f2m
