// AWS Signature Version 4 (header-based), as S3, MinIO and GCS's XML API (HMAC keys) check it.
// Pure functions over strings: no clock, no network, so the published AWS example vectors test
// it exactly. Callers add x-amz-content-sha256 for S3 before signing (other services omit it).
#ifndef F2M_STORAGE_SIGV4_H_
#define F2M_STORAGE_SIGV4_H_

#include <ctime>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/sha256.h"
#include "storage/http_client.h"

namespace f2m {

struct AwsCredentials {
  std::string access_key;
  std::string secret_key;
  std::string session_token;  // empty unless temporary credentials
};

// What is signed. `path` is the percent-encoded absolute path as sent ("/bucket/a%20b");
// `query` holds raw (not encoded) names and values; `headers` must include "host".
struct SigV4Request {
  std::string method;
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
  HttpHeaders headers;
  std::string payload_hash;  // hex SHA-256 of the body, or "UNSIGNED-PAYLOAD"
};

// RFC 3986 percent-encoding as SigV4 wants it: unreserved characters A-Z a-z 0-9 - _ . ~ stay,
// every other byte becomes %XX (uppercase); '/' stays when !encode_slash.
std::string UriEncode(std::string_view s, bool encode_slash);
// "YYYYMMDDTHHMMSSZ" for a UTC time.
std::string AmzDate(std::time_t t);
// "k=v&k2=v2" with encoded names and values sorted by name then value (also the URL query).
std::string CanonicalQuery(const std::vector<std::pair<std::string, std::string>>& query);

std::string CanonicalRequest(const SigV4Request& r, std::string* signed_headers);
std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request);

// Signs `r` at `amz_date`: adds x-amz-date (and x-amz-security-token when the credentials have
// one) to r.headers, then returns the Authorization header value.
std::string SignV4(SigV4Request& r, const AwsCredentials& creds, std::string_view region,
                   std::string_view service, std::string_view amz_date);

}  // namespace f2m

#endif  // F2M_STORAGE_SIGV4_H_
