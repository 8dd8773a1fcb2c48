// IVF kinds whose list codes are the vectors themselves: IwFl (IndexIVFFlat; code = d float32),
// the legacy IvFl / IvFL spellings, and IBwF (IndexBinaryIVF; code = d/8 bytes). Ids are stored
// next to the codes in each list.
#include "faiss/invlists.h"
#include "faiss/ivf_header.h"

namespace f2m {
namespace {

Parsed ListsResult(ParseContext& ctx, const IvfHeader& ivf, ListsLayout layout, bool binary) {
  Parsed p;
  FillIvfResult(ctx, ivf, p);
  p.vector_type = binary ? VectorType::kBinary : VectorType::kFloat32;
  p.milvus_index_type = binary ? "BIN_IVF_FLAT" : "IVF_FLAT";
  p.ivf = layout.stats;
  ctx.Param("lists", layout.kind);
  uint64_t cs = layout.code_size;
  auto data = layout.data_file;
  auto lists = std::make_shared<const std::vector<IvfList>>(std::move(layout.lists));
  p.make_source = [data, lists, cs](const SourceEnv& env) {
    const RandomAccessFile& f = data ? *data : *env.index_file;
    return StatusOr<std::unique_ptr<VectorSource>>(NewIvfSource(f, *lists, cs, cs, nullptr));
  };
  return p;
}

}  // namespace

StatusOr<Parsed> ParseIvfFlat(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(IvfHeader ivf, ReadIvfHeader(ctx, /*binary=*/false, /*legacy=*/false));
  uint64_t cs = static_cast<uint64_t>(ivf.hdr.d) * 4;
  F2M_ASSIGN_OR_RETURN(ListsLayout layout, ParseInvLists(ctx, ivf.nlist, cs, ivf.hdr.ntotal));
  return ListsResult(ctx, ivf, std::move(layout), false);
}

StatusOr<Parsed> ParseBinaryIvf(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(IvfHeader ivf, ReadIvfHeader(ctx, /*binary=*/true, /*legacy=*/false));
  uint64_t cs = static_cast<uint64_t>(ivf.hdr.d) / 8;
  F2M_ASSIGN_OR_RETURN(ListsLayout layout, ParseInvLists(ctx, ivf.nlist, cs, ivf.hdr.ntotal));
  return ListsResult(ctx, ivf, std::move(layout), true);
}

// Legacy IVFFlat: ids arrays in the header, then one counted code array per list
// (`IvFl`: vec<float>, count in floats; `IvFL`: vec<uint8>, count in bytes).
StatusOr<Parsed> ParseLegacyIvfFlat(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(IvfHeader ivf, ReadIvfHeader(ctx, /*binary=*/false, /*legacy=*/true));
  uint64_t cs = static_cast<uint64_t>(ivf.hdr.d) * 4;
  F2M_ASSIGN_OR_RETURN(ListsLayout layout, ParseLegacyLists(ctx, ivf, cs, fourcc == "IvFl" ? 4 : 1));
  return ListsResult(ctx, ivf, std::move(layout), false);
}

}  // namespace f2m
