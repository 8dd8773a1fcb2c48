// Remote object storage behind the FileSystem seam: one factory that turns the `source.remote`
// / `target.remote` configuration into a FileSystem whose paths are object keys in one bucket.
// aws = AWS S3, MinIO and any S3-compatible service; gcp = Google Cloud Storage through its
// S3-compatible XML API with HMAC keys; azure = Azure Blob (Shared Key or SAS; the bucket is the
// container, ak/sk the account name and key; see azure_file_system.h).
#ifndef F2M_STORAGE_REMOTE_H_
#define F2M_STORAGE_REMOTE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "storage/file_system.h"
#include "storage/retry_policy.h"

namespace f2m {

struct RemoteStorageConfig {
  // "aws" (also MinIO / S3-compatible), "gcp", or "azure". Config key: <side>.remote.cloud.
  std::string cloud = "aws";
  // host[:port], optionally with "http://" or "https://" (which then wins over use_ssl).
  // Empty: the cloud's own service (s3.<region>.amazonaws.com, storage.googleapis.com).
  // A custom endpoint (MinIO) is addressed path-style (host/bucket/key); AWS's own endpoints
  // virtual-host style (bucket.host/key), except for bucket names with dots under TLS.
  std::string endpoint;
  std::string region;  // empty: us-east-1 (aws), auto (gcp)
  std::string bucket;  // required
  // Keys from the configuration (ak/sk). Both empty: the AWS credential chain
  // (AWS_ACCESS_KEY_ID..., ~/.aws/credentials, see aws_credentials.h).
  std::string access_key;
  std::string secret_key;
  // useIAM: ignore access_key/secret_key and use the credential chain only.
  bool use_iam = false;
  bool use_ssl = true;  // https unless the endpoint names its scheme
  // dumper.worker.writer.bufferSize: multipart part size, >= 5 MiB (S3's minimum part).
  uint64_t part_size = 16ull << 20;
  // dumper.worker.reader.bufferSize: bytes fetched per ranged GET for small reads.
  uint64_t read_ahead = 8ull << 20;
  // dumper.worker.limit (or its own key): parts uploaded concurrently by one writer, 1..64.
  int max_parts_in_flight = 4;
  // Every call's retries: backoff and overall deadline (see retry_policy.h).
  RetryOptions retry;
  // Sign the SHA-256 of every uploaded body. Unset: signed over http (the only integrity check
  // there), UNSIGNED-PAYLOAD over https (TLS protects the bytes; saves hashing on both ends).
  std::optional<bool> sign_payload;
  // Verify the server's TLS certificate (turn off only for self-signed test servers).
  bool verify_tls = true;
};

// Validates `config` and builds the FileSystem. InvalidArgument names the bad setting
// ("target.remote.bucket is empty" style messages use the field names above); credential
// problems are Unauthenticated/Unimplemented with what was tried. Makes no network call: use
// FileSystem::CheckWritable to prove the bucket exists and is writable.
StatusOr<std::unique_ptr<FileSystem>> NewRemoteFileSystem(const RemoteStorageConfig& config);

}  // namespace f2m

#endif  // F2M_STORAGE_REMOTE_H_
