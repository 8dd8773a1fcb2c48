#include "milvus/import_waiter.h"

#include "milvus/poll.h"

namespace f2m::milvus {

std::string_view ImportStateName(ImportState state) {
  switch (state) {
    case ImportState::kPending: return "Pending";
    case ImportState::kFailed: return "Failed";
    case ImportState::kStarted: return "Started";
    case ImportState::kPersisted: return "Persisted";
    case ImportState::kCompleted: return "Completed";
    case ImportState::kFailedAndCleaned: return "FailedAndCleaned";
    case ImportState::kFlushed: return "Flushed";
  }
  return "Unknown";
}

bool IsSuccess(ImportState state) {
  return state == ImportState::kCompleted || state == ImportState::kFlushed;
}

bool IsTerminal(ImportState state) {
  return IsSuccess(state) || state == ImportState::kFailed ||
         state == ImportState::kFailedAndCleaned;
}

Status ImportTaskError(const ImportTaskState& s) {
  if (s.state != ImportState::kFailed && s.state != ImportState::kFailedAndCleaned) {
    return absl::OkStatus();
  }
  std::string files = s.files.empty() ? "" : StrCat(" (files ", s.files, ")");
  std::string reason = s.failed_reason.empty() ? "no reason given" : s.failed_reason;
  return absl::FailedPreconditionError(StrCat("import task ", s.task_id, files,
                                              " failed in milvus (", ImportStateName(s.state),
                                              "): ", reason));
}

StatusOr<std::vector<ImportTaskState>> WaitForImports(ImportStateSource& source, Clock& clock,
                                                      std::span<const int64_t> task_ids,
                                                      const ImportWaitOptions& options) {
  std::vector<ImportTaskState> states(task_ids.size());
  for (size_t i = 0; i < task_ids.size(); ++i) states[i].task_id = task_ids[i];
  PollOptions poll;
  poll.what = task_ids.size() == 1 ? StrCat("wait for import task ", task_ids[0])
                                   : StrCat("wait for ", task_ids.size(), " import tasks");
  poll.deadline = options.deadline;
  poll.interval = options.interval;
  poll.max_interval = options.max_interval;
  Status polled = PollUntil(clock, poll, [&]() -> StatusOr<bool> {
    bool all_terminal = true;
    for (ImportTaskState& state : states) {
      if (IsTerminal(state.state)) continue;
      F2M_ASSIGN_OR_RETURN(ImportTaskState latest, source.GetImportState(state.task_id));
      latest.task_id = state.task_id;
      state = std::move(latest);
      all_terminal = all_terminal && IsTerminal(state.state);
    }
    if (options.on_progress) options.on_progress(states);
    return all_terminal;
  });
  if (!polled.ok()) {
    if (polled.code() != absl::StatusCode::kDeadlineExceeded) return polled;
    std::string pending;
    for (const ImportTaskState& s : states) {
      if (IsTerminal(s.state)) continue;
      pending = StrCat(pending, pending.empty() ? "" : ", ", "task ", s.task_id, " ",
                       ImportStateName(s.state));
    }
    return absl::DeadlineExceededError(StrCat(polled.message(), " (", pending, ")"));
  }
  Status first;
  for (const ImportTaskState& s : states) {
    Status e = ImportTaskError(s);
    if (e.ok()) continue;
    first = first.ok() ? e : Status(first.code(), StrCat(first.message(), "; ", e.message()));
  }
  if (!first.ok()) return first;
  return states;
}

}  // namespace f2m::milvus
