// The journal of a migration: the dump's manifest.json, shared by the dump and import threads,
// written through (atomically, temp + rename) on every change, so a run killed at any point
// leaves the last step it recorded, and the next run resumes from there.
#ifndef F2M_MIGRATE_MANIFEST_STORE_H_
#define F2M_MIGRATE_MANIFEST_STORE_H_

#include <functional>
#include <mutex>
#include <string>

#include "base/status.h"
#include "format/manifest.h"
#include "storage/file_system.h"

namespace f2m {

class ManifestStore {
 public:
  // REQUIRES: `fs` outlives the store.
  ManifestStore(FileSystem& fs, std::string path, Manifest manifest);

  // Applies `change` and writes the manifest before returning. Thread-safe. On a write error
  // the in-memory manifest keeps the change (the caller stops; the file keeps the last step).
  Status Update(const std::function<void(Manifest&)>& change);
  // Writes the manifest as it is.
  Status Flush();
  // A copy of the current manifest. Thread-safe.
  Manifest Snapshot() const;
  const std::string& path() const { return path_; }

 private:
  FileSystem& fs_;
  std::string path_;
  mutable std::mutex mu_;
  Manifest manifest_;
};

// Resets every part's import record (the collection they went into is gone or was re-created):
// completed and submitted parts become "written" again.
void ForgetImports(Manifest& manifest);

}  // namespace f2m

#endif  // F2M_MIGRATE_MANIFEST_STORE_H_
