// A queue of part positions from the dump thread to the import thread (migrate_run.cc).
#ifndef F2M_MIGRATE_PART_QUEUE_H_
#define F2M_MIGRATE_PART_QUEUE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

namespace f2m {

class PartQueue {
 public:
  void Push(size_t part) {
    std::lock_guard<std::mutex> lock(mu_);
    parts_.push_back(part);
    cv_.notify_all();
  }
  // No more parts will come.
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    cv_.notify_all();
  }
  // Blocks until a part is there or the queue is closed; returns up to `max` parts, none only
  // when the queue is closed and drained.
  std::vector<size_t> PopUpTo(size_t max) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !parts_.empty() || closed_; });
    std::vector<size_t> out;
    while (!parts_.empty() && out.size() < max) {
      out.push_back(parts_.front());
      parts_.pop_front();
    }
    return out;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<size_t> parts_;
  bool closed_ = false;
};

}  // namespace f2m

#endif  // F2M_MIGRATE_PART_QUEUE_H_
