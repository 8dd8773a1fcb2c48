// FileSystem over one S3 bucket (AWS, MinIO, any S3-compatible service, GCS's XML API with HMAC
// keys). Paths are object keys ("out/coll/part-00000/id.npy"; a leading '/' is ignored).
// Reads: HEAD for the size and ETag, then ranged GETs with read-ahead, pinned to that ETag so an
// object replaced mid-read fails instead of mixing versions. Writes: one PUT below the part
// size, else a streaming multipart upload with a bounded number of parts in flight; a writer
// that fails or is dropped without Close() aborts its upload, so nothing partial is left.
// The FileSystem and its files share the S3Client: files may outlive the FileSystem.
#ifndef F2M_STORAGE_S3_FILE_SYSTEM_H_
#define F2M_STORAGE_S3_FILE_SYSTEM_H_

#include <memory>
#include <string>

#include "storage/aws_credentials.h"
#include "storage/file_system.h"
#include "storage/remote.h"
#include "storage/s3_client.h"

namespace f2m {

// REQUIRES: options validated (part size >= 5 MiB, bucket and host set): NewRemoteFileSystem
// does that.
std::unique_ptr<FileSystem> NewS3FileSystem(S3Options options);

// The S3Options that NewRemoteFileSystem builds from `config` (cloud aws or gcp); exposed for
// tests of URL style, scheme and credential resolution.
StatusOr<S3Options> S3OptionsFromConfig(const RemoteStorageConfig& config, const EnvLookup& env);

// The multipart/single-PUT writer behind S3FileSystem::OpenForWrite (s3_writable_file.cc).
std::unique_ptr<WritableFile> NewS3WritableFile(std::shared_ptr<S3Client> client, std::string key);

}  // namespace f2m

#endif  // F2M_STORAGE_S3_FILE_SYSTEM_H_
