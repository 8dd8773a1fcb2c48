// ParseConfig: walks the YAML tree against the key table (config_schema.h). The yaml-cpp
// adapter: its exceptions are caught here and nowhere else.
#include <algorithm>

#include "migrate/config.h"
#include "migrate/config_schema.h"
#include "yaml-cpp/yaml.h"

namespace f2m {
namespace {

std::string LastPart(const std::string& path) {
  size_t dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

std::string Parent(const std::string& path) {
  size_t dot = path.rfind('.');
  return dot == std::string::npos ? "" : path.substr(0, dot);
}

// Where a key named `name` belongs ("target.create.collection", "the top level", ...), or
// empty when no key of the schema has that name.
std::string WhereItBelongs(const std::string& name) {
  std::vector<std::string> parents;
  auto add = [&](const std::string& path) {
    if (LastPart(path) != name) return;
    std::string p = Parent(path).empty() ? "the top level" : Parent(path);
    if (std::find(parents.begin(), parents.end(), p) == parents.end()) parents.push_back(p);
  };
  for (const ConfigKey& k : ConfigKeys()) add(k.path);
  for (const std::string& s : ConfigSections()) add(s);
  std::string out;
  for (const std::string& p : parents) out += out.empty() ? p : StrCat(" or ", p);
  return out;
}

const ConfigKey* FindKey(const std::string& path) {
  for (const ConfigKey& k : ConfigKeys()) {
    if (k.path == path) return &k;
  }
  return nullptr;
}

bool IsSection(const std::string& path) {
  const auto& s = ConfigSections();
  return std::find(s.begin(), s.end(), path) != s.end();
}

Status Walk(const YAML::Node& map, const std::string& path, Config& config,
            std::vector<std::string>* warnings) {
  for (const auto& entry : map) {
    std::string name = entry.first.Scalar();
    std::string full = path.empty() ? name : StrCat(path, ".", name);
    const YAML::Node& value = entry.second;
    if (const ConfigKey* key = FindKey(full)) {
      if (value.IsNull()) continue;  // `username:` with nothing after it: not given
      if (!value.IsScalar()) {
        return absl::InvalidArgumentError(
            StrCat("config ", full, ": want a single value, not a ",
                   value.IsMap() ? "mapping" : "list"));
      }
      F2M_RETURN_IF_ERROR(key->set(config, value.Scalar(), full));
    } else if (IsSection(full)) {
      if (value.IsNull()) continue;
      if (!value.IsMap()) {
        return absl::InvalidArgumentError(
            StrCat("config ", full, ": want a mapping of keys, not a single value"));
      }
      F2M_RETURN_IF_ERROR(Walk(value, full, config, warnings));
    } else if (std::string where = WhereItBelongs(name); !where.empty()) {
      return absl::InvalidArgumentError(
          StrCat("config ", full, ": the nesting was lost: `", name, "` belongs under ", where,
                 ", not ", path.empty() ? "at the top level" : StrCat("under ", path),
                 " (check the indentation)"));
    } else if (warnings != nullptr) {
      warnings->push_back(StrCat("config ", full, ": unknown key, ignored"));
    }
  }
  return absl::OkStatus();
}

Status Require(bool present, std::string_view key, std::string_view what) {
  if (present) return absl::OkStatus();
  return absl::InvalidArgumentError(StrCat("config ", key, ": missing (", what, ")"));
}

// Secrets absent from the file come from the environment.
void FillFromEnv(Config& c, const EnvLookup& env) {
  auto fill = [&](std::string& field, std::string_view var) {
    if (!field.empty() || !env) return;
    if (auto v = env(var)) field = *v;
  };
  for (RemoteConfig* r : {&c.source.remote, &c.target.remote}) {
    fill(r->ak, "AWS_ACCESS_KEY_ID");
    fill(r->sk, "AWS_SECRET_ACCESS_KEY");
  }
  fill(c.target.milvus2x.username, "MILVUS_USERNAME");
  fill(c.target.milvus2x.password, "MILVUS_PASSWORD");
}

Status CheckRequired(const Config& c) {
  if (c.source.mode == StorageMode::kLocal) {
    F2M_RETURN_IF_ERROR(Require(!c.source.local_faiss_file.empty(), "source.local.faissFile",
                                "the index to migrate, since source.mode is local"));
  } else {
    F2M_RETURN_IF_ERROR(Require(!c.source.remote.path.empty(), "source.remote.faissFile",
                                "the index to migrate, since source.mode is remote"));
    F2M_RETURN_IF_ERROR(Require(!c.source.remote.bucket.empty(), "source.remote.bucket",
                                "since source.mode is remote"));
  }
  if (c.target.mode == StorageMode::kLocal) {
    F2M_RETURN_IF_ERROR(Require(!c.target.local_output_dir.empty(), "target.local.outputDir",
                                "where to write, since target.mode is local"));
  } else {
    F2M_RETURN_IF_ERROR(Require(!c.target.remote.path.empty(), "target.remote.outputDir",
                                "where to write, since target.mode is remote"));
    F2M_RETURN_IF_ERROR(Require(!c.target.remote.bucket.empty(), "target.remote.bucket",
                                "since target.mode is remote"));
  }
  F2M_RETURN_IF_ERROR(Require(!c.target.collection.name.empty(), "target.create.collection.name",
                              "the collection to create"));
  if (c.target.collection.id_field == c.target.collection.vector_field) {
    return absl::InvalidArgumentError(
        StrCat("config target.create.collection.vectorField: \"",
               c.target.collection.vector_field, "\": must differ from idField"));
  }
  return absl::OkStatus();
}

}  // namespace

StatusOr<Config> ParseConfig(std::string_view yaml, std::string_view name, const EnvLookup& env,
                             std::vector<std::string>* warnings) {
  Config config;
  try {
    YAML::Node root = YAML::Load(std::string(yaml));
    if (root.IsNull()) {
      return absl::InvalidArgumentError(StrCat("parse config ", name, ": the file is empty"));
    }
    if (!root.IsMap()) {
      return absl::InvalidArgumentError(
          StrCat("parse config ", name, ": want a mapping of keys at the top level"));
    }
    F2M_RETURN_IF_ERROR(Annotate(Walk(root, "", config, warnings), StrCat("parse ", name)));
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(StrCat("parse config ", name, ": line ", e.mark.line + 1,
                                             ", column ", e.mark.column + 1, ": ", e.msg));
  }
  FillFromEnv(config, env);
  F2M_RETURN_IF_ERROR(Annotate(CheckRequired(config), StrCat("parse ", name)));
  return config;
}

}  // namespace f2m
