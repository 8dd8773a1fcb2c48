#include "migrate/load.h"

#include <algorithm>
#include <filesystem>

#include "base/log.h"
#include "migrate/collection_setup.h"
#include "migrate/dump.h"
#include "milvus/import_waiter.h"

namespace f2m {
namespace {

void Step(const StepHook& hook, std::string_view step, int64_t part) {
  if (hook) hook(step, part);
}

}  // namespace

bool TaskHasFiles(const milvus::ImportTaskState& task, const std::vector<std::string>& files) {
  std::vector<std::string> have;
  std::string_view s = task.files;
  while (!s.empty()) {
    size_t comma = s.find(',');
    have.emplace_back(s.substr(0, comma));
    s = comma == std::string_view::npos ? "" : s.substr(comma + 1);
  }
  for (const std::string& f : files) {
    if (std::find(have.begin(), have.end(), f) == have.end()) return false;
  }
  return !files.empty();
}

namespace {

bool IsFailed(milvus::ImportState s) {
  return s == milvus::ImportState::kFailed || s == milvus::ImportState::kFailedAndCleaned;
}

}  // namespace

PartFiles PartFilesFor(const Config& config, const std::string& output_dir) {
  bool remote = config.target.mode == StorageMode::kRemote;
  return [remote, output_dir](const ManifestPart& part) {
    std::vector<std::string> out;
    for (const ManifestFile& f : part.files) {
      std::string path = StrCat(output_dir, output_dir.empty() || output_dir.back() == '/' ? "" : "/",
                                part.name, "/", f.name);
      if (remote) {
        // Keys relative to the bucket root, without a leading '/' (reference §3.1).
        path.erase(0, path.find_first_not_of('/'));
      } else {
        std::error_code ec;
        std::filesystem::path abs = std::filesystem::absolute(path, ec);
        if (!ec) path = abs.lexically_normal().string();
      }
      out.push_back(std::move(path));
    }
    return out;
  };
}

PartImporter::PartImporter(milvus::MilvusClient& client, ManifestStore& store,
                           std::string collection, PartFiles files, ImporterOptions options)
    : client_(client),
      store_(store),
      collection_(std::move(collection)),
      files_(std::move(files)),
      options_(std::move(options)) {}

Status PartImporter::Reconcile() {
  Manifest m = store_.Snapshot();
  std::vector<int64_t> running;
  std::optional<std::vector<milvus::ImportTaskState>> listed;
  for (size_t i = 0; i < m.parts.size(); ++i) {
    const ManifestPart& p = m.parts[i];
    if (p.state == kPartSubmitting) {
      // Killed between recording the intent and recording the task id: the Import call may or
      // may not have reached Milvus. Its task, if any, names this part's files.
      if (!listed) {
        auto tasks = client_.ListImportTasks(collection_);
        if (!tasks.ok()) return Annotate(tasks.status(), StrCat("look up imports of ", p.name));
        listed = std::move(*tasks);
      }
      std::vector<std::string> files = files_(p);
      int64_t found = 0;
      for (const milvus::ImportTaskState& t : *listed) {
        if (!IsFailed(t.state) && TaskHasFiles(t, files)) found = std::max(found, t.task_id);
      }
      F2M_RETURN_IF_ERROR(store_.Update([&](Manifest& mm) {
        ManifestPart& q = mm.parts[i];
        q.state = found != 0 ? kPartSubmitted : kPartWritten;
        q.import_task = found;
      }));
      if (found != 0) running.push_back(found);
      F2M_LOG_INFO("{}: {}", p.name,
                   found != 0 ? StrCat("found its import task ", found) : "was never submitted");
    } else if (p.state == kPartSubmitted && p.import_task != 0) {
      running.push_back(p.import_task);
    }
  }
  if (running.empty()) return absl::OkStatus();
  Status s = Wait(running);
  // A failed task is recorded (its part is "written" again and will be submitted anew);
  // anything else (Milvus unreachable, deadline) stops the run.
  if (s.ok() || s.code() == absl::StatusCode::kFailedPrecondition) return absl::OkStatus();
  // A task Milvus no longer knows (records are kept 24 h on 2.3, 3 h on 2.4+) may have imported
  // its rows or not: nothing can be submitted safely, so stop and say how to start over.
  return Annotate(s, "look up the import tasks recorded in the manifest (if Milvus no longer "
                     "knows them, migrate again with --drop-existing)");
}

Status PartImporter::Submit(size_t pos, std::vector<int64_t>& tasks) {
  ManifestPart part = store_.Snapshot().parts[pos];
  F2M_RETURN_IF_ERROR(store_.Update([&](Manifest& m) { m.parts[pos].state = kPartSubmitting; }));
  Step(options_.step, "before-submit", static_cast<int64_t>(pos));
  std::vector<std::string> files = files_(part);
  // On an error the part stays "submitting": the call may have reached Milvus, so the next run
  // looks its task up by file names instead of submitting again.
  auto ids = client_.Import(collection_, files);
  if (!ids.ok()) return Annotate(ids.status(), StrCat("import ", part.name));
  if (ids->empty()) return absl::InternalError(StrCat("import ", part.name, ": no task id"));
  Step(options_.step, "after-submit", static_cast<int64_t>(pos));
  int64_t task = ids->front();
  F2M_RETURN_IF_ERROR(store_.Update([&](Manifest& m) {
    m.parts[pos].state = kPartSubmitted;
    m.parts[pos].import_task = task;
  }));
  Step(options_.step, "after-record", static_cast<int64_t>(pos));
  F2M_LOG_INFO("{}: import task {} ({} rows)", part.name, task, part.rows);
  tasks.push_back(task);
  return absl::OkStatus();
}

// Why a failed task's part may be submitted again (2.2/2.3, import manager v1): the segments an
// import task writes are flagged "importing" and stay invisible to query, search and count
// until rootcoord marks the task Completed; a task that fails (its reason recorded) or expires
// (900 s, marked Failed by rootcoord) never reaches Completed, and datacoord drops its
// segments (FailedAndCleaned). So a Failed task imported nothing, and only Completed counts.
// On 2.4+ a Failed job likewise never publishes its segments. The end count(*) == ntotal check
// (collection_setup.h) catches any breach of this.
Status PartImporter::RecordOutcome(const milvus::ImportTaskState& state) {
  bool ok = milvus::IsSuccess(state.state);
  std::string line;
  Status s = store_.Update([&](Manifest& m) {
    for (ManifestPart& p : m.parts) {
      if (p.import_task != state.task_id) continue;
      if (ok) {
        p.state = kPartCompleted;
        p.failed_reason.clear();
        line = StrCat("imported ", p.name, ": ", p.rows, " rows (task ", state.task_id, ")");
      } else {
        p.state = kPartWritten;
        p.failed_tasks.push_back(state.task_id);
        p.import_task = 0;
        p.failed_reason = state.failed_reason;
      }
    }
  });
  if (!line.empty() && options_.report) options_.report(line);
  return s;
}

Status PartImporter::Wait(std::span<const int64_t> tasks) {
  milvus::ImportWaitOptions o;
  o.deadline = options_.wait_deadline;
  std::vector<milvus::ImportTaskState> last;
  bool stepped = false;
  o.on_progress = [&](const std::vector<milvus::ImportTaskState>& states) {
    last = states;
    if (!stepped) {
      stepped = true;
      Step(options_.step, "mid-wait", -1);
    }
  };
  auto r = milvus::WaitForImports(client_, milvus::SystemClock(), tasks, o);
  for (const milvus::ImportTaskState& s : last) {
    if (milvus::IsTerminal(s.state)) F2M_RETURN_IF_ERROR(RecordOutcome(s));
  }
  return r.status();
}

Status PartImporter::ImportBatch(std::span<const size_t> positions) {
  std::vector<int64_t> tasks;
  Manifest m = store_.Snapshot();
  for (size_t pos : positions) {
    if (m.parts[pos].state == kPartCompleted) continue;
    if (m.parts[pos].state != kPartWritten) {
      return absl::InternalError(StrCat("import ", m.parts[pos].name, ": state ",
                                        m.parts[pos].state, " is not written"));
    }
    F2M_RETURN_IF_ERROR(Submit(pos, tasks));
  }
  if (tasks.empty()) return absl::OkStatus();
  return Annotate(Wait(tasks), StrCat("import into collection ", collection_));
}

}  // namespace f2m
