// The Azure Blob request layer: Shared Key signing (or a SAS token), path-style URLs for
// emulators and custom endpoints (host/account/container/blob) and account-host URLs for Azure
// (account.blob.core.windows.net/container/blob), the one RetryPolicy, and Azure error answers
// turned into Status naming the container and blob. Thread-safe.
#ifndef F2M_STORAGE_AZURE_CLIENT_H_
#define F2M_STORAGE_AZURE_CLIENT_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "storage/http_client.h"
#include "storage/retry_policy.h"

namespace f2m {

struct AzureOptions {
  std::string scheme = "https";
  std::string host;         // "127.0.0.1:10000" or "acct.blob.core.windows.net"
  bool path_style = false;  // account name as the first path segment (Azurite, custom hosts)
  std::string account;
  std::string key;  // base64 account key (Shared Key); empty when sas is set
  std::string sas;  // SAS token without '?', appended to every URL (never logged)
  std::string container;
  uint64_t part_size = 16ull << 20;  // block size
  uint64_t read_ahead = 8ull << 20;
  int max_parts_in_flight = 4;
  RetryOptions retry;
  HttpOptions http;
};

struct AzureCall {
  AzureCall(std::string m, std::string b, std::vector<std::pair<std::string, std::string>> q = {})
      : method(std::move(m)), blob(std::move(b)), query(std::move(q)) {}
  std::string method;
  std::string blob;                                        // "" for container-level calls
  std::vector<std::pair<std::string, std::string>> query;  // raw values
  HttpHeaders headers;
  std::string_view body;
  char* sink = nullptr;
  size_t sink_cap = 0;
  mutable int attempts = 0;
};

class AzureClient {
 public:
  explicit AzureClient(AzureOptions options);
  // Sends `call` with retries (when idempotent). Returns the 2xx response or an error reading
  // "<op> azure://container/blob: <cause>".
  StatusOr<HttpResponse> Call(std::string_view op, const AzureCall& call, Idempotent idempotent);
  std::string ObjectName(std::string_view blob) const;
  // The request path as sent, percent-encoded ("/acct/container/blob" path-style).
  std::string Path(std::string_view blob) const;
  const AzureOptions& options() const { return options_; }

 private:
  StatusOr<HttpResponse> Attempt(std::string_view op, const AzureCall& call);
  AzureOptions options_;
  std::string key_bytes_;  // decoded account key
  HttpClientPool pool_;
  RetryPolicy retry_;
};

// Shared Key's string to sign for a request whose headers are final (names any case).
// `path` is the encoded request path; the canonical resource is "/" + account + path, so a
// path-style path names the account twice. Exposed for tests.
std::string SharedKeyStringToSign(std::string_view method, const HttpHeaders& headers,
                                  std::string_view account, std::string_view path,
                                  const std::vector<std::pair<std::string, std::string>>& query);
// "SharedKey account:base64(HMAC-SHA256(key, string_to_sign))".
std::string SharedKeyAuthorization(std::string_view account, std::string_view key_bytes,
                                   std::string_view string_to_sign);
std::string Base64Encode(std::string_view bytes);
StatusOr<std::string> Base64Decode(std::string_view text);
// The Status for a non-2xx Azure answer (code from the XML body or x-ms-error-code).
Status AzureErrorStatus(std::string_view op, std::string_view object, std::string_view container,
                        const HttpResponse& response);

}  // namespace f2m

#endif  // F2M_STORAGE_AZURE_CLIENT_H_
