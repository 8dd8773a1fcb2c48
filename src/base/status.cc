#include "base/status.h"

namespace f2m {

Status Annotate(const Status& s, std::string_view prefix) {
  if (s.ok()) return s;
  return Status(s.code(), StrCat(prefix, ": ", s.message()));
}

bool IsRetryable(const Status& s) {
  switch (s.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kAborted:
      return true;
    default:
      return false;
  }
}

}  // namespace f2m
