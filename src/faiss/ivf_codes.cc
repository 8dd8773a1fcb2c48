#include "faiss/ivf_codes.h"

namespace f2m {

std::string LossyNote(const std::string& what) {
  return StrCat("vectors decoded from ", what, "; the original vectors are not in the file");
}

void SetIvfCodesSource(ParseContext& ctx, const IvfHeader& ivf, ListsLayout layout,
                       bool by_residual, DecoderRecipe recipe, Parsed& p) {
  FillIvfResult(ctx, ivf, p);
  p.ivf = layout.stats;
  p.exact = false;
  ctx.Param("lists", layout.kind);
  ctx.Param("by_residual", by_residual ? "true" : "false");
  uint64_t cs = layout.code_size;
  uint64_t nlist = ivf.nlist;
  int d = ivf.hdr.d;
  auto data = layout.data_file;
  auto lists = std::make_shared<const std::vector<IvfList>>(std::move(layout.lists));
  auto quantizer = std::make_shared<const Parsed>(ivf.quantizer);
  p.make_source = [=](const SourceEnv& env) -> StatusOr<std::unique_ptr<VectorSource>> {
    Centroids centroids;
    if (by_residual) {
      F2M_ASSIGN_OR_RETURN(centroids, LoadCentroids(*quantizer, env, nlist, d));
    }
    F2M_ASSIGN_OR_RETURN(auto decoder, recipe(centroids));
    const RandomAccessFile& f = data ? *data : *env.index_file;
    return NewIvfSource(f, *lists, cs, static_cast<uint64_t>(d) * 4, std::move(decoder));
  };
}

void SetIvfBlockSource(ParseContext& ctx, const IvfHeader& ivf, BlockListsLayout lists,
                       FastScanLayout layout, bool by_residual, DecoderRecipe recipe, Parsed& p) {
  FillIvfResult(ctx, ivf, p);
  p.ivf = lists.stats;
  p.exact = false;
  ctx.Param("lists", "ilbl");
  ctx.Param("by_residual", by_residual ? "true" : "false");
  uint64_t nlist = ivf.nlist;
  int d = ivf.hdr.d;
  auto quantizer = std::make_shared<const Parsed>(ivf.quantizer);
  auto shared = std::make_shared<const std::vector<BlockList>>(std::move(lists.lists));
  p.make_source = [=](const SourceEnv& env) -> StatusOr<std::unique_ptr<VectorSource>> {
    Centroids centroids;
    if (by_residual) {
      F2M_ASSIGN_OR_RETURN(centroids, LoadCentroids(*quantizer, env, nlist, d));
    }
    F2M_ASSIGN_OR_RETURN(auto decoder, recipe(centroids));
    return NewBlockSource(*env.index_file, *shared, layout, false, static_cast<uint64_t>(d) * 4,
                          std::move(decoder));
  };
}

void SetFlatCodesSource(uint64_t offset, int64_t ntotal, int d, DecoderRecipe recipe, Parsed& p) {
  p.d = d;
  p.ntotal = ntotal;
  p.exact = false;
  p.make_source = [=](const SourceEnv& env) -> StatusOr<std::unique_ptr<VectorSource>> {
    F2M_ASSIGN_OR_RETURN(auto decoder, recipe(nullptr));
    return NewDecodedSource(*env.index_file, offset, ntotal, static_cast<uint64_t>(d) * 4,
                            std::move(decoder));
  };
}

}  // namespace f2m
