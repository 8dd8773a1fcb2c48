// Flat indexes: IxF2 / IxFI / IxFl (float, exact) and IBxF (binary, exact).
// Rows are stored back to back; row i has id i.
#include "base/le.h"
#include "faiss/parse.h"
#include "faiss/sources.h"

namespace f2m {

StatusOr<Parsed> ParseFlat(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(Header h, ReadFloatHeader(ctx.cur));
  HeaderParams(ctx, h);
  uint64_t at = ctx.cur.pos();
  // The XB array's count is in floats (faiss-format.md §1.3).
  F2M_ASSIGN_OR_RETURN(uint64_t count, ctx.cur.VecCount(4, "flat vectors"));
  auto expect = CheckedMul(static_cast<uint64_t>(h.ntotal), static_cast<uint64_t>(h.d));
  if (!expect || count != *expect) {
    return ctx.cur.Corrupt("flat vectors", StrCat("count ", count, " at byte ", at,
                                                  " is not ntotal x d = ", h.ntotal, " x ", h.d));
  }
  uint64_t offset = ctx.cur.pos();
  F2M_RETURN_IF_ERROR(ctx.cur.Skip(count * 4));
  Parsed p;
  p.hdr = h;
  p.d = h.d;
  p.ntotal = h.ntotal;
  p.milvus_index_type = "FLAT";
  uint64_t row_bytes = static_cast<uint64_t>(h.d) * 4;
  int64_t n = h.ntotal;
  p.make_source = [offset, n, row_bytes](const SourceEnv& env) {
    return StatusOr<std::unique_ptr<VectorSource>>(
        NewContiguousSource(*env.index_file, offset, n, row_bytes));
  };
  return p;
}

StatusOr<Parsed> ParseBinaryFlat(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(Header h, ReadBinaryHeader(ctx.cur));
  HeaderParams(ctx, h);
  uint64_t at = ctx.cur.pos();
  F2M_ASSIGN_OR_RETURN(uint64_t count, ctx.cur.VecCount(1, "binary vectors"));
  uint64_t row_bytes = static_cast<uint64_t>(h.d) / 8;
  auto expect = CheckedMul(static_cast<uint64_t>(h.ntotal), row_bytes);
  if (!expect || count != *expect) {
    return ctx.cur.Corrupt("binary vectors", StrCat("count ", count, " at byte ", at,
                                                    " is not ntotal x d/8 = ", h.ntotal, " x ",
                                                    row_bytes));
  }
  uint64_t offset = ctx.cur.pos();
  F2M_RETURN_IF_ERROR(ctx.cur.Skip(count));
  Parsed p;
  p.hdr = h;
  p.vector_type = VectorType::kBinary;
  p.d = h.d;
  p.ntotal = h.ntotal;
  p.milvus_index_type = "BIN_FLAT";
  int64_t n = h.ntotal;
  p.make_source = [offset, n, row_bytes](const SourceEnv& env) {
    return StatusOr<std::unique_ptr<VectorSource>>(
        NewContiguousSource(*env.index_file, offset, n, row_bytes));
  };
  return p;
}

}  // namespace f2m
