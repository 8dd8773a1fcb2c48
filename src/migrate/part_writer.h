// Writes the parts of a dump: part-NNNNN/<idField>.npy and <vectorField>.npy, both open at once,
// each closed at its row boundary (which makes it visible) and recorded with sizes and SHA-256.
#ifndef F2M_MIGRATE_PART_WRITER_H_
#define F2M_MIGRATE_PART_WRITER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "format/manifest.h"
#include "format/npy_writer.h"
#include "migrate/plan.h"
#include "storage/file_system.h"

namespace f2m {

class PartWriter {
 public:
  // Writes the parts of `plan` under `dir` (which must outlive the writer) through `fs`.
  PartWriter(FileSystem& fs, std::string dir, const DumpPlan& plan, std::string id_field,
             std::string vector_field);

  // Called after each part is closed (visible at the destination), from the writing thread.
  // An error stops the dump.
  using PartDone = std::function<Status(const ManifestPart& part)>;
  void OnPartDone(PartDone done) { on_part_ = std::move(done); }
  // Resume: the parts before `part` exist already; the next row appended is the first row of
  // `part` (the caller skipped the rows before it in the source). REQUIRES: before Append.
  void StartAt(uint64_t part);
  // Parts whose files exist already: their rows are dropped, not written. Index = part number.
  void KeepExisting(std::vector<bool> existing) { existing_ = std::move(existing); }

  // Appends rows in order, opening and closing parts at their boundaries. Fails if more rows
  // than the plan's ntotal arrive.
  Status Append(const int64_t* ids, const uint8_t* vectors, size_t rows);
  // Checks that exactly ntotal rows came and returns the written parts.
  // Parts still open (on error) are aborted when the writer is destroyed.
  StatusOr<std::vector<ManifestPart>> Finish();

  uint64_t rows_written() const { return rows_; }

 private:
  Status OpenPart();
  Status ClosePart();

  FileSystem& fs_;
  std::string dir_;
  DumpPlan plan_;
  std::string id_field_, vector_field_;
  uint64_t rows_ = 0;
  uint64_t part_ = 0;  // index of the open (or next) part
  std::unique_ptr<NpyWriter> ids_, vectors_;
  std::vector<ManifestPart> done_;
  PartDone on_part_;
  std::vector<bool> existing_;
};

}  // namespace f2m

#endif  // F2M_MIGRATE_PART_WRITER_H_
