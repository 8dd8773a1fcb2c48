// Coarse quantizers that store no centroid vectors, only codebooks: Imiq (MultiIndexQuantizer,
// "IMI2x8": list i is the concatenation of the M sub-centroids picked by the nbits-bit groups
// of i, low bits first) and ImRQ (ResidualCoarseQuantizer, "IVF256(RCQ2x4)": list i is the RQ
// decode of i's bits). They appear inside an IVF header; on their own they hold no database
// vectors. IVFs over them get their centroids one list at a time (centroids.h), so an IMI2x12
// (2^24 lists) never materializes its centroid table.
#include "faiss/centroids.h"
#include "faiss/parse_lossy.h"

namespace f2m {
namespace {

constexpr unsigned kMaxListBits = 62;

// Checks that the header's ntotal is the 2^bits virtual centroids and fills the result.
StatusOr<Parsed> CoarseResult(ParseContext& ctx, const Header& h, uint64_t bits,
                              uint64_t header_at, const char* what) {
  if (bits > kMaxListBits || static_cast<uint64_t>(h.ntotal) != (uint64_t{1} << bits)) {
    return ctx.cur.Corrupt(what, StrCat("the header at byte ", header_at, " says ntotal = ",
                                        h.ntotal, " but ", bits, " code bits give 2^", bits,
                                        " centroids"));
  }
  Parsed p;
  p.hdr = h;
  p.d = h.d;
  p.ntotal = h.ntotal;
  p.no_source_reason = StrCat(what, " is a coarse quantizer: it holds no database vectors");
  ctx.Param("centroids", StrCat(h.ntotal));
  return p;
}

}  // namespace

StatusOr<Parsed> ParseMultiIndexQuantizer(ParseContext& ctx, const std::string& fourcc) {
  uint64_t at = ctx.cur.pos();
  F2M_ASSIGN_OR_RETURN(Header h, ReadFloatHeader(ctx.cur));
  HeaderParams(ctx, h);
  F2M_ASSIGN_OR_RETURN(std::shared_ptr<const PqDecoder> pq, ReadPq(ctx, h.d, "PQ"));
  F2M_ASSIGN_OR_RETURN(Parsed p, CoarseResult(ctx, h, uint64_t{pq->M()} * pq->nbits(), at,
                                              "multi-index quantizer"));
  uint64_t nlist = p.ntotal;
  int d = h.d;
  p.make_centroids = [pq, nlist, d](const SourceEnv&) -> StatusOr<Centroids> {
    return NewCodeCentroids(nlist, d, pq->code_size(),
                            [pq](const uint8_t* code, float* out) { pq->DecodeOne(code, out); });
  };
  return p;
}

StatusOr<Parsed> ParseResidualCoarseQuantizer(ParseContext& ctx, const std::string& fourcc) {
  uint64_t at = ctx.cur.pos();
  F2M_ASSIGN_OR_RETURN(Header h, ReadFloatHeader(ctx.cur));
  HeaderParams(ctx, h);
  F2M_ASSIGN_OR_RETURN(std::shared_ptr<const AqDecoder> rq, ReadAq(ctx, "IxRq"));
  F2M_ASSIGN_OR_RETURN(float beam_factor, ctx.cur.F32());
  ctx.Param("beam_factor", StrCat(beam_factor));
  if (rq->d() != static_cast<uint64_t>(h.d)) {
    return ctx.cur.Corrupt("residual coarse quantizer",
                           StrCat("its RQ has d = ", rq->d(), " but the header at byte ", at,
                                  " says d = ", h.d));
  }
  F2M_ASSIGN_OR_RETURN(Parsed p, CoarseResult(ctx, h, rq->index_bits(), at,
                                              "residual coarse quantizer"));
  uint64_t nlist = p.ntotal;
  int d = h.d;
  p.make_centroids = [rq, nlist, d](const SourceEnv&) -> StatusOr<Centroids> {
    return NewCodeCentroids(nlist, d, rq->code_size(),
                            [rq](const uint8_t* code, float* out) { rq->DecodeOne(code, out); });
  };
  return p;
}

}  // namespace f2m
