#include "migrate/plan.h"

#include <algorithm>
#include <cstdio>

#include "base/le.h"

namespace f2m {
namespace {

// Both files of a part of `rows` rows.
StatusOr<uint64_t> PartBytes(const DumpPlan& p, uint64_t rows) {
  F2M_ASSIGN_OR_RETURN(uint64_t ids, NpyFileBytes(NpyDtype::kInt64, {rows}));
  F2M_ASSIGN_OR_RETURN(uint64_t vectors, NpyFileBytes(p.vector_dtype, {rows, p.cols}));
  return ids + vectors;
}

}  // namespace

uint64_t DumpPlan::PartEnd(uint64_t i) const {
  return std::min(ntotal, (i + 1) * rows_per_part);
}

StatusOr<DumpPlan> MakePlan(const IndexInfo& info, uint64_t max_file_size) {
  if (info.d < 1 || info.ntotal < 0) {
    return absl::InvalidArgumentError(
        StrCat("plan dump: d = ", info.d, ", ntotal = ", info.ntotal, " cannot be dumped"));
  }
  DumpPlan p;
  p.ntotal = static_cast<uint64_t>(info.ntotal);
  if (info.vector_type == VectorType::kBinary) {
    if (info.d % 8 != 0) {
      return absl::InvalidArgumentError(
          StrCat("plan dump: binary d = ", info.d, " is not a multiple of 8"));
    }
    p.vector_dtype = NpyDtype::kUint8;
    p.cols = static_cast<uint64_t>(info.d) / 8;
  } else {
    p.cols = static_cast<uint64_t>(info.d);
  }
  p.row_bytes = p.cols * NpyElementBytes(p.vector_dtype);
  p.rows_per_part = std::max<uint64_t>(1, max_file_size / p.row_bytes);
  p.parts = (p.ntotal + p.rows_per_part - 1) / p.rows_per_part;
  auto vector_bytes = CheckedMul(p.ntotal, p.row_bytes);
  if (!vector_bytes) return absl::InvalidArgumentError("plan dump: vector bytes overflow");
  p.vector_bytes = *vector_bytes;
  if (p.parts > 0) {
    F2M_ASSIGN_OR_RETURN(uint64_t full, PartBytes(p, p.rows_per_part));
    F2M_ASSIGN_OR_RETURN(uint64_t last, PartBytes(p, p.PartEnd(p.parts - 1) -
                                                        p.PartBegin(p.parts - 1)));
    auto fulls = CheckedMul(full, p.parts - 1);
    auto total = fulls ? CheckedAdd(*fulls, last) : std::nullopt;
    if (!total) return absl::InvalidArgumentError("plan dump: total bytes overflow");
    p.total_bytes = *total;
  }
  return p;
}

std::string PartName(uint64_t i) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "part-%05llu", static_cast<unsigned long long>(i));
  return buf;
}

}  // namespace f2m
