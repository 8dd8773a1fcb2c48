// ParseChild (the dispatch through the fourcc table) and the common headers.
#include <cctype>
#include <cstdio>

#include "faiss/parse.h"
#include "faiss/parse_table.h"

namespace f2m {
namespace {

constexpr int kMaxDepth = 50;
constexpr int32_t kMaxDim = 1 << 20;

bool LooksLikeFourcc(const std::string& s) {
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

std::string HexBytes(const std::string& s) {
  std::string out;
  char buf[4];
  for (unsigned char c : s) {
    std::snprintf(buf, sizeof(buf), "%02x ", c);
    out += buf;
  }
  if (!out.empty()) out.pop_back();
  return out;
}

}  // namespace

void ParseContext::Param(const std::string& key, const std::string& value) {
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
    if (it->depth == depth - 1) {
      it->params.emplace_back(key, value);
      return;
    }
  }
}

StatusOr<Parsed> ParseChild(ParseContext& ctx, const char* role) {
  uint64_t at = ctx.cur.pos();
  if (ctx.depth >= kMaxDepth) {
    return ctx.cur.Corrupt("faiss index", StrCat("objects nested more than ", kMaxDepth,
                                                 " deep at byte ", at));
  }
  if (ctx.cur.remaining() < 4) {
    return ctx.cur.Corrupt("faiss index", StrCat("truncated at byte ", ctx.cur.size(),
                                                 ": expected the fourcc of the ", role,
                                                 " at byte ", at));
  }
  F2M_ASSIGN_OR_RETURN(std::string fcc, ctx.cur.Fourcc());
  const FourccEntry* e = FindFourcc(fcc);
  if (e == nullptr) {
    if (at == 0 && !LooksLikeFourcc(fcc)) {
      return absl::InvalidArgumentError(
          StrCat("read faiss index ", ctx.path, ": not a Faiss index file (it starts with bytes ",
                 HexBytes(fcc), ")"));
    }
    std::string shown = LooksLikeFourcc(fcc) ? StrCat("'", fcc, "'") : HexBytes(fcc);
    return ctx.cur.Corrupt("faiss index", StrCat("unknown fourcc ", shown, " for the ", role,
                                                 " at byte ", at));
  }
  if (e->parse == nullptr && e->transform != nullptr) {
    return ctx.cur.Corrupt("faiss index", StrCat("'", fcc, "' (", e->class_name, ") at byte ", at,
                                                 " is a vector transform where the ", role,
                                                 " was expected"));
  }
  if (e->parse == nullptr) {
    return absl::UnimplementedError(StrCat("read faiss index ", ctx.path, ": ", e->class_name,
                                           " ('", fcc, "', the ", role, " at byte ", at,
                                           ") cannot be migrated: ", e->reason));
  }
  ctx.nodes.push_back(IndexNode{fcc, e->class_name, ctx.depth, {}});
  ++ctx.depth;
  StatusOr<Parsed> r = e->parse(ctx, fcc);
  --ctx.depth;
  if (r.ok()) r->fourcc = fcc;
  return r;
}

StatusOr<Header> ReadFloatHeader(Cursor& cur) {
  uint64_t at = cur.pos();
  Header h;
  F2M_ASSIGN_OR_RETURN(h.d, cur.I32());
  F2M_ASSIGN_OR_RETURN(h.ntotal, cur.I64());
  F2M_RETURN_IF_ERROR(cur.Skip(16));  // two dummies (1 << 20)
  F2M_ASSIGN_OR_RETURN(h.is_trained, cur.Bool());
  F2M_ASSIGN_OR_RETURN(h.metric, cur.I32());
  if (h.metric > 1) {
    F2M_ASSIGN_OR_RETURN(h.metric_arg, cur.F32());
  }
  if (h.d < 0 || h.d > kMaxDim) {
    return cur.Corrupt("faiss header", StrCat("dimension d = ", h.d, " at byte ", at,
                                              " is outside 0..", kMaxDim));
  }
  if (h.ntotal < 0) {
    return cur.Corrupt("faiss header", StrCat("ntotal = ", h.ntotal, " at byte ", at + 4,
                                              " is negative"));
  }
  return h;
}

StatusOr<Header> ReadBinaryHeader(Cursor& cur) {
  uint64_t at = cur.pos();
  Header h;
  F2M_ASSIGN_OR_RETURN(h.d, cur.I32());
  F2M_ASSIGN_OR_RETURN(h.code_size, cur.I32());
  F2M_ASSIGN_OR_RETURN(h.ntotal, cur.I64());
  F2M_ASSIGN_OR_RETURN(h.is_trained, cur.Bool());
  F2M_ASSIGN_OR_RETURN(h.metric, cur.I32());
  if (h.d < 0 || h.d > kMaxDim || h.d % 8 != 0) {
    return cur.Corrupt("faiss binary header", StrCat("dimension d = ", h.d, " bits at byte ", at,
                                                     " is not a multiple of 8 in 0..", kMaxDim));
  }
  if (h.ntotal < 0) {
    return cur.Corrupt("faiss binary header", StrCat("ntotal = ", h.ntotal, " at byte ", at + 8,
                                                     " is negative"));
  }
  return h;
}

StatusOr<Header> ReadHeaderFor(ParseContext& ctx, const std::string& fourcc) {
  StatusOr<Header> h = fourcc[1] == 'B' ? ReadBinaryHeader(ctx.cur) : ReadFloatHeader(ctx.cur);
  if (h.ok()) HeaderParams(ctx, *h);
  return h;
}

void HeaderParams(ParseContext& ctx, const Header& h) {
  ctx.Param("d", StrCat(h.d));
  ctx.Param("ntotal", StrCat(h.ntotal));
  ctx.Param("metric_type", StrCat(h.metric));
  if (h.metric > 1) ctx.Param("metric_arg", StrCat(h.metric_arg));
}

}  // namespace f2m
