// The storage seam: every byte faiss2milvus reads or writes goes through a FileSystem. Local disk
// is one implementation; S3/MinIO, GCS and Azure Blob are others (chosen by URL scheme or config).
// Reads are positional (an index is skimmed, then streamed from recorded offsets); writes are
// streaming and become visible only when Close() succeeds. Only this layer speaks HTTP.
#ifndef F2M_STORAGE_FILE_SYSTEM_H_
#define F2M_STORAGE_FILE_SYSTEM_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace f2m {

// A file opened for positional reads. Thread-compatible: one caller at a time per object,
// but ReadAt has no cursor, so several readers may share one object if the implementation says so.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  // Reads up to n bytes at `offset` into dst. Returns the count read: less than n only at the
  // end of the file. Errors name the file.
  virtual StatusOr<size_t> ReadAt(uint64_t offset, size_t n, char* dst) const = 0;
  virtual uint64_t Size() const = 0;
  // The name used in messages (a path or a URL without credentials).
  virtual const std::string& Name() const = 0;
};

// A file being written front to back. Nothing is visible under the final name until Close()
// returns OK (temp file + rename locally, multipart complete on S3). Destroying a writer
// that was not closed aborts it and leaves nothing behind.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status Append(std::string_view data) = 0;
  // Makes the file durable and visible. REQUIRES: called at most once.
  virtual Status Close() = 0;
  virtual const std::string& Name() const = 0;
};

struct FileInfo {
  uint64_t size = 0;
  int64_t mtime_ns = 0;  // 0 when the backend has none
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  virtual StatusOr<std::unique_ptr<RandomAccessFile>> OpenForRead(const std::string& path) = 0;
  // Creates parent folders as needed. The file appears only on Close().
  virtual StatusOr<std::unique_ptr<WritableFile>> OpenForWrite(const std::string& path) = 0;
  // NotFound if there is no such file.
  virtual StatusOr<FileInfo> Stat(const std::string& path) = 0;
  // Deletes a file; OK if it did not exist.
  virtual Status Delete(const std::string& path) = 0;
  // Paths of the files below `prefix` (recursive), sorted.
  virtual StatusOr<std::vector<std::string>> List(const std::string& prefix) = 0;
  // Proves the destination is usable (exists, writable) before any work starts.
  virtual Status CheckWritable(const std::string& dir) = 0;
  // Joins a folder and a name with this backend's separator.
  virtual std::string Join(std::string_view dir, std::string_view name) const;
};

// The local disk. `durable` makes Close() fsync the file and its folder before the rename.
std::unique_ptr<FileSystem> NewLocalFileSystem(bool durable = true);

// Reads a whole small file (manifests, configs) through `fs`, refusing files over max_bytes.
StatusOr<std::string> ReadSmallFile(FileSystem& fs, const std::string& path,
                                    uint64_t max_bytes = 64 << 20);
// Writes `data` to `path` through `fs` atomically.
Status WriteSmallFile(FileSystem& fs, const std::string& path, std::string_view data);

}  // namespace f2m

#endif  // F2M_STORAGE_FILE_SYSTEM_H_
