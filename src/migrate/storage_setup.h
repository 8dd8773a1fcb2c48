// From configuration to FileSystems: source.remote / target.remote become remote FileSystems
// (storage/remote.h), with the milvus-migration keys mapped to what they mean here:
// dumper.worker.writer.bufferSize (KB) is the multipart part size (at least S3's 5 MiB),
// dumper.worker.reader.bufferSize (KB) the read-ahead of ranged GETs, dumper.worker.limit the
// parts uploaded at once.
#ifndef F2M_MIGRATE_STORAGE_SETUP_H_
#define F2M_MIGRATE_STORAGE_SETUP_H_

#include <memory>

#include "migrate/config.h"
#include "storage/file_system.h"
#include "storage/remote.h"

namespace f2m {

// The RemoteStorageConfig for one side ("source" or "target", used in messages).
RemoteStorageConfig ToRemoteStorageConfig(const RemoteConfig& remote, const Config& config);

// Builds the remote FileSystem of one side; errors name the side's config keys.
StatusOr<std::unique_ptr<FileSystem>> OpenRemote(const RemoteConfig& remote, const Config& config,
                                                 const char* side);

}  // namespace f2m

#endif  // F2M_MIGRATE_STORAGE_SETUP_H_
