#include "milvus/rpc_status.h"

#include <optional>

namespace f2m::milvus {
namespace {

using absl::StatusCode;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string Where(std::string_view rpc, std::string_view object) {
  return object.empty() ? std::string(rpc) : StrCat(rpc, " ", object);
}

// Milvus 2.3+ `code` (merr); nullopt for codes we do not name.
std::optional<StatusCode> FromNewCode(int32_t code) {
  switch (code) {
    case 1:     // service not ready
    case 2:     // service unavailable
      return StatusCode::kUnavailable;
    case 8:     // rate limit
    case 9:     // quota exceeded
      return StatusCode::kResourceExhausted;
    case 100:   // collection not found
    case 700:   // index not found
    case 800:   // database not found
    case 1000:  // IO key not found
      return StatusCode::kNotFound;
    case 101:   // collection not loaded
      return StatusCode::kFailedPrecondition;
    case 105:   // illegal schema
    case 1100:  // invalid parameter
    case 2100:  // import failed: input error
      return StatusCode::kInvalidArgument;
    case 1401:
      return StatusCode::kPermissionDenied;
    case 1800:
      return StatusCode::kUnauthenticated;
    default:
      return std::nullopt;
  }
}

// The legacy ErrorCode enum (all versions).
StatusCode FromErrorCode(int error_code) {
  switch (error_code) {
    case 2:   // ConnectFailed
    case 56:  // NotReadyServe
    case 100: // DataCoordNA
      return StatusCode::kUnavailable;
    case 3:
      return StatusCode::kPermissionDenied;
    case 4:   // CollectionNotExists
    case 25:  // IndexNotExist
    case 28:  // CollectionNameNotFound
      return StatusCode::kNotFound;
    case 5: case 7: case 8: case 9: case 23:  // IllegalArgument/Dimension/IndexType/Name/Metric
      return StatusCode::kInvalidArgument;
    case 49: case 53: case 54:  // RateLimit, memory/disk quota
      return StatusCode::kResourceExhausted;
    case 1000:  // DDRequestRace
      return StatusCode::kAborted;
    default:
      return StatusCode::kUnknown;
  }
}

}  // namespace

StatusOr<Endpoint> ParseEndpoint(std::string_view endpoint) {
  Endpoint out;
  std::string_view rest = endpoint;
  if (StartsWith(rest, "https://")) {
    out.tls = true;
    rest.remove_prefix(8);
  } else if (StartsWith(rest, "http://")) {
    rest.remove_prefix(7);
  } else if (StartsWith(rest, "tcp://")) {
    rest.remove_prefix(6);
  }
  if (size_t slash = rest.find('/'); slash != std::string_view::npos) rest = rest.substr(0, slash);
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (rest.empty()) {
    return absl::InvalidArgumentError(
        "milvus endpoint: empty (target.milvus2x.endpoint, e.g. localhost:19530)");
  }
  bool bracketed = rest.front() == '[';
  size_t colon = rest.rfind(':');
  bool has_port = colon != std::string_view::npos && (!bracketed || colon > rest.rfind(']'));
  if (has_port && colon + 1 == rest.size()) {
    return absl::InvalidArgumentError(StrCat("milvus endpoint ", rest, ": empty port"));
  }
  out.target = has_port ? std::string(rest) : StrCat(rest, ":19530");
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out.push_back(kAlphabet[(v >> shift) & 63]);
  }
  size_t left = bytes.size() - i;
  if (left > 0) {
    uint32_t v = uint8_t(bytes[i]) << 16;
    if (left == 2) v |= uint8_t(bytes[i + 1]) << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(left == 2 ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

Metadata BuildMetadata(std::string_view user, std::string_view password,
                       std::string_view database) {
  Metadata md;
  if (!user.empty()) md.emplace_back("authorization", Base64Encode(StrCat(user, ":", password)));
  if (!database.empty()) md.emplace_back("dbname", std::string(database));
  return md;
}

Status FromGrpcStatus(const grpc::Status& status, std::string_view target, std::string_view rpc,
                      std::string_view object, Duration timeout) {
  const std::string& text = status.error_message();
  switch (status.error_code()) {
    case grpc::StatusCode::OK:
      return absl::OkStatus();
    case grpc::StatusCode::UNAVAILABLE:
      return absl::UnavailableError(StrCat("milvus ", target, ": unreachable (", text, ")"));
    case grpc::StatusCode::UNAUTHENTICATED:
      return absl::UnauthenticatedError(StrCat("milvus ", target, ": ", text));
    case grpc::StatusCode::PERMISSION_DENIED:
      return absl::PermissionDeniedError(
          StrCat("milvus ", target, ": ", Where(rpc, object), ": ", text));
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return absl::DeadlineExceededError(
          StrCat("milvus ", target, ": ", Where(rpc, object), ": no answer within ",
                 timeout.count() / 1000.0, " s"));
    case grpc::StatusCode::UNIMPLEMENTED:
      return absl::UnimplementedError(StrCat("milvus ", target, ": ", rpc,
                                             ": not implemented by this server (", text, ")"));
    default:
      return Status(static_cast<StatusCode>(status.error_code()),
                    StrCat("milvus ", target, ": ", Where(rpc, object), ": ", text));
  }
}

Status FromMilvusStatus(const ::milvus::proto::common::Status& status, std::string_view rpc,
                        std::string_view object) {
  const int error_code = static_cast<int>(status.error_code());
  if (status.code() == 0 && error_code == 0) return absl::OkStatus();
  StatusCode code = FromErrorCode(error_code);
  if (status.code() != 0) {
    if (std::optional<StatusCode> c = FromNewCode(status.code())) code = *c;
  }
  // 2.3 answers some lookups of a missing collection with the catch-all code 65535.
  if (code == StatusCode::kUnknown &&
      status.reason().find("collection not found") != std::string::npos) {
    code = StatusCode::kNotFound;
  }
  if (status.retriable() && !IsRetryable(Status(code, "x"))) code = StatusCode::kUnavailable;
  std::string reason = status.reason().empty() ? status.detail() : status.reason();
  if (reason.empty()) reason = "failed without a reason";
  std::string codes = status.code() != 0 ? StrCat("code ", status.code())
                                         : StrCat("error_code ", error_code);
  return Status(code, StrCat("milvus ", Where(rpc, object), ": ", reason, " (", codes, ")"));
}

}  // namespace f2m::milvus
