// IxPT (IndexPreTransform): a chain of vector transforms, then the index that stores the
// transformed vectors. By default the chain is inverted so Milvus receives vectors in the input
// space; transforms with no inverse (dimension-reducing PCA, ITQ, normalization...) are refused
// unless dumper.faiss.pretransform is keep, which migrates the transformed vectors as they are.
#include "faiss/codec/linear_transform.h"
#include "faiss/parse_lossy.h"
#include "faiss/parse_table.h"

namespace f2m {
namespace {

// have_bias, A (d_out x d_in), b.
Status ReadLinear(Cursor& cur, std::vector<float>* A, std::vector<float>* b) {
  F2M_ASSIGN_OR_RETURN(bool have_bias, cur.Bool());
  F2M_ASSIGN_OR_RETURN(*A, cur.SmallVec<float>("transform matrix", ~0ull));
  F2M_ASSIGN_OR_RETURN(*b, cur.SmallVec<float>("transform bias", ~0ull));
  if (!have_bias) b->clear();
  return absl::OkStatus();
}

Status ReadTail(Cursor& cur, Transform& t) {
  F2M_ASSIGN_OR_RETURN(t.d_in, cur.I32());
  F2M_ASSIGN_OR_RETURN(t.d_out, cur.I32());
  F2M_RETURN_IF_ERROR(cur.Skip(1));  // is_trained
  if (t.d_in <= 0 || t.d_out <= 0 || t.d_in > (1 << 20) || t.d_out > (1 << 20)) {
    return cur.Corrupt("vector transform", StrCat("d_in ", t.d_in, " / d_out ", t.d_out,
                                                  " at byte ", cur.pos() - 9));
  }
  return absl::OkStatus();
}

void SetLinearInverse(Transform& t, std::vector<float> A, std::vector<float> b) {
  auto inv = LinearInverse::Create(t.d_in, t.d_out, std::move(A), std::move(b));
  if (!inv.ok()) {
    t.refuse_reason = std::string(inv.status().message());
    return;
  }
  auto shared = std::make_shared<const LinearInverse>(std::move(*inv));
  t.inverse = [shared](const float* y, size_t n, float* x) { shared->Apply(y, n, x); };
}

}  // namespace

StatusOr<Transform> ParseTransform(ParseContext& ctx, const std::string& fourcc) {
  Cursor& cur = ctx.cur;
  Transform t;
  t.fourcc = fourcc;
  std::vector<float> A, b, mean;
  std::vector<int32_t> map;
  if (fourcc == "Pcam" || fourcc == "PcAm" || fourcc == "PCAm") {
    F2M_ASSIGN_OR_RETURN(float eigen_power, cur.F32());
    if (fourcc == "Pcam") F2M_RETURN_IF_ERROR(cur.Skip(4));  // epsilon
    F2M_RETURN_IF_ERROR(cur.Skip(1));                          // random_rotation
    if (fourcc != "PCAm") F2M_RETURN_IF_ERROR(cur.Skip(4));    // balanced_bins
    for (const char* what : {"PCA mean", "PCA eigenvalues", "PCA matrix"}) {
      F2M_RETURN_IF_ERROR(cur.SkipVec(4, what).status());
    }
    if (eigen_power != 0) t.refuse_reason = StrCat("the PCA whitens (eigen_power ", eigen_power, ")");
  } else if (fourcc == "Viqm") {
    F2M_RETURN_IF_ERROR(cur.Skip(8));  // max_iter, seed
  } else if (fourcc == "Viqt") {
    F2M_RETURN_IF_ERROR(cur.SkipVec(4, "ITQ mean").status());
    F2M_RETURN_IF_ERROR(cur.Skip(1));  // do_pca
    for (int i = 0; i < 2; ++i) {
      F2M_ASSIGN_OR_RETURN(std::string sub, cur.Fourcc());
      const FourccEntry* e = FindFourcc(sub);
      if (e == nullptr || e->transform == nullptr || sub == "Viqt") {
        return cur.Corrupt("ITQ transform", StrCat("'", sub, "' is not a linear transform"));
      }
      F2M_RETURN_IF_ERROR(ParseTransform(ctx, sub).status());
    }
    t.refuse_reason = "ITQ binarizes the vectors";
  } else if (fourcc == "RmDT") {
    F2M_ASSIGN_OR_RETURN(map, cur.SmallVec<int32_t>("dimension map", 1 << 20));
  } else if (fourcc == "VNrm") {
    F2M_RETURN_IF_ERROR(cur.Skip(4));
    t.refuse_reason = "normalization drops each vector's norm";
  } else if (fourcc == "VCnt") {
    F2M_ASSIGN_OR_RETURN(mean, cur.SmallVec<float>("centering mean", 1 << 20));
  } else if (fourcc == "HRot") {
    F2M_RETURN_IF_ERROR(cur.Skip(4));
    t.refuse_reason = "the Hadamard rotation is rebuilt from Faiss's random generator";
  }
  bool linear = fourcc == "rrot" || fourcc == "LTra" || fourcc == "Viqm" ||
                fourcc == "Pcam" || fourcc == "PcAm" || fourcc == "PCAm";
  if (linear) F2M_RETURN_IF_ERROR(ReadLinear(cur, &A, &b));
  F2M_RETURN_IF_ERROR(ReadTail(cur, t));
  if (fourcc == "Viqm") t.refuse_reason = "ITQ binarizes the vectors";
  if (!t.refuse_reason.empty()) return t;
  if (linear) {
    SetLinearInverse(t, std::move(A), std::move(b));
  } else if (fourcc == "VCnt") {
    if (mean.size() != static_cast<size_t>(t.d_in)) return cur.Corrupt("centering", "mean size");
    size_t d = mean.size();
    t.inverse = [mean, d](const float* y, size_t n, float* x) {
      for (size_t i = 0; i < n * d; ++i) x[i] = y[i] + mean[i % d];
    };
  } else if (fourcc == "RmDT") {
    std::vector<int32_t> back(t.d_in, -1);
    for (size_t j = 0; j < map.size(); ++j) {
      if (map[j] >= 0 && map[j] < t.d_in) back[map[j]] = static_cast<int32_t>(j);
    }
    for (int32_t v : back) {
      if (v < 0) {
        t.refuse_reason = "the remap drops input dimensions";
        return t;
      }
    }
    size_t din = t.d_in, dout = t.d_out;
    t.inverse = [back, din, dout](const float* y, size_t n, float* x) {
      for (size_t r = 0; r < n; ++r)
        for (size_t i = 0; i < din; ++i) x[r * din + i] = y[r * dout + back[i]];
    };
  }
  return t;
}

}  // namespace f2m
