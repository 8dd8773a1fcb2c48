#include "migrate/verify.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <queue>

#include "base/log.h"
#include "migrate/collection_setup.h"
#include "migrate/dump.h"
#include "migrate/recall.h"

namespace f2m {
namespace {

// Rows read back from the dump: ids[i] and row_bytes bytes at rows[i * row_bytes].
struct Rows {
  std::vector<int64_t> ids;
  std::vector<uint8_t> rows;
};

uint64_t RowBytes(const Manifest& m) {
  return m.index.vector_type == "binary" ? static_cast<uint64_t>(m.index.d / 8)
                                         : static_cast<uint64_t>(m.index.d) * 4;
}

// The two open files of one part; the payload of a .npy is its last rows x width bytes.
struct PartFiles2 {
  std::unique_ptr<RandomAccessFile> ids, vectors;
  uint64_t id_at = 0, vec_at = 0;
};

StatusOr<PartFiles2> OpenPart(FileSystem& fs, const std::string& dir, const Manifest& m,
                              const ManifestPart& p) {
  PartFiles2 f;
  std::string folder = fs.Join(dir, p.name);
  F2M_ASSIGN_OR_RETURN(f.ids, fs.OpenForRead(fs.Join(folder, m.collection.id_field + ".npy")));
  F2M_ASSIGN_OR_RETURN(f.vectors,
                       fs.OpenForRead(fs.Join(folder, m.collection.vector_field + ".npy")));
  uint64_t rb = RowBytes(m);
  if (f.ids->Size() < p.rows * 8 || f.vectors->Size() < p.rows * rb) {
    return absl::DataLossError(StrCat("read ", folder, ": files shorter than ", p.rows, " rows"));
  }
  f.id_at = f.ids->Size() - p.rows * 8;
  f.vec_at = f.vectors->Size() - p.rows * rb;
  return f;
}

Status ReadExact(const RandomAccessFile& f, uint64_t at, size_t n, void* dst) {
  F2M_ASSIGN_OR_RETURN(size_t got, f.ReadAt(at, n, static_cast<char*>(dst)));
  if (got != n) return absl::DataLossError(StrCat("read ", f.Name(), ": truncated at ", at));
  return absl::OkStatus();
}

// `n` rows spread evenly over the dump.
StatusOr<Rows> ReadSample(FileSystem& fs, const std::string& dir, const Manifest& m, size_t n) {
  Rows out;
  uint64_t total = static_cast<uint64_t>(m.index.ntotal), rb = RowBytes(m);
  n = static_cast<size_t>(std::min<uint64_t>(n, total));
  out.ids.resize(n);
  out.rows.resize(n * rb);
  size_t open = SIZE_MAX;
  PartFiles2 files;
  for (size_t i = 0; i < n; ++i) {
    uint64_t g = static_cast<uint64_t>(i) * total / n;
    size_t k = 0;
    while (k + 1 < m.parts.size() && m.parts[k].row_end <= g) ++k;
    const ManifestPart& p = m.parts[k];
    if (k != open) {
      F2M_ASSIGN_OR_RETURN(files, OpenPart(fs, dir, m, p));
      open = k;
    }
    uint64_t r = g - p.row_begin;
    F2M_RETURN_IF_ERROR(ReadExact(*files.ids, files.id_at + r * 8, 8, &out.ids[i]));
    F2M_RETURN_IF_ERROR(ReadExact(*files.vectors, files.vec_at + r * rb, rb, &out.rows[i * rb]));
  }
  return out;
}

Status CompareVectors(milvus::MilvusClient& client, const Manifest& m, const Rows& sample) {
  uint64_t rb = RowBytes(m);
  constexpr size_t kChunk = 256;
  for (size_t at = 0; at < sample.ids.size(); at += kChunk) {
    size_t n = std::min(kChunk, sample.ids.size() - at);
    std::span<const int64_t> ids(&sample.ids[at], n);
    F2M_ASSIGN_OR_RETURN(milvus::VectorsById got,
                         client.QueryVectors(m.collection.name, ids, m.collection.id_field,
                                             m.collection.vector_field));
    for (size_t i = 0; i < n; ++i) {
      auto it = std::find(got.ids.begin(), got.ids.end(), ids[i]);
      if (it == got.ids.end()) {
        return absl::FailedPreconditionError(StrCat("id ", ids[i], " is not in milvus"));
      }
      size_t j = static_cast<size_t>(it - got.ids.begin());
      const void* have = got.kind == milvus::VectorKind::kBinary
                             ? static_cast<const void*>(&got.bytes[j * rb])
                             : static_cast<const void*>(&got.floats[j * rb / 4]);
      if (std::memcmp(have, &sample.rows[(at + i) * rb], rb) != 0) {
        return absl::FailedPreconditionError(
            StrCat("the vector of id ", ids[i], " in milvus differs from the dump's"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string VerifyReport::Summary() const {
  std::string s = StrCat("count ", count, ", ", sampled, " sampled vectors equal");
  if (recall >= 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", recall);
    s += StrCat(", recall@10 ", buf, recall_enforced ? "" : " (approximate index: reported only)");
  }
  return s;
}

StatusOr<VerifyReport> VerifyCollection(milvus::MilvusClient& client, FileSystem& fs,
                                        const std::string& output_dir, const Manifest& m,
                                        const Config& config, const VerifyOptions& options) {
  std::string what = StrCat("verify collection ", m.collection.name);
  VerifyReport report;
  auto count = client.QueryCount(m.collection.name);
  if (!count.ok()) return Annotate(count.status(), what);
  report.count = *count;
  if (report.count != m.index.ntotal) {
    return absl::FailedPreconditionError(StrCat(what, ": count(*) is ", report.count,
                                                " but the index has ntotal = ", m.index.ntotal));
  }
  auto sample = ReadSample(fs, output_dir, m, options.sample);
  if (!sample.ok()) return Annotate(sample.status(), what);
  F2M_RETURN_IF_ERROR(Annotate(CompareVectors(client, m, *sample), what));
  report.sampled = sample->ids.size();
  milvus::IndexSpec index = IndexSpecFor(m, config);
  bool flat_like = index.index_type == "FLAT" || index.index_type == "BIN_FLAT" ||
                   index.index_type == "IVF_FLAT" || index.index_type == "BIN_IVF_FLAT";
  if (static_cast<uint64_t>(m.index.ntotal) <= options.max_brute_force_rows &&
      index.metric_type != "COSINE" && options.queries > 0 && !sample->ids.empty()) {
    size_t nq = std::min(options.queries, sample->ids.size());
    std::span<const uint8_t> queries(sample->rows.data(), nq * RowBytes(m));
    auto recall = MeasureRecall(client, fs, output_dir, m, index, queries, options.top_k);
    if (!recall.ok()) return Annotate(recall.status(), what);
    report.recall = *recall;
    report.recall_enforced = flat_like && m.index.exact;
    if (report.recall_enforced && report.recall < options.min_recall) {
      return absl::FailedPreconditionError(StrCat(what, ": recall@", options.top_k, " ",
                                                  report.recall, " is under ", options.min_recall,
                                                  " for an exact index"));
    }
  }
  return report;
}

StatusOr<VerifyReport> RunVerify(const Config& config, FileSystem& local_fs,
                                 const VerifyOptions& options) {
  F2M_ASSIGN_OR_RETURN(DumpSides sides, OpenDumpSides(config, local_fs, local_fs, false));
  std::string path = sides.target_fs->Join(sides.output_dir, kManifestName);
  F2M_ASSIGN_OR_RETURN(Manifest m, ReadManifest(*sides.target_fs, path));
  F2M_ASSIGN_OR_RETURN(MilvusTarget target, ConnectMilvus(config));
  return VerifyCollection(*target.client, *sides.target_fs, sides.output_dir, m, config, options);
}

}  // namespace f2m
