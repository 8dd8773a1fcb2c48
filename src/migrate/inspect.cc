#include "migrate/inspect.h"

#include <cstdio>

#include "nlohmann/json.hpp"

namespace f2m {
namespace {

using Json = nlohmann::ordered_json;

Json Params(const std::vector<std::pair<std::string, std::string>>& params) {
  Json out = Json::object();
  for (const auto& [k, v] : params) out[k] = v;
  return out;
}

std::string ParamsText(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) out += StrCat(out.empty() ? "" : ", ", k, "=", v);
  return out;
}

std::string Bytes(uint64_t n) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  char buf[64];
  std::snprintf(buf, sizeof(buf), u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return StrCat(buf, " (", n, " bytes)");
}

}  // namespace

const char* IdKindName(IdKind kind) {
  switch (kind) {
    case IdKind::kSequential: return "sequential";
    case IdKind::kIdMap: return "id_map";
    case IdKind::kPerList: return "per_list";
  }
  return "?";
}

StatusOr<InspectReport> InspectIndex(const FaissIndex& index, const std::string& path,
                                     uint64_t size, uint64_t max_file_size) {
  InspectReport r;
  r.path = path;
  r.size = size;
  r.info = index.info();
  F2M_ASSIGN_OR_RETURN(r.plan, MakePlan(r.info, max_file_size));
  return r;
}

StatusOr<InspectReport> Inspect(FileSystem& fs, const std::string& path,
                                uint64_t max_file_size) {
  F2M_ASSIGN_OR_RETURN(FileInfo file, fs.Stat(path));
  F2M_ASSIGN_OR_RETURN(auto index, FaissIndex::Open(fs, path));
  return InspectIndex(*index, path, file.size, max_file_size);
}

std::string InspectText(const InspectReport& r) {
  const IndexInfo& i = r.info;
  std::string out = StrCat(r.path, " (", Bytes(r.size), ")\n");
  out += "type tree:\n";
  for (const IndexNode& n : i.nodes) {
    out += StrCat(std::string(2 + 2 * n.depth, ' '), n.fourcc, " ", n.class_name);
    if (!n.params.empty()) out += StrCat("  ", ParamsText(n.params));
    out += "\n";
  }
  out += StrCat("d:           ", i.d, i.vector_type == VectorType::kBinary ? " bits" : "", "\n");
  out += StrCat("ntotal:      ", i.ntotal, "\n");
  out += StrCat("metric:      ", i.MetricName(), " (metric_type ", i.metric_type, ")\n");
  out += StrCat("vectors:     ", i.vector_type == VectorType::kBinary ? "binary" : "float32", "\n");
  out += StrCat("ids:         ", IdKindName(i.id_kind), "\n");
  out += StrCat("exact:       ", i.exact ? "yes" : StrCat("no, lossy: ", i.lossy_note), "\n");
  if (i.ivf) {
    char mean[32];
    std::snprintf(mean, sizeof(mean), "%.2f", i.ivf->mean_list);
    out += StrCat("ivf lists:   nlist ", i.ivf->nlist, ", non-empty ", i.ivf->nonempty_lists,
                  ", sizes min ", i.ivf->min_list, " / mean ", mean, " / max ", i.ivf->max_list,
                  "\n");
  }
  out += StrCat("milvus:      ", i.milvus_index_type.empty() ? "(none)" : i.milvus_index_type);
  if (!i.milvus_index_params.empty()) out += StrCat("  ", ParamsText(i.milvus_index_params));
  out += "\n";
  const DumpPlan& p = r.plan;
  out += StrCat("dump plan:   ", p.parts, p.parts == 1 ? " part" : " parts", " of up to ",
                p.rows_per_part, " rows (", p.row_bytes, " bytes a row)\n");
  out += StrCat("             vectors ", Bytes(p.vector_bytes), ", all files ",
                Bytes(p.total_bytes), "\n");
  return out;
}

std::string InspectJson(const InspectReport& r) {
  const IndexInfo& i = r.info;
  Json nodes = Json::array();
  for (const IndexNode& n : i.nodes) {
    nodes.push_back(Json{{"fourcc", n.fourcc},
                         {"class", n.class_name},
                         {"depth", n.depth},
                         {"params", Params(n.params)}});
  }
  Json ivf = nullptr;
  if (i.ivf) {
    ivf = Json{{"nlist", i.ivf->nlist},
               {"nonempty_lists", i.ivf->nonempty_lists},
               {"min_list", i.ivf->min_list},
               {"max_list", i.ivf->max_list},
               {"mean_list", i.ivf->mean_list}};
  }
  Json j{{"path", r.path},
         {"size", r.size},
         {"type_tree", i.TypeTree()},
         {"nodes", std::move(nodes)},
         {"d", i.d},
         {"ntotal", i.ntotal},
         {"metric", i.MetricName()},
         {"metric_type", i.metric_type},
         {"vector_type", i.vector_type == VectorType::kBinary ? "binary" : "float32"},
         {"ids", IdKindName(i.id_kind)},
         {"exact", i.exact},
         {"lossy_note", i.lossy_note},
         {"ivf", std::move(ivf)},
         {"milvus_index",
          {{"index_type", i.milvus_index_type}, {"params", Params(i.milvus_index_params)}}},
         {"plan",
          {{"parts", r.plan.parts},
           {"rows_per_part", r.plan.rows_per_part},
           {"row_bytes", r.plan.row_bytes},
           {"vector_bytes", r.plan.vector_bytes},
           {"total_bytes", r.plan.total_bytes}}}};
  return j.dump(2) + "\n";
}

}  // namespace f2m
