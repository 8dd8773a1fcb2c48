#include "faiss/invlists.h"

#include <algorithm>
#include <filesystem>

#include "base/le.h"

namespace f2m {
namespace {

constexpr uint64_t kNoOffset = ~0ull;

Status CheckTotal(Cursor& cur, uint64_t sum, int64_t ntotal) {
  if (sum != static_cast<uint64_t>(ntotal)) {
    return cur.Corrupt("inverted lists", StrCat("the list sizes add up to ", sum,
                                                " but the IVF header says ntotal = ", ntotal));
  }
  return absl::OkStatus();
}

// Lays out `sizes` (list_no, size) back to back from the cursor, as ilar stores them.
StatusOr<std::vector<IvfList>> LayOut(Cursor& cur, const std::vector<std::pair<uint64_t, uint64_t>>& sizes,
                                      uint64_t code_size) {
  std::vector<IvfList> lists;
  uint64_t off = cur.pos();
  for (auto [no, n] : sizes) {
    if (n == 0) continue;
    auto codes = CheckedMul(n, code_size);
    auto all = codes ? CheckedMul(n, code_size + 8) : std::nullopt;
    auto end = all ? CheckedAdd(off, *all) : std::nullopt;
    if (!end || *end > cur.size()) {
      return cur.Corrupt("inverted lists", StrCat("list ", no, " of ", n, " entries at byte ", off,
                                                  " runs past the end of the file (",
                                                  cur.size(), " bytes)"));
    }
    lists.push_back(IvfList{no, n, off, off + *codes});
    off = *end;
  }
  F2M_RETURN_IF_ERROR(cur.Seek(off));
  return lists;
}

}  // namespace

StatusOr<ListSizes> ReadListSizes(Cursor& cur, uint64_t nlist) {
  F2M_ASSIGN_OR_RETURN(std::string type, cur.Fourcc());
  ListSizes out;
  if (type == "full") {
    uint64_t at = cur.pos();
    F2M_ASSIGN_OR_RETURN(std::vector<uint64_t> v, cur.SmallVec<uint64_t>("list sizes", nlist));
    if (v.size() != nlist) {
      return cur.Corrupt("list sizes", StrCat("count ", v.size(), " at byte ", at,
                                              " is not nlist = ", nlist));
    }
    for (uint64_t i = 0; i < nlist; ++i) out.sizes.emplace_back(i, v[i]);
    out.kind = "full";
  } else if (type == "sprs") {
    uint64_t at = cur.pos();
    F2M_ASSIGN_OR_RETURN(std::vector<uint64_t> v, cur.SmallVec<uint64_t>("list sizes", 2 * nlist));
    if (v.size() % 2 != 0) {
      return cur.Corrupt("list sizes", StrCat("sparse count ", v.size(), " at byte ", at,
                                              " is odd"));
    }
    for (size_t i = 0; i < v.size(); i += 2) {
      if (v[i] >= nlist || (!out.sizes.empty() && v[i] <= out.sizes.back().first)) {
        return cur.Corrupt("list sizes", StrCat("list number ", v[i], " at byte ", at + 8 + i * 8,
                                                " is out of order or not below nlist = ", nlist));
      }
      out.sizes.emplace_back(v[i], v[i + 1]);
    }
    out.kind = "sprs";
  } else {
    return cur.Corrupt("inverted lists", StrCat("list type '", type, "' at byte ", cur.pos() - 4,
                                                " is neither 'full' nor 'sprs'"));
  }
  return out;
}

namespace {

StatusOr<ListsLayout> ParseArrayLists(ParseContext& ctx, uint64_t nlist, uint64_t code_size,
                                      int64_t ntotal) {
  Cursor& cur = ctx.cur;
  F2M_ASSIGN_OR_RETURN(ListSizes ls, ReadListSizes(cur, nlist));
  const auto& sizes = ls.sizes;
  ListsLayout out;
  out.kind = "ilar/" + ls.kind;
  uint64_t sum = 0;
  for (auto& s : sizes) sum += s.second;
  F2M_RETURN_IF_ERROR(CheckTotal(cur, sum, ntotal));
  F2M_ASSIGN_OR_RETURN(out.lists, LayOut(cur, sizes, code_size));
  return out;
}

StatusOr<std::shared_ptr<const RandomAccessFile>> OpenIvfData(ParseContext& ctx,
                                                              const std::string& stored) {
  namespace fs = std::filesystem;
  std::vector<std::string> candidates;
  if (!ctx.options.ivfdata_path.empty()) {
    candidates.push_back(ctx.options.ivfdata_path);
  } else {
    fs::path dir = fs::path(ctx.path).parent_path();
    candidates.push_back((dir / fs::path(stored).filename()).string());
    if (fs::path(stored).is_absolute()) candidates.push_back(stored);
  }
  Status last;
  for (const std::string& c : candidates) {
    auto f = ctx.fs.OpenForRead(c);
    if (f.ok()) return std::shared_ptr<const RandomAccessFile>(std::move(*f));
    last = f.status();
    if (last.code() != absl::StatusCode::kNotFound) break;
  }
  return Status(last.code(), StrCat("open on-disk lists for ", ctx.path, " (the index names '",
                                    stored, "'): ", last.message()));
}

StatusOr<ListsLayout> ParseOnDiskLists(ParseContext& ctx, uint64_t nlist, uint64_t code_size,
                                       int64_t ntotal) {
  Cursor& cur = ctx.cur;
  F2M_ASSIGN_OR_RETURN(uint64_t n, cur.U64());
  F2M_ASSIGN_OR_RETURN(uint64_t cs, cur.U64());
  if (n != nlist || cs != code_size) {
    return cur.Corrupt("on-disk lists", StrCat("nlist ", n, " / code_size ", cs,
                                               " do not match the index (", nlist, " / ",
                                               code_size, ")"));
  }
  uint64_t at = cur.pos();
  F2M_ASSIGN_OR_RETURN(uint64_t nrec, cur.VecCount(24, "on-disk list table"));
  if (nrec != nlist) {
    return cur.Corrupt("on-disk list table", StrCat("count ", nrec, " at byte ", at,
                                                    " is not nlist = ", nlist));
  }
  std::vector<uint64_t> table(3 * nrec);
  F2M_RETURN_IF_ERROR(cur.Read(table.data(), table.size() * 8));
  F2M_RETURN_IF_ERROR(cur.SkipVec(16, "on-disk free slots").status());
  F2M_ASSIGN_OR_RETURN(std::vector<char> name, cur.SmallVec<char>("on-disk file name", 1 << 16));
  F2M_ASSIGN_OR_RETURN(uint64_t totsize, cur.U64());
  std::string stored(name.begin(), name.end());
  F2M_ASSIGN_OR_RETURN(auto data, OpenIvfData(ctx, stored));
  ListsLayout out;
  out.kind = "ilod";
  out.data_file = data;
  uint64_t sum = 0;
  for (uint64_t i = 0; i < nlist; ++i) {
    uint64_t size = table[3 * i], cap = table[3 * i + 1], off = table[3 * i + 2];
    if (size == 0) continue;
    auto codes = CheckedMul(cap, code_size);
    auto all = codes ? CheckedMul(cap, code_size + 8) : std::nullopt;
    auto end = (all && off != kNoOffset) ? CheckedAdd(off, *all) : std::nullopt;
    if (size > cap || !end || *end > data->Size()) {
      return absl::DataLossError(StrCat(
          "read on-disk lists ", data->Name(), ": list ", i, " (", size, " entries, capacity ", cap,
          ", offset ", off, ") needs bytes up to ", end ? StrCat(*end) : std::string("overflow"),
          " but the file has ", data->Size(), " (the index expects ", totsize, ")"));
    }
    out.lists.push_back(IvfList{i, size, off, off + *codes});
    sum += size;
  }
  F2M_RETURN_IF_ERROR(CheckTotal(cur, sum, ntotal));
  ctx.Param("ivfdata", data->Name());
  return out;
}

}  // namespace

IvfStats ListStats(uint64_t nlist, const std::vector<IvfList>& nonempty) {
  IvfStats s;
  s.nlist = nlist;
  s.nonempty_lists = nonempty.size();
  uint64_t sum = 0;
  s.min_list = nonempty.size() < nlist ? 0 : ~0ull;
  for (const IvfList& l : nonempty) {
    sum += l.size;
    s.max_list = std::max(s.max_list, l.size);
    s.min_list = std::min(s.min_list, l.size);
  }
  if (nlist == 0) s.min_list = 0;
  s.mean_list = nlist ? static_cast<double>(sum) / static_cast<double>(nlist) : 0;
  return s;
}

StatusOr<ListsLayout> ParseInvLists(ParseContext& ctx, uint64_t nlist, uint64_t code_size,
                                    int64_t ntotal) {
  uint64_t at = ctx.cur.pos();
  F2M_ASSIGN_OR_RETURN(std::string fcc, ctx.cur.Fourcc());
  StatusOr<ListsLayout> r;
  if (fcc == "il00") {
    return absl::UnimplementedError(StrCat(
        "read faiss index ", ctx.path, ": the inverted lists at byte ", at,
        " are not stored in this file ('il00': a trained-only index); no vectors to migrate"));
  }
  if (fcc == "ilar") {
    F2M_ASSIGN_OR_RETURN(uint64_t n, ctx.cur.U64());
    F2M_ASSIGN_OR_RETURN(uint64_t cs, ctx.cur.U64());
    if (n != nlist || cs != code_size) {
      return ctx.cur.Corrupt("inverted lists", StrCat("nlist ", n, " / code_size ", cs, " at byte ",
                                                      at + 4, " do not match the index (", nlist,
                                                      " / ", code_size, ")"));
    }
    r = ParseArrayLists(ctx, nlist, code_size, ntotal);
  } else if (fcc == "ilod") {
    r = ParseOnDiskLists(ctx, nlist, code_size, ntotal);
  } else if (fcc == "ilbl") {
    return absl::UnimplementedError(StrCat("read faiss index ", ctx.path,
                                           ": block inverted lists ('ilbl', fast-scan) at byte ",
                                           at, " are not supported yet"));
  } else {
    return ctx.cur.Corrupt("inverted lists", StrCat("unknown inverted-lists fourcc '", fcc,
                                                    "' at byte ", at));
  }
  if (!r.ok()) return r.status();
  r->code_size = code_size;
  r->stats = ListStats(nlist, r->lists);
  return r;
}

}  // namespace f2m
