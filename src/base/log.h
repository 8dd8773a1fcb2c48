// Logging: one line per event to stderr through spdlog. Warnings are on by default, info with
// --verbose (cli decides). Never log a secret: callers pass redacted URLs (see Redact).
// Debian's Abseil has its own absl::string_view, which fmt cannot format: pass
// std::string(status.message()).
#ifndef F2M_BASE_LOG_H_
#define F2M_BASE_LOG_H_

#include <string>
#include <string_view>

#include "spdlog/spdlog.h"

namespace f2m {

enum class LogLevel { kDebug, kInfo, kWarn, kError, kOff };

// Sets the process-wide level and a plain "faiss2milvus: <level>: <message>" pattern.
void InitLogging(LogLevel level);

// Replaces every occurrence of each non-empty secret in `text` with "***".
std::string Redact(std::string_view text, std::initializer_list<std::string_view> secrets);

}  // namespace f2m

#define F2M_LOG_DEBUG(...) spdlog::debug(__VA_ARGS__)
#define F2M_LOG_INFO(...) spdlog::info(__VA_ARGS__)
#define F2M_LOG_WARN(...) spdlog::warn(__VA_ARGS__)
#define F2M_LOG_ERROR(...) spdlog::error(__VA_ARGS__)

#endif  // F2M_BASE_LOG_H_
