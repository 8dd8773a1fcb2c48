// ParsePreTransform and the source that applies the inverse chain to the inner index's rows.
#include "faiss/parse_lossy.h"
#include "faiss/parse_table.h"

namespace f2m {
namespace {

class InverseSource : public VectorSource {
 public:
  InverseSource(std::unique_ptr<VectorSource> inner, std::vector<Transform> chain)
      : inner_(std::move(inner)), chain_(std::move(chain)) {}

  StatusOr<size_t> Next(size_t max_rows, int64_t* ids, uint8_t* vectors) override {
    size_t d_last = static_cast<size_t>(chain_.back().d_out);
    a_.resize(max_rows * d_last);
    F2M_ASSIGN_OR_RETURN(size_t n, inner_->Next(max_rows, ids, reinterpret_cast<uint8_t*>(a_.data())));
    for (size_t k = chain_.size(); k-- > 0;) {
      const Transform& t = chain_[k];
      float* out = k == 0 ? reinterpret_cast<float*>(vectors) : (b_.resize(n * t.d_in), b_.data());
      t.inverse(a_.data(), n, out);
      if (k != 0) a_.swap(b_);
    }
    return n;
  }
  Status Skip(uint64_t rows) override { return inner_->Skip(rows); }

 private:
  std::unique_ptr<VectorSource> inner_;
  std::vector<Transform> chain_;
  std::vector<float> a_, b_;
};

}  // namespace

StatusOr<Parsed> ParsePreTransform(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(Header h, ReadFloatHeader(ctx.cur));
  HeaderParams(ctx, h);
  F2M_ASSIGN_OR_RETURN(int32_t nt, ctx.cur.I32());
  if (nt < 0 || nt > 64) return ctx.cur.Corrupt("pre-transform", StrCat("chain of ", nt, " transforms"));
  std::vector<Transform> chain;
  std::string refused;
  for (int32_t i = 0; i < nt; ++i) {
    uint64_t at = ctx.cur.pos();
    F2M_ASSIGN_OR_RETURN(std::string fcc, ctx.cur.Fourcc());
    const FourccEntry* e = FindFourcc(fcc);
    if (e == nullptr || e->transform == nullptr) {
      return ctx.cur.Corrupt("pre-transform", StrCat("'", fcc, "' at byte ", at,
                                                     " is not a known vector transform"));
    }
    ctx.nodes.push_back(IndexNode{fcc, e->class_name, ctx.depth, {}});
    ++ctx.depth;
    StatusOr<Transform> t = e->transform(ctx, fcc);
    --ctx.depth;
    if (!t.ok()) return t.status();
    ctx.nodes.back().params.emplace_back("d_in", StrCat(t->d_in));
    ctx.nodes.back().params.emplace_back("d_out", StrCat(t->d_out));
    if (!chain.empty() && chain.back().d_out != t->d_in) {
      return ctx.cur.Corrupt("pre-transform", StrCat("transform ", i, " takes d = ", t->d_in,
                                                     " but the previous one gives ", chain.back().d_out));
    }
    if (refused.empty() && !t->inverse) refused = StrCat(e->class_name, ": ", t->refuse_reason);
    chain.push_back(std::move(*t));
  }
  F2M_ASSIGN_OR_RETURN(Parsed inner, ParseChild(ctx, "index inside the pre-transform"));
  if (!chain.empty() && inner.d != chain.back().d_out) {
    return ctx.cur.Corrupt("pre-transform", StrCat("the inner index has d = ", inner.d,
                                                   " but the chain gives ", chain.back().d_out));
  }
  Parsed p = std::move(inner);
  p.hdr.metric = h.metric;
  if (chain.empty() || ctx.options.keep_pretransform) {
    if (!chain.empty()) ctx.Param("pretransform", "kept: vectors are in the transformed space");
    return p;
  }
  if (!refused.empty()) {
    return absl::FailedPreconditionError(StrCat(
        "read faiss index ", ctx.path, ": the pre-transform cannot be inverted (", refused,
        "); set dumper.faiss.pretransform: keep to migrate the transformed vectors (d = ",
        chain.back().d_out, ")"));
  }
  p.d = h.d;
  p.exact = false;
  p.lossy_note = p.lossy_note.empty()
                     ? "vectors mapped back through the inverse of the pre-transform (float rounding)"
                     : StrCat(p.lossy_note, ", then mapped back through the inverse pre-transform");
  SourceFactory inner_make = std::move(p.make_source);
  auto shared = std::make_shared<const std::vector<Transform>>(std::move(chain));
  p.make_source = [inner_make, shared](const SourceEnv& env) -> StatusOr<std::unique_ptr<VectorSource>> {
    F2M_ASSIGN_OR_RETURN(auto src, inner_make(env));
    return std::unique_ptr<VectorSource>(new InverseSource(std::move(src), *shared));
  };
  return p;
}

}  // namespace f2m
