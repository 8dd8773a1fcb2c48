// The IVF kinds whose list codes need decoding (SQ, PQ, additive quantizers): one helper that
// turns the parsed lists plus a decoder recipe into a streaming source, loading the coarse
// centroids only when the codes are residuals.
#ifndef F2M_FAISS_IVF_CODES_H_
#define F2M_FAISS_IVF_CODES_H_

#include "faiss/decoders.h"
#include "faiss/invlists.h"
#include "faiss/ivf_header.h"

namespace f2m {

// Makes the CodeDecoder for one source; `centroids` is null unless by_residual.
using DecoderRecipe =
    std::function<StatusOr<std::unique_ptr<CodeDecoder>>(Centroids centroids)>;

// Fills `p` for an IVF whose lists hold codes of layout.code_size bytes that `recipe` decodes
// into ivf.hdr.d floats.
void SetIvfCodesSource(ParseContext& ctx, const IvfHeader& ivf, ListsLayout layout,
                       bool by_residual, DecoderRecipe recipe, Parsed& p);

// Fills `p` for an IVF fast-scan kind: `ilbl` lists whose blocks unpack (with `layout`) into
// codes that `recipe` decodes into ivf.hdr.d floats.
void SetIvfBlockSource(ParseContext& ctx, const IvfHeader& ivf, BlockListsLayout lists,
                       FastScanLayout layout, bool by_residual, DecoderRecipe recipe, Parsed& p);

// Fills `p` for a flat-codes index: ntotal codes of code_size bytes at `offset`.
void SetFlatCodesSource(uint64_t offset, int64_t ntotal, int d, DecoderRecipe recipe, Parsed& p);

// The warning text for a lossy kind: "decoded from <what>; the original vectors are not in the file".
std::string LossyNote(const std::string& what);

}  // namespace f2m

#endif  // F2M_FAISS_IVF_CODES_H_
