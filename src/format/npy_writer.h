// NpyWriter streams one NumPy format 1.0 file (.npy) byte for byte as numpy.save writes it:
// the header declares the shape up front, rows are appended as they arrive, and Close() checks
// that exactly the declared rows came. SHA-256 and the byte count are computed while writing.
// Milvus bulk import parses the header by position, so its text is fixed (docs/formats.md).
#ifndef F2M_FORMAT_NPY_WRITER_H_
#define F2M_FORMAT_NPY_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/sha256.h"
#include "storage/file_system.h"

namespace f2m {

enum class NpyDtype {
  kInt64,    // '<i8': primary keys
  kFloat32,  // '<f4': float vectors
  kUint8,    // '|u1': binary vectors, d/8 bytes per row
};

// Bytes per element of `dtype`.
uint64_t NpyElementBytes(NpyDtype dtype);

// The full header (magic, version, length, dict, padding, '\n') numpy.save writes for an array
// of `dtype` and `shape` (one or two dimensions). Its size is a multiple of 64.
std::string NpyHeader(NpyDtype dtype, const std::vector<uint64_t>& shape);

// Total file size for `dtype` and `shape`; InvalidArgument if it overflows 64 bits.
StatusOr<uint64_t> NpyFileBytes(NpyDtype dtype, const std::vector<uint64_t>& shape);

class NpyWriter {
 public:
  // Writes the header to `file` and returns a writer expecting shape[0] rows.
  // REQUIRES: shape has one or two dimensions.
  static StatusOr<std::unique_ptr<NpyWriter>> Open(std::unique_ptr<WritableFile> file,
                                                   NpyDtype dtype, std::vector<uint64_t> shape);

  // Appends `rows` rows of row_bytes() each from `data`. Fails past the declared row count.
  Status Append(const void* data, uint64_t rows);
  // Checks the row count and closes the file (which makes it visible). REQUIRES: called once.
  // A writer destroyed without Close() aborts the file.
  Status Close();

  uint64_t row_bytes() const { return row_bytes_; }
  uint64_t rows_written() const { return rows_written_; }
  // Bytes written so far, header included.
  uint64_t bytes() const { return bytes_; }
  // Lowercase hex SHA-256 of the whole file. Valid after a successful Close().
  const std::string& sha256() const { return sha256_; }
  const std::string& name() const { return name_; }

 private:
  NpyWriter(std::unique_ptr<WritableFile> file, uint64_t rows, uint64_t row_bytes)
      : name_(file->Name()), file_(std::move(file)), rows_(rows), row_bytes_(row_bytes) {}
  Status Write(std::string_view data);

  std::string name_;
  std::unique_ptr<WritableFile> file_;
  uint64_t rows_;
  uint64_t row_bytes_;
  uint64_t rows_written_ = 0;
  uint64_t bytes_ = 0;
  Sha256 hash_;
  std::string sha256_;
  bool closed_ = false;
};

}  // namespace f2m

#endif  // F2M_FORMAT_NPY_WRITER_H_
