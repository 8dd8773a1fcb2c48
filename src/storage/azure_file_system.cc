#include "storage/azure_file_system.h"

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "storage/object_files.h"
#include "storage/s3_xml.h"

namespace f2m {
namespace {

std::string BlobOf(const std::string& path) {
  size_t i = path.find_first_not_of('/');
  return i == std::string::npos ? "" : path.substr(i);
}

// Block ids: base64 of a fixed-width name, so every id of a blob has the same length.
std::string BlockId(int number) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "f2m-block-%06d", number);
  return Base64Encode(buf);
}

class AzureBlockSink : public PartSink {
 public:
  AzureBlockSink(std::shared_ptr<AzureClient> client, std::string blob)
      : client_(std::move(client)), blob_(std::move(blob)) {}
  Status PutWhole(std::string_view data) override {
    AzureCall put("PUT", blob_);
    put.headers = {{"x-ms-blob-type", "BlockBlob"}};
    put.body = data;
    return client_->Call("write", put, Idempotent::kYes).status();
  }
  Status Start() override { return absl::OkStatus(); }
  StatusOr<std::string> PutPart(int number, std::string_view data) override {
    std::string id = BlockId(number);
    AzureCall put("PUT", blob_, {{"comp", "block"}, {"blockid", id}});
    put.body = data;
    F2M_RETURN_IF_ERROR(
        client_->Call(StrCat("write block ", number), put, Idempotent::kYes).status());
    return id;
  }
  Status Finish(const std::vector<std::string>& ids, uint64_t) override {
    std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>";
    for (const auto& id : ids) xml += StrCat("<Latest>", id, "</Latest>");
    xml += "</BlockList>";
    AzureCall put("PUT", blob_, {{"comp", "blocklist"}});
    put.headers = {{"content-type", "application/xml"}};
    put.body = xml;
    return client_->Call("finish upload", put, Idempotent::kYes).status();
  }
  Status Abort() override { return absl::OkStatus(); }  // uncommitted blocks expire unseen

 private:
  std::shared_ptr<AzureClient> client_;
  std::string blob_;
};

Status GetRange(AzureClient& client, const std::string& blob, const std::string& etag, uint64_t at,
                size_t len, char* dst) {
  AzureCall get("GET", blob);
  get.headers = {{"x-ms-range", StrCat("bytes=", at, "-", at + len - 1)}};
  if (!etag.empty()) get.headers.emplace_back("if-match", etag);
  get.sink = dst;
  get.sink_cap = len;
  F2M_ASSIGN_OR_RETURN(HttpResponse r, client.Call("read", get, Idempotent::kYes));
  if (r.sink_bytes != len) {
    return absl::DataLossError(StrCat("read ", client.ObjectName(blob), ": asked for ", len,
                                      " bytes at ", at, ", got ", r.sink_bytes));
  }
  return absl::OkStatus();
}

class AzureFileSystem : public FileSystem {
 public:
  explicit AzureFileSystem(AzureOptions o) : client_(std::make_shared<AzureClient>(std::move(o))) {}

  StatusOr<std::unique_ptr<RandomAccessFile>> OpenForRead(const std::string& path) override {
    std::string blob = BlobOf(path);
    F2M_ASSIGN_OR_RETURN(HttpResponse r, Head("open", blob));
    uint64_t size = std::strtoull(r.Header("content-length").c_str(), nullptr, 10);
    return NewReadAheadFile(
        client_->ObjectName(blob), size, client_->options().read_ahead,
        [client = client_, blob, etag = r.Header("etag")](uint64_t at, size_t len, char* dst) {
          return GetRange(*client, blob, etag, at, len, dst);
        });
  }

  StatusOr<std::unique_ptr<WritableFile>> OpenForWrite(const std::string& path) override {
    std::string blob = BlobOf(path);
    if (blob.empty() || blob.back() == '/') {
      return absl::InvalidArgumentError(
          StrCat("open for write ", client_->ObjectName(blob), ": not a blob name"));
    }
    PartedWriterOptions o;
    o.part_size = client_->options().part_size;
    o.max_in_flight = client_->options().max_parts_in_flight;
    o.max_parts = 50000;  // Azure's block limit
    return NewPartedWriter(client_->ObjectName(blob),
                           std::make_unique<AzureBlockSink>(client_, blob), o);
  }

  StatusOr<FileInfo> Stat(const std::string& path) override {
    F2M_ASSIGN_OR_RETURN(HttpResponse r, Head("stat", BlobOf(path)));
    FileInfo info;
    info.size = std::strtoull(r.Header("content-length").c_str(), nullptr, 10);
    std::string modified = r.Header("last-modified");
    time_t t = modified.empty() ? -1 : curl_getdate(modified.c_str(), nullptr);
    if (t > 0) info.mtime_ns = static_cast<int64_t>(t) * 1000000000;
    return info;
  }

  Status Delete(const std::string& path) override {
    Status s =
        client_->Call("delete", AzureCall("DELETE", BlobOf(path)), Idempotent::kYes).status();
    return absl::IsNotFound(s) && s.message().find("no such blob") != std::string_view::npos
               ? absl::OkStatus()
               : s;
  }

  StatusOr<std::vector<std::string>> List(const std::string& prefix) override {
    std::vector<std::string> names;
    std::string marker;
    do {
      AzureCall list("GET", "",
                     {{"restype", "container"}, {"comp", "list"}, {"prefix", BlobOf(prefix)}});
      if (!marker.empty()) list.query.emplace_back("marker", marker);
      F2M_ASSIGN_OR_RETURN(HttpResponse r, client_->Call("list", list, Idempotent::kYes));
      for (std::string& n : XmlAll(r.body, "Name")) names.push_back(std::move(n));
      marker = XmlFirst(r.body, "NextMarker");
    } while (!marker.empty());
    std::sort(names.begin(), names.end());
    return names;
  }

  Status CheckWritable(const std::string& dir) override {
    std::string blob =
        Join(BlobOf(dir), StrCat(".f2m-write-probe-", ::getpid(), "-", std::random_device{}()));
    AzureCall put("PUT", blob);
    put.headers = {{"x-ms-blob-type", "BlockBlob"}};
    put.body = "faiss2milvus write probe\n";
    Status s = client_->Call("write", put, Idempotent::kYes).status();
    if (s.ok()) s = client_->Call("delete", AzureCall("DELETE", blob), Idempotent::kYes).status();
    if (s.ok()) return s;
    std::string_view cause(s.message().data(), s.message().size());
    cause.remove_prefix(std::min(cause.size(), cause.find(": ") + 2));
    return Status(s.code(), StrCat("check container ", client_->options().container, " (", dir,
                                   "): ", cause));
  }

 private:
  StatusOr<HttpResponse> Head(std::string_view op, const std::string& blob) {
    if (blob.empty()) {
      return absl::InvalidArgumentError(StrCat(op, " ", client_->ObjectName(blob), ": empty name"));
    }
    return client_->Call(op, AzureCall("HEAD", blob), Idempotent::kYes);
  }

  std::shared_ptr<AzureClient> client_;
};

}  // namespace

std::unique_ptr<FileSystem> NewAzureFileSystem(AzureOptions options) {
  return std::make_unique<AzureFileSystem>(std::move(options));
}

}  // namespace f2m
