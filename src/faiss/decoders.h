// Glue between the codecs in codec/ (pure decoders of SQ, PQ, additive-quantizer codes) and the
// streaming sources: a codec wrapped as a CodeDecoder, with the IVF coarse centroid added back
// for by_residual indexes (the centroids come from centroids.h).
#ifndef F2M_FAISS_DECODERS_H_
#define F2M_FAISS_DECODERS_H_

#include <memory>
#include <vector>

#include "faiss/centroids.h"
#include "faiss/parse.h"
#include "faiss/sources.h"

namespace f2m {

// `decode(codes, n, out_floats)` decodes n codes of `code_size` bytes into n x d floats.
using DecodeFn = std::function<void(const uint8_t*, size_t, float*)>;

// A CodeDecoder over `decode`; with `centroids`, adds centroid[list_no] to every row.
std::unique_ptr<CodeDecoder> NewFloatDecoder(uint64_t code_size, int d, DecodeFn decode,
                                             Centroids centroids);

// Wraps a codec object (anything with Decode(codes, n, float*) and code_size()) as a DecodeFn.
template <typename Codec>
DecodeFn CodecFn(std::shared_ptr<const Codec> codec) {
  return [codec](const uint8_t* codes, size_t n, float* out) { codec->Decode(codes, n, out); };
}

}  // namespace f2m

#endif  // F2M_FAISS_DECODERS_H_
