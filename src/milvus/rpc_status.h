// The pure parts of the RPC choke point (rpc_caller.h): endpoint parsing, gRPC metadata, and the
// conversion of both failure channels into our Status — the gRPC status of the call, and the
// common.Status inside Milvus's reply (legacy `error_code` and 2.3+ `code` forms alike).
// Nothing here logs, and no message ever contains the password or the authorization value.
#ifndef F2M_MILVUS_RPC_STATUS_H_
#define F2M_MILVUS_RPC_STATUS_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "grpcpp/support/status.h"
#include "milvus/clock.h"
#include "milvus/proto/common.pb.h"

namespace f2m::milvus {

// "localhost:19530", "http://h:19530/", "https://u:p@h" -> target "host:port" (port 19530 when
// absent), tls for https. User info in the URL is dropped (credentials come from the config).
struct Endpoint {
  std::string target;
  bool tls = false;
};
StatusOr<Endpoint> ParseEndpoint(std::string_view endpoint);

// Standard base64 with padding (RFC 4648 §4), as Milvus decodes the authorization header.
std::string Base64Encode(std::string_view bytes);

using Metadata = std::vector<std::pair<std::string, std::string>>;

// `authorization: base64(user:password)` when `user` is non-empty, `dbname: <database>` when
// `database` is non-empty. Keys are lower-case (gRPC requires it).
Metadata BuildMetadata(std::string_view user, std::string_view password, std::string_view database);

// The gRPC status of a call to `rpc` on `object` (a collection name, a task id; may be empty).
// UNAVAILABLE -> Unavailable "milvus <target>: unreachable (<detail>)"; UNAUTHENTICATED ->
// Unauthenticated with the server's text; DEADLINE_EXCEEDED -> DeadlineExceeded naming the RPC
// and `timeout`; others keep their code. OK -> OK.
Status FromGrpcStatus(const grpc::Status& status, std::string_view target, std::string_view rpc,
                      std::string_view object, Duration timeout);

// The common.Status of a reply. Failure when `code != 0 || error_code != 0` (what pymilvus tests);
// the message is "milvus <rpc> <object>: <reason> (code N)" and the code follows Milvus's meaning
// (not found, invalid argument, not ready -> Unavailable, ...). `retriable` forces a retryable
// code.
Status FromMilvusStatus(const ::milvus::proto::common::Status& status, std::string_view rpc,
                        std::string_view object);

}  // namespace f2m::milvus

#endif  // F2M_MILVUS_RPC_STATUS_H_
