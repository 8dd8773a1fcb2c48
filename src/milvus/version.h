// What the server's version means for bulk import (shared/reference/milvus-import.md §1.7, §4.4,
// §8): how many imports may run at once, the 2.2/2.3 task expiry, and the 2.4.0-2.4.3 refusal.
#ifndef F2M_MILVUS_VERSION_H_
#define F2M_MILVUS_VERSION_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "milvus/clock.h"

namespace f2m::milvus {

struct ServerVersion {
  int major = 0;
  int minor = 0;
  int patch = 0;
  std::string text;  // as the server reported it, e.g. "v2.3.5-lite"

  bool AtLeast(int ma, int mi, int pa) const;
};

// Parses "v2.3.5-lite", "2.4.5", "v2.4.0-rc.1", "v2.2.16-dev+abc". InvalidArgument for text with
// no leading major.minor (an empty version, as custom builds report).
StatusOr<ServerVersion> ParseServerVersion(std::string_view text);

struct ImportPolicy {
  bool allowed = true;
  std::string refusal;                // why not, when !allowed
  int max_in_flight = 1;              // tasks running at once (standalone: one data node)
  std::optional<Duration> task_expiry;  // 2.2/2.3: a started task not done in 900 s fails
  bool count_star = true;             // Query count(*) exists (2.3+)
};

// 2.2/2.3: one import in flight per data node, 900 s expiry. 2.4.0-2.4.3: refused (bulk-insert
// stats logs could be garbage-collected; release notes say upgrade to 2.4.4). 2.4.4+: several in
// flight (the caller's limit applies, the server allows up to 1024 unfinished jobs).
// Before 2.2: refused (no bulk import).
ImportPolicy ImportPolicyFor(const ServerVersion& version);

}  // namespace f2m::milvus

#endif  // F2M_MILVUS_VERSION_H_
