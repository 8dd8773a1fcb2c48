// Panorama kinds from faiss 1.13+ (exact: floats reordered by level inside batches, §5.1, §3.5,
// §7.6): IxFP / IxFp (IndexFlatL2Panorama / IndexFlatIPPanorama: no common header, the metric is
// in the fourcc) and IwPn / IwP2 (IndexIVFFlatPanorama with `ilpn` / `ilp2` lists: per list the
// batched codes, the ids, then cum_sums we skip). IHfP and IxRP are handled by the HNSW and
// refine parsers (their vectors are in a plain or Panorama flat index).
#include "base/le.h"
#include "faiss/invlists.h"
#include "faiss/ivf_header.h"
#include "faiss/panorama_source.h"
#include "faiss/parse_lossy.h"

namespace f2m {
namespace {

constexpr uint64_t kMaxBatchBytes = uint64_t{256} << 20;

StatusOr<PanoramaLayout> Layout(Cursor& cur, int d, uint64_t n_levels, uint64_t batch_size,
                                uint64_t at) {
  PanoramaLayout l{static_cast<size_t>(d), static_cast<size_t>(n_levels),
                   static_cast<size_t>(batch_size)};
  if (d <= 0 || n_levels == 0 || n_levels > static_cast<uint64_t>(d) || batch_size == 0 ||
      batch_size > kMaxBatchBytes / (static_cast<uint64_t>(d) * 4)) {
    return cur.Corrupt("panorama layout", StrCat("d = ", d, ", n_levels = ", n_levels,
                                                 ", batch_size = ", batch_size, " (at byte ", at,
                                                 ") are not a valid Panorama layout"));
  }
  return l;
}

// Bytes of the batches holding n vectors.
uint64_t PaddedBytes(const PanoramaLayout& l, uint64_t n) {
  return (n + l.batch_size - 1) / l.batch_size * l.batch_bytes();
}

}  // namespace

StatusOr<Parsed> ParseFlatPanorama(ParseContext& ctx, const std::string& fourcc) {
  Cursor& cur = ctx.cur;
  uint64_t at = cur.pos();
  Header h;
  F2M_ASSIGN_OR_RETURN(h.d, cur.I32());
  F2M_ASSIGN_OR_RETURN(uint64_t n_levels, cur.U64());
  F2M_ASSIGN_OR_RETURN(uint64_t batch_size, cur.U64());
  F2M_ASSIGN_OR_RETURN(h.ntotal, cur.I64());
  F2M_ASSIGN_OR_RETURN(h.is_trained, cur.Bool());
  h.metric = fourcc == "IxFP" ? 1 : 0;
  F2M_ASSIGN_OR_RETURN(PanoramaLayout layout, Layout(cur, h.d, n_levels, batch_size, at));
  if (h.ntotal < 0) return cur.Corrupt("panorama header", StrCat("ntotal = ", h.ntotal, " is negative"));
  HeaderParams(ctx, h);
  ctx.Param("n_levels", StrCat(n_levels));
  ctx.Param("batch_size", StrCat(batch_size));
  uint64_t codes_at = cur.pos();
  F2M_ASSIGN_OR_RETURN(uint64_t count, cur.VecCount(1, "panorama codes"));
  if (count != PaddedBytes(layout, static_cast<uint64_t>(h.ntotal))) {
    return cur.Corrupt("panorama codes", StrCat("count ", count, " at byte ", codes_at, " is not ",
                                                h.ntotal, " vectors padded to batches of ",
                                                batch_size, " x ", h.d, " floats"));
  }
  uint64_t offset = cur.pos();
  F2M_RETURN_IF_ERROR(cur.Skip(count));
  F2M_RETURN_IF_ERROR(cur.SkipVec(4, "panorama cum_sums").status());
  Parsed p;
  p.hdr = h;
  p.d = h.d;
  p.ntotal = h.ntotal;
  p.milvus_index_type = "FLAT";
  uint64_t n = static_cast<uint64_t>(h.ntotal);
  p.make_source = [=](const SourceEnv& env) -> StatusOr<std::unique_ptr<VectorSource>> {
    return NewPanoramaSource(*env.index_file, {PanoramaList{-1, n, offset, 0}}, layout, true);
  };
  return p;
}

StatusOr<Parsed> ParseIvfPanorama(ParseContext& ctx, const std::string& fourcc) {
  Cursor& cur = ctx.cur;
  F2M_ASSIGN_OR_RETURN(IvfHeader ivf, ReadIvfHeader(ctx, /*binary=*/false, /*legacy=*/false));
  F2M_ASSIGN_OR_RETURN(uint64_t n_levels, cur.U64());
  uint64_t batch_size = 128;  // IwPn / ilpn: faiss's Panorama::kDefaultBatchSize
  if (fourcc == "IwP2") {
    F2M_ASSIGN_OR_RETURN(batch_size, cur.U64());
  }
  uint64_t at = cur.pos();
  F2M_ASSIGN_OR_RETURN(std::string lfcc, cur.Fourcc());
  bool v2 = lfcc == "ilp2";
  if (lfcc != "ilpn" && !v2) {
    return cur.Corrupt("panorama lists", StrCat("'", lfcc, "' at byte ", at,
                                                " is not the Panorama lists 'ilpn' or 'ilp2'"));
  }
  F2M_ASSIGN_OR_RETURN(uint64_t nlist, cur.U64());
  F2M_ASSIGN_OR_RETURN(uint64_t code_size, cur.U64());
  F2M_ASSIGN_OR_RETURN(uint64_t list_levels, cur.U64());
  uint64_t list_bs = 128;
  if (v2) {
    F2M_ASSIGN_OR_RETURN(list_bs, cur.U64());
  }
  if (nlist != ivf.nlist || code_size != static_cast<uint64_t>(ivf.hdr.d) * 4 ||
      list_levels != n_levels || list_bs != batch_size) {
    return cur.Corrupt("panorama lists",
                       StrCat("nlist ", nlist, ", code_size ", code_size, ", n_levels ",
                              list_levels, ", batch_size ", list_bs, " (at byte ", at,
                              ") do not match the index"));
  }
  F2M_ASSIGN_OR_RETURN(PanoramaLayout layout, Layout(cur, ivf.hdr.d, n_levels, batch_size, at));
  F2M_ASSIGN_OR_RETURN(ListSizes ls, ReadListSizes(cur, nlist));
  std::vector<PanoramaList> lists;
  std::vector<IvfList> shape;
  uint64_t off = cur.pos(), sum = 0;
  for (auto [no, n] : ls.sizes) {
    if (n == 0) continue;
    uint64_t padded = (n + batch_size - 1) / batch_size * batch_size;
    auto codes = CheckedMul(padded, code_size);
    auto sums = CheckedMul(padded, (n_levels + 1) * 4);
    auto all = codes && sums ? CheckedAdd(*codes + n * 8, *sums) : std::nullopt;
    auto end = all ? CheckedAdd(off, *all) : std::nullopt;
    if (!end || *end > cur.size() || n > cur.size()) {
      return cur.Corrupt("panorama lists", StrCat("list ", no, " of ", n, " entries at byte ", off,
                                                  " runs past the end of the file (", cur.size(),
                                                  " bytes)"));
    }
    lists.push_back(PanoramaList{static_cast<int64_t>(no), n, off, off + *codes});
    shape.push_back(IvfList{no, n, 0, 0});
    sum += n;
    off = *end;
  }
  if (sum != static_cast<uint64_t>(ivf.hdr.ntotal)) {
    return cur.Corrupt("panorama lists", StrCat("the lists hold ", sum,
                                                " vectors but the IVF header says ntotal = ",
                                                ivf.hdr.ntotal));
  }
  F2M_RETURN_IF_ERROR(cur.Seek(off));
  Parsed p;
  FillIvfResult(ctx, ivf, p);
  p.ivf = ListStats(nlist, shape);
  p.milvus_index_type = "IVF_FLAT";
  ctx.Param("lists", StrCat(lfcc, "/", ls.kind));
  ctx.Param("n_levels", StrCat(n_levels));
  ctx.Param("batch_size", StrCat(batch_size));
  auto shared = std::make_shared<const std::vector<PanoramaList>>(std::move(lists));
  p.make_source = [=](const SourceEnv& env) -> StatusOr<std::unique_ptr<VectorSource>> {
    return NewPanoramaSource(*env.index_file, *shared, layout, false);
  };
  return p;
}

}  // namespace f2m
