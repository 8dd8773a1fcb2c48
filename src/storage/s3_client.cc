#include "storage/s3_client.h"

#include <ctime>

#include "storage/s3_xml.h"

namespace f2m {
namespace {

constexpr char kEmptySha256[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

}  // namespace

S3Client::S3Client(S3Options options)
    : options_(std::move(options)), pool_(options_.http), retry_(options_.retry) {}

std::string S3Client::ObjectName(std::string_view key) const {
  return StrCat("s3://", options_.bucket, "/", key);
}

std::string S3Client::Host() const {
  return options_.virtual_host ? StrCat(options_.bucket, ".", options_.host) : options_.host;
}

std::string S3Client::Path(std::string_view key) const {
  if (options_.virtual_host) return StrCat("/", UriEncode(key, false));
  if (key.empty()) return StrCat("/", options_.bucket);
  return StrCat("/", options_.bucket, "/", UriEncode(key, false));
}

std::string S3Client::Url(const S3Call& call) const {
  std::string query = CanonicalQuery(call.query);
  return StrCat(options_.scheme, "://", Host(), Path(call.key), query.empty() ? "" : "?", query);
}

StatusOr<HttpResponse> S3Client::Attempt(std::string_view op, const S3Call& call) {
  ++call.attempts;
  SigV4Request sr;
  sr.method = call.method;
  sr.path = Path(call.key);
  sr.query = call.query;
  sr.headers = call.headers;
  sr.headers.emplace_back("host", Host());
  sr.payload_hash = call.body.empty()       ? kEmptySha256
                    : options_.sign_payload ? Sha256Hex(call.body)
                                            : "UNSIGNED-PAYLOAD";
  sr.headers.emplace_back("x-amz-content-sha256", sr.payload_hash);
  std::string auth =
      SignV4(sr, options_.credentials, options_.region, "s3", AmzDate(std::time(nullptr)));
  HttpRequest req;
  req.method = call.method;
  req.url = Url(call);
  req.headers = std::move(sr.headers);
  req.headers.emplace_back("authorization", std::move(auth));
  req.body = call.body;
  auto lease = pool_.Acquire();
  auto resp = lease->Send(req, call.sink, call.sink_cap);
  if (!resp.ok()) return Annotate(resp.status(), StrCat(op, " ", ObjectName(call.key)));
  if (resp->status < 200 || resp->status >= 300) {
    return S3ErrorStatus(op, ObjectName(call.key), options_.bucket, *resp);
  }
  // CompleteMultipartUpload may answer 200 and put an error in the body.
  if (call.method == "POST" && resp->body.find("<Error>") != std::string::npos) {
    resp->status = 500;
    return S3ErrorStatus(op, ObjectName(call.key), options_.bucket, *resp);
  }
  return resp;
}

StatusOr<HttpResponse> S3Client::Call(std::string_view op, const S3Call& call,
                                      Idempotent idempotent) {
  StatusOr<HttpResponse> result;
  Status s = retry_.Run(StrCat(op, " ", ObjectName(call.key)), idempotent, [&] {
    result = Attempt(op, call);
    return result.status();
  });
  if (!s.ok()) return s;
  return result;
}

Status S3ErrorStatus(std::string_view op, std::string_view object, std::string_view bucket,
                     const HttpResponse& response) {
  std::string code = XmlFirst(response.body, "Code");
  std::string message = XmlFirst(response.body, "Message");
  if (code.empty()) code = response.Header("x-minio-error-code");
  if (message.empty()) message = response.Header("x-minio-error-desc");
  if (message.size() > 2 && message.front() == '"' && message.back() == '"') {
    message = message.substr(1, message.size() - 2);
  }
  std::string detail = code.empty() ? message : StrCat(code, ": ", message);
  std::string what = StrCat(op, " ", object);
  long status = response.status;
  if (code == "NoSuchBucket") {
    return absl::NotFoundError(StrCat(what, ": bucket ", bucket, " does not exist"));
  }
  if (code == "NoSuchKey" || (status == 404 && code.empty())) {
    return absl::NotFoundError(StrCat(what, ": no such object"));
  }
  if (status == 403 || code == "InvalidAccessKeyId" || code == "SignatureDoesNotMatch") {
    return absl::PermissionDeniedError(StrCat(what, ": access denied to bucket ", bucket,
                                              detail.empty() ? "" : " (", detail,
                                              detail.empty() ? "" : ")"));
  }
  std::string region = response.Header("x-amz-bucket-region");
  if (code == "PermanentRedirect" || code == "AuthorizationHeaderMalformed" ||
      (status == 301 && !region.empty())) {
    return absl::InvalidArgumentError(StrCat(what, ": bucket ", bucket, " is in another region",
                                             region.empty() ? "" : StrCat(" (", region, ")"),
                                             "; set the region (", detail, ")"));
  }
  if (code == "ExpiredToken" || code == "InvalidToken") {
    return absl::UnauthenticatedError(StrCat(what, ": ", detail));
  }
  Status mapped = HttpStatusError(status, what, detail.empty() ? "" : StrCat("(", detail, ")"));
  if (code == "RequestTimeout" || code == "SlowDown" || code == "InternalError") {
    return absl::UnavailableError(mapped.message());  // S3 says: retry these
  }
  return mapped;
}

}  // namespace f2m
