#include "format/manifest.h"

#include "nlohmann/json.hpp"

namespace f2m {
namespace {

using Json = nlohmann::ordered_json;

constexpr char kFormat[] = "faiss2milvus-manifest";
constexpr int kVersion = 1;

Json FileToJson(const ManifestFile& f) {
  return Json{{"name", f.name}, {"bytes", f.bytes}, {"sha256", f.sha256}};
}

Json PartToJson(const ManifestPart& p) {
  Json files = Json::array();
  for (const auto& f : p.files) files.push_back(FileToJson(f));
  Json j{{"name", p.name}, {"row_begin", p.row_begin}, {"row_end", p.row_end},
         {"rows", p.rows},  {"state", p.state},         {"files", std::move(files)}};
  if (p.import_task != 0) j["import_task"] = p.import_task;
  if (!p.failed_tasks.empty()) j["failed_tasks"] = p.failed_tasks;
  if (!p.failed_reason.empty()) j["failed_reason"] = p.failed_reason;
  return j;
}

Json IndexParams(const Manifest& m) {
  Json params = Json::object();
  for (const auto& [k, v] : m.index.milvus_index_params) params[k] = v;
  return params;
}

// The only place nlohmann exceptions can escape from: caught in ManifestFromJson.
Manifest ParseOrThrow(const Json& j) {
  Manifest m;
  if (j.at("format").get<std::string>() != kFormat) throw std::runtime_error("not a manifest");
  if (j.at("version").get<int>() != kVersion) {
    throw std::runtime_error(StrCat("version ", j.at("version").get<int>(), " is not ", kVersion));
  }
  m.tool_version = j.at("tool_version").get<std::string>();
  m.state = j.at("state").get<std::string>();
  const Json& s = j.at("source");
  m.source = {s.at("path").get<std::string>(), s.at("size").get<uint64_t>(),
              s.at("mtime_ns").get<int64_t>()};
  const Json& i = j.at("index");
  m.index.type_tree = i.at("type_tree").get<std::string>();
  m.index.d = i.at("d").get<int64_t>();
  m.index.ntotal = i.at("ntotal").get<int64_t>();
  m.index.metric = i.at("metric").get<std::string>();
  m.index.metric_type = i.at("metric_type").get<int>();
  m.index.vector_type = i.at("vector_type").get<std::string>();
  m.index.ids = i.at("ids").get<std::string>();
  m.index.exact = i.at("exact").get<bool>();
  m.index.milvus_index_type = i.value("milvus_index_type", std::string());
  if (i.contains("milvus_index_params")) {
    for (const auto& [k, v] : i.at("milvus_index_params").items()) {
      m.index.milvus_index_params.emplace_back(k, v.get<std::string>());
    }
  }
  const Json& c = j.at("collection");
  m.collection = {c.at("name").get<std::string>(), c.at("id_field").get<std::string>(),
                  c.at("vector_field").get<std::string>()};
  m.rows_per_part = j.at("rows_per_part").get<uint64_t>();
  for (const Json& p : j.at("parts")) {
    ManifestPart part;
    part.name = p.at("name").get<std::string>();
    part.row_begin = p.at("row_begin").get<uint64_t>();
    part.row_end = p.at("row_end").get<uint64_t>();
    part.rows = p.at("rows").get<uint64_t>();
    part.state = p.at("state").get<std::string>();
    for (const Json& f : p.at("files")) {
      part.files.push_back({f.at("name").get<std::string>(), f.at("bytes").get<uint64_t>(),
                            f.at("sha256").get<std::string>()});
    }
    part.import_task = p.value("import_task", int64_t{0});
    part.failed_tasks = p.value("failed_tasks", std::vector<int64_t>{});
    part.failed_reason = p.value("failed_reason", std::string());
    m.parts.push_back(std::move(part));
  }
  if (j.contains("load")) {
    const Json& l = j.at("load");
    m.load.collection_id = l.value("collection_id", int64_t{0});
    m.load.state = l.value("state", std::string());
  }
  return m;
}

}  // namespace

std::string ManifestToJson(const Manifest& m) {
  Json parts = Json::array();
  for (const auto& p : m.parts) parts.push_back(PartToJson(p));
  Json j{
      {"format", kFormat},
      {"version", kVersion},
      {"tool_version", m.tool_version},
      {"state", m.state},
      {"source",
       {{"path", m.source.path}, {"size", m.source.size}, {"mtime_ns", m.source.mtime_ns}}},
      {"index",
       {{"type_tree", m.index.type_tree},
        {"d", m.index.d},
        {"ntotal", m.index.ntotal},
        {"metric", m.index.metric},
        {"metric_type", m.index.metric_type},
        {"vector_type", m.index.vector_type},
        {"ids", m.index.ids},
        {"exact", m.index.exact},
        {"milvus_index_type", m.index.milvus_index_type},
        {"milvus_index_params", IndexParams(m)}}},
      {"collection",
       {{"name", m.collection.name},
        {"id_field", m.collection.id_field},
        {"vector_field", m.collection.vector_field}}},
      {"rows_per_part", m.rows_per_part},
      {"parts", std::move(parts)},
      {"load", {{"collection_id", m.load.collection_id}, {"state", m.load.state}}},
  };
  return j.dump(2) + "\n";
}

StatusOr<Manifest> ManifestFromJson(std::string_view text, std::string_view name) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return absl::DataLossError(StrCat("parse manifest ", name, ": not valid JSON"));
  }
  try {
    return ParseOrThrow(j);
  } catch (const std::exception& e) {
    return absl::DataLossError(StrCat("parse manifest ", name, ": ", e.what()));
  }
}

Status WriteManifest(FileSystem& fs, const std::string& path, const Manifest& m) {
  return WriteSmallFile(fs, path, ManifestToJson(m));
}

StatusOr<Manifest> ReadManifest(FileSystem& fs, const std::string& path) {
  F2M_ASSIGN_OR_RETURN(std::string text, ReadSmallFile(fs, path));
  return ManifestFromJson(text, path);
}

}  // namespace f2m
