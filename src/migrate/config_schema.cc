#include "migrate/config_schema.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace f2m {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Status Bad(std::string_view key, std::string_view value, std::string_view want) {
  return absl::InvalidArgumentError(StrCat("config ", key, ": \"", value, "\": ", want));
}

// Field accessors: F(target.local_output_dir) is a function Config& -> that member.
#define F(member) [](Config& c) -> auto& { return c.member; }

template <typename Field>
ConfigSetter Str(Field field) {
  return [field](Config& c, std::string_view v, std::string_view) {
    field(c) = std::string(v);
    return absl::OkStatus();
  };
}

template <typename Field>
ConfigSetter Int(Field field) {
  return [field](Config& c, std::string_view v, std::string_view key) -> Status {
    F2M_ASSIGN_OR_RETURN(field(c), ParsePositiveInt(v, key));
    return absl::OkStatus();
  };
}

template <typename Field>
ConfigSetter Bool(Field field) {
  return [field](Config& c, std::string_view v, std::string_view key) -> Status {
    F2M_ASSIGN_OR_RETURN(field(c), ParseBool(v, key));
    return absl::OkStatus();
  };
}

template <typename Field>
ConfigSetter Size(Field field) {
  return [field](Config& c, std::string_view v, std::string_view key) -> Status {
    F2M_ASSIGN_OR_RETURN(field(c), ParseByteSize(v, key));
    return absl::OkStatus();
  };
}

// One of `choices` (case-insensitive), stored as `choices[i]` mapped through `to`.
template <typename Field, typename T>
ConfigSetter Enum(Field field, std::vector<std::pair<std::string, T>> choices) {
  return [field, choices](Config& c, std::string_view v, std::string_view key) -> Status {
    std::string want;
    for (const auto& [name, value] : choices) {
      if (Lower(name) == Lower(v)) {
        field(c) = value;
        return absl::OkStatus();
      }
      want += want.empty() ? name : StrCat(" | ", name);
    }
    return Bad(key, v, StrCat("want one of ", want));
  };
}

const std::vector<std::pair<std::string, StorageMode>> kModes = {{"local", StorageMode::kLocal},
                                                                 {"remote", StorageMode::kRemote}};
const std::vector<std::pair<std::string, std::string>> kClouds = {
    {"aws", "aws"}, {"gcp", "gcp"}, {"azure", "azure"}};

ConfigSetter Metric() {
  return [](Config& c, std::string_view v, std::string_view key) -> Status {
    std::string m = Upper(v);
    for (const char* ok : {"L2", "IP", "COSINE", "HAMMING", "JACCARD"}) {
      if (m == ok) {
        c.target.collection.metric_type = m;
        return absl::OkStatus();
      }
    }
    return Bad(key, v, "want one of L2 | IP | COSINE | HAMMING | JACCARD");
  };
}

std::vector<ConfigKey> Remote(const std::string& prefix, bool is_target) {
  auto r = [is_target](Config& c) -> RemoteConfig& {
    return is_target ? c.target.remote : c.source.remote;
  };
  std::vector<ConfigKey> keys = {
      {prefix + (is_target ? "outputDir" : "faissFile"),
       Str([r](Config& c) -> auto& { return r(c).path; })},
      {prefix + "cloud", Enum([r](Config& c) -> auto& { return r(c).cloud; }, kClouds)},
      {prefix + "endpoint", Str([r](Config& c) -> auto& { return r(c).endpoint; })},
      {prefix + "region", Str([r](Config& c) -> auto& { return r(c).region; })},
      {prefix + "bucket", Str([r](Config& c) -> auto& { return r(c).bucket; })},
      {prefix + "ak", Str([r](Config& c) -> auto& { return r(c).ak; })},
      {prefix + "sk", Str([r](Config& c) -> auto& { return r(c).sk; })},
      {prefix + "useIAM", Bool([r](Config& c) -> auto& { return r(c).use_iam; })},
      {prefix + "useSSL", Bool([r](Config& c) -> auto& { return r(c).use_ssl; })},
  };
  if (is_target) {
    keys.push_back(
        {prefix + "checkBucket", Bool([r](Config& c) -> auto& { return r(c).check_bucket; })});
  }
  return keys;
}

