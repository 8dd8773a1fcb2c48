#include "faiss/faiss_index.h"

#include "faiss/parse.h"

namespace f2m {
namespace {

class ParsedIndex : public FaissIndex {
 public:
  ParsedIndex(std::unique_ptr<RandomAccessFile> file, IndexInfo info, SourceFactory make_source)
      : file_(std::move(file)), info_(std::move(info)), make_source_(std::move(make_source)) {}

  const IndexInfo& info() const override { return info_; }

  StatusOr<std::unique_ptr<VectorSource>> NewSource() const override {
    SourceEnv env;
    env.index_file = file_.get();
    return make_source_(env);
  }

 private:
  std::unique_ptr<RandomAccessFile> file_;
  IndexInfo info_;
  SourceFactory make_source_;
};

}  // namespace

uint64_t IndexInfo::row_bytes() const {
  return vector_type == VectorType::kBinary ? static_cast<uint64_t>(d) / 8
                                            : static_cast<uint64_t>(d) * 4;
}

namespace {

// Renders nodes[i] and its subtree; returns the index after the subtree.
size_t RenderTree(const std::vector<IndexNode>& nodes, size_t i, std::string& out) {
  const IndexNode& n = nodes[i];
  out += StrCat(n.fourcc, "(", n.class_name, ")");
  std::vector<std::string> kids;
  size_t j = i + 1;
  while (j < nodes.size() && nodes[j].depth > n.depth) {
    std::string kid;
    j = RenderTree(nodes, j, kid);
    kids.push_back(std::move(kid));
  }
  if (kids.size() == 1) out += StrCat(" > ", kids[0]);
  if (kids.size() > 1) {
    out += " > [";
    for (size_t k = 0; k < kids.size(); ++k) out += StrCat(k ? ", " : "", kids[k]);
    out += "]";
  }
  return j;
}

}  // namespace

std::string IndexInfo::TypeTree() const {
  std::string out;
  if (!nodes.empty()) RenderTree(nodes, 0, out);
  return out;
}

std::string IndexInfo::MetricName() const {
  if (vector_type == VectorType::kBinary) return "HAMMING";
  switch (metric_type) {
    case 0: return "IP";
    case 1: return "L2";
    case 2: return "L1";
    case 3: return "Linf";
    case 4: return "Lp";
    case 20: return "Canberra";
    case 21: return "BrayCurtis";
    case 22: return "JensenShannon";
    case 23: return "Jaccard";
    case 24: return "NaNEuclidean";
    case 25: return "ABS_INNER_PRODUCT or GOWER";
    default: return StrCat("metric ", metric_type);
  }
}

StatusOr<std::unique_ptr<FaissIndex>> FaissIndex::Open(FileSystem& fs, const std::string& path,
                                                       const ReadOptions& options) {
  F2M_ASSIGN_OR_RETURN(std::unique_ptr<RandomAccessFile> file, fs.OpenForRead(path));
  Cursor cur(*file);
  ParseContext ctx{cur, fs, path, options, {}, 0};
  if (file->Size() == 0) {
    return absl::InvalidArgumentError(StrCat("read faiss index ", path, ": the file is empty"));
  }
  F2M_ASSIGN_OR_RETURN(Parsed root, ParseChild(ctx, "index"));
  if (!root.make_source) {
    return absl::UnimplementedError(
        StrCat("read faiss index ", path, ": ", root.no_source_reason.empty()
                                                    ? "it holds no vectors"
                                                    : root.no_source_reason));
  }
  if (options.refuse_lossy && !root.exact) {
    return absl::FailedPreconditionError(StrCat("read faiss index ", path, ": ", root.lossy_note,
                                                " and dumper.faiss.lossy is refuse"));
  }
  IndexInfo info;
  info.nodes = std::move(ctx.nodes);
  info.vector_type = root.vector_type;
  info.d = root.d;
  info.ntotal = root.ntotal;
  info.metric_type = root.hdr.metric;
  info.metric_arg = root.hdr.metric_arg;
  info.id_kind = root.ids;
  info.exact = root.exact;
  info.lossy_note = root.lossy_note;
  info.ivf = root.ivf;
  info.milvus_index_type = root.milvus_index_type;
  info.milvus_index_params = root.milvus_params;
  if (info.vector_type == VectorType::kFloat32 && info.d == 0 && info.ntotal > 0) {
    return cur.Corrupt("faiss header", "dimension d = 0 with vectors stored");
  }
  return std::unique_ptr<FaissIndex>(
      new ParsedIndex(std::move(file), std::move(info), std::move(root.make_source)));
}

}  // namespace f2m
