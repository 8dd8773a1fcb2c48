#include "milvus/import_waiter.h"

#include <deque>
#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "milvus/fake_clock.h"

namespace f2m::milvus {
namespace {

using ::testing::HasSubstr;

// Answers each task with the next scripted state (the last one repeats), or a scripted error.
class ScriptedSource final : public ImportStateSource {
 public:
  void Script(int64_t task, std::deque<StatusOr<ImportTaskState>> answers) {
    script_[task] = std::move(answers);
  }
  StatusOr<ImportTaskState> GetImportState(int64_t task) override {
    ++calls_[task];
    auto& q = script_.at(task);
    StatusOr<ImportTaskState> a = q.front();
    if (q.size() > 1) q.pop_front();
    return a;
  }
  int calls(int64_t task) { return calls_[task]; }

 private:
  std::map<int64_t, std::deque<StatusOr<ImportTaskState>>> script_;
  std::map<int64_t, int> calls_;
};

ImportTaskState St(ImportState state, int64_t rows = 0, std::string reason = "") {
  ImportTaskState s;
  s.state = state;
  s.row_count = rows;
  s.failed_reason = std::move(reason);
  s.files = "/tmp/p/id.npy,/tmp/p/data.npy";
  return s;
}

ImportWaitOptions Options() {
  ImportWaitOptions o;
  o.deadline = Duration(60000);
  o.interval = Duration(1000);
  o.max_interval = Duration(1000);
  return o;
}

TEST(WaitForImports, CompletesAndReportsProgressEachRound) {
  FakeClock clock;
  ScriptedSource src;
  src.Script(7, {St(ImportState::kPending), St(ImportState::kStarted),
                 St(ImportState::kPersisted, 1000), St(ImportState::kCompleted, 1000)});
  src.Script(8, {St(ImportState::kCompleted, 500)});
  int rounds = 0;
  ImportWaitOptions o = Options();
  o.on_progress = [&](const std::vector<ImportTaskState>& s) {
    ++rounds;
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].task_id, 7);
    EXPECT_EQ(s[1].task_id, 8);
  };
  std::vector<int64_t> tasks = {7, 8};
  StatusOr<std::vector<ImportTaskState>> r = WaitForImports(src, clock, tasks, o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].row_count, 1000);
  EXPECT_EQ((*r)[1].row_count, 500);
  EXPECT_EQ(rounds, 4);
  EXPECT_EQ(src.calls(8), 1);  // terminal tasks are not polled again
  EXPECT_EQ(clock.sleeps().size(), 3u);
}

TEST(WaitForImports, FailedTaskGivesMilvusReasonAndFiles) {
  FakeClock clock;
  ScriptedSource src;
  src.Script(9, {St(ImportState::kStarted),
                 St(ImportState::kFailed, 0, "failed to get file size of 'nope/id.npy'")});
  std::vector<int64_t> tasks = {9};
  StatusOr<std::vector<ImportTaskState>> r = WaitForImports(src, clock, tasks, Options());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(r.status().message(),
              HasSubstr("import task 9 (files /tmp/p/id.npy,/tmp/p/data.npy)"));
  EXPECT_THAT(r.status().message(), HasSubstr("failed to get file size of 'nope/id.npy'"));
}

TEST(WaitForImports, FailedAndCleanedIsAFailureToo) {
  FakeClock clock;
  ScriptedSource src;
  src.Script(1, {St(ImportState::kFailedAndCleaned, 0, "the import task has timed out")});
  src.Script(2, {St(ImportState::kCompleted, 3)});
  std::vector<int64_t> tasks = {1, 2};
  StatusOr<std::vector<ImportTaskState>> r = WaitForImports(src, clock, tasks, Options());
  EXPECT_THAT(r.status().message(), HasSubstr("FailedAndCleaned): the import task has timed out"));
}

TEST(WaitForImports, DeadlineNamesTheUnfinishedTasks) {
  FakeClock clock;
  ScriptedSource src;
  src.Script(3, {St(ImportState::kCompleted)});
  src.Script(4, {St(ImportState::kStarted)});
  std::vector<int64_t> tasks = {3, 4};
  StatusOr<std::vector<ImportTaskState>> r = WaitForImports(src, clock, tasks, Options());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(r.status().message(), HasSubstr("wait for 2 import tasks: not done after 60 s"));
  EXPECT_THAT(r.status().message(), HasSubstr("(task 4 Started)"));
}

TEST(WaitForImports, ToleratesMilvusRestartingMidImport) {
  FakeClock clock;
  ScriptedSource src;
  Status down = absl::UnavailableError("milvus h:1: unreachable");
  src.Script(5, {St(ImportState::kStarted), down, down, St(ImportState::kCompleted, 9)});
  std::vector<int64_t> tasks = {5};
  StatusOr<std::vector<ImportTaskState>> r = WaitForImports(src, clock, tasks, Options());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].row_count, 9);
}

TEST(WaitForImports, PermanentSourceErrorStopsWithContext) {
  FakeClock clock;
  ScriptedSource src;
  src.Script(6, {absl::NotFoundError("milvus GetImportState 6: no such task (code 5)")});
  std::vector<int64_t> tasks = {6};
  StatusOr<std::vector<ImportTaskState>> r = WaitForImports(src, clock, tasks, Options());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(r.status().message(), HasSubstr("wait for import task 6: milvus GetImportState 6"));
}

TEST(ImportTaskError, OkForRunningAndCompleted) {
  EXPECT_TRUE(ImportTaskError(St(ImportState::kPersisted)).ok());
  EXPECT_TRUE(ImportTaskError(St(ImportState::kCompleted)).ok());
  EXPECT_TRUE(IsTerminal(ImportState::kFailed));
  EXPECT_FALSE(IsTerminal(ImportState::kPersisted));
}

}  // namespace
}  // namespace f2m::milvus
