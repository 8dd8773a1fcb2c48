#include "migrate/collection_setup.h"

#include <thread>

#include "base/log.h"

namespace f2m {
namespace {

using milvus::DataType;

std::string FieldText(const milvus::FieldInfo* f) {
  if (f == nullptr) return "missing";
  std::string type = f->data_type == static_cast<int>(DataType::kInt64)          ? "Int64"
                     : f->data_type == static_cast<int>(DataType::kFloatVector)  ? "FloatVector"
                     : f->data_type == static_cast<int>(DataType::kBinaryVector) ? "BinaryVector"
                                                                                 : StrCat("type ", f->data_type);
  std::string out = StrCat(f->name, " ", type);
  if (f->dim != 0) out += StrCat("(dim ", f->dim, ")");
  if (f->is_primary_key) out += f->auto_id ? " primary auto_id" : " primary";
  return out;
}

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

StatusOr<MilvusTarget> ConnectMilvus(const Config& config) {
  const Config::Milvus& m = config.target.milvus2x;
  milvus::MilvusConfig mc;
  mc.endpoint = m.endpoint;
  mc.username = m.username;
  mc.password = m.password;
  mc.database = m.database;
  if (!mc.password.empty() && mc.username.empty()) mc.username = "root";
  std::string what = StrCat("connect to milvus ", m.endpoint);
  MilvusTarget t;
  auto client = milvus::MilvusClient::Create(mc);
  if (!client.ok()) return Annotate(client.status(), what);
  t.client = std::move(*client);
  auto text = t.client->GetVersion();
  if (!text.ok()) return Annotate(text.status(), what);
  F2M_ASSIGN_OR_RETURN(t.version, milvus::ParseServerVersion(*text));
  t.policy = milvus::ImportPolicyFor(t.version);
  if (!t.policy.allowed) return absl::FailedPreconditionError(StrCat(what, ": ", t.policy.refusal));
  F2M_LOG_INFO("milvus {} at {}", t.version.text, t.client->target());
  return t;
}

milvus::CollectionSpec CollectionSpecFor(const Manifest& manifest, const Config& config) {
  const Config::Collection& c = config.target.collection;
  milvus::CollectionSpec s;
  s.name = manifest.collection.name;
  s.dim = manifest.index.d;
  s.kind = manifest.index.vector_type == "binary" ? milvus::VectorKind::kBinary
                                                  : milvus::VectorKind::kFloat;
  s.id_field = manifest.collection.id_field;
  s.vector_field = manifest.collection.vector_field;
  s.shards_num = static_cast<int32_t>(c.shards_num);
  s.description = c.description.empty() ? "" : StrCat(c.description, "; ");
  s.description += StrCat("migrated by faiss2milvus from ", manifest.source.path, " (",
                          manifest.index.type_tree, ")");
  return s;
}

milvus::IndexSpec IndexSpecFor(const Manifest& manifest, const Config& config) {
  milvus::IndexSpec ix;
  ix.field = manifest.collection.vector_field;
  bool binary = manifest.index.vector_type == "binary";
  ix.index_type = manifest.index.milvus_index_type;
  if (ix.index_type.empty()) ix.index_type = binary ? "BIN_FLAT" : "FLAT";
  const auto& metric = config.target.collection.metric_type;
  ix.metric_type = metric ? *metric : binary ? "HAMMING" : manifest.index.metric;
  std::string params = "{";
  for (const auto& [k, v] : manifest.index.milvus_index_params) {
    if (params.size() > 1) params += ",";
    params += StrCat("\"", k, "\":", AllDigits(v) ? v : StrCat("\"", v, "\""));
  }
  ix.params_json = params + "}";
  return ix;
}

Status CheckCompatible(const milvus::CollectionInfo& have, const milvus::CollectionSpec& want) {
  milvus::FieldInfo id{want.id_field, static_cast<int>(DataType::kInt64), true, false, 0};
  milvus::FieldInfo vec{want.vector_field,
                        static_cast<int>(want.kind == milvus::VectorKind::kBinary
                                             ? DataType::kBinaryVector
                                             : DataType::kFloatVector),
                        false, false, want.dim};
  for (const milvus::FieldInfo* w : {&id, &vec}) {
    const milvus::FieldInfo* h = have.Find(w->name);
    if (h != nullptr && h->data_type == w->data_type && h->dim == w->dim &&
        h->is_primary_key == w->is_primary_key && (!w->is_primary_key || !h->auto_id)) {
      continue;
    }
    return absl::FailedPreconditionError(StrCat(
        "collection ", want.name, " exists with an incompatible schema: field ", FieldText(h),
        " in milvus, the dump needs ", FieldText(w),
        " (use another target.create.collection.name, or --drop-existing to replace it)"));
  }
  return absl::OkStatus();
}

StatusOr<int64_t> EnsureCollection(milvus::MilvusClient& client,
                                   const milvus::CollectionSpec& spec,
                                   const milvus::IndexSpec& index, bool drop_existing) {
  F2M_ASSIGN_OR_RETURN(bool exists, client.HasCollection(spec.name));
  if (exists && drop_existing) {
    F2M_LOG_WARN("dropping collection {} (--drop-existing)", spec.name);
    F2M_RETURN_IF_ERROR(client.DropCollection(spec.name));
    exists = false;
  }
  if (!exists) F2M_RETURN_IF_ERROR(client.CreateCollection(spec));
  F2M_ASSIGN_OR_RETURN(milvus::CollectionInfo info, client.DescribeCollection(spec.name));
  F2M_RETURN_IF_ERROR(CheckCompatible(info, spec));
  auto indexes = client.DescribeIndex(spec.name, spec.vector_field);
  if (absl::IsNotFound(indexes.status())) {
    F2M_RETURN_IF_ERROR(client.CreateIndex(spec.name, index));
  } else if (!indexes.ok()) {
    return indexes.status();
  }
  return info.collection_id;
}

Status FinishCollection(MilvusTarget& target, const milvus::CollectionSpec& spec,
                        int64_t ntotal) {
  milvus::MilvusClient& client = *target.client;
  F2M_RETURN_IF_ERROR(client.Flush(spec.name));
  F2M_RETURN_IF_ERROR(client.WaitForIndex(spec.name, spec.vector_field));
  milvus::LoadOptions load;
  F2M_RETURN_IF_ERROR(client.LoadCollection(spec.name, load));
  if (!target.policy.count_star) {
    F2M_ASSIGN_OR_RETURN(int64_t rows, client.GetCollectionStatistics(spec.name));
    if (rows == ntotal) return absl::OkStatus();
    return absl::FailedPreconditionError(
        StrCat("count collection ", spec.name, ": milvus has ", rows, " rows, the index ", ntotal));
  }
  // Right after a load, count(*) can lag behind the imported rows: poll until it settles.
  int64_t count = -1;
  for (int i = 0; i < 120; ++i) {
    F2M_ASSIGN_OR_RETURN(count, client.QueryCount(spec.name));
    if (count == ntotal) return absl::OkStatus();
    if (count > ntotal) break;  // never shrinks: duplicates
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  return absl::FailedPreconditionError(StrCat("count collection ", spec.name, ": count(*) is ",
                                              count, " but the index has ntotal = ", ntotal));
}

}  // namespace f2m
