// The Milvus side of a migration before and after the imports: connecting (with the version's
// import policy), creating the collection or checking an existing one, its vector index, and
// the end state (flushed, indexed, loaded, count(*) == ntotal).
#ifndef F2M_MIGRATE_COLLECTION_SETUP_H_
#define F2M_MIGRATE_COLLECTION_SETUP_H_

#include <cstdint>
#include <memory>
#include <string>

#include "base/status.h"
#include "format/manifest.h"
#include "migrate/config.h"
#include "milvus/milvus_client.h"
#include "milvus/version.h"

namespace f2m {

struct MilvusTarget {
  std::unique_ptr<milvus::MilvusClient> client;
  milvus::ServerVersion version;
  milvus::ImportPolicy policy;
};

// Connects to target.milvus2x, reads the version and refuses versions without a usable bulk
// import (FailedPrecondition with the reason). Unreachable: Unavailable naming the endpoint.
StatusOr<MilvusTarget> ConnectMilvus(const Config& config);

// The collection a dump goes into: Int64 primary key (auto_id off) + a float or binary vector
// field of the index's dimension, with a description naming the source index and its type tree.
milvus::CollectionSpec CollectionSpecFor(const Manifest& manifest, const Config& config);

// The Milvus index to build: the one matching the Faiss index (manifest), FLAT or BIN_FLAT when
// there is none; the metric from target.create.collection.metricType or the index.
milvus::IndexSpec IndexSpecFor(const Manifest& manifest, const Config& config);

// FailedPrecondition naming both sides unless `have` has the fields of `want` with the same
// names, types, dimension and primary key settings.
Status CheckCompatible(const milvus::CollectionInfo& have, const milvus::CollectionSpec& want);

// Creates the collection (and its index), or checks the existing one (dropping it first only
// when `drop_existing`). Returns the collection's id.
StatusOr<int64_t> EnsureCollection(milvus::MilvusClient& client,
                                   const milvus::CollectionSpec& spec,
                                   const milvus::IndexSpec& index, bool drop_existing);

// After the imports: flush, wait for the index, load, and poll count(*) (Strong) until it is
// `ntotal`. FailedPrecondition when the count settles elsewhere (duplicates or lost rows).
Status FinishCollection(MilvusTarget& target, const milvus::CollectionSpec& spec,
                        int64_t ntotal);

}  // namespace f2m

#endif  // F2M_MIGRATE_COLLECTION_SETUP_H_
