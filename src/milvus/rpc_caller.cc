#include "milvus/rpc_caller.h"

#include <chrono>

#include "base/log.h"

namespace f2m::milvus {

RpcCaller::RpcCaller(std::shared_ptr<grpc::Channel> channel, std::string target,
                     Metadata metadata, Duration timeout, RetryPolicy retry, Clock& clock)
    : stub_(::milvus::proto::milvus::MilvusService::NewStub(std::move(channel))),
      target_(std::move(target)),
      metadata_(std::move(metadata)),
      timeout_(timeout),
      retry_(retry),
      clock_(clock) {}

Status RpcCaller::Invoke(std::string_view rpc, std::string_view object, bool idempotent,
                         const std::function<grpc::Status(grpc::ClientContext&)>& send,
                         const std::function<const pb::common::Status&()>& reply_status) {
  int attempt = 0;
  bool maybe_executed = false;  // the server may have run the request before the call failed
  auto retryable = [&](const Status& s) {
    return IsRetryable(s) && (idempotent || !maybe_executed);
  };
  return Retry(retry_, clock_, [&]() -> Status {
    ++attempt;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + timeout_);
    for (const auto& [key, value] : metadata_) ctx.AddMetadata(key, value);
    grpc::Status sent = send(ctx);
    // "failed to connect" is the one transport failure where nothing reached the server.
    maybe_executed = !sent.ok() && !(sent.error_code() == grpc::StatusCode::UNAVAILABLE &&
                                     sent.error_message().find("failed to connect") !=
                                         std::string::npos);
    Status s = FromGrpcStatus(sent, target_, rpc, object, timeout_);
    if (s.ok()) s = FromMilvusStatus(reply_status(), rpc, object);
    if (!s.ok() && IsRetryable(s)) {
      F2M_LOG_DEBUG("milvus {} {}: attempt {} failed: {}", rpc, object, attempt,
                    std::string(s.message()));
    }
    return s;
  }, retryable);
}

}  // namespace f2m::milvus
