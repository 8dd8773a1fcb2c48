#include "storage/s3_file_system.h"

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <random>

#include "storage/object_files.h"
#include "storage/s3_xml.h"

namespace f2m {
namespace {

std::string KeyOf(const std::string& path) {
  size_t i = path.find_first_not_of('/');
  return i == std::string::npos ? "" : path.substr(i);
}

// Fetches [at, at+len) of `key`, pinned to `etag` so an object replaced mid-read fails
// (FailedPrecondition) instead of mixing versions.
Status GetRange(S3Client& client, const std::string& key, const std::string& etag, uint64_t at,
                size_t len, char* dst) {
  S3Call call("GET", key);
  call.headers = {{"range", StrCat("bytes=", at, "-", at + len - 1)}};
  if (!etag.empty()) call.headers.emplace_back("if-match", etag);
  call.sink = dst;
  call.sink_cap = len;
  F2M_ASSIGN_OR_RETURN(HttpResponse r, client.Call("read", call, Idempotent::kYes));
  if (r.sink_bytes != len) {
    return absl::DataLossError(StrCat("read ", client.ObjectName(key), ": asked for ", len,
                                      " bytes at ", at, ", got ", r.sink_bytes));
  }
  return absl::OkStatus();
}

class S3FileSystem : public FileSystem {
 public:
  explicit S3FileSystem(S3Options options)
      : client_(std::make_shared<S3Client>(std::move(options))) {}

  StatusOr<std::unique_ptr<RandomAccessFile>> OpenForRead(const std::string& path) override {
    std::string key = KeyOf(path);
    F2M_ASSIGN_OR_RETURN(HttpResponse r, Head("open", key));
    uint64_t size = std::strtoull(r.Header("content-length").c_str(), nullptr, 10);
    return NewReadAheadFile(
        client_->ObjectName(key), size, client_->options().read_ahead,
        [client = client_, key, etag = r.Header("etag")](uint64_t at, size_t len, char* dst) {
          return GetRange(*client, key, etag, at, len, dst);
        });
  }

  StatusOr<std::unique_ptr<WritableFile>> OpenForWrite(const std::string& path) override {
    std::string key = KeyOf(path);
    if (key.empty() || key.back() == '/') {
      return absl::InvalidArgumentError(
          StrCat("open for write ", client_->ObjectName(key), ": not an object key"));
    }
    return NewS3WritableFile(client_, key);
  }

  StatusOr<FileInfo> Stat(const std::string& path) override {
    F2M_ASSIGN_OR_RETURN(HttpResponse r, Head("stat", KeyOf(path)));
    FileInfo info;
    info.size = std::strtoull(r.Header("content-length").c_str(), nullptr, 10);
    std::string modified = r.Header("last-modified");
    time_t t = modified.empty() ? -1 : curl_getdate(modified.c_str(), nullptr);
    if (t > 0) info.mtime_ns = static_cast<int64_t>(t) * 1000000000;
    return info;
  }

  Status Delete(const std::string& path) override {
    S3Call call{"DELETE", KeyOf(path)};
    Status s = client_->Call("delete", call, Idempotent::kYes).status();
    // S3 answers 204 for a missing key; some compatible services say NoSuchKey. A missing
    // bucket stays an error.
    return absl::IsNotFound(s) && s.message().find("no such object") != std::string_view::npos
               ? absl::OkStatus()
               : s;
  }

  StatusOr<std::vector<std::string>> List(const std::string& prefix) override {
    std::vector<std::string> keys;
    std::string token;
    do {
      S3Call call{"GET", ""};
      call.query = {{"list-type", "2"}, {"prefix", KeyOf(prefix)}, {"encoding-type", "url"}};
      if (!token.empty()) call.query.emplace_back("continuation-token", token);
      F2M_ASSIGN_OR_RETURN(HttpResponse r, client_->Call("list", call, Idempotent::kYes));
      for (const std::string& k : XmlAll(r.body, "Key")) keys.push_back(UrlDecode(k));
      token = XmlFirst(r.body, "IsTruncated") == "true" ? XmlFirst(r.body, "NextContinuationToken")
                                                        : "";
    } while (!token.empty());
    std::sort(keys.begin(), keys.end());
    return keys;
  }

  // Puts and deletes a small probe object under `dir`. Errors read "check bucket <bucket>:
  // <cause>" (bucket X does not exist / access denied to bucket X (S3 code: message)).
  Status CheckWritable(const std::string& dir) override {
    std::string key =
        Join(KeyOf(dir), StrCat(".f2m-write-probe-", ::getpid(), "-", std::random_device{}()));
    S3Call put("PUT", key);
    put.body = "faiss2milvus write probe\n";
    Status s = client_->Call("write", put, Idempotent::kYes).status();
    if (s.ok()) s = client_->Call("delete", S3Call("DELETE", key), Idempotent::kYes).status();
    if (s.ok()) return s;
    std::string_view cause(s.message().data(), s.message().size());
    cause.remove_prefix(std::min(cause.size(), cause.find(": ") + 2));  // drop "<op> <probe>: "
    return Status(s.code(),
                  StrCat("check bucket ", client_->options().bucket, " (", dir, "): ", cause));
  }

 private:
  StatusOr<HttpResponse> Head(std::string_view op, const std::string& key) {
    if (key.empty()) {
      return absl::InvalidArgumentError(StrCat(op, " ", client_->ObjectName(key), ": empty key"));
    }
    return client_->Call(op, S3Call("HEAD", key), Idempotent::kYes);
  }

  std::shared_ptr<S3Client> client_;
};

}  // namespace

std::unique_ptr<FileSystem> NewS3FileSystem(S3Options options) {
  return std::make_unique<S3FileSystem>(std::move(options));
}

}  // namespace f2m
