#include "milvus/version.h"

#include <charconv>
#include <tuple>

namespace f2m::milvus {
namespace {

// Reads a decimal number at the front of `s`, advancing it.
bool TakeNumber(std::string_view& s, int& out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || ptr == s.data()) return false;
  s.remove_prefix(static_cast<size_t>(ptr - s.data()));
  return true;
}

bool TakeDot(std::string_view& s) {
  if (s.empty() || s.front() != '.') return false;
  s.remove_prefix(1);
  return true;
}

}  // namespace

bool ServerVersion::AtLeast(int ma, int mi, int pa) const {
  return std::tie(major, minor, patch) >= std::tie(ma, mi, pa);
}

StatusOr<ServerVersion> ParseServerVersion(std::string_view text) {
  ServerVersion v;
  v.text = std::string(text);
  std::string_view s = text;
  if (!s.empty() && (s.front() == 'v' || s.front() == 'V')) s.remove_prefix(1);
  if (!TakeNumber(s, v.major) || !TakeDot(s) || !TakeNumber(s, v.minor)) {
    return absl::InvalidArgumentError(
        StrCat("parse milvus version \"", text, "\": expected v<major>.<minor>[.<patch>]"));
  }
  std::string_view rest = s;
  if (TakeDot(rest) && TakeNumber(rest, v.patch)) s = rest;
  return v;
}

ImportPolicy ImportPolicyFor(const ServerVersion& v) {
  ImportPolicy p;
  p.count_star = v.AtLeast(2, 3, 0);
  if (!v.AtLeast(2, 2, 0)) {
    p.allowed = false;
    p.refusal = StrCat("milvus ", v.text, ": bulk import needs Milvus 2.2 or newer");
  } else if (!v.AtLeast(2, 4, 0)) {
    p.max_in_flight = 1;
    p.task_expiry = Duration(900 * 1000);
  } else if (!v.AtLeast(2, 4, 4)) {
    p.allowed = false;
    p.refusal = StrCat("milvus ", v.text,
                       ": bulk import refused on 2.4.0-2.4.3: bulk-insert stats logs could be "
                       "garbage-collected (release notes: upgrade to v2.4.4 or later)");
  } else {
    p.max_in_flight = 1024;
  }
  return p;
}

}  // namespace f2m::milvus
