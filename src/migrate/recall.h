// recall@k of a Milvus search against brute force over a dump (verify.h): the truth is computed
// by streaming every part's vectors once, so memory stays at one chunk plus nq x k results.
#ifndef F2M_MIGRATE_RECALL_H_
#define F2M_MIGRATE_RECALL_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "format/manifest.h"
#include "milvus/milvus_client.h"
#include "storage/file_system.h"

namespace f2m {

// Exact top-k ids of each query (row_bytes each) over rows of `base` under metric L2, IP or
// HAMMING (float rows for L2/IP, packed bits for HAMMING). Results per query, best first.
class BruteForceTopK {
 public:
  BruteForceTopK(std::string metric, int64_t dim, std::span<const uint8_t> queries, size_t k);
  void Add(const int64_t* ids, const uint8_t* rows, size_t n);
  std::vector<std::vector<int64_t>> Result() const;

 private:
  double Score(const uint8_t* q, const uint8_t* row) const;  // smaller is better
  std::string metric_;
  int64_t dim_;
  size_t row_bytes_, nq_, k_;
  std::span<const uint8_t> queries_;
  std::vector<std::vector<std::pair<double, int64_t>>> heaps_;  // max-heaps of size k
};

// The share of Milvus's top-k ids (searching `index`) found in the brute-force top-k.
StatusOr<double> MeasureRecall(milvus::MilvusClient& client, FileSystem& fs,
                               const std::string& dir, const Manifest& m,
                               const milvus::IndexSpec& index, std::span<const uint8_t> queries,
                               int64_t top_k);

}  // namespace f2m

#endif  // F2M_MIGRATE_RECALL_H_
