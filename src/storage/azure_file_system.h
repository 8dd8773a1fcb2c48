// FileSystem over one Azure Blob container (Azure, Azurite). Paths are blob names. Reads: Get
// Blob Properties for size and ETag, then ranged Get Blob (x-ms-range, If-Match) with
// read-ahead. Writes: one Put Blob below the block size, else Put Block per block (bounded in
// flight) and Put Block List on Close(). Uncommitted blocks are never visible and Azure drops
// them after a week, so an aborted writer leaves nothing readable.
#ifndef F2M_STORAGE_AZURE_FILE_SYSTEM_H_
#define F2M_STORAGE_AZURE_FILE_SYSTEM_H_

#include <memory>

#include "storage/aws_credentials.h"
#include "storage/azure_client.h"
#include "storage/file_system.h"
#include "storage/remote.h"

namespace f2m {

std::unique_ptr<FileSystem> NewAzureFileSystem(AzureOptions options);

// AzureOptions from the shared remote config (cloud azure): account = access_key (ak) or
// AZURE_STORAGE_ACCOUNT, key = secret_key (sk) or AZURE_STORAGE_KEY, or AZURE_STORAGE_SAS_TOKEN,
// or all from AZURE_STORAGE_CONNECTION_STRING; container = bucket. An endpoint
// "host:port[/account]" means path-style (Azurite); none means <account>.blob.core.windows.net.
StatusOr<AzureOptions> AzureOptionsFromConfig(const RemoteStorageConfig& config,
                                              const EnvLookup& env);

}  // namespace f2m

#endif  // F2M_STORAGE_AZURE_FILE_SYSTEM_H_
