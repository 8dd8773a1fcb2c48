// StrCat for our own code. Debian's Abseil is built with its own absl::string_view (not
// std::string_view), so absl::StrCat rejects std::string_view arguments; this one takes
// anything streamable as text: strings, string views, chars arrays, integers, floats.
#ifndef F2M_BASE_STRINGS_H_
#define F2M_BASE_STRINGS_H_

#include <charconv>
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/string_view.h"

namespace f2m {
namespace strings_internal {

inline void Append(std::string& out, std::string_view s) { out.append(s.data(), s.size()); }
inline void Append(std::string& out, const char* s) { out.append(s); }
inline void Append(std::string& out, const std::string& s) { out.append(s); }
inline void Append(std::string& out, absl::string_view s) { out.append(s.data(), s.size()); }
inline void Append(std::string& out, char c) { out.push_back(c); }
inline void Append(std::string& out, bool b) { out.append(b ? "true" : "false"); }
template <typename T, typename = std::enable_if_t<std::is_arithmetic_v<T>>>
void Append(std::string& out, T v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, r.ptr);
}

}  // namespace strings_internal

template <typename... Args>
std::string StrCat(const Args&... args) {
  std::string out;
  (strings_internal::Append(out, args), ...);
  return out;
}

}  // namespace f2m

#endif  // F2M_BASE_STRINGS_H_
