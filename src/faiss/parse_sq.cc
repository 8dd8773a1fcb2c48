// Scalar-quantizer kinds: IxSQ (flat codes) and IwSq / IwSQ (IVF; IwSQ implies by_residual).
// Codes are decoded exactly as Faiss's sa_decode does (codec/scalar_quantizer.h).
#include <algorithm>
#include <cmath>

#include "faiss/codec/scalar_quantizer.h"
#include "faiss/ivf_codes.h"
#include "faiss/parse_lossy.h"

namespace f2m {
namespace {

// QT_0bit (faiss 1.14.3+): no per-vector data; an IVF's vector is its list's centroid.
constexpr int32_t kZeroBit = 9;

// The qtype's faiss name, also for the ones we do not decode.
std::string QtypeName(int32_t qtype) {
  const char* name = SqTypeName(qtype);
  return name ? std::string(name) : qtype == kZeroBit ? "QT_0bit" : StrCat("qtype ", qtype);
}

struct SqRecord {
  int32_t qtype = 0;
  uint64_t d = 0;
  uint64_t code_size = 0;
  std::vector<float> trained;
};

StatusOr<SqRecord> ReadSq(ParseContext& ctx) {
  SqRecord r;
  F2M_ASSIGN_OR_RETURN(r.qtype, ctx.cur.I32());
  F2M_RETURN_IF_ERROR(ctx.cur.Skip(8));  // rangestat, rangestat_arg
  F2M_ASSIGN_OR_RETURN(r.d, ctx.cur.U64());
  F2M_ASSIGN_OR_RETURN(r.code_size, ctx.cur.U64());
  F2M_ASSIGN_OR_RETURN(r.trained, ctx.cur.SmallVec<float>("scalar quantizer table", ~0ull));
  ctx.Param("qtype", QtypeName(r.qtype));
  return r;
}

// The largest decode error the table allows: half a bucket for the 4/6/8-bit types.
void ErrorParam(ParseContext& ctx, const SqRecord& r) {
  int bits = r.qtype == 0 || r.qtype == 2 ? 8 : r.qtype == 1 || r.qtype == 3 ? 4 : r.qtype == 6 ? 6 : 0;
  if (bits == 0 || r.trained.empty()) return;
  size_t half = r.trained.size() / 2;
  float vdiff = 0;
  for (size_t i = half; i < r.trained.size(); ++i) vdiff = std::max(vdiff, std::fabs(r.trained[i]));
  ctx.Param("max_abs_error", StrCat(vdiff / (2.0f * ((1 << bits) - 1))));
}

StatusOr<DecoderRecipe> SqRecipe(const SqRecord& r, int d) {
  if (r.d != static_cast<uint64_t>(d)) {
    return absl::DataLossError(StrCat("read scalar quantizer: its d = ", r.d,
                                      " differs from the index's d = ", d));
  }
  if (r.qtype == kZeroBit) {
    if (r.code_size != 0 || !r.trained.empty()) {
      return absl::DataLossError(StrCat("read scalar quantizer: QT_0bit with code_size ",
                                        r.code_size, " and ", r.trained.size(), " trained floats"));
    }
    size_t dd = static_cast<size_t>(d);
    return DecoderRecipe([dd](Centroids c) -> StatusOr<std::unique_ptr<CodeDecoder>> {
      auto zeros = [dd](const uint8_t*, size_t n, float* out) { std::fill(out, out + n * dd, 0.0f); };
      return NewFloatDecoder(0, static_cast<int>(dd), zeros, std::move(c));
    });
  }
  F2M_ASSIGN_OR_RETURN(SqDecoder dec, SqDecoder::Create(r.qtype, r.d, r.trained));
  if (dec.code_size() != r.code_size) {
    return absl::DataLossError(StrCat("read scalar quantizer: code_size ", r.code_size, " is not ",
                                      dec.code_size(), " for ", QtypeName(r.qtype)));
  }
  auto codec = std::make_shared<const SqDecoder>(std::move(dec));
  uint64_t cs = r.code_size;
  return DecoderRecipe([codec, cs, d](Centroids c) -> StatusOr<std::unique_ptr<CodeDecoder>> {
    return NewFloatDecoder(cs, d, CodecFn(codec), std::move(c));
  });
}

std::string SqMilvus(int32_t qtype) { return qtype == 0 || qtype == 2 ? "IVF_SQ8" : "IVF_FLAT"; }

}  // namespace

StatusOr<Parsed> ParseFlatSq(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(Header h, ReadFloatHeader(ctx.cur));
  HeaderParams(ctx, h);
  F2M_ASSIGN_OR_RETURN(SqRecord sq, ReadSq(ctx));
  ErrorParam(ctx, sq);
  if (sq.qtype == kZeroBit) {
    return absl::UnimplementedError(StrCat("read faiss index ", ctx.path, ": IndexScalarQuantizer",
                                           " with QT_0bit stores nothing per vector outside an IVF"));
  }
  F2M_ASSIGN_OR_RETURN(DecoderRecipe recipe, SqRecipe(sq, h.d));
  F2M_ASSIGN_OR_RETURN(uint64_t offset, ReadCodesArray(ctx, h.ntotal, sq.code_size));
  Parsed p;
  p.hdr = h;
  SetFlatCodesSource(offset, h.ntotal, h.d, std::move(recipe), p);
  p.lossy_note = LossyNote(StrCat(QtypeName(sq.qtype), " scalar-quantizer codes"));
  p.milvus_index_type = "FLAT";
  return p;
}

// IwSq (current), IwSQ (by_residual implied) and the legacy IvSQ (ids in the IVF header, one
// code array per list, by_residual implied).
StatusOr<Parsed> ParseIvfSq(ParseContext& ctx, const std::string& fourcc) {
  bool legacy = fourcc == "IvSQ";
  F2M_ASSIGN_OR_RETURN(IvfHeader ivf, ReadIvfHeader(ctx, /*binary=*/false, legacy));
  F2M_ASSIGN_OR_RETURN(SqRecord sq, ReadSq(ctx));
  ErrorParam(ctx, sq);
  F2M_ASSIGN_OR_RETURN(uint64_t code_size, ctx.cur.U64());
  bool by_residual = true;
  if (fourcc == "IwSq") {
    F2M_ASSIGN_OR_RETURN(by_residual, ctx.cur.Bool());
  }
  if (code_size != sq.code_size) {
    return ctx.cur.Corrupt("IVF scalar quantizer", StrCat("code_size ", code_size,
                                                          " differs from the quantizer's ",
                                                          sq.code_size));
  }
  if (sq.qtype == kZeroBit) by_residual = true;  // the vector is the centroid, whatever the flag
  F2M_ASSIGN_OR_RETURN(DecoderRecipe recipe, SqRecipe(sq, ivf.hdr.d));
  ListsLayout layout;
  if (legacy) {
    F2M_ASSIGN_OR_RETURN(layout, ParseLegacyLists(ctx, ivf, code_size, 1));
  } else {
    F2M_ASSIGN_OR_RETURN(layout, ParseInvLists(ctx, ivf.nlist, code_size, ivf.hdr.ntotal));
  }
  Parsed p;
  SetIvfCodesSource(ctx, ivf, std::move(layout), by_residual, std::move(recipe), p);
  p.lossy_note = sq.qtype == kZeroBit
                     ? LossyNote("the coarse centroids (QT_0bit keeps nothing per vector)")
                     : LossyNote(StrCat(QtypeName(sq.qtype), " scalar-quantizer codes",
                                        by_residual ? " of residuals" : ""));
  p.milvus_index_type = SqMilvus(sq.qtype);
  return p;
}

}  // namespace f2m
