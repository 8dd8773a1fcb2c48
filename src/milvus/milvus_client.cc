// MilvusClient: connection, version, collections, indexes, load, flush. Import, statistics and
// queries are in milvus_client_data.cc.
#include "milvus/milvus_client.h"

#include <charconv>

#include "milvus/poll.h"
#include "milvus/rpc_caller.h"

namespace f2m::milvus {
namespace {

namespace mpb = ::milvus::proto::milvus;
namespace spb = ::milvus::proto::schema;

std::shared_ptr<grpc::Channel> MakeChannel(const Endpoint& endpoint) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);  // query results of many vectors
  args.SetMaxSendMessageSize(64 << 20);  // the proxy's default receive limit
  // Reconnect quickly after Milvus restarts (the default backoff grows to 120 s).
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 500);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 5000);
  auto creds = endpoint.tls ? grpc::SslCredentials(grpc::SslCredentialsOptions())
                            : grpc::InsecureChannelCredentials();
  return grpc::CreateCustomChannel(endpoint.target, creds, args);
}

int64_t ParseInt(std::string_view s) {
  int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

StatusOr<std::unique_ptr<MilvusClient>> MilvusClient::Create(const MilvusConfig& config,
                                                             Clock& clock) {
  F2M_ASSIGN_OR_RETURN(Endpoint endpoint, ParseEndpoint(config.endpoint));
  if (config.username.empty() && !config.password.empty()) {
    return absl::InvalidArgumentError(
        "milvus credentials: a password without a username (target.milvus2x.username)");
  }
  auto rpc = std::make_unique<RpcCaller>(
      MakeChannel(endpoint), endpoint.target,
      BuildMetadata(config.username, config.password, config.database), config.rpc_timeout,
      config.retry, clock);
  return std::unique_ptr<MilvusClient>(new MilvusClient(std::move(rpc), clock));
}

MilvusClient::MilvusClient(std::unique_ptr<RpcCaller> rpc, Clock& clock)
    : rpc_(std::move(rpc)), clock_(clock) {}

MilvusClient::~MilvusClient() = default;

const std::string& MilvusClient::target() const { return rpc_->target(); }

StatusOr<std::string> MilvusClient::GetVersion() {
  mpb::GetVersionRequest req;
  mpb::GetVersionResponse reply;
  F2M_RETURN_IF_ERROR(rpc_->Call("GetVersion", "", &Stub::GetVersion, req, reply));
  return reply.version();
}

StatusOr<bool> MilvusClient::HasCollection(std::string_view collection) {
  mpb::HasCollectionRequest req;
  req.set_collection_name(std::string(collection));
  mpb::BoolResponse reply;
  F2M_RETURN_IF_ERROR(rpc_->Call("HasCollection", collection, &Stub::HasCollection, req, reply));
  return reply.value();
}

Status MilvusClient::CreateCollection(const CollectionSpec& spec) {
  std::string where = StrCat("create collection ", spec.name);
  if (spec.name.empty()) return absl::InvalidArgumentError("create collection: empty name");
  if (spec.dim <= 0 || (spec.kind == VectorKind::kBinary && spec.dim % 8 != 0)) {
    return absl::InvalidArgumentError(StrCat(where, ": dim ", spec.dim, " is not ",
                                             spec.kind == VectorKind::kBinary
                                                 ? "a positive multiple of 8"
                                                 : "positive"));
  }
  spb::CollectionSchema schema;
  schema.set_name(spec.name);
  schema.set_description(spec.description);
  spb::FieldSchema* id = schema.add_fields();
  id->set_name(spec.id_field);
  id->set_is_primary_key(true);
  id->set_autoid(false);
  id->set_data_type(spb::Int64);
  spb::FieldSchema* vec = schema.add_fields();
  vec->set_name(spec.vector_field);
  vec->set_data_type(spec.kind == VectorKind::kBinary ? spb::BinaryVector : spb::FloatVector);
  auto* dim = vec->add_type_params();
  dim->set_key("dim");
  dim->set_value(StrCat(spec.dim));

  mpb::CreateCollectionRequest req;
  req.set_collection_name(spec.name);
  req.set_schema(schema.SerializeAsString());
  req.set_shards_num(spec.shards_num);
  req.set_consistency_level(pb::common::Bounded);  // pymilvus's default
  pb::common::Status reply;
  return rpc_->Call("CreateCollection", spec.name, &Stub::CreateCollection, req, reply);
}

StatusOr<CollectionInfo> MilvusClient::DescribeCollection(std::string_view collection) {
  mpb::DescribeCollectionRequest req;
  req.set_collection_name(std::string(collection));
  mpb::DescribeCollectionResponse reply;
  F2M_RETURN_IF_ERROR(
      rpc_->Call("DescribeCollection", collection, &Stub::DescribeCollection, req, reply));
  CollectionInfo info;
  info.name = reply.schema().name();
  info.description = reply.schema().description();
  info.collection_id = reply.collectionid();
  info.shards_num = reply.shards_num();
  for (const spb::FieldSchema& f : reply.schema().fields()) {
    FieldInfo field;
    field.name = f.name();
    field.data_type = f.data_type();
    field.is_primary_key = f.is_primary_key();
    field.auto_id = f.autoid();
    for (const auto& kv : f.type_params()) {
      if (kv.key() == "dim") field.dim = ParseInt(kv.value());
    }
    info.fields.push_back(std::move(field));
  }
  return info;
}

Status MilvusClient::DropCollection(std::string_view collection) {
  mpb::DropCollectionRequest req;
  req.set_collection_name(std::string(collection));
  pb::common::Status reply;
  return rpc_->Call("DropCollection", collection, &Stub::DropCollection, req, reply);
}

Status MilvusClient::CreateIndex(std::string_view collection, const IndexSpec& index) {
  mpb::CreateIndexRequest req;
  req.set_collection_name(std::string(collection));
  req.set_field_name(index.field);
  req.set_index_name(index.index_name);
  for (const auto& [k, v] : {std::pair<std::string, std::string>{"index_type", index.index_type},
                             {"metric_type", index.metric_type},
                             {"params", index.params_json}}) {
    auto* kv = req.add_extra_params();
    kv->set_key(k);
    kv->set_value(v);
  }
  pb::common::Status reply;
  return rpc_->Call("CreateIndex", collection, &Stub::CreateIndex, req, reply);
}

StatusOr<std::vector<IndexInfo>> MilvusClient::DescribeIndex(std::string_view collection,
                                                             std::string_view field) {
  mpb::DescribeIndexRequest req;
  req.set_collection_name(std::string(collection));
  req.set_field_name(std::string(field));
  mpb::DescribeIndexResponse reply;
  F2M_RETURN_IF_ERROR(rpc_->Call("DescribeIndex", collection, &Stub::DescribeIndex, req, reply));
  std::vector<IndexInfo> out;
  for (const mpb::IndexDescription& d : reply.index_descriptions()) {
    IndexInfo i;
    i.index_name = d.index_name();
    i.field_name = d.field_name();
    for (const auto& kv : d.params()) i.params.emplace_back(kv.key(), kv.value());
    i.indexed_rows = d.indexed_rows();
    i.total_rows = d.total_rows();
    i.pending_index_rows = d.pending_index_rows();
    i.state = d.state();
    i.fail_reason = d.index_state_fail_reason();
    out.push_back(std::move(i));
  }
  return out;
}

Status MilvusClient::WaitForIndex(std::string_view collection, std::string_view field,
                                  const LoadOptions& options) {
  PollOptions poll;
  poll.what = StrCat("wait for the index of ", collection, ".", field);
  poll.deadline = options.deadline;
  return PollUntil(clock_, poll, [&]() -> StatusOr<bool> {
    F2M_ASSIGN_OR_RETURN(std::vector<IndexInfo> indexes, DescribeIndex(collection, field));
    int64_t indexed = 0, total = 0;
    bool done = true;
    for (const IndexInfo& i : indexes) {
      if (i.state == pb::common::Failed) {
        return absl::FailedPreconditionError(
            StrCat("index ", i.index_name, " failed in milvus: ", i.fail_reason));
      }
      indexed += i.indexed_rows;
      total += i.total_rows;
      done = done && i.state == pb::common::Finished && i.pending_index_rows == 0 &&
             i.indexed_rows >= i.total_rows;
    }
    if (options.on_progress) options.on_progress(total > 0 ? indexed * 100 / total : 100);
    return done;
  });
}

Status MilvusClient::LoadCollection(std::string_view collection, const LoadOptions& options) {
  mpb::LoadCollectionRequest req;
  req.set_collection_name(std::string(collection));
  req.set_refresh(options.refresh);
  pb::common::Status reply;
  F2M_RETURN_IF_ERROR(rpc_->Call("LoadCollection", collection, &Stub::LoadCollection, req, reply));
  PollOptions poll;
  poll.what = StrCat("load collection ", collection);
  poll.deadline = options.deadline;
  return PollUntil(clock_, poll, [&]() -> StatusOr<bool> {
    mpb::GetLoadingProgressRequest preq;
    preq.set_collection_name(std::string(collection));
    mpb::GetLoadingProgressResponse preply;
    F2M_RETURN_IF_ERROR(rpc_->Call("GetLoadingProgress", collection, &Stub::GetLoadingProgress,
                                   preq, preply));
    int64_t percent = options.refresh && preply.refresh_progress() > 0 ? preply.refresh_progress()
                                                                       : preply.progress();
    if (options.on_progress) options.on_progress(percent);
    return percent >= 100;
  });
}

Status MilvusClient::Flush(std::string_view collection) {
  mpb::FlushRequest req;
  req.add_collection_names(std::string(collection));
  mpb::FlushResponse reply;
  return rpc_->Call("Flush", collection, &Stub::Flush, req, reply);
}

}  // namespace f2m::milvus
