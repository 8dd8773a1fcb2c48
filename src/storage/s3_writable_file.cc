// The S3 side of a parted upload (see object_files.h): one PUT below the part size, otherwise
// CreateMultipartUpload, UploadPart per part, CompleteMultipartUpload; AbortMultipartUpload when
// the writer fails or is dropped. Retried starts and completes are made safe here.
#include "base/log.h"
#include "storage/object_files.h"
#include "storage/s3_file_system.h"
#include "storage/s3_xml.h"

namespace f2m {
namespace {

class S3PartSink : public PartSink {
 public:
  S3PartSink(std::shared_ptr<S3Client> client, std::string key)
      : client_(std::move(client)), key_(std::move(key)) {}

  Status PutWhole(std::string_view data) override {
    S3Call put("PUT", key_);
    put.body = data;
    return client_->Call("write", put, Idempotent::kYes).status();
  }

  Status Start() override {
    S3Call init("POST", key_, {{"uploads", ""}});
    auto r = client_->Call("start upload", init, Idempotent::kYes);
    // A retried start may have created uploads whose answers were lost: find them at the end.
    strays_possible_ = init.attempts > 1;
    if (!r.ok()) {
      AbortStrays();
      return r.status();
    }
    upload_id_ = XmlFirst(r->body, "UploadId");
    if (upload_id_.empty()) {
      return absl::InternalError(
          StrCat("start upload ", client_->ObjectName(key_), ": no UploadId in the answer"));
    }
    return absl::OkStatus();
  }

  StatusOr<std::string> PutPart(int number, std::string_view data) override {
    S3Call call("PUT", key_, {{"partNumber", std::to_string(number)}, {"uploadId", upload_id_}});
    call.body = data;
    F2M_ASSIGN_OR_RETURN(HttpResponse r,
                         client_->Call(StrCat("write part ", number), call, Idempotent::kYes));
    return r.Header("etag");
  }

  Status Finish(const std::vector<std::string>& etags, uint64_t total) override {
    std::string xml = "<CompleteMultipartUpload>";
    for (size_t i = 0; i < etags.size(); ++i) {
      xml += StrCat("<Part><PartNumber>", i + 1, "</PartNumber><ETag>", XmlEscape(etags[i]),
                    "</ETag></Part>");
    }
    xml += "</CompleteMultipartUpload>";
    S3Call call("POST", key_, {{"uploadId", upload_id_}});
    call.body = xml;
    call.headers = {{"content-type", "application/xml"}};
    Status s = client_->Call("finish upload", call, Idempotent::kYes).status();
    if (absl::IsNotFound(s) && call.attempts > 1) {
      // A retried Complete whose first attempt succeeded finds no upload: the object is there.
      auto head = client_->Call("finish upload", S3Call("HEAD", key_), Idempotent::kYes);
      if (head.ok() && head->Header("content-length") == std::to_string(total)) {
        s = absl::OkStatus();
      }
    }
    AbortStrays();
    return s;
  }

  Status Abort() override {
    S3Call call("DELETE", key_, {{"uploadId", upload_id_}});
    Status s = client_->Call("abort upload", call, Idempotent::kYes).status();
    AbortStrays();
    return absl::IsNotFound(s) ? absl::OkStatus() : s;
  }

 private:
  // Aborts the uploads of this key other than ours that a retried start may have created (keys
  // are written by one writer at a time, so another pending upload of the key is a stray).
  void AbortStrays() {
    if (!strays_possible_) return;
    strays_possible_ = false;
    S3Call list("GET", "", {{"uploads", ""}, {"prefix", key_}, {"encoding-type", "url"}});
    auto r = client_->Call("list uploads", list, Idempotent::kYes);
    if (!r.ok()) {
      F2M_LOG_WARN("{}", std::string(r.status().message()));
      return;
    }
    for (const std::string& upload : XmlAll(r->body, "Upload")) {
      std::string id = XmlFirst(upload, "UploadId");
      if (UrlDecode(XmlFirst(upload, "Key")) != key_ || id == upload_id_) continue;
      S3Call abort("DELETE", key_, {{"uploadId", id}});
      Status s = client_->Call("abort stray upload", abort, Idempotent::kYes).status();
      if (!s.ok() && !absl::IsNotFound(s)) F2M_LOG_WARN("{}", std::string(s.message()));
    }
  }

  std::shared_ptr<S3Client> client_;
  std::string key_;
  std::string upload_id_;
  bool strays_possible_ = false;
};

}  // namespace

std::unique_ptr<WritableFile> NewS3WritableFile(std::shared_ptr<S3Client> client, std::string key) {
  PartedWriterOptions o;
  o.part_size = client->options().part_size;
  o.max_in_flight = client->options().max_parts_in_flight;
  std::string name = client->ObjectName(key);
  return NewPartedWriter(std::move(name),
                         std::make_unique<S3PartSink>(std::move(client), std::move(key)), o);
}

}  // namespace f2m
