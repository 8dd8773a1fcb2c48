// MilvusClient: the calls faiss2milvus makes to a Milvus 2.2-2.6 server over gRPC, through one
// choke point (rpc_caller.h) that sets the deadline, sends `authorization`/`dbname` metadata,
// checks the gRPC status and the reply's common.Status, and retries what is retryable.
// Credentials never appear in logs or error messages. Thread-safe (gRPC stubs are, and each call
// keeps its state on the stack) as long as the Clock is; SystemClock is.
#ifndef F2M_MILVUS_MILVUS_CLIENT_H_
#define F2M_MILVUS_MILVUS_CLIENT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "milvus/clock.h"
#include "milvus/import_waiter.h"
#include "milvus/milvus_types.h"
#include "milvus/retry.h"

namespace f2m::milvus {

class RpcCaller;

struct MilvusConfig {
  std::string endpoint = "localhost:19530";  // target.milvus2x.endpoint; http:// prefix allowed
  std::string username;                      // empty: no authorization metadata
  std::string password;
  std::string database;                      // empty: the server's "default"
  Duration rpc_timeout{30000};               // per attempt
  RetryPolicy retry;
};

// For LoadCollection and WaitForIndex.
struct LoadOptions {
  bool refresh = false;                      // reload after an import into a loaded collection
  Duration deadline{600000};
  std::function<void(int64_t percent)> on_progress;
};

class MilvusClient final : public ImportStateSource {
 public:
  // Makes the channel; sends nothing (the first call finds out whether Milvus answers).
  // InvalidArgument for a malformed endpoint. REQUIRES: `clock` outlives the client.
  static StatusOr<std::unique_ptr<MilvusClient>> Create(const MilvusConfig& config,
                                                        Clock& clock = SystemClock());
  ~MilvusClient() override;

  // "host:port" the client talks to (no credentials).
  const std::string& target() const;

  // The server's build tag, e.g. "v2.3.5-lite" (parse with version.h).
  StatusOr<std::string> GetVersion();

  StatusOr<bool> HasCollection(std::string_view collection);
  // Int64 primary key (auto_id off) + FloatVector/BinaryVector of spec.dim.
  Status CreateCollection(const CollectionSpec& spec);
  // NotFound when the collection does not exist.
  StatusOr<CollectionInfo> DescribeCollection(std::string_view collection);
  Status DropCollection(std::string_view collection);

  Status CreateIndex(std::string_view collection, const IndexSpec& index);
  // Indexes on `field` (all indexes when empty); NotFound when there is none.
  StatusOr<std::vector<IndexInfo>> DescribeIndex(std::string_view collection,
                                                 std::string_view field = "");
  // Polls DescribeIndex until every index on `field` is Finished with indexed_rows == total_rows
  // (2.2/2.3 build indexes after an import completes). FailedPrecondition with Milvus's reason
  // when the build failed.
  Status WaitForIndex(std::string_view collection, std::string_view field,
                      const LoadOptions& options = {});
  // Loads (needs an index on the vector field) and polls GetLoadingProgress until 100.
  Status LoadCollection(std::string_view collection, const LoadOptions& options = {});
  Status Flush(std::string_view collection);

  // One import task per call on 2.2/2.3 (one numpy set or one JSON/Parquet file); `files` are
  // absolute paths for local storage, bucket-relative keys for object storage. Returns task ids.
  StatusOr<std::vector<int64_t>> Import(std::string_view collection,
                                        std::span<const std::string> files,
                                        std::string_view partition = "");
  StatusOr<ImportTaskState> GetImportState(int64_t task_id) override;
  // Tasks of `collection` (all when empty), at most `limit` (0: the server's default).
  StatusOr<std::vector<ImportTaskState>> ListImportTasks(std::string_view collection,
                                                         int64_t limit = 0);

  // row_count of GetCollectionStatistics (flushed segments; may lag behind QueryCount).
  StatusOr<int64_t> GetCollectionStatistics(std::string_view collection);
  // count(*) with Strong consistency (2.3+; the collection must be loaded).
  StatusOr<int64_t> QueryCount(std::string_view collection);
  // Vectors of `ids` (any order, missing ids absent). Needs a loaded collection.
  StatusOr<VectorsById> QueryVectors(std::string_view collection, std::span<const int64_t> ids,
                                     std::string_view id_field = "id",
                                     std::string_view vector_field = "data");
  StatusOr<SearchResult> Search(std::string_view collection, const SearchSpec& spec);

 private:
  MilvusClient(std::unique_ptr<RpcCaller> rpc, Clock& clock);

  std::unique_ptr<RpcCaller> rpc_;
  Clock& clock_;
};

}  // namespace f2m::milvus

#endif  // F2M_MILVUS_MILVUS_CLIENT_H_
