// Test-only: an in-process MilvusService over real gRPC on 127.0.0.1 (an ephemeral port), with
// scripted answers, and a fixture that points a MilvusClient (with a FakeClock) at it.
#ifndef F2M_MILVUS_FAKE_MILVUS_SERVICE_H_
#define F2M_MILVUS_FAKE_MILVUS_SERVICE_H_

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "milvus/fake_clock.h"
#include "milvus/milvus_client.h"
#include "milvus/proto/milvus.grpc.pb.h"

namespace f2m::milvus {

namespace mpb = ::milvus::proto::milvus;
namespace cpb = ::milvus::proto::common;
namespace spb = ::milvus::proto::schema;

class FakeMilvus final : public mpb::MilvusService::Service {
 public:
  grpc::Status GetVersion(grpc::ServerContext* ctx, const mpb::GetVersionRequest*,
                          mpb::GetVersionResponse* reply) override {
    Record(ctx);
    if (not_ready_left_ > 0) {
      --not_ready_left_;
      reply->mutable_status()->set_error_code(cpb::NotReadyServe);
      reply->mutable_status()->set_reason("proxy not healthy");
      return grpc::Status::OK;
    }
    if (unauthenticated_) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                          "auth check failure, please check username and password are correct");
    }
    reply->set_version("v2.3.5-lite");
    return grpc::Status::OK;
  }
  grpc::Status HasCollection(grpc::ServerContext* ctx, const mpb::HasCollectionRequest*,
                             mpb::BoolResponse* reply) override {
    Record(ctx);
    reply->mutable_status()->set_error_code(cpb::IllegalArgument);
    reply->mutable_status()->set_reason("invalid collection name: 1x");
    return grpc::Status::OK;
  }
  grpc::Status DescribeCollection(grpc::ServerContext* ctx, const mpb::DescribeCollectionRequest*,
                                  mpb::DescribeCollectionResponse* reply) override {
    Record(ctx);
    reply->mutable_status()->set_error_code(cpb::UnexpectedError);
    reply->mutable_status()->set_code(100);
    reply->mutable_status()->set_reason("collection not found[collection=nope]");
    return grpc::Status::OK;
  }
  grpc::Status CreateCollection(grpc::ServerContext* ctx, const mpb::CreateCollectionRequest* req,
                                cpb::Status*) override {
    Record(ctx);
    std::lock_guard<std::mutex> lock(mu_);
    created_ = *req;
    return grpc::Status::OK;
  }
  grpc::Status Import(grpc::ServerContext* ctx, const mpb::ImportRequest*,
                      mpb::ImportResponse* reply) override {
    Record(ctx);
    std::this_thread::sleep_for(std::chrono::milliseconds(import_delay_ms_));
    reply->add_tasks(4455);
    return grpc::Status::OK;
  }
  grpc::Status GetImportState(grpc::ServerContext* ctx, const mpb::GetImportStateRequest* req,
                              mpb::GetImportStateResponse* reply) override {
    Record(ctx);
    reply->set_id(req->task());
    reply->set_state(cpb::ImportFailed);
    for (auto [k, v] : {std::pair{"failed_reason", "failed to get file size of 'x/id.npy'"},
                        std::pair{"files", "x/id.npy,x/data.npy"}}) {
      auto* kv = reply->add_infos();
      kv->set_key(k);
      kv->set_value(v);
    }
    return grpc::Status::OK;
  }

  grpc::Status LoadCollection(grpc::ServerContext* ctx, const mpb::LoadCollectionRequest*,
                              cpb::Status*) override {
    Record(ctx);
    return grpc::Status::OK;
  }
  grpc::Status GetLoadingProgress(grpc::ServerContext* ctx, const mpb::GetLoadingProgressRequest*,
                                  mpb::GetLoadingProgressResponse* reply) override {
    Record(ctx);
    reply->set_progress(load_progress_ = std::min<int64_t>(100, load_progress_ + 40));
    return grpc::Status::OK;
  }
  grpc::Status DescribeIndex(grpc::ServerContext* ctx, const mpb::DescribeIndexRequest* req,
                             mpb::DescribeIndexResponse* reply) override {
    Record(ctx);
    mpb::IndexDescription* d = reply->add_index_descriptions();
    d->set_index_name("data_idx");
    d->set_field_name(req->field_name());
    d->set_total_rows(1000);
    d->set_indexed_rows(std::min(1000, 400 * ++index_rounds_));
    d->set_state(index_fails_ ? cpb::Failed
                              : d->indexed_rows() == 1000 ? cpb::Finished : cpb::InProgress);
    if (index_fails_) d->set_index_state_fail_reason("out of memory building IVF_PQ");
    return grpc::Status::OK;
  }
  // count(*) answers 1234; anything else answers ids 10, 20 with 2-d vectors (i, -i).
  grpc::Status Query(grpc::ServerContext* ctx, const mpb::QueryRequest* req,
                     mpb::QueryResults* reply) override {
    Record(ctx);
    {
      std::lock_guard<std::mutex> lock(mu_);
      last_query_ = *req;
    }
    if (req->output_fields_size() == 1 && req->output_fields(0) == "count(*)") {
      spb::FieldData* f = reply->add_fields_data();
      f->set_field_name("count(*)");
      f->mutable_scalars()->mutable_long_data()->add_data(1234);
      return grpc::Status::OK;
    }
    spb::FieldData* ids = reply->add_fields_data();
    ids->set_field_name("id");
    spb::FieldData* vec = reply->add_fields_data();
    vec->set_field_name("data");
    vec->mutable_vectors()->set_dim(2);
    for (int64_t id : {10, 20}) {
      ids->mutable_scalars()->mutable_long_data()->add_data(id);
      vec->mutable_vectors()->mutable_float_vector()->add_data(float(id));
      vec->mutable_vectors()->mutable_float_vector()->add_data(-float(id));
    }
    return grpc::Status::OK;
  }
  mpb::QueryRequest last_query() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_query_;
  }

  std::string LastMetadata(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = metadata_.find(key);
    return it == metadata_.end() ? "<absent>" : it->second;
  }
  std::chrono::milliseconds LastBudget() {
    std::lock_guard<std::mutex> lock(mu_);
    return budget_;
  }
  mpb::CreateCollectionRequest created() {
    std::lock_guard<std::mutex> lock(mu_);
    return created_;
  }

  std::atomic<int> calls_{0};
  std::atomic<int> not_ready_left_{0};
  std::atomic<bool> unauthenticated_{false};
  std::atomic<int> import_delay_ms_{0};
  std::atomic<int64_t> load_progress_{0};
  std::atomic<int> index_rounds_{0};
  std::atomic<bool> index_fails_{false};

 private:
  void Record(grpc::ServerContext* ctx) {
    ++calls_;
    std::lock_guard<std::mutex> lock(mu_);
    metadata_.clear();
    for (const auto& [k, v] : ctx->client_metadata()) {
      metadata_[std::string(k.data(), k.size())] = std::string(v.data(), v.size());
    }
    budget_ = std::chrono::duration_cast<std::chrono::milliseconds>(
        ctx->deadline() - std::chrono::system_clock::now());
  }
  std::mutex mu_;
  std::map<std::string, std::string> metadata_;
  std::chrono::milliseconds budget_{0};
  mpb::CreateCollectionRequest created_;
  mpb::QueryRequest last_query_;
};

class MilvusClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&fake_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
  }
  void TearDown() override { server_->Shutdown(); }

  std::unique_ptr<MilvusClient> Client(MilvusConfig config = {}) {
    if (config.endpoint == MilvusConfig{}.endpoint) {
      config.endpoint = StrCat("http://127.0.0.1:", port_);
    }
    config.retry.jitter_seed = 1;
    StatusOr<std::unique_ptr<MilvusClient>> c = MilvusClient::Create(config, clock_);
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? std::move(*c) : nullptr;
  }

  FakeMilvus fake_;
  FakeClock clock_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace f2m::milvus

#endif  // F2M_MILVUS_FAKE_MILVUS_SERVICE_H_
