#include "cli/exit_status.h"

namespace f2m {
namespace {
constexpr char kUsageUrl[] = "faiss2milvus/usage";
}  // namespace

Status UsageError(Status s) {
  if (!s.ok()) s.SetPayload(kUsageUrl, absl::Cord("1"));
  return s;
}

ExitStatus ExitStatusFor(const Status& s) {
  if (s.ok()) return kExitSuccess;
  if (absl::IsCancelled(s)) return kExitInterrupted;
  if (s.GetPayload(kUsageUrl).has_value()) return kExitUsage;
  return kExitFailure;
}

}  // namespace f2m
