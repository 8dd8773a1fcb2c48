// The `load` command and the steps it shares with `migrate` (load.h).
#include <algorithm>

#include "base/log.h"
#include "migrate/collection_setup.h"
#include "migrate/dump.h"
#include "migrate/load.h"

namespace f2m {

StatusOr<int64_t> PrepareCollection(MilvusTarget& target, ManifestStore& store,
                                    const Config& config, bool drop_existing) {
  Manifest m = store.Snapshot();
  milvus::CollectionSpec spec = CollectionSpecFor(m, config);
  auto id = EnsureCollection(*target.client, spec, IndexSpecFor(m, config), drop_existing);
  if (!id.ok()) return Annotate(id.status(), StrCat("prepare collection ", spec.name));
  bool recorded = std::any_of(m.parts.begin(), m.parts.end(), [](const ManifestPart& p) {
    return p.state != kPartWritten;
  });
  if (recorded && m.load.collection_id != *id) {
    F2M_LOG_WARN("collection {} is not the one the manifest's imports went into (id {} != {}): "
                 "importing every part again", spec.name, *id, m.load.collection_id);
  }
  F2M_RETURN_IF_ERROR(store.Update([&](Manifest& mm) {
    if (mm.load.collection_id != *id) ForgetImports(mm);
    mm.load.collection_id = *id;
    mm.load.state = "importing";
  }));
  return *id;
}

size_t ImportsInFlight(const Config& config, const MilvusTarget& target) {
  int64_t limit = std::min<int64_t>(config.loader.worker_limit, target.policy.max_in_flight);
  return static_cast<size_t>(std::max<int64_t>(limit, 1));
}

Status ImportWrittenParts(PartImporter& importer, ManifestStore& store, size_t in_flight,
                          const std::atomic<bool>* cancel) {
  Manifest m = store.Snapshot();
  std::vector<size_t> batch;
  for (size_t i = 0; i <= m.parts.size(); ++i) {
    if (i < m.parts.size() && m.parts[i].state != kPartWritten) continue;
    if (i < m.parts.size()) batch.push_back(i);
    if (batch.size() == in_flight || (i == m.parts.size() && !batch.empty())) {
      if (cancel != nullptr && cancel->load()) return absl::CancelledError("interrupted");
      F2M_RETURN_IF_ERROR(importer.ImportBatch(batch));
      batch.clear();
    }
  }
  return absl::OkStatus();
}

StatusOr<LoadResult> RunLoad(const Config& config, FileSystem& local_fs,
                             const LoadRunOptions& options) {
  F2M_ASSIGN_OR_RETURN(DumpSides sides, OpenDumpSides(config, local_fs, local_fs, false));
  std::string path = sides.target_fs->Join(sides.output_dir, kManifestName);
  auto manifest = ReadManifest(*sides.target_fs, path);
  if (absl::IsNotFound(manifest.status())) {
    return absl::FailedPreconditionError(
        StrCat("load ", sides.output_dir, ": no ", kManifestName, " (run dump first)"));
  }
  if (!manifest.ok()) return manifest.status();
  if (manifest->state != kManifestStateComplete) {
    return absl::FailedPreconditionError(StrCat("load ", sides.output_dir, ": the dump is not ",
                                                "finished (manifest state \"", manifest->state,
                                                "\"); run dump or migrate again"));
  }
  F2M_ASSIGN_OR_RETURN(MilvusTarget target, ConnectMilvus(config));
  ManifestStore store(*sides.target_fs, path, std::move(*manifest));
  F2M_RETURN_IF_ERROR(PrepareCollection(target, store, config, options.drop_existing).status());
  LoadResult result;
  Manifest m = store.Snapshot();
  result.collection = m.collection.name;
  result.parts = m.parts.size();
  ImporterOptions io;
  io.step = options.step;
  io.report = [&](const std::string& line) {
    ++result.imported;
    if (options.report) options.report(line);
  };
  PartImporter importer(*target.client, store, m.collection.name,
                        PartFilesFor(config, sides.output_dir), io);
  F2M_RETURN_IF_ERROR(importer.Reconcile());
  F2M_RETURN_IF_ERROR(
      ImportWrittenParts(importer, store, ImportsInFlight(config, target), options.cancel));
  if (options.step) options.step("before-finish", -1);
  F2M_RETURN_IF_ERROR(
      FinishCollection(target, CollectionSpecFor(m, config), m.index.ntotal));
  F2M_RETURN_IF_ERROR(store.Update([](Manifest& mm) { mm.load.state = "loaded"; }));
  result.rows = m.index.ntotal;
  return result;
}

}  // namespace f2m
