// Status and StatusOr for every fallible call in faiss2milvus (Abseil's, with gRPC's canonical
// codes), plus the two propagation macros Debian's Abseil 20220623 lacks. Our code never throws:
// throwing libraries are wrapped at one adapter each. Messages read `<operation> <object>: <cause>`
// and gain context as they travel up (see Annotate).
#ifndef F2M_BASE_STATUS_H_
#define F2M_BASE_STATUS_H_

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/strings.h"

namespace f2m {

using Status = absl::Status;
template <typename T>
using StatusOr = absl::StatusOr<T>;

// Returns `s` with `prefix: ` put in front of its message; OK stays OK. Keeps the code.
Status Annotate(const Status& s, std::string_view prefix);

// True for codes a caller may retry (Unavailable, DeadlineExceeded, ResourceExhausted, Aborted).
bool IsRetryable(const Status& s);

}  // namespace f2m

#define F2M_CONCAT_INNER_(a, b) a##b
#define F2M_CONCAT_(a, b) F2M_CONCAT_INNER_(a, b)

// Returns from the current function if `expr` (a Status) is not OK.
#define F2M_RETURN_IF_ERROR(expr)               \
  do {                                          \
    ::f2m::Status f2m_status_ = (expr);         \
    if (!f2m_status_.ok()) return f2m_status_;  \
  } while (0)

// `lhs = value of expr` (a StatusOr), or return its error.
#define F2M_ASSIGN_OR_RETURN(lhs, expr) \
  F2M_ASSIGN_OR_RETURN_IMPL_(F2M_CONCAT_(f2m_statusor_, __LINE__), lhs, expr)
#define F2M_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()

#endif  // F2M_BASE_STATUS_H_
