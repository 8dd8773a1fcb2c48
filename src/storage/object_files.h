// The two file types every object-store backend shares, written once: a positional reader
// with a read-ahead window over ranged GETs, and a writer that streams fixed-size parts (S3
// multipart parts, Azure blocks) with a bounded number in flight. A backend supplies only the
// protocol: a range fetch, or a PartSink.
#ifndef F2M_STORAGE_OBJECT_FILES_H_
#define F2M_STORAGE_OBJECT_FILES_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/file_system.h"

namespace f2m {

// Fetches exactly `len` bytes at `at` into dst (the backend retries; a short answer is an error).
using RangeFetch = std::function<Status(uint64_t at, size_t len, char* dst)>;

// A RandomAccessFile of `size` bytes named `name`. Reads smaller than read_ahead are served
// from a window of read_ahead bytes fetched at once; a reader moving front to back gets the
// next window prefetched in the background (memory: 2 x read_ahead). Larger reads go straight
// to dst, in ranges of max(read_ahead / 4, 1 MiB) fetched 4 at a time. Thread-safe (one lock around
// the windows). REQUIRES: `fetch` is thread-safe.
std::unique_ptr<RandomAccessFile> NewReadAheadFile(std::string name, uint64_t size,
                                                   size_t read_ahead, RangeFetch fetch);

// One backend's protocol for a parted upload. PutPart may run on several threads at once.
class PartSink {
 public:
  virtual ~PartSink() = default;
  // The whole object in one request (used when it is smaller than one part).
  virtual Status PutWhole(std::string_view data) = 0;
  // Called once, before the first PutPart.
  virtual Status Start() = 0;
  // Uploads part `number` (1-based); returns the id Finish needs (ETag, block id).
  virtual StatusOr<std::string> PutPart(int number, std::string_view data) = 0;
  // Makes the object visible from parts 1..n in order; `total` is its size in bytes.
  virtual Status Finish(const std::vector<std::string>& part_ids, uint64_t total) = 0;
  // Discards a started upload (on failure, or a writer dropped without Close). Best effort.
  virtual Status Abort() = 0;
};

struct PartedWriterOptions {
  size_t part_size = 16 << 20;
  int max_in_flight = 4;  // memory: (max_in_flight + 1) x part_size
  int max_parts = 10000;
};

// A WritableFile that buffers a part, sends full parts concurrently through `sink`, and on
// Close() either PutWhole()s a small object or Finish()es the upload. Any failure, or
// destruction without Close(), Abort()s a started upload.
std::unique_ptr<WritableFile> NewPartedWriter(std::string name, std::unique_ptr<PartSink> sink,
                                              PartedWriterOptions options);

}  // namespace f2m

#endif  // F2M_STORAGE_OBJECT_FILES_H_
