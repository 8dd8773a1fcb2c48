#include "migrate/storage_setup.h"

#include <algorithm>

namespace f2m {

RemoteStorageConfig ToRemoteStorageConfig(const RemoteConfig& remote, const Config& config) {
  RemoteStorageConfig r;
  r.cloud = remote.cloud;
  r.endpoint = remote.endpoint;
  r.region = remote.region;
  r.bucket = remote.bucket;
  r.access_key = remote.ak;
  r.secret_key = remote.sk;
  r.use_iam = remote.use_iam;
  r.use_ssl = remote.use_ssl;
  constexpr uint64_t kMinPart = 5ull << 20;
  uint64_t writer = static_cast<uint64_t>(std::max<int64_t>(config.dumper.writer_buffer_size, 0)) << 10;
  uint64_t reader = static_cast<uint64_t>(std::max<int64_t>(config.dumper.reader_buffer_size, 0)) << 10;
  r.part_size = std::max(kMinPart, writer);
  r.read_ahead = std::max<uint64_t>(256 << 10, reader);
  r.max_parts_in_flight = static_cast<int>(std::clamp<int64_t>(config.dumper.worker_limit, 1, 64));
  return r;
}

StatusOr<std::unique_ptr<FileSystem>> OpenRemote(const RemoteConfig& remote, const Config& config,
                                                 const char* side) {
  auto fs = NewRemoteFileSystem(ToRemoteStorageConfig(remote, config));
  if (!fs.ok()) return Annotate(fs.status(), StrCat("open ", side, ".remote storage"));
  return fs;
}

}  // namespace f2m
