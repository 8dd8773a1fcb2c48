// The dump plan: how an index's rows split into parts (one import file group each) so that no
// part holds more than dumper.chunk.maxFileSize bytes of vector data. Shared by dump and inspect.
#ifndef F2M_MIGRATE_PLAN_H_
#define F2M_MIGRATE_PLAN_H_

#include <cstdint>
#include <string>

#include "base/status.h"
#include "faiss/faiss_index.h"
#include "format/npy_writer.h"

namespace f2m {

struct DumpPlan {
  uint64_t ntotal = 0;
  uint64_t parts = 0;          // 0 when ntotal is 0
  uint64_t rows_per_part = 0;  // max(1, max_file_size / row_bytes)
  uint64_t row_bytes = 0;      // vector bytes per row
  uint64_t cols = 0;           // elements per vector row (d, or d/8 bytes for binary)
  NpyDtype vector_dtype = NpyDtype::kFloat32;
  uint64_t vector_bytes = 0;   // ntotal * row_bytes
  uint64_t total_bytes = 0;    // every .npy file, headers included

  // Rows of part `i`: [PartBegin(i), PartEnd(i)).
  uint64_t PartBegin(uint64_t i) const { return i * rows_per_part; }
  uint64_t PartEnd(uint64_t i) const;
};

// Plans `info` for parts of at most `max_file_size` vector bytes. InvalidArgument for d < 1
// or sizes that overflow.
StatusOr<DumpPlan> MakePlan(const IndexInfo& info, uint64_t max_file_size);

// "part-00000": the folder of part `i`.
std::string PartName(uint64_t i);

}  // namespace f2m

#endif  // F2M_MIGRATE_PLAN_H_
