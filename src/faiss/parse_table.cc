#include "faiss/parse_table.h"

#include <cstring>

#include "faiss/parse_lossy.h"

namespace f2m {
namespace {

constexpr const char* kNoVectors = "holds no database vectors";
constexpr const char* kHashOnly = "keeps only hash bits; the original vectors cannot be recovered";
constexpr const char* kNotYet = "not supported yet";

const FourccEntry kTable[] = {
    // Flat (exact)
    {"IxF2", "IndexFlatL2", ParseFlat, nullptr},
    {"IxFI", "IndexFlatIP", ParseFlat, nullptr},
    {"IxFl", "IndexFlat", ParseFlat, nullptr},
    {"IxFP", "IndexFlatL2Panorama", ParseFlatPanorama, nullptr},
    {"IxFp", "IndexFlatIPPanorama", ParseFlatPanorama, nullptr},
    // Wrappers
    {"IxMp", "IndexIDMap", ParseIdMap, nullptr},
    {"IxM2", "IndexIDMap2", ParseIdMap, nullptr},
    {"IxRF", "IndexRefine", ParseRefine, nullptr},
    {"IxRP", "IndexRefinePanorama", ParseRefine, nullptr},
    {"IxPT", "IndexPreTransform", ParsePreTransform, nullptr},
    {"IRMf", "IndexRowwiseMinMax", nullptr, kNoVectors},
    {"IRMh", "IndexRowwiseMinMaxFP16", nullptr, kNoVectors},
    // IVF
    {"IwFl", "IndexIVFFlat", ParseIvfFlat, nullptr},
    {"IvFl", "IndexIVFFlat (legacy)", ParseLegacyIvfFlat, nullptr},
    {"IvFL", "IndexIVFFlat (legacy)", ParseLegacyIvfFlat, nullptr},
    {"IwFd", "IndexIVFFlatDedup", ParseIvfFlatDedup, nullptr},
    {"IwPn", "IndexIVFFlatPanorama", ParseIvfPanorama, nullptr},
    {"IwP2", "IndexIVFFlatPanorama", ParseIvfPanorama, nullptr},
    {"IwSq", "IndexIVFScalarQuantizer", ParseIvfSq, nullptr},
    {"IwSQ", "IndexIVFScalarQuantizer", ParseIvfSq, nullptr},
    {"IvSQ", "IndexIVFScalarQuantizer (legacy)", ParseIvfSq, nullptr},
    {"IwPQ", "IndexIVFPQ", ParseIvfPq, nullptr},
    {"IwQR", "IndexIVFPQR", ParseIvfPq, nullptr},
    {"IvPQ", "IndexIVFPQ (legacy)", ParseIvfPq, nullptr},
    {"IvQR", "IndexIVFPQR (legacy)", ParseIvfPq, nullptr},
    {"IwRQ", "IndexIVFResidualQuantizer", ParseIvfAq, nullptr},
    {"IwLS", "IndexIVFLocalSearchQuantizer", ParseIvfAq, nullptr},
    {"IwPR", "IndexIVFProductResidualQuantizer", ParseIvfAq, nullptr},
    {"IwPL", "IndexIVFProductLocalSearchQuantizer", ParseIvfAq, nullptr},
    {"IwPf", "IndexIVFPQFastScan", ParseIvfPqFastScan, nullptr},
    {"IVRf", "IndexIVFResidualQuantizerFastScan", ParseIvfAqFastScan, nullptr},
    {"IVLf", "IndexIVFLocalSearchQuantizerFastScan", ParseIvfAqFastScan, nullptr},
    {"NPRf", "IndexIVFProductResidualQuantizerFastScan", ParseIvfAqFastScan, nullptr},
    {"NPLf", "IndexIVFProductLocalSearchQuantizerFastScan", ParseIvfAqFastScan, nullptr},
    {"IwSh", "IndexIVFSpectralHash", nullptr, kHashOnly},
    {"Iwrq", "IndexIVFRaBitQ", nullptr, "RaBitQ codes keep only an estimate of each vector"},
    {"Iwrr", "IndexIVFRaBitQ", nullptr, "RaBitQ codes keep only an estimate of each vector"},
    {"Iwrf", "IndexIVFRaBitQFastScan", nullptr, "RaBitQ codes keep only an estimate of each vector"},
    {"Iwrn", "IndexIVFRaBitQFastScan", nullptr, "RaBitQ codes keep only an estimate of each vector"},
    {"IwEd", "IndexIVFEDEN", nullptr, kNotYet},
    {"IwEe", "IndexIVFEDEN", nullptr, kNotYet},
    {"IwIQ", "IndexIVFIndependentQuantizer", nullptr, kNotYet},
    // Flat codes
    {"IxSQ", "IndexScalarQuantizer", ParseFlatSq, nullptr},
    {"IxPq", "IndexPQ", ParseFlatPq, nullptr},
    {"IxPo", "IndexPQ (old)", ParseFlatPq, nullptr},
    {"IxPQ", "IndexPQ (oldest)", ParseFlatPq, nullptr},
    {"IxRq", "IndexResidualQuantizer", ParseFlatAq, nullptr},
    {"IxRQ", "IndexResidualQuantizer (old)", ParseFlatAq, nullptr},
    {"IxLS", "IndexLocalSearchQuantizer", ParseFlatAq, nullptr},
    {"IxPR", "IndexProductResidualQuantizer", ParseFlatAq, nullptr},
    {"IxPL", "IndexProductLocalSearchQuantizer", ParseFlatAq, nullptr},
    {"Ix2L", "Index2Layer", ParseTwoLayer, nullptr},
    {"IPfs", "IndexPQFastScan", ParsePqFastScan, nullptr},
    {"ILfs", "IndexLocalSearchQuantizerFastScan", ParseAqFastScan, nullptr},
    {"IRfs", "IndexResidualQuantizerFastScan", ParseAqFastScan, nullptr},
    {"IPLf", "IndexProductLocalSearchQuantizerFastScan", ParseAqFastScan, nullptr},
    {"IPRf", "IndexProductResidualQuantizerFastScan", ParseAqFastScan, nullptr},
    {"IxHe", "IndexLSH", nullptr, "keeps only sign bits of rotated vectors; the vectors cannot be recovered"},
    {"IxHE", "IndexLSH (old)", nullptr, "keeps only sign bits of rotated vectors; the vectors cannot be recovered"},
    {"Ixrq", "IndexRaBitQ", nullptr, "RaBitQ codes keep only an estimate of each vector"},
    {"Ixrr", "IndexRaBitQ", nullptr, "RaBitQ codes keep only an estimate of each vector"},
    {"Irfs", "IndexRaBitQFastScan", nullptr, "RaBitQ codes keep only an estimate of each vector"},
    {"Irfn", "IndexRaBitQFastScan", nullptr, "RaBitQ codes keep only an estimate of each vector"},
    {"IxEd", "IndexEDEN", nullptr, kNotYet},
    {"IxEe", "IndexEDEN", nullptr, kNotYet},
    {"IxLa", "IndexLattice", nullptr, kNoVectors},
    {"Imiq", "MultiIndexQuantizer", ParseMultiIndexQuantizer, nullptr},
    {"ImRQ", "ResidualCoarseQuantizer", ParseResidualCoarseQuantizer, nullptr},
    // Graphs
    {"IHNf", "IndexHNSWFlat", ParseHnsw, nullptr},
    {"IHNc", "IndexHNSWCagra", ParseHnsw, nullptr},
    {"IHc2", "IndexHNSWCagra", ParseHnsw, nullptr},
    {"IH00", "IndexHNSW", ParseHnsw, nullptr},
    {"IHNp", "IndexHNSWPQ", ParseHnsw, nullptr},
    {"IHNs", "IndexHNSWSQ", ParseHnsw, nullptr},
    {"IHN2", "IndexHNSW2Level", ParseHnsw, nullptr},
    {"IHfP", "IndexHNSWFlatPanorama", ParseHnsw, nullptr},
    {"INSf", "IndexNSGFlat", ParseNsg, nullptr},
    {"INSp", "IndexNSGPQ", ParseNsg, nullptr},
    {"INSs", "IndexNSGSQ", ParseNsg, nullptr},
    {"INNf", "IndexNNDescentFlat", ParseNnDescent, nullptr},
    {"ISVD", "IndexSVSVamana", nullptr, "SVS indexes store an opaque stream faiss2milvus cannot read"},
    {"ISV2", "IndexSVSVamana", nullptr, "SVS indexes store an opaque stream faiss2milvus cannot read"},
    {"ILVQ", "IndexSVSVamanaLVQ", nullptr, "SVS indexes store an opaque stream faiss2milvus cannot read"},
    {"ISVL", "IndexSVSVamanaLeanVec", nullptr, "SVS indexes store an opaque stream faiss2milvus cannot read"},
    {"ISVF", "IndexSVSFlat", nullptr, "SVS indexes store an opaque stream faiss2milvus cannot read"},
    // Binary
    {"IBxF", "IndexBinaryFlat", ParseBinaryFlat, nullptr},
    {"IBwF", "IndexBinaryIVF", ParseBinaryIvf, nullptr},
    {"IBHf", "IndexBinaryHNSW", ParseHnsw, nullptr},
    {"IBHc", "IndexBinaryHNSWCagra", ParseHnsw, nullptr},
    {"IBMp", "IndexBinaryIDMap", ParseIdMap, nullptr},
    {"IBM2", "IndexBinaryIDMap2", ParseIdMap, nullptr},
    {"IBFf", "IndexBinaryFromFloat", ParseBinaryFromFloat, nullptr},
    {"IBHh", "IndexBinaryHash", ParseBinaryHash, nullptr},
    {"IBHm", "IndexBinaryMultiHash", ParseBinaryMultiHash, nullptr},
    // Vector transforms (only inside IxPT)
    {"rrot", "RandomRotationMatrix", nullptr, nullptr, ParseTransform},
    {"LTra", "LinearTransform", nullptr, nullptr, ParseTransform},
    {"Pcam", "PCAMatrix", nullptr, nullptr, ParseTransform},
    {"PcAm", "PCAMatrix (older)", nullptr, nullptr, ParseTransform},
    {"PCAm", "PCAMatrix (oldest)", nullptr, nullptr, ParseTransform},
    {"Viqm", "ITQMatrix", nullptr, nullptr, ParseTransform},
    {"Viqt", "ITQTransform", nullptr, nullptr, ParseTransform},
    {"RmDT", "RemapDimensionsTransform", nullptr, nullptr, ParseTransform},
    {"VNrm", "NormalizationTransform", nullptr, nullptr, ParseTransform},
    {"VCnt", "CenteringTransform", nullptr, nullptr, ParseTransform},
    {"HRot", "HadamardRotation", nullptr, nullptr, ParseTransform},
    {"null", "(no index)", nullptr, "the file stores no index here: it was saved without its vectors (e.g. an HNSW graph written with IO_FLAG_SKIP_STORAGE)"},
};

}  // namespace

const FourccEntry* FindFourcc(const std::string& fourcc) {
  for (const FourccEntry& e : kTable) {
    if (fourcc == e.fourcc) return &e;
  }
  return nullptr;
}

}  // namespace f2m
