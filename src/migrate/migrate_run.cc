#include "migrate/migrate_run.h"

#include <algorithm>
#include <thread>

#include "base/log.h"
#include "migrate/collection_setup.h"
#include "migrate/part_queue.h"
#include "migrate/part_writer.h"
#include "migrate/pipeline.h"

namespace f2m {
namespace {

// The index opened, checked and planned, with the manifest to resume from (or a fresh one).
struct Source {
  std::unique_ptr<FaissIndex> index;
  DumpPlan plan;
  Manifest manifest;
};

StatusOr<Source> OpenSource(const Config& config, DumpSides& sides, const std::string& path) {
  Source s;
  SourceIdentity id{sides.source_path, {}};
  F2M_ASSIGN_OR_RETURN(id.info, sides.source_fs->Stat(sides.source_path));
  F2M_ASSIGN_OR_RETURN(s.index, FaissIndex::Open(*sides.source_fs, sides.source_path,
                                                 config.ToReadOptions()));
  const IndexInfo& info = s.index->info();
  std::vector<std::string> warnings;
  F2M_RETURN_IF_ERROR(CheckAgainstIndex(config, info, &warnings));
  for (const std::string& w : warnings) F2M_LOG_WARN("{}", w);
  F2M_RETURN_IF_ERROR(Annotate(CheckMilvusMetric(info), StrCat("migrate ", id.path)));
  F2M_ASSIGN_OR_RETURN(s.plan, MakePlan(info, config.dumper.max_file_size));
  s.manifest = NewDumpManifest(config, info, id, s.plan);
  auto old = ReadManifest(*sides.target_fs, path);
  if (old.ok() && SameSourceAndLayout(*old, s.manifest)) {
    F2M_LOG_INFO("resuming from {} ({} parts recorded)", path, old->parts.size());
    s.manifest = std::move(*old);
    return s;
  }
  if (old.ok()) F2M_LOG_WARN("{} records another dump: starting over", path);
  F2M_RETURN_IF_ERROR(RemoveDump(*sides.target_fs, sides.output_dir));
  return s;
}

// Parts whose files are at the destination (or that Milvus has already imported): the dump
// does not write them again. A missing file of a part not yet imported is written again.
std::vector<bool> ExistingParts(FileSystem& fs, const std::string& dir, const Manifest& m,
                                const DumpPlan& plan) {
  std::vector<bool> have(plan.parts, false);
  for (size_t k = 0; k < m.parts.size() && k < have.size(); ++k) {
    const ManifestPart& p = m.parts[k];
    bool ok = true;
    for (const ManifestFile& f : p.files) {
      if (p.state == kPartCompleted) break;
      auto st = fs.Stat(fs.Join(fs.Join(dir, p.name), f.name));
      ok = ok && st.ok() && st->size == f.bytes;
    }
    if (!ok) F2M_LOG_WARN("{}: a file is missing at the destination: writing it again", p.name);
    have[k] = ok;
  }
  return have;
}

}  // namespace

StatusOr<MigrateResult> RunMigrate(const Config& config, FileSystem& local_fs,
                                   const MigrateOptions& options) {
  F2M_ASSIGN_OR_RETURN(DumpSides sides, OpenDumpSides(config, local_fs, local_fs, true));
  F2M_ASSIGN_OR_RETURN(MilvusTarget target, ConnectMilvus(config));
  FileSystem& fs = *sides.target_fs;
  std::string path = fs.Join(sides.output_dir, kManifestName);
  F2M_ASSIGN_OR_RETURN(Source src, OpenSource(config, sides, path));
  ManifestStore store(fs, path, src.manifest);
  F2M_RETURN_IF_ERROR(store.Flush());
  F2M_RETURN_IF_ERROR(PrepareCollection(target, store, config, options.drop_existing).status());

  MigrateResult result;
  result.collection = src.manifest.collection.name;
  result.parts = src.plan.parts;
  result.rows = src.plan.ntotal;
  ImporterOptions io;
  io.step = options.step;
  io.report = [&](const std::string& line) {
    ++result.imported;
    if (options.report) options.report(line);
  };
  PartImporter importer(*target.client, store, result.collection,
                        PartFilesFor(config, sides.output_dir), io);
  F2M_RETURN_IF_ERROR(importer.Reconcile());

  Manifest now = store.Snapshot();
  std::vector<bool> have = ExistingParts(fs, sides.output_dir, now, src.plan);
  PartQueue queue;
  for (size_t k = 0; k < now.parts.size(); ++k) {
    if (have[k] && now.parts[k].state == kPartWritten) queue.Push(k);
  }
  // The import thread: batches of what is queued, at most the in-flight limit at once.
  size_t in_flight = ImportsInFlight(config, target);
  Status import_status;
  std::atomic<bool> import_failed{false};
  std::thread importer_thread([&] {
    for (;;) {
      std::vector<size_t> batch = queue.PopUpTo(in_flight);
      if (batch.empty()) return;
      Status s = importer.ImportBatch(batch);
      if (!s.ok()) {
        import_status = s;
        import_failed = true;
        return;
      }
    }
  });

  Status dump_status;
  size_t first = std::find(have.begin(), have.end(), false) - have.begin();
  if (first < src.plan.parts) {
    PartWriter writer(fs, sides.output_dir, src.plan, src.manifest.collection.id_field,
                      src.manifest.collection.vector_field);
    writer.StartAt(first);
    writer.KeepExisting(have);
    writer.OnPartDone([&](const ManifestPart& part) -> Status {
      size_t k = part.row_begin / src.plan.rows_per_part;
      F2M_RETURN_IF_ERROR(store.Update([&](Manifest& m) {
        if (k >= m.parts.size()) m.parts.resize(k + 1);
        std::vector<int64_t> failed = std::move(m.parts[k].failed_tasks);
        m.parts[k] = part;
        m.parts[k].failed_tasks = std::move(failed);
      }));
      ++result.written;
      if (options.step) options.step("part-written", static_cast<int64_t>(k));
      queue.Push(k);
      if (import_failed) return absl::AbortedError("stopped: an import failed");
      return absl::OkStatus();
    });
    dump_status = [&]() -> Status {
      F2M_ASSIGN_OR_RETURN(auto rows, src.index->NewSource());
      F2M_RETURN_IF_ERROR(rows->Skip(src.plan.PartBegin(first)));
      PipelineOptions po;
      po.row_bytes = src.plan.row_bytes;
      po.batch_rows = std::max<uint64_t>(1, options.dump.batch_bytes / src.plan.row_bytes);
      po.batch_rows = std::min<uint64_t>(po.batch_rows, src.plan.ntotal);
      po.depth = options.dump.queue_depth;
      po.cancel = options.dump.cancel;
      F2M_RETURN_IF_ERROR(RunPipeline(
          *rows, po, [&](const int64_t* ids, const uint8_t* vectors, size_t n) -> Status {
            F2M_RETURN_IF_ERROR(writer.Append(ids, vectors, n));
            if (options.progress) options.progress(writer.rows_written(), src.plan.ntotal);
            return absl::OkStatus();
          }));
      return writer.Finish().status();
    }();
  }
  if (dump_status.ok()) {
    dump_status = store.Update([](Manifest& m) { m.state = kManifestStateComplete; });
  }
  queue.Close();
  importer_thread.join();
  if (!import_status.ok()) return import_status;
  if (!dump_status.ok()) return Annotate(dump_status, StrCat("dump ", sides.source_path));
  if (options.step) options.step("before-finish", -1);

  Manifest done = store.Snapshot();
  F2M_RETURN_IF_ERROR(FinishCollection(target, CollectionSpecFor(done, config), done.index.ntotal));
  F2M_RETURN_IF_ERROR(store.Update([](Manifest& m) { m.load.state = "loaded"; }));
  if (options.step) options.step("loaded", -1);
  if (options.verify) {
    F2M_ASSIGN_OR_RETURN(result.verify, VerifyCollection(*target.client, fs, sides.output_dir,
                                                         done, config, options.verify_options));
    F2M_RETURN_IF_ERROR(store.Update([](Manifest& m) { m.load.state = "verified"; }));
  }
  return result;
}

}  // namespace f2m
