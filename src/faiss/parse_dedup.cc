// IwFd (IndexIVFFlatDedup): identical vectors are stored once; `instances` pairs each stored id
// with the ids of its duplicates (before the lists). ntotal counts the duplicates, so the
// source emits each duplicate id with its stored twin's vector.
#include <algorithm>
#include <cstring>
#include <deque>

#include "faiss/invlists.h"
#include "faiss/ivf_header.h"
#include "faiss/parse_lossy.h"

namespace f2m {
namespace {

using Pairs = std::vector<std::pair<int64_t, int64_t>>;  // (stored id, duplicate id), sorted

class DedupSource : public VectorSource {
 public:
  DedupSource(std::unique_ptr<VectorSource> inner, std::shared_ptr<const Pairs> pairs,
              uint64_t row_bytes)
      : inner_(std::move(inner)), pairs_(std::move(pairs)), row_bytes_(row_bytes) {}

  StatusOr<size_t> Next(size_t max_rows, int64_t* ids, uint8_t* vectors) override {
    size_t done = Drain(max_rows, ids, vectors, 0);
    if (done < max_rows) {
      F2M_ASSIGN_OR_RETURN(size_t n, inner_->Next(max_rows - done, ids + done,
                                                  vectors + done * row_bytes_));
      for (size_t i = done; i < done + n; ++i) {
        auto lo = std::lower_bound(pairs_->begin(), pairs_->end(), std::make_pair(ids[i], INT64_MIN));
        for (auto it = lo; it != pairs_->end() && it->first == ids[i]; ++it) {
          const uint8_t* v = vectors + i * row_bytes_;
          pending_.emplace_back(it->second, std::vector<uint8_t>(v, v + row_bytes_));
        }
      }
      done += n;
    }
    return done;
  }

 private:
  size_t Drain(size_t max_rows, int64_t* ids, uint8_t* vectors, size_t done) {
    while (done < max_rows && !pending_.empty()) {
      ids[done] = pending_.front().first;
      std::memcpy(vectors + done * row_bytes_, pending_.front().second.data(), row_bytes_);
      pending_.pop_front();
      ++done;
    }
    return done;
  }

  std::unique_ptr<VectorSource> inner_;
  std::shared_ptr<const Pairs> pairs_;
  uint64_t row_bytes_;
  std::deque<std::pair<int64_t, std::vector<uint8_t>>> pending_;
};

}  // namespace

StatusOr<Parsed> ParseIvfFlatDedup(ParseContext& ctx, const std::string& fourcc) {
  F2M_ASSIGN_OR_RETURN(IvfHeader ivf, ReadIvfHeader(ctx, /*binary=*/false, /*legacy=*/false));
  uint64_t at = ctx.cur.pos();
  F2M_ASSIGN_OR_RETURN(std::vector<int64_t> inst,
                       ctx.cur.SmallVec<int64_t>("dedup instances", 64 << 20));
  if (inst.size() % 2 != 0 || inst.size() / 2 > static_cast<uint64_t>(ivf.hdr.ntotal)) {
    return ctx.cur.Corrupt("dedup instances", StrCat("count ", inst.size(), " at byte ", at,
                                                     " is odd or more than ntotal"));
  }
  auto pairs = std::make_shared<Pairs>();
  for (size_t i = 0; i < inst.size(); i += 2) pairs->emplace_back(inst[i], inst[i + 1]);
  std::sort(pairs->begin(), pairs->end());
  int64_t stored = ivf.hdr.ntotal - static_cast<int64_t>(pairs->size());
  uint64_t cs = static_cast<uint64_t>(ivf.hdr.d) * 4;
  F2M_ASSIGN_OR_RETURN(ListsLayout layout, ParseInvLists(ctx, ivf.nlist, cs, stored));
  ctx.Param("duplicates", StrCat(pairs->size()));
  Parsed p;
  FillIvfResult(ctx, ivf, p);
  p.ivf = layout.stats;
  p.milvus_index_type = "IVF_FLAT";
  auto data = layout.data_file;
  auto lists = std::make_shared<const std::vector<IvfList>>(std::move(layout.lists));
  std::shared_ptr<const Pairs> cpairs = pairs;
  p.make_source = [data, lists, cs, cpairs](const SourceEnv& env) -> StatusOr<std::unique_ptr<VectorSource>> {
    const RandomAccessFile& f = data ? *data : *env.index_file;
    return std::unique_ptr<VectorSource>(
        new DedupSource(NewIvfSource(f, *lists, cs, cs, nullptr), cpairs, cs));
  };
  return p;
}

}  // namespace f2m
