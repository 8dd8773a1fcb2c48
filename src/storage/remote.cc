#include "storage/remote.h"

#include "storage/aws_credentials.h"
#include "storage/azure_file_system.h"
#include "storage/s3_file_system.h"

namespace f2m {

StatusOr<S3Options> S3OptionsFromConfig(const RemoteStorageConfig& c, const EnvLookup& env) {
  if (c.cloud != "aws" && c.cloud != "gcp") {
    return absl::InvalidArgumentError(
        StrCat("remote storage: unknown cloud \"", c.cloud, "\" (expected aws, gcp or azure)"));
  }
  if (c.bucket.empty()) return absl::InvalidArgumentError("remote storage: bucket is empty");
  S3Options o;
  o.bucket = c.bucket;
  o.scheme = c.use_ssl ? "https" : "http";
  std::string host = c.endpoint;
  for (std::string scheme : {"http", "https"}) {
    std::string prefix = scheme + "://";
    if (host.rfind(prefix, 0) == 0) {
      o.scheme = scheme;
      host = host.substr(prefix.size());
    }
  }
  while (!host.empty() && host.back() == '/') host.pop_back();
  if (host.find('/') != std::string::npos || host.find('@') != std::string::npos) {
    return absl::InvalidArgumentError(
        "remote storage: endpoint must be host[:port] (no path, no user)");
  }
  o.region = c.region;
  if (c.cloud == "aws") {
    if (o.region.empty()) o.region = "us-east-1";
    if (host.empty()) host = StrCat("s3.", o.region, ".amazonaws.com");
  } else {
    if (o.region.empty()) o.region = "auto";
    if (host.empty()) host = "storage.googleapis.com";
  }
  bool aws_host = host.size() > 14 && host.ends_with(".amazonaws.com");
  bool dotted = c.bucket.find('.') != std::string::npos;
  o.virtual_host = aws_host && !(dotted && o.scheme == "https");
  o.host = host;
  F2M_ASSIGN_OR_RETURN(o.credentials, ResolveAwsCredentials(c.use_iam ? "" : c.access_key,
                                                            c.use_iam ? "" : c.secret_key, env));
  o.part_size = c.part_size;
  o.read_ahead = c.read_ahead;
  o.max_parts_in_flight = c.max_parts_in_flight;
  o.retry = c.retry;
  o.sign_payload = c.sign_payload.value_or(o.scheme == "http");
  o.http.verify_tls = c.verify_tls;
  return o;
}

namespace {

// Checks shared by every cloud: sizes and concurrency.
Status ValidateCommon(const RemoteStorageConfig& c) {
  if (c.cloud != "aws" && c.cloud != "gcp" && c.cloud != "azure") {
    return absl::InvalidArgumentError(
        StrCat("remote storage: unknown cloud \"", c.cloud, "\" (expected aws, gcp or azure)"));
  }
  if (c.part_size < (5ull << 20) || c.part_size > (4000ull << 20)) {
    return absl::InvalidArgumentError(
        StrCat("remote storage: part size ", c.part_size, " bytes is outside 5 MiB..4000 MiB"));
  }
  if (c.read_ahead == 0 || c.read_ahead > (1ull << 30)) {
    return absl::InvalidArgumentError(
        StrCat("remote storage: read-ahead ", c.read_ahead, " bytes is outside 1..1 GiB"));
  }
  if (c.max_parts_in_flight < 1 || c.max_parts_in_flight > 64) {
    return absl::InvalidArgumentError(
        StrCat("remote storage: parts in flight ", c.max_parts_in_flight, " is outside 1..64"));
  }
  return absl::OkStatus();
}

}  // namespace

StatusOr<std::unique_ptr<FileSystem>> NewRemoteFileSystem(const RemoteStorageConfig& config) {
  F2M_RETURN_IF_ERROR(ValidateCommon(config));
  if (config.cloud == "azure") {
    F2M_ASSIGN_OR_RETURN(AzureOptions a, AzureOptionsFromConfig(config, ProcessEnv()));
    return NewAzureFileSystem(std::move(a));
  }
  F2M_ASSIGN_OR_RETURN(S3Options o, S3OptionsFromConfig(config, ProcessEnv()));
  return NewS3FileSystem(std::move(o));
}

}  // namespace f2m
