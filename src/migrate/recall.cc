#include "migrate/recall.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace f2m {

BruteForceTopK::BruteForceTopK(std::string metric, int64_t dim, std::span<const uint8_t> queries,
                               size_t k)
    : metric_(std::move(metric)),
      dim_(dim),
      row_bytes_(metric_ == "HAMMING" ? static_cast<size_t>(dim / 8)
                                      : static_cast<size_t>(dim) * 4),
      nq_(queries.size() / row_bytes_),
      k_(k),
      queries_(queries),
      heaps_(nq_) {}

double BruteForceTopK::Score(const uint8_t* q, const uint8_t* row) const {
  if (metric_ == "HAMMING") {
    int bits = 0;
    for (size_t i = 0; i < row_bytes_; ++i) {
      bits += std::popcount(static_cast<unsigned>(q[i] ^ row[i]));
    }
    return bits;
  }
  // Callers pass float rows copied into aligned buffers (Add).
  const float* a = reinterpret_cast<const float*>(q);
  const float* b = reinterpret_cast<const float*>(row);
  float acc = 0;
  if (metric_ == "IP") {
    for (int64_t i = 0; i < dim_; ++i) acc -= a[i] * b[i];
  } else {
    for (int64_t i = 0; i < dim_; ++i) acc += (a[i] - b[i]) * (a[i] - b[i]);
  }
  return acc;
}

void BruteForceTopK::Add(const int64_t* ids, const uint8_t* rows, size_t n) {
  // Aligned copies so the float loops vectorise (npy payloads may sit at any offset).
  std::vector<float> qf((queries_.size() + 3) / 4), rf((n * row_bytes_ + 3) / 4);
  std::memcpy(qf.data(), queries_.data(), queries_.size());
  std::memcpy(rf.data(), rows, n * row_bytes_);
  const uint8_t* qb = reinterpret_cast<const uint8_t*>(qf.data());
  const uint8_t* rb = reinterpret_cast<const uint8_t*>(rf.data());
  for (size_t qi = 0; qi < nq_; ++qi) {
    auto& heap = heaps_[qi];
    const uint8_t* q = qb + qi * row_bytes_;
    for (size_t r = 0; r < n; ++r) {
      double s = Score(q, rb + r * row_bytes_);
      if (heap.size() < k_) {
        heap.emplace_back(s, ids[r]);
        std::push_heap(heap.begin(), heap.end());
      } else if (s < heap.front().first) {
        std::pop_heap(heap.begin(), heap.end());
        heap.back() = {s, ids[r]};
        std::push_heap(heap.begin(), heap.end());
      }
    }
  }
}

std::vector<std::vector<int64_t>> BruteForceTopK::Result() const {
  std::vector<std::vector<int64_t>> out;
  for (auto heap : heaps_) {
    std::sort_heap(heap.begin(), heap.end());
    std::vector<int64_t> ids;
    for (const auto& [s, id] : heap) ids.push_back(id);
    out.push_back(std::move(ids));
  }
  return out;
}

namespace {

std::string NprobeParams(const milvus::IndexSpec& index) {
  std::string p = index.params_json;
  auto at = p.find("\"nlist\":");
  if (index.index_type.find("IVF") != std::string::npos && at != std::string::npos) {
    return StrCat("{\"nprobe\":", std::strtoll(p.c_str() + at + 8, nullptr, 10), "}");
  }
  if (index.index_type == "HNSW") return "{\"ef\":256}";
  return "{}";
}

}  // namespace

StatusOr<double> MeasureRecall(milvus::MilvusClient& client, FileSystem& fs,
                               const std::string& dir, const Manifest& m,
                               const milvus::IndexSpec& index, std::span<const uint8_t> queries,
                               int64_t top_k) {
  std::string metric = m.index.vector_type == "binary" ? "HAMMING" : index.metric_type;
  size_t k = static_cast<size_t>(std::min<int64_t>(top_k, m.index.ntotal));
  BruteForceTopK truth(metric, m.index.d, queries, k);
  size_t rb = metric == "HAMMING" ? m.index.d / 8 : m.index.d * 4;
  constexpr size_t kChunk = 4096;
  std::vector<int64_t> ids(kChunk);
  std::vector<uint8_t> rows(kChunk * rb);
  for (const ManifestPart& p : m.parts) {
    std::string folder = fs.Join(dir, p.name);
    F2M_ASSIGN_OR_RETURN(auto idf, fs.OpenForRead(fs.Join(folder, m.collection.id_field + ".npy")));
    F2M_ASSIGN_OR_RETURN(auto vf,
                         fs.OpenForRead(fs.Join(folder, m.collection.vector_field + ".npy")));
    uint64_t id_at = idf->Size() - p.rows * 8, v_at = vf->Size() - p.rows * rb;
    for (uint64_t r = 0; r < p.rows; r += kChunk) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(kChunk, p.rows - r));
      F2M_ASSIGN_OR_RETURN(size_t a, idf->ReadAt(id_at + r * 8, n * 8,
                                                 reinterpret_cast<char*>(ids.data())));
      F2M_ASSIGN_OR_RETURN(size_t b, vf->ReadAt(v_at + r * rb, n * rb,
                                                reinterpret_cast<char*>(rows.data())));
      if (a != n * 8 || b != n * rb) {
        return absl::DataLossError(StrCat("read ", folder, ": truncated"));
      }
      truth.Add(ids.data(), rows.data(), n);
    }
  }
  milvus::SearchSpec spec;
  spec.vector_field = m.collection.vector_field;
  spec.metric_type = index.metric_type;
  spec.params_json = NprobeParams(index);
  spec.top_k = static_cast<int64_t>(k);
  spec.dim = m.index.d;
  size_t nq = queries.size() / rb;
  if (metric == "HAMMING") {
    spec.kind = milvus::VectorKind::kBinary;
    spec.binary_queries.assign(queries.begin(), queries.end());
  } else {
    spec.float_queries.resize(nq * m.index.d);
    std::memcpy(spec.float_queries.data(), queries.data(), queries.size());
  }
  F2M_ASSIGN_OR_RETURN(milvus::SearchResult got, client.Search(m.collection.name, spec));
  auto want = truth.Result();
  size_t hits = 0, total = 0;
  for (size_t q = 0; q < nq && q < got.counts.size(); ++q) {
    total += want[q].size();
    for (int64_t i = 0; i < got.counts[q]; ++i) {
      int64_t id = got.ids[got.offsets[q] + i];
      hits += std::count(want[q].begin(), want[q].end(), id) > 0 ? 1 : 0;
    }
  }
  return total == 0 ? 1.0 : static_cast<double>(hits) / static_cast<double>(total);
}

}  // namespace f2m
