#include "migrate/manifest_store.h"

namespace f2m {

ManifestStore::ManifestStore(FileSystem& fs, std::string path, Manifest manifest)
    : fs_(fs), path_(std::move(path)), manifest_(std::move(manifest)) {}

Status ManifestStore::Update(const std::function<void(Manifest&)>& change) {
  std::lock_guard<std::mutex> lock(mu_);
  change(manifest_);
  return Annotate(WriteManifest(fs_, path_, manifest_), "record step in manifest");
}

Status ManifestStore::Flush() {
  return Update([](Manifest&) {});
}

Manifest ManifestStore::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return manifest_;
}

void ForgetImports(Manifest& manifest) {
  for (ManifestPart& p : manifest.parts) {
    p.state = kPartWritten;
    p.import_task = 0;
    p.failed_tasks.clear();
    p.failed_reason.clear();
  }
  manifest.load.collection_id = 0;
  manifest.load.state.clear();
}

}  // namespace f2m
