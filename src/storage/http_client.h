// A small HTTP/1.1 client over libcurl: the only place in faiss2milvus that speaks HTTP. One
// client owns one CURL handle, so consecutive requests reuse the connection; a client is used by
// one thread at a time (HttpClientPool hands clients to worker threads). Transport failures
// become Status here; HTTP statuses stay in the response and HttpStatusError maps them.
#ifndef F2M_STORAGE_HTTP_CLIENT_H_
#define F2M_STORAGE_HTTP_CLIENT_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace f2m {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  HttpRequest() = default;
  HttpRequest(std::string m, std::string u, HttpHeaders h = {}, std::string_view b = {})
      : method(std::move(m)), url(std::move(u)), headers(std::move(h)), body(b) {}
  std::string method = "GET";  // GET, HEAD, PUT, POST, DELETE
  std::string url;             // full URL, already percent-encoded
  HttpHeaders headers;
  std::string_view body;  // borrowed: must outlive Send(); sent for PUT/POST
};

struct HttpResponse {
  long status = 0;
  HttpHeaders headers;  // names lowercased, values trimmed
  std::string body;
  size_t sink_bytes = 0;  // bytes written to the caller's sink (see HttpClient::Send)
  // The first header named `name` (lowercase), or "" if absent.
  std::string Header(std::string_view name) const;
};

struct HttpOptions {
  long connect_timeout_ms = 10000;
  // A transfer slower than low_speed_bytes/s for low_speed_seconds is cut (DeadlineExceeded):
  // catches a stalled server without capping the length of a large transfer.
  long low_speed_bytes = 1024;
  long low_speed_seconds = 30;
  long total_timeout_ms = 0;  // 0: no overall cap per request
  bool verify_tls = true;
  // Keep the connection open for the next request (off only in fault tests, so that every
  // request opens a connection a fault proxy can act on).
  bool reuse_connections = true;
};

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends the request and reads the whole response. Any HTTP status is OK here; transport
  // failures are Unavailable (refused, reset, DNS) or DeadlineExceeded (timeouts), and their
  // message names the URL without its query string. If `sink` is set, a 2xx body is written
  // there (up to sink_cap bytes; more is an error) and response.body stays empty.
  StatusOr<HttpResponse> Send(const HttpRequest& request, char* sink = nullptr,
                              size_t sink_cap = 0);

 private:
  void* curl_;  // CURL*
  HttpOptions options_;
};

// A set of clients shared by threads; each lease returns its client (and its open connection).
class HttpClientPool {
 public:
  explicit HttpClientPool(HttpOptions options = {}) : options_(options) {}
  class Lease {
   public:
    Lease(HttpClientPool* pool, std::unique_ptr<HttpClient> c) : pool_(pool), c_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (c_) pool_->Return(std::move(c_));
    }
    HttpClient& operator*() { return *c_; }
    HttpClient* operator->() { return c_.get(); }

   private:
    HttpClientPool* pool_;
    std::unique_ptr<HttpClient> c_;
  };
  Lease Acquire();

 private:
  void Return(std::unique_ptr<HttpClient> c);
  HttpOptions options_;
  std::mutex mu_;
  std::vector<std::unique_ptr<HttpClient>> idle_;
};

// `url` without user info and without its query string (presigned and SAS URLs carry their
// signature there): safe for messages and logs.
std::string RedactUrl(std::string_view url);

// Maps a non-2xx HTTP status to a Status: 404 NotFound, 401 Unauthenticated, 403
// PermissionDenied, 408/429/5xx Unavailable (retryable), 409/412 FailedPrecondition, 400 and
// other 4xx InvalidArgument. The message is "<what>: HTTP <code> <detail>".
Status HttpStatusError(long status, std::string_view what, std::string_view detail);

}  // namespace f2m

#endif  // F2M_STORAGE_HTTP_CLIENT_H_
