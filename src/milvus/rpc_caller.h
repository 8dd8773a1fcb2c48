// The one choke point every MilvusService call goes through. For each attempt it sets the
// deadline, attaches the `authorization` and `dbname` metadata, sends, and converts both the gRPC
// status and the common.Status inside the reply into our Status (rpc_status.h); retryable
// failures go through the one retry policy (retry.h). Thread-compatible: one caller per thread.
#ifndef F2M_MILVUS_RPC_CALLER_H_
#define F2M_MILVUS_RPC_CALLER_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "grpcpp/grpcpp.h"
#include "milvus/clock.h"
#include "milvus/proto/milvus.grpc.pb.h"
#include "milvus/retry.h"
#include "milvus/rpc_status.h"

namespace f2m::milvus {

using Stub = ::milvus::proto::milvus::MilvusService::Stub;
namespace pb = ::milvus::proto;

// The common.Status of a reply: the reply itself for RPCs that return a bare Status.
inline const pb::common::Status& ReplyStatus(const pb::common::Status& s) { return s; }
template <typename Reply>
const pb::common::Status& ReplyStatus(const Reply& r) {
  return r.status();
}

class RpcCaller {
 public:
  // REQUIRES: `clock` outlives this object.
  RpcCaller(std::shared_ptr<grpc::Channel> channel, std::string target, Metadata metadata,
            Duration timeout, RetryPolicy retry, Clock& clock);

  enum class Idempotency { kIdempotent, kNotIdempotent };

  // Calls `method` of the stub; `object` names what the call is about in messages. A
  // kNotIdempotent call (Import) is retried only when the server answered with a retryable
  // common.Status (it refused the request), never after a transport failure or timeout, where
  // the request may have been executed.
  template <typename Request, typename Reply>
  Status Call(std::string_view rpc, std::string_view object,
              grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Reply*),
              const Request& request, Reply& reply,
              Idempotency idempotency = Idempotency::kIdempotent) {
    return Invoke(
        rpc, object, idempotency == Idempotency::kIdempotent,
        [&](grpc::ClientContext& ctx) {
          reply.Clear();
          return (stub_.get()->*method)(&ctx, request, &reply);
        },
        [&]() -> const pb::common::Status& { return ReplyStatus(reply); });
  }

  const std::string& target() const { return target_; }
  Duration timeout() const { return timeout_; }

 private:
  Status Invoke(std::string_view rpc, std::string_view object, bool idempotent,
                const std::function<grpc::Status(grpc::ClientContext&)>& send,
                const std::function<const pb::common::Status&()>& reply_status);

  std::unique_ptr<Stub> stub_;
  std::string target_;
  Metadata metadata_;
  Duration timeout_;
  RetryPolicy retry_;
  Clock& clock_;
};

}  // namespace f2m::milvus

#endif  // F2M_MILVUS_RPC_CALLER_H_
