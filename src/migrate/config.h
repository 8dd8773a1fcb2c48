// The migration config: milvus-migration's migration.yaml (the seed's keys run unchanged) plus
// our additions under the same tree (dumper.chunk, dumper.faiss, collection field names).
// Parsing is strict about shape: lost nesting and bad values are errors naming the key,
// unknown keys are warnings. Secrets may come from the environment and are never printed.
// Every key: docs/config-reference.md.
#ifndef F2M_MIGRATE_CONFIG_H_
#define F2M_MIGRATE_CONFIG_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "faiss/faiss_index.h"
#include "storage/file_system.h"

namespace f2m {

inline constexpr char kDefaultConfigPath[] = "configs/migration.yaml";
inline constexpr uint64_t kDefaultMaxFileSize = uint64_t{1} << 30;  // 1 GiB
inline constexpr uint64_t kMilvusMaxFileSize = uint64_t{16} << 30;  // Milvus refuses more

enum class StorageMode { kLocal, kRemote };
enum class LossyPolicy { kDecode, kRefuse };
enum class PretransformPolicy { kInvert, kKeep };

// source.remote / target.remote: an object store bucket.
struct RemoteConfig {
  std::string path;  // source.remote.faissFile or target.remote.outputDir
  std::string cloud = "aws";  // aws | gcp | azure
  std::string endpoint, region, bucket;
  std::string ak, sk;  // secrets
  bool use_iam = false;
  bool use_ssl = true;
  bool check_bucket = true;  // target only
};

struct Config {
  struct Dumper {
    int64_t worker_limit = 2;
    std::string work_mode = "faiss";
    int64_t reader_buffer_size = 1024;
    int64_t writer_buffer_size = 1024;
    uint64_t max_file_size = kDefaultMaxFileSize;  // dumper.chunk.maxFileSize
    LossyPolicy lossy = LossyPolicy::kDecode;
    PretransformPolicy pretransform = PretransformPolicy::kInvert;
    std::string ivfdata_file;
  } dumper;
  struct Loader {
    int64_t worker_limit = 2;
  } loader;
  struct Source {
    StorageMode mode = StorageMode::kLocal;
    std::string local_faiss_file;
    RemoteConfig remote;
  } source;
  struct Milvus {
    std::string endpoint = "localhost:19530";
    std::string username, password;  // password is a secret
    std::string database;
  };
  struct Collection {
    std::string name;
    int64_t shards_num = 0;  // 0: Milvus's default
    std::optional<int64_t> dim;
    std::optional<std::string> metric_type;  // upper case: L2 IP COSINE HAMMING JACCARD
    std::string id_field = "id";
    std::string vector_field = "data";
    std::string description;
  };
  struct Target {
    StorageMode mode = StorageMode::kLocal;
    std::string local_output_dir;
    RemoteConfig remote;
    Milvus milvus2x;
    Collection collection;  // target.create.collection
  } target;

  // ReadOptions for the Faiss reader from dumper.faiss.*.
  ReadOptions ToReadOptions() const;
  // A multi-line dump of every value with secrets replaced by "***" (for --verbose).
  std::string Redacted() const;
};

// Looks an environment variable up; nullopt when unset. Only cli reads the real environment.
using EnvLookup = std::function<std::optional<std::string>(std::string_view)>;

// Parses YAML text. `name` (the file) is used in messages. Unknown keys append one warning each
// to `warnings` (may be null). Errors are InvalidArgument naming the key.
StatusOr<Config> ParseConfig(std::string_view yaml, std::string_view name, const EnvLookup& env,
                             std::vector<std::string>* warnings);

// Reads and parses `path` through `fs`, logging the warnings.
StatusOr<Config> LoadConfig(FileSystem& fs, const std::string& path, const EnvLookup& env);

// "512MiB", "1GiB", "1073741824", ... -> bytes. InvalidArgument naming `key` otherwise.
StatusOr<uint64_t> ParseByteSize(std::string_view text, std::string_view key);

// Checks target.create.collection.dim/metricType (when given) against the index:
// FailedPrecondition on disagreement. COSINE for an IP index is accepted with a warning.
Status CheckAgainstIndex(const Config& config, const IndexInfo& info,
                         std::vector<std::string>* warnings);

}  // namespace f2m

#endif  // F2M_MIGRATE_CONFIG_H_
