// Binary kinds beyond flat/IVF/HNSW: IBHm (IndexBinaryMultiHash: the vectors are in its flat
// storage; the hash maps are skipped), IBHh (IndexBinaryHash: ids and vectors in each bucket)
// and IBFf (IndexBinaryFromFloat: a float index holding each bit as a float; bit = value > 0).
#include "faiss/invlists.h"
#include "faiss/parse_lossy.h"

namespace f2m {

StatusOr<Parsed> ParseBinaryMultiHash(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(Header h, ReadBinaryHeader(ctx.cur));
  HeaderParams(ctx, h);
  F2M_ASSIGN_OR_RETURN(Parsed storage, ParseChild(ctx, "multi-hash storage"));
  F2M_ASSIGN_OR_RETURN(int32_t b, ctx.cur.I32());
  F2M_ASSIGN_OR_RETURN(int32_t nhash, ctx.cur.I32());
  F2M_RETURN_IF_ERROR(ctx.cur.Skip(4));  // nflip
  if (nhash < 0 || nhash > 4096) return ctx.cur.Corrupt("multi-hash", StrCat("nhash = ", nhash));
  for (int32_t i = 0; i < nhash; ++i) {
    F2M_RETURN_IF_ERROR(ctx.cur.Skip(4 + 8));  // id_bits, sz
    F2M_RETURN_IF_ERROR(ctx.cur.SkipVec(1, "multi-hash map").status());
  }
  ctx.Param("b", StrCat(b));
  ctx.Param("nhash", StrCat(nhash));
  if (storage.ntotal != h.ntotal) {
    return ctx.cur.Corrupt("multi-hash storage", StrCat("holds ", storage.ntotal,
                                                        " vectors, not ntotal = ", h.ntotal));
  }
  storage.milvus_index_type = "BIN_FLAT";
  return storage;
}

StatusOr<Parsed> ParseBinaryHash(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(Header h, ReadBinaryHeader(ctx.cur));
  HeaderParams(ctx, h);
  F2M_ASSIGN_OR_RETURN(int32_t b, ctx.cur.I32());
  F2M_RETURN_IF_ERROR(ctx.cur.Skip(4));  // nflip
  F2M_ASSIGN_OR_RETURN(uint64_t buckets, ctx.cur.U64());
  F2M_RETURN_IF_ERROR(ctx.cur.Skip(4));  // il_nbit
  F2M_RETURN_IF_ERROR(ctx.cur.SkipVec(1, "hash bucket table").status());
  // Each bucket costs at least 16 bytes (two counts), which bounds the loop by the file.
  if (buckets > ctx.cur.remaining() / 16) {
    return ctx.cur.Corrupt("binary hash", StrCat(buckets, " buckets cannot fit in the file"));
  }
  uint64_t code_size = static_cast<uint64_t>(h.d) / 8;
  std::vector<IvfList> lists;
  uint64_t sum = 0;
  for (uint64_t i = 0; i < buckets; ++i) {
    F2M_ASSIGN_OR_RETURN(uint64_t n, ctx.cur.VecCount(8, "bucket ids"));
    uint64_t ids_off = ctx.cur.pos();
    F2M_RETURN_IF_ERROR(ctx.cur.Skip(n * 8));
    uint64_t at = ctx.cur.pos();
    F2M_ASSIGN_OR_RETURN(uint64_t bytes, ctx.cur.VecCount(1, "bucket vectors"));
    if (bytes != n * code_size) {
      return ctx.cur.Corrupt("bucket vectors", StrCat("count ", bytes, " at byte ", at, " is not ",
                                                      n, " x ", code_size));
    }
    if (n > 0) lists.push_back(IvfList{i, n, ctx.cur.pos(), ids_off});
    sum += n;
    F2M_RETURN_IF_ERROR(ctx.cur.Skip(bytes));
  }
  if (sum != static_cast<uint64_t>(h.ntotal)) {
    return ctx.cur.Corrupt("binary hash", StrCat("the buckets hold ", sum, " vectors, not ntotal = ",
                                                 h.ntotal));
  }
  ctx.Param("b", StrCat(b));
  Parsed p;
  p.hdr = h;
  p.vector_type = VectorType::kBinary;
  p.d = h.d;
  p.ntotal = h.ntotal;
  p.ids = IdKind::kPerList;
  p.milvus_index_type = "BIN_FLAT";
  auto shared = std::make_shared<const std::vector<IvfList>>(std::move(lists));
  p.make_source = [shared, code_size](const SourceEnv& env) {
    return StatusOr<std::unique_ptr<VectorSource>>(
        NewIvfSource(*env.index_file, *shared, code_size, code_size, nullptr));
  };
  return p;
}

namespace {

// Packs the signs of d floats per row into d/8 bytes, least significant bit first.
class SignSource : public VectorSource {
 public:
  SignSource(std::unique_ptr<VectorSource> inner, int d) : inner_(std::move(inner)), d_(d) {}
  StatusOr<size_t> Next(size_t max_rows, int64_t* ids, uint8_t* vectors) override {
    floats_.resize(max_rows * d_);
    F2M_ASSIGN_OR_RETURN(size_t n, inner_->Next(max_rows, ids, reinterpret_cast<uint8_t*>(floats_.data())));
    size_t bytes = d_ / 8;
    for (size_t r = 0; r < n; ++r) {
      for (size_t i = 0; i < bytes; ++i) {
        uint8_t v = 0;
        for (int j = 0; j < 8; ++j) v |= static_cast<uint8_t>(floats_[r * d_ + i * 8 + j] > 0) << j;
        vectors[r * bytes + i] = v;
      }
    }
    return n;
  }
  Status Skip(uint64_t rows) override { return inner_->Skip(rows); }

 private:
  std::unique_ptr<VectorSource> inner_;
  size_t d_;
  std::vector<float> floats_;
};

}  // namespace

StatusOr<Parsed> ParseBinaryFromFloat(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(Header h, ReadBinaryHeader(ctx.cur));
  HeaderParams(ctx, h);
  F2M_ASSIGN_OR_RETURN(Parsed inner, ParseChild(ctx, "float index inside the binary index"));
  if (inner.vector_type != VectorType::kFloat32 || inner.d != h.d || inner.ntotal != h.ntotal) {
    return ctx.cur.Corrupt("binary-from-float", StrCat("the inner index (d = ", inner.d,
                                                       ", ntotal = ", inner.ntotal,
                                                       ") does not match d = ", h.d));
  }
  Parsed p = std::move(inner);
  p.hdr = h;
  p.vector_type = VectorType::kBinary;
  p.milvus_index_type = "BIN_FLAT";
  p.milvus_params.clear();
  int d = h.d;
  SourceFactory make_inner = std::move(p.make_source);
  p.make_source = [make_inner, d](const SourceEnv& env) -> StatusOr<std::unique_ptr<VectorSource>> {
    F2M_ASSIGN_OR_RETURN(auto src, make_inner(env));
    return std::unique_ptr<VectorSource>(new SignSource(std::move(src), d));
  };
  return p;
}

}  // namespace f2m