std::vector<ConfigKey> BuildKeys() {
  std::vector<ConfigKey> k = {
      {"dumper.worker.limit", Int(F(dumper.worker_limit))},
      {"dumper.worker.workMode", Str(F(dumper.work_mode))},
      {"dumper.worker.reader.bufferSize", Int(F(dumper.reader_buffer_size))},
      {"dumper.worker.writer.bufferSize", Int(F(dumper.writer_buffer_size))},
      {"dumper.chunk.maxFileSize", Size(F(dumper.max_file_size))},
      {"dumper.faiss.lossy",
       Enum(F(dumper.lossy), std::vector<std::pair<std::string, LossyPolicy>>{
                                 {"decode", LossyPolicy::kDecode},
                                 {"refuse", LossyPolicy::kRefuse}})},
      {"dumper.faiss.pretransform",
       Enum(F(dumper.pretransform), std::vector<std::pair<std::string, PretransformPolicy>>{
                                        {"invert", PretransformPolicy::kInvert},
                                        {"keep", PretransformPolicy::kKeep}})},
      {"dumper.faiss.ivfdataFile", Str(F(dumper.ivfdata_file))},
      {"loader.worker.limit", Int(F(loader.worker_limit))},
      {"source.mode", Enum(F(source.mode), kModes)},
      {"source.local.faissFile", Str(F(source.local_faiss_file))},
  };
  for (auto& key : Remote("source.remote.", false)) k.push_back(std::move(key));
  k.push_back({"target.mode", Enum(F(target.mode), kModes)});
  k.push_back({"target.local.outputDir", Str(F(target.local_output_dir))});
  for (auto& key : Remote("target.remote.", true)) k.push_back(std::move(key));
  std::vector<ConfigKey> rest = {
      {"target.milvus2x.endpoint", Str(F(target.milvus2x.endpoint))},
      {"target.milvus2x.username", Str(F(target.milvus2x.username))},
      {"target.milvus2x.password", Str(F(target.milvus2x.password))},
      {"target.milvus2x.database", Str(F(target.milvus2x.database))},
      {"target.create.collection.name", Str(F(target.collection.name))},
      {"target.create.collection.shardsNum", Int(F(target.collection.shards_num))},
      {"target.create.collection.shardsNums", Int(F(target.collection.shards_num))},
      {"target.create.collection.dim",
       [](Config& c, std::string_view v, std::string_view key) -> Status {
         F2M_ASSIGN_OR_RETURN(c.target.collection.dim, ParsePositiveInt(v, key));
         return absl::OkStatus();
       }},
      {"target.create.collection.metricType", Metric()},
      {"target.create.collection.idField", Str(F(target.collection.id_field))},
      {"target.create.collection.vectorField", Str(F(target.collection.vector_field))},
      {"target.create.collection.description", Str(F(target.collection.description))},
  };
  for (auto& key : rest) k.push_back(std::move(key));
  return k;
}

#undef F

}  // namespace

StatusOr<int64_t> ParsePositiveInt(std::string_view value, std::string_view key) {
  int64_t v = 0;
  auto r = std::from_chars(value.data(), value.data() + value.size(), v);
  if (r.ec != std::errc() || r.ptr != value.data() + value.size() || v < 1) {
    return Bad(key, value, "want a whole number >= 1");
  }
  return v;
}

StatusOr<bool> ParseBool(std::string_view value, std::string_view key) {
  std::string v = Lower(value);
  if (v == "true" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "no" || v == "off") return false;
  return Bad(key, value, "want true or false");
}

const std::vector<ConfigKey>& ConfigKeys() {
  static const auto* keys = new std::vector<ConfigKey>(BuildKeys());
  return *keys;
}

const std::vector<std::string>& ConfigSections() {
  static const auto* sections = [] {
    auto* out = new std::vector<std::string>();
    for (const ConfigKey& k : ConfigKeys()) {
      for (size_t dot = k.path.find('.'); dot != std::string::npos;
           dot = k.path.find('.', dot + 1)) {
        std::string s = k.path.substr(0, dot);
        if (std::find(out->begin(), out->end(), s) == out->end()) out->push_back(s);
      }
    }
    return out;
  }();
  return *sections;
}

}  // namespace f2m
