// HttpClient against a scripted one-thread HTTP server on 127.0.0.1 (ephemeral port): request
// bytes on the wire, status/header/body parsing, the sink, connection reuse, and transport
// failures mapped to Status with URLs redacted.
#include "storage/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Serves `replies` in order; each reply answers one request. An empty reply closes the
// connection without answering (a reset mid-request).
class ScriptedServer {
 public:
  explicit ScriptedServer(std::vector<std::string> replies) : replies_(std::move(replies)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    ::listen(fd_, 8);
    socklen_t len = sizeof(addr);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~ScriptedServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::string Url(std::string_view path) const { return StrCat("http://127.0.0.1:", port_, path); }
  std::vector<std::string> requests;  // raw request bytes, in order
  std::atomic<int> accepts{0};

 private:
  void Serve() {
    size_t next = 0;
    while (next < replies_.size()) {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      ++accepts;
      std::string in;
      while (next < replies_.size()) {
        if (!ReadRequest(c, in)) break;
        const std::string& reply = replies_[next++];
        if (reply.empty()) break;
        ::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
      }
      ::close(c);
    }
  }
  bool ReadRequest(int c, std::string& in) {
    char buf[65536];
    size_t end;
    while ((end = in.find("\r\n\r\n")) == std::string::npos) {
      ssize_t r = ::recv(c, buf, sizeof(buf), 0);
      if (r <= 0) return false;
      in.append(buf, r);
    }
    size_t need = end + 4;
    size_t cl = in.find("Content-Length: ");
    if (cl != std::string::npos && cl < end) need += std::stoul(in.substr(cl + 16));
    while (in.size() < need) {
      ssize_t r = ::recv(c, buf, sizeof(buf), 0);
      if (r <= 0) return false;
      in.append(buf, r);
    }
    requests.push_back(in.substr(0, need));
    in.erase(0, need);
    return true;
  }
  std::vector<std::string> replies_;
  int fd_;
  int port_;
  std::thread thread_;
};

std::string Reply(std::string status, std::string body, std::string extra = "") {
  return StrCat("HTTP/1.1 ", status, "\r\nContent-Length: ", body.size(), "\r\n", extra, "\r\n",
                body);
}

TEST(HttpClientTest, PutSendsBodyAndHeadersAndParsesResponse) {
  ScriptedServer server({Reply("200 OK", "done", "ETag:  \"abc\"  \r\n")});
  HttpClient client;
  HttpRequest req{"PUT", server.Url("/b/k"), {{"x-amz-date", "20250101T000000Z"}}, "payload"};
  auto resp = client.Send(req);
  ASSERT_TRUE(resp.ok()) << resp.status();
  EXPECT_EQ(resp->status, 200);
  EXPECT_EQ(resp->body, "done");
  EXPECT_EQ(resp->Header("etag"), "\"abc\"");
  ASSERT_EQ(server.requests.size(), 1u);
  EXPECT_THAT(server.requests[0], HasSubstr("PUT /b/k HTTP/1.1\r\n"));
  EXPECT_THAT(server.requests[0], HasSubstr("x-amz-date: 20250101T000000Z\r\n"));
  EXPECT_THAT(server.requests[0], HasSubstr("Content-Length: 7\r\n"));
  EXPECT_THAT(server.requests[0], Not(HasSubstr("Expect:")));
  EXPECT_THAT(server.requests[0], HasSubstr("\r\n\r\npayload"));
}

TEST(HttpClientTest, ConsecutiveRequestsReuseOneConnection) {
  ScriptedServer server({Reply("200 OK", "a"), Reply("200 OK", "b"), Reply("204 No Content", "")});
  HttpClient client;
  EXPECT_EQ(client.Send({"GET", server.Url("/1")})->body, "a");
  EXPECT_EQ(client.Send({"POST", server.Url("/2"), {}, "x"})->body, "b");
  EXPECT_EQ(client.Send({"DELETE", server.Url("/3")})->status, 204);
  EXPECT_EQ(server.accepts.load(), 1);
  EXPECT_THAT(server.requests[1], HasSubstr("POST /2 HTTP/1.1"));
  EXPECT_THAT(server.requests[2], HasSubstr("DELETE /3 HTTP/1.1"));
}

TEST(HttpClientTest, SinkReceivesSuccessBodyErrorBodyStaysInResponse) {
  ScriptedServer server({Reply("206 Partial Content", "0123"), Reply("404 Not Found", "<Error/>")});
  HttpClient client;
  char buf[4];
  auto ok = client.Send({"GET", server.Url("/r")}, buf, sizeof(buf));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->sink_bytes, 4u);
  EXPECT_EQ(std::string(buf, 4), "0123");
  auto missing = client.Send({"GET", server.Url("/r")}, buf, sizeof(buf));
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->body, "<Error/>");
}

TEST(HttpClientTest, SinkOverflowIsDataLoss) {
  ScriptedServer server({Reply("200 OK", "0123456789")});
  HttpClient client;
  char buf[4];
  auto r = client.Send({"GET", server.Url("/r")}, buf, sizeof(buf));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
}

TEST(HttpClientTest, ResetIsUnavailableAndUrlLosesItsQuery) {
  ScriptedServer server({""});
  HttpClient client;
  auto r = client.Send({"GET", server.Url("/b/k?X-Amz-Signature=SECRET123")});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("/b/k"));
  EXPECT_THAT(std::string(r.status().message()), Not(HasSubstr("SECRET123")));
}

TEST(HttpClientTest, RefusedConnectionIsUnavailable) {
  int port;
  {
    ScriptedServer closed({});
    port = std::stoi(closed.Url("").substr(17));
  }
  HttpClient client;
  auto r = client.Send({"GET", StrCat("http://127.0.0.1:", port, "/x")});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("GET http://127.0.0.1:"));
}

TEST(HttpClientTest, StalledServerIsDeadlineExceeded) {
  ScriptedServer server({"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc", ""});
  HttpOptions options;
  options.total_timeout_ms = 300;
  HttpClient client(options);
  auto r = client.Send({"GET", server.Url("/slow")});
  EXPECT_TRUE(r.status().code() == absl::StatusCode::kDeadlineExceeded ||
              r.status().code() == absl::StatusCode::kUnavailable)
      << r.status();
}

TEST(RedactUrlTest, DropsQueryFragmentAndUserInfo) {
  EXPECT_EQ(RedactUrl("https://acct.blob.core.windows.net/c/b?sv=2021&sig=abc%3D"),
            "https://acct.blob.core.windows.net/c/b");
  EXPECT_EQ(RedactUrl("http://user:pass@127.0.0.1:9000/b/k#frag"), "http://127.0.0.1:9000/b/k");
  EXPECT_EQ(RedactUrl("http://127.0.0.1:9000/b/a@b"), "http://127.0.0.1:9000/b/a@b");
}

TEST(HttpStatusErrorTest, MapsCodesForTheCaller) {
  EXPECT_EQ(HttpStatusError(404, "read x", "").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(HttpStatusError(403, "read x", "").code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(HttpStatusError(401, "read x", "").code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(HttpStatusError(429, "read x", "").code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(HttpStatusError(503, "read x", "").code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(HttpStatusError(412, "read x", "").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(HttpStatusError(400, "read x", "").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(HttpStatusError(500, "write s3://b/k", "(InternalError: boom)").message(),
            "write s3://b/k: HTTP 500 (InternalError: boom)");
}

}  // namespace
}  // namespace f2m
