// A two-thread pipeline from a VectorSource to a consumer: a producer thread fills batches into
// a small pool of reused buffers, the calling thread consumes them in order. Memory is bounded
// here and only here: depth x batch_rows x (8 + row_bytes) bytes.
#ifndef F2M_MIGRATE_PIPELINE_H_
#define F2M_MIGRATE_PIPELINE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>

#include "base/status.h"
#include "faiss/faiss_index.h"

namespace f2m {

struct PipelineOptions {
  size_t batch_rows = 1;
  size_t row_bytes = 0;
  size_t depth = 3;                            // buffers in the pool
  const std::atomic<bool>* cancel = nullptr;   // set by a signal handler: stop with Cancelled
};

// Consumes `rows` rows (ids, row_bytes bytes each at vectors); valid only during the call.
using BatchConsumer =
    std::function<Status(const int64_t* ids, const uint8_t* vectors, size_t rows)>;

// Streams every row of `source` through `consume`, in order. Returns the first error of either
// side (the other side stops), Cancelled("interrupted") if *cancel became true, else OK.
Status RunPipeline(VectorSource& source, const PipelineOptions& options,
                   const BatchConsumer& consume);

}  // namespace f2m

#endif  // F2M_MIGRATE_PIPELINE_H_
