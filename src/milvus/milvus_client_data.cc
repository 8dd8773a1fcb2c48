// MilvusClient: bulk import, import state, statistics, Query and Search.
#include <charconv>
#include <cstring>

#include "milvus/milvus_client.h"
#include "milvus/rpc_caller.h"

namespace f2m::milvus {
namespace {

namespace mpb = ::milvus::proto::milvus;
namespace spb = ::milvus::proto::schema;

constexpr size_t kIdsPerQuery = 1000;  // keeps the `in [...]` expression and the reply small

int64_t ParseInt(std::string_view s, int64_t fallback) {
  int64_t v = fallback;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() ? v : fallback;
}

ImportTaskState FromProto(const mpb::GetImportStateResponse& r, int64_t task_id) {
  ImportTaskState s;
  s.task_id = r.id() != 0 ? r.id() : task_id;  // 2.4+ reports id 0
  s.state = static_cast<ImportState>(r.state());
  s.row_count = r.row_count();
  s.collection_id = r.collection_id();
  s.create_ts = r.create_ts();
  for (const auto& kv : r.infos()) {
    s.infos.emplace_back(kv.key(), kv.value());
    if (kv.key() == "failed_reason") s.failed_reason = kv.value();
    if (kv.key() == "files") s.files = kv.value();
    if (kv.key() == "progress_percent") s.progress_percent = ParseInt(kv.value(), -1);
  }
  return s;
}

void SetStrong(mpb::QueryRequest& req) {
  req.set_consistency_level(pb::common::Strong);
  req.set_use_default_consistency(false);
}

}  // namespace

StatusOr<std::vector<int64_t>> MilvusClient::Import(std::string_view collection,
                                                    std::span<const std::string> files,
                                                    std::string_view partition) {
  if (files.empty()) {
    return absl::InvalidArgumentError(StrCat("import into ", collection, ": no files"));
  }
  mpb::ImportRequest req;
  req.set_collection_name(std::string(collection));
  req.set_partition_name(std::string(partition));
  for (const std::string& f : files) req.add_files(f);
  mpb::ImportResponse reply;
  // Not retried after a transport failure: a lost reply after the server queued the task would
  // import twice (Milvus does not deduplicate). The caller checks ListImportTasks instead.
  F2M_RETURN_IF_ERROR(rpc_->Call("Import", collection, &Stub::Import, req, reply,
                                 RpcCaller::Idempotency::kNotIdempotent));
  if (reply.tasks_size() == 0) {
    return absl::InternalError(StrCat("milvus Import ", collection, ": no task id in the reply"));
  }
  return std::vector<int64_t>(reply.tasks().begin(), reply.tasks().end());
}

StatusOr<ImportTaskState> MilvusClient::GetImportState(int64_t task_id) {
  mpb::GetImportStateRequest req;
  req.set_task(task_id);
  mpb::GetImportStateResponse reply;
  F2M_RETURN_IF_ERROR(rpc_->Call("GetImportState", StrCat("task ", task_id),
                                 &Stub::GetImportState, req, reply));
  return FromProto(reply, task_id);
}

StatusOr<std::vector<ImportTaskState>> MilvusClient::ListImportTasks(std::string_view collection,
                                                                     int64_t limit) {
  mpb::ListImportTasksRequest req;
  req.set_collection_name(std::string(collection));
  req.set_limit(limit);
  mpb::ListImportTasksResponse reply;
  F2M_RETURN_IF_ERROR(
      rpc_->Call("ListImportTasks", collection, &Stub::ListImportTasks, req, reply));
  std::vector<ImportTaskState> out;
  for (const auto& t : reply.tasks()) out.push_back(FromProto(t, t.id()));
  return out;
}

StatusOr<int64_t> MilvusClient::GetCollectionStatistics(std::string_view collection) {
  mpb::GetCollectionStatisticsRequest req;
  req.set_collection_name(std::string(collection));
  mpb::GetCollectionStatisticsResponse reply;
  F2M_RETURN_IF_ERROR(rpc_->Call("GetCollectionStatistics", collection,
                                 &Stub::GetCollectionStatistics, req, reply));
  for (const auto& kv : reply.stats()) {
    if (kv.key() == "row_count") return ParseInt(kv.value(), 0);
  }
  return absl::InternalError(
      StrCat("milvus GetCollectionStatistics ", collection, ": no row_count in the reply"));
}

StatusOr<int64_t> MilvusClient::QueryCount(std::string_view collection) {
  mpb::QueryRequest req;
  req.set_collection_name(std::string(collection));
  req.add_output_fields("count(*)");
  SetStrong(req);
  mpb::QueryResults reply;
  F2M_RETURN_IF_ERROR(rpc_->Call("Query", StrCat(collection, " count(*)"), &Stub::Query, req,
                                 reply));
  for (const spb::FieldData& f : reply.fields_data()) {
    if (f.field_name() == "count(*)" && f.scalars().long_data().data_size() == 1) {
      return f.scalars().long_data().data(0);
    }
  }
  return absl::InternalError(
      StrCat("milvus Query ", collection, " count(*): no count in the reply (Milvus < 2.3?)"));
}

StatusOr<VectorsById> MilvusClient::QueryVectors(std::string_view collection,
                                                 std::span<const int64_t> ids,
                                                 std::string_view id_field,
                                                 std::string_view vector_field) {
  VectorsById out;
  for (size_t begin = 0; begin < ids.size(); begin += kIdsPerQuery) {
    std::span<const int64_t> chunk = ids.subspan(begin, std::min(kIdsPerQuery, ids.size() - begin));
    std::string expr = StrCat(id_field, " in [");
    for (size_t i = 0; i < chunk.size(); ++i) expr = StrCat(expr, i ? "," : "", chunk[i]);
    expr += "]";
    mpb::QueryRequest req;
    req.set_collection_name(std::string(collection));
    req.set_expr(expr);
    req.add_output_fields(std::string(vector_field));
    SetStrong(req);
    mpb::QueryResults reply;
    F2M_RETURN_IF_ERROR(rpc_->Call("Query", StrCat(collection, " by id"), &Stub::Query, req,
                                   reply));
    for (const spb::FieldData& f : reply.fields_data()) {
      if (f.field_name() == id_field) {
        const auto& got = f.scalars().long_data().data();
        out.ids.insert(out.ids.end(), got.begin(), got.end());
      } else if (f.field_name() == vector_field) {
        out.dim = f.vectors().dim();
        if (f.vectors().has_float_vector()) {
          const auto& v = f.vectors().float_vector().data();
          out.floats.insert(out.floats.end(), v.begin(), v.end());
        } else {
          out.kind = VectorKind::kBinary;
          const std::string& b = f.vectors().binary_vector();
          out.bytes.insert(out.bytes.end(), b.begin(), b.end());
        }
      }
    }
  }
  size_t row = out.kind == VectorKind::kFloat ? size_t(out.dim) : size_t(out.dim / 8);
  size_t have = out.kind == VectorKind::kFloat ? out.floats.size() : out.bytes.size();
  if (row * out.ids.size() != have) {
    return absl::InternalError(StrCat("milvus Query ", collection, " by id: ", out.ids.size(),
                                      " ids but ", have, " vector values of dim ", out.dim));
  }
  return out;
}

StatusOr<SearchResult> MilvusClient::Search(std::string_view collection, const SearchSpec& spec) {
  const bool binary = spec.kind == VectorKind::kBinary;
  size_t row_bytes = binary ? size_t(spec.dim / 8) : size_t(spec.dim) * sizeof(float);
  size_t total = binary ? spec.binary_queries.size() : spec.float_queries.size() * sizeof(float);
  if (spec.dim <= 0 || row_bytes == 0 || total % row_bytes != 0) {
    return absl::InvalidArgumentError(
        StrCat("search ", collection, ": queries are not rows of dim ", spec.dim));
  }
  const auto* data = binary ? reinterpret_cast<const char*>(spec.binary_queries.data())
                            : reinterpret_cast<const char*>(spec.float_queries.data());
  pb::common::PlaceholderGroup group;
  pb::common::PlaceholderValue* ph = group.add_placeholders();
  ph->set_tag("$0");
  ph->set_type(binary ? pb::common::BinaryVector : pb::common::FloatVector);
  for (size_t off = 0; off < total; off += row_bytes) {
    ph->add_values(std::string(data + off, row_bytes));
  }
  mpb::SearchRequest req;
  req.set_collection_name(std::string(collection));
  req.set_dsl_type(pb::common::BoolExprV1);
  req.set_placeholder_group(group.SerializeAsString());
  req.set_nq(static_cast<int64_t>(total / row_bytes));
  req.set_consistency_level(pb::common::Strong);
  for (const auto& [k, v] : {std::pair<std::string, std::string>{"anns_field", spec.vector_field},
                             {"topk", StrCat(spec.top_k)}, {"metric_type", spec.metric_type},
                             {"params", spec.params_json}, {"round_decimal", "-1"}}) {
    auto* kv = req.add_search_params();
    kv->set_key(k);
    kv->set_value(v);
  }
  mpb::SearchResults reply;
  F2M_RETURN_IF_ERROR(rpc_->Call("Search", collection, &Stub::Search, req, reply));
  SearchResult out;
  const spb::SearchResultData& r = reply.results();
  out.ids.assign(r.ids().int_id().data().begin(), r.ids().int_id().data().end());
  out.scores.assign(r.scores().begin(), r.scores().end());
  int64_t offset = 0;
  for (int64_t n : r.topks()) {
    out.offsets.push_back(offset);
    out.counts.push_back(n);
    offset += n;
  }
  return out;
}

}  // namespace f2m::milvus
