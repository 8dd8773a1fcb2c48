// The S3 request layer shared by S3FileSystem and its files: builds path-style or virtual-host
// URLs, signs each attempt with SigV4, sends through a pool of HTTP clients (one connection
// each) under the one RetryPolicy, and turns S3 error answers into Status with the bucket and
// key named ("write s3://a-bucket/x: access denied (InvalidAccessKeyId: ...)"). Thread-safe.
#ifndef F2M_STORAGE_S3_CLIENT_H_
#define F2M_STORAGE_S3_CLIENT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "storage/http_client.h"
#include "storage/retry_policy.h"
#include "storage/sigv4.h"

namespace f2m {

struct S3Options {
  std::string scheme = "https";  // "http" or "https"
  std::string host;              // "127.0.0.1:9000", "s3.us-west-2.amazonaws.com"
  std::string bucket;
  std::string region = "us-east-1";
  bool virtual_host = false;  // bucket.host/key (AWS) instead of host/bucket/key (MinIO, custom)
  AwsCredentials credentials;
  uint64_t part_size = 16ull << 20;  // multipart part size, >= 5 MiB
  uint64_t read_ahead = 8ull << 20;  // bytes fetched per ranged GET for small reads
  int max_parts_in_flight = 4;       // parts uploaded concurrently per writer
  // Sign each body's SHA-256 (the server verifies it). Off: "UNSIGNED-PAYLOAD", for https,
  // where TLS already protects the bytes and hashing costs CPU on both ends.
  bool sign_payload = true;
  RetryOptions retry;
  HttpOptions http;
};

// One S3 operation. `key` is the object key ("" for bucket-level calls); query values are raw.
struct S3Call {
  S3Call(std::string m, std::string k, std::vector<std::pair<std::string, std::string>> q = {})
      : method(std::move(m)), key(std::move(k)), query(std::move(q)) {}
  std::string method;
  std::string key;
  std::vector<std::pair<std::string, std::string>> query;
  HttpHeaders headers;
  std::string_view body;
  char* sink = nullptr;  // optional destination of a 2xx body (see HttpClient::Send)
  size_t sink_cap = 0;
  mutable int attempts = 0;  // set by S3Client::Call: how many times the request was sent
};

class S3Client {
 public:
  explicit S3Client(S3Options options);

  // Sends `call` (retried when `idempotent` and the error is retryable). Returns the 2xx
  // response, or an error whose message reads "<op> s3://bucket/key: <cause>".
  StatusOr<HttpResponse> Call(std::string_view op, const S3Call& call, Idempotent idempotent);

  // The URL of `call` (query included); never contains credentials.
  std::string Url(const S3Call& call) const;
  // "s3://bucket/key", for messages.
  std::string ObjectName(std::string_view key) const;
  const S3Options& options() const { return options_; }

 private:
  std::string Host() const;
  std::string Path(std::string_view key) const;
  StatusOr<HttpResponse> Attempt(std::string_view op, const S3Call& call);
  S3Options options_;
  HttpClientPool pool_;
  RetryPolicy retry_;
};

// The Status for a non-2xx S3 answer: code by HTTP status, message by S3 error code (from the
// XML body, or MinIO's x-minio-error-code header for HEAD). Exposed for tests.
Status S3ErrorStatus(std::string_view op, std::string_view object, std::string_view bucket,
                     const HttpResponse& response);

}  // namespace f2m

#endif  // F2M_STORAGE_S3_CLIENT_H_
