// Parse functions of the lossy kinds (decoded with the codecs in codec/), and the small
// readers they share.
#ifndef F2M_FAISS_PARSE_LOSSY_H_
#define F2M_FAISS_PARSE_LOSSY_H_

#include <memory>

#include "faiss/codec/additive_quantizer.h"
#include "faiss/codec/product_quantizer.h"
#include "faiss/parse.h"

namespace f2m {

// Reads a vec<uint8> of codes that must hold ntotal x code_size bytes; returns the payload
// offset and seeks past it.
StatusOr<uint64_t> ReadCodesArray(ParseContext& ctx, int64_t ntotal, uint64_t code_size);

// Reads a ProductQuantizer record whose d must equal `d`; `role` names it in params and errors.
StatusOr<std::shared_ptr<const PqDecoder>> ReadPq(ParseContext& ctx, int d, const char* role);

// Reads the additive-quantizer record of the flat-codes kind `fourcc` (IxRq, IxRQ, IxLS, IxPR,
// IxPL), up to and including its class-specific tail (parse_aq.cc).
StatusOr<std::shared_ptr<const AqDecoder>> ReadAq(ParseContext& ctx, const std::string& fourcc);

StatusOr<Parsed> ParseFlatSq(ParseContext& ctx, const std::string& fourcc);   // parse_sq.cc
StatusOr<Parsed> ParseIvfSq(ParseContext& ctx, const std::string& fourcc);    // parse_sq.cc
StatusOr<Parsed> ParseFlatPq(ParseContext& ctx, const std::string& fourcc);   // parse_pq.cc
StatusOr<Parsed> ParseIvfPq(ParseContext& ctx, const std::string& fourcc);    // parse_pq.cc
StatusOr<Parsed> ParsePqFastScan(ParseContext& ctx, const std::string& fourcc);     // parse_fast_scan.cc
StatusOr<Parsed> ParseIvfPqFastScan(ParseContext& ctx, const std::string& fourcc);  // parse_fast_scan.cc
StatusOr<Parsed> ParseAqFastScan(ParseContext& ctx, const std::string& fourcc);     // parse_aq_fast_scan.cc
StatusOr<Parsed> ParseIvfAqFastScan(ParseContext& ctx, const std::string& fourcc);  // parse_aq_fast_scan.cc
StatusOr<Parsed> ParseFlatAq(ParseContext& ctx, const std::string& fourcc);   // parse_aq.cc
StatusOr<Parsed> ParseIvfAq(ParseContext& ctx, const std::string& fourcc);    // parse_aq.cc
StatusOr<Parsed> ParsePreTransform(ParseContext& ctx, const std::string& fourcc);  // parse_pretransform.cc
StatusOr<Parsed> ParseBinaryMultiHash(ParseContext& ctx, const std::string& fourcc);  // parse_binary_hash.cc
StatusOr<Parsed> ParseBinaryHash(ParseContext& ctx, const std::string& fourcc);       // parse_binary_hash.cc
StatusOr<Parsed> ParseBinaryFromFloat(ParseContext& ctx, const std::string& fourcc);  // parse_binary_hash.cc
StatusOr<Parsed> ParseIvfFlatDedup(ParseContext& ctx, const std::string& fourcc);     // parse_dedup.cc
StatusOr<Parsed> ParseNsg(ParseContext& ctx, const std::string& fourcc);        // parse_graph.cc
StatusOr<Parsed> ParseNnDescent(ParseContext& ctx, const std::string& fourcc);  // parse_graph.cc
StatusOr<Parsed> ParseMultiIndexQuantizer(ParseContext& ctx, const std::string& fourcc);     // parse_coarse.cc
StatusOr<Parsed> ParseResidualCoarseQuantizer(ParseContext& ctx, const std::string& fourcc); // parse_coarse.cc
StatusOr<Parsed> ParseTwoLayer(ParseContext& ctx, const std::string& fourcc);   // parse_two_layer.cc
StatusOr<Parsed> ParseFlatPanorama(ParseContext& ctx, const std::string& fourcc);  // parse_panorama.cc
StatusOr<Parsed> ParseIvfPanorama(ParseContext& ctx, const std::string& fourcc);   // parse_panorama.cc
StatusOr<Transform> ParseTransform(ParseContext& ctx, const std::string& fourcc);  // parse_pretransform.cc

}  // namespace f2m

#endif  // F2M_FAISS_PARSE_LOSSY_H_
