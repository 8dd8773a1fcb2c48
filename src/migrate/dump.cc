#include "migrate/dump.h"

#include "migrate/storage_setup.h"

#include <algorithm>

#include "base/log.h"
#include "format/manifest.h"
#include "migrate/inspect.h"
#include "migrate/part_writer.h"
#include "migrate/pipeline.h"
#include "migrate/plan.h"

namespace f2m {

Manifest NewDumpManifest(const Config& config, const IndexInfo& info,
                         const SourceIdentity& source, const DumpPlan& plan) {
  Manifest m;
  m.tool_version = F2M_VERSION;
  m.state = "writing";
  m.source = {source.path, source.info.size, source.info.mtime_ns};
  m.index = {info.TypeTree(),
             info.d,
             info.ntotal,
             info.MetricName(),
             info.metric_type,
             info.vector_type == VectorType::kBinary ? "binary" : "float32",
             IdKindName(info.id_kind),
             info.exact,
             info.milvus_index_type,
             info.milvus_index_params};
  const Config::Collection& c = config.target.collection;
  m.collection = {c.name, c.id_field, c.vector_field};
  m.rows_per_part = plan.rows_per_part;
  return m;
}

bool SameSourceAndLayout(const Manifest& old, const Manifest& now) {
  return old.source.path == now.source.path &&
         old.source.size == now.source.size && old.source.mtime_ns == now.source.mtime_ns &&
         old.collection.id_field == now.collection.id_field &&
         old.collection.vector_field == now.collection.vector_field &&
         old.rows_per_part == now.rows_per_part && old.collection.name == now.collection.name;
}

namespace {

// True when `old` is a complete dump of the same source with the same layout.
bool SameDump(const Manifest& old, const Manifest& now) {
  return old.state == kManifestStateComplete && SameSourceAndLayout(old, now);
}

}  // namespace

Status RemoveDump(FileSystem& fs, const std::string& dir) {
  std::string manifest = fs.Join(dir, kManifestName);
  F2M_RETURN_IF_ERROR(fs.Delete(manifest));
  F2M_ASSIGN_OR_RETURN(std::vector<std::string> files, fs.List(dir));
  std::string prefix = fs.Join(dir, "part-");
  for (const std::string& f : files) {
    if (f.rfind(prefix, 0) == 0) F2M_RETURN_IF_ERROR(fs.Delete(f));
  }
  return absl::OkStatus();
}

Status CheckMilvusMetric(const IndexInfo& info) {
  std::string metric = info.MetricName();
  if (info.vector_type == VectorType::kBinary) return absl::OkStatus();  // always HAMMING
  if (metric == "L2" || metric == "IP") return absl::OkStatus();
  return absl::FailedPreconditionError(
      StrCat("metric ", metric,
             " has no Milvus equivalent (Milvus float vectors use L2, IP or COSINE)"));
}

StatusOr<DumpResult> DumpIndex(const Config& config, const FaissIndex& index,
                               const SourceIdentity& source, FileSystem& dst_fs,
                               const std::string& output_dir, const ProgressCallback& progress,
                               const DumpOptions& options) {
  const IndexInfo& info = index.info();
  std::vector<std::string> warnings;
  F2M_RETURN_IF_ERROR(CheckAgainstIndex(config, info, &warnings));
  for (const std::string& w : warnings) F2M_LOG_WARN("{}", w);
  F2M_RETURN_IF_ERROR(Annotate(CheckMilvusMetric(info), StrCat("dump ", source.path)));
  if (!info.exact) F2M_LOG_WARN("{}: {}", source.path, info.lossy_note);
  F2M_ASSIGN_OR_RETURN(DumpPlan plan, MakePlan(info, config.dumper.max_file_size));
  Manifest manifest = NewDumpManifest(config, info, source, plan);

  DumpResult result;
  result.output_dir = output_dir;
  std::string manifest_path = dst_fs.Join(output_dir, kManifestName);
  auto old = ReadManifest(dst_fs, manifest_path);
  if (old.ok() && SameDump(*old, manifest)) {
    result.already_dumped = true;
    result.parts = old->parts.size();
    result.rows = static_cast<uint64_t>(old->index.ntotal);
    return result;
  }
  if (!old.ok() && !absl::IsNotFound(old.status())) {
    F2M_LOG_WARN("{} (replacing it)", std::string(old.status().message()));
  }
  F2M_RETURN_IF_ERROR(RemoveDump(dst_fs, output_dir));

  PartWriter writer(dst_fs, output_dir, plan, config.target.collection.id_field,
                    config.target.collection.vector_field);
  if (plan.ntotal > 0) {
    F2M_ASSIGN_OR_RETURN(auto rows, index.NewSource());
    PipelineOptions po;
    po.row_bytes = plan.row_bytes;
    po.batch_rows = std::max<uint64_t>(1, options.batch_bytes / plan.row_bytes);
    po.batch_rows = std::min<uint64_t>(po.batch_rows, plan.ntotal);
    po.depth = options.queue_depth;
    po.cancel = options.cancel;
    F2M_RETURN_IF_ERROR(Annotate(
        RunPipeline(*rows, po,
                    [&](const int64_t* ids, const uint8_t* vectors, size_t n) -> Status {
                      F2M_RETURN_IF_ERROR(writer.Append(ids, vectors, n));
                      if (progress) progress(writer.rows_written(), plan.ntotal);
                      return absl::OkStatus();
                    }),
        StrCat("dump ", source.path)));
  }
  F2M_ASSIGN_OR_RETURN(manifest.parts, writer.Finish());
  manifest.state = kManifestStateComplete;
  F2M_RETURN_IF_ERROR(WriteManifest(dst_fs, manifest_path, manifest));
  result.parts = manifest.parts.size();
  result.rows = plan.ntotal;
  result.bytes = plan.total_bytes;
  return result;
}

StatusOr<DumpResult> DumpTo(const Config& config, FileSystem& src_fs,
                            const std::string& source_path, FileSystem& dst_fs,
                            const std::string& output_root, const ProgressCallback& progress,
                            const DumpOptions& options) {
  std::string output_dir = dst_fs.Join(output_root, config.target.collection.name);
  F2M_RETURN_IF_ERROR(dst_fs.CheckWritable(output_dir));
  SourceIdentity source{source_path, {}};
  F2M_ASSIGN_OR_RETURN(source.info, src_fs.Stat(source_path));
  F2M_ASSIGN_OR_RETURN(auto index, FaissIndex::Open(src_fs, source_path, config.ToReadOptions()));
  return DumpIndex(config, *index, source, dst_fs, output_dir, progress, options);
}

StatusOr<DumpSides> OpenDumpSides(const Config& config, FileSystem& src_fs, FileSystem& dst_fs,
                                  bool check_target) {
  DumpSides sides;
  sides.source_fs = &src_fs;
  sides.source_path = config.source.local_faiss_file;
  if (config.source.mode == StorageMode::kRemote) {
    F2M_ASSIGN_OR_RETURN(sides.remote_source, OpenRemote(config.source.remote, config, "source"));
    sides.source_fs = sides.remote_source.get();
    sides.source_path = config.source.remote.path;
  }
  sides.target_fs = &dst_fs;
  sides.output_root = config.target.local_output_dir;
  if (config.target.mode == StorageMode::kRemote) {
    F2M_ASSIGN_OR_RETURN(sides.remote_target, OpenRemote(config.target.remote, config, "target"));
    sides.target_fs = sides.remote_target.get();
    sides.output_root = config.target.remote.path;
    if (check_target && config.target.remote.check_bucket) {
      Status s = sides.target_fs->CheckWritable(sides.output_root);
      if (!s.ok()) {
        return Annotate(s, StrCat("check bucket ", config.target.remote.bucket,
                                  " (target.remote.checkBucket)"));
      }
    }
  }
  sides.output_dir = sides.target_fs->Join(sides.output_root, config.target.collection.name);
  return sides;
}

StatusOr<DumpResult> Dump(const Config& config, FileSystem& src_fs, FileSystem& dst_fs,
                          const ProgressCallback& progress, const DumpOptions& options) {
  F2M_ASSIGN_OR_RETURN(DumpSides sides, OpenDumpSides(config, src_fs, dst_fs, true));
  return DumpTo(config, *sides.source_fs, sides.source_path, *sides.target_fs, sides.output_root,
                progress, options);
}

}  // namespace f2m
