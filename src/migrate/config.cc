#include "migrate/config.h"

#include <cctype>
#include <charconv>

#include "base/le.h"
#include "base/log.h"

namespace f2m {
namespace {

const char* ModeName(StorageMode m) { return m == StorageMode::kLocal ? "local" : "remote"; }

std::string Secret(const std::string& s) { return s.empty() ? "" : "***"; }

std::string RemoteText(std::string_view prefix, std::string_view path_key, const RemoteConfig& r) {
  return StrCat(prefix, path_key, ": ", r.path, "\n", prefix, "cloud: ", r.cloud, "\n", prefix,
                "endpoint: ", r.endpoint, "\n", prefix, "region: ", r.region, "\n", prefix,
                "bucket: ", r.bucket, "\n", prefix, "ak: ", Secret(r.ak), "\n", prefix,
                "sk: ", Secret(r.sk), "\n", prefix, "useIAM: ", r.use_iam, "\n", prefix,
                "useSSL: ", r.use_ssl, "\n");
}

}  // namespace

ReadOptions Config::ToReadOptions() const {
  ReadOptions o;
  o.ivfdata_path = dumper.ivfdata_file;
  o.refuse_lossy = dumper.lossy == LossyPolicy::kRefuse;
  o.keep_pretransform = dumper.pretransform == PretransformPolicy::kKeep;
  return o;
}

std::string Config::Redacted() const {
  const Collection& c = target.collection;
  return StrCat(
      "dumper.worker.limit: ", dumper.worker_limit, "\ndumper.worker.workMode: ",
      dumper.work_mode, "\ndumper.chunk.maxFileSize: ", dumper.max_file_size,
      "\ndumper.faiss.lossy: ", dumper.lossy == LossyPolicy::kDecode ? "decode" : "refuse",
      "\ndumper.faiss.pretransform: ",
      dumper.pretransform == PretransformPolicy::kInvert ? "invert" : "keep",
      "\ndumper.faiss.ivfdataFile: ", dumper.ivfdata_file,
      "\nloader.worker.limit: ", loader.worker_limit, "\nsource.mode: ", ModeName(source.mode),
      "\nsource.local.faissFile: ", source.local_faiss_file, "\n",
      RemoteText("source.remote.", "faissFile", source.remote),
      "target.mode: ", ModeName(target.mode), "\ntarget.local.outputDir: ", target.local_output_dir,
      "\n", RemoteText("target.remote.", "outputDir", target.remote),
      "target.milvus2x.endpoint: ", target.milvus2x.endpoint,
      "\ntarget.milvus2x.username: ", target.milvus2x.username,
      "\ntarget.milvus2x.password: ", Secret(target.milvus2x.password),
      "\ntarget.milvus2x.database: ", target.milvus2x.database,
      "\ntarget.create.collection.name: ", c.name, "\ntarget.create.collection.shardsNum: ",
      c.shards_num, "\ntarget.create.collection.dim: ", c.dim ? StrCat(*c.dim) : "(from index)",
      "\ntarget.create.collection.metricType: ", c.metric_type.value_or("(from index)"),
      "\ntarget.create.collection.idField: ", c.id_field,
      "\ntarget.create.collection.vectorField: ", c.vector_field, "\n");
}

StatusOr<Config> LoadConfig(FileSystem& fs, const std::string& path, const EnvLookup& env) {
  F2M_ASSIGN_OR_RETURN(std::string text, ReadSmallFile(fs, path, 1 << 20));
  std::vector<std::string> warnings;
  F2M_ASSIGN_OR_RETURN(Config config, ParseConfig(text, path, env, &warnings));
  for (const std::string& w : warnings) F2M_LOG_WARN("{}", w);
  return config;
}

StatusOr<uint64_t> ParseByteSize(std::string_view text, std::string_view key) {
  auto bad = [&] {
    return absl::InvalidArgumentError(
        StrCat("config ", key, ": \"", text, "\": want a size in bytes (1073741824, 512MiB, "
               "1GiB) greater than 0 and at most 16GiB"));
  };
  uint64_t n = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), n);
  if (r.ec != std::errc() || r.ptr == text.data()) return bad();
  std::string_view unit = text.substr(r.ptr - text.data());
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  static constexpr std::pair<std::string_view, uint64_t> kUnits[] = {
      {"", 1},          {"B", 1},           {"KiB", 1ull << 10}, {"MiB", 1ull << 20},
      {"GiB", 1ull << 30}, {"KB", 1000},    {"MB", 1000000},     {"GB", 1000000000}};
  for (const auto& [name, mult] : kUnits) {
    if (unit != name) continue;
    auto bytes = CheckedMul(n, mult);
    if (!bytes || *bytes == 0 || *bytes > kMilvusMaxFileSize) return bad();
    return *bytes;
  }
  return bad();
}

Status CheckAgainstIndex(const Config& config, const IndexInfo& info,
                         std::vector<std::string>* warnings) {
  const Config::Collection& c = config.target.collection;
  if (c.dim && *c.dim != info.d) {
    return absl::FailedPreconditionError(StrCat("config target.create.collection.dim: ", *c.dim,
                                                " but the index has d = ", info.d));
  }
  if (!c.metric_type) return absl::OkStatus();
  std::string index_metric = info.MetricName();
  if (*c.metric_type == index_metric) return absl::OkStatus();
  if (*c.metric_type == "COSINE" && index_metric == "IP") {
    if (warnings != nullptr) {
      warnings->push_back(
          "config target.create.collection.metricType: COSINE for an IP index: Milvus will "
          "normalise; results equal the index's only if its vectors have unit length");
    }
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(StrCat("config target.create.collection.metricType: ",
                                              *c.metric_type, " but the index has metric ",
                                              index_metric));
}

}  // namespace f2m
