#include "base/log.h"

#include "spdlog/sinks/stdout_sinks.h"

namespace f2m {

void InitLogging(LogLevel level) {
  // Safe to call more than once: the logger is created once and reused.
  auto logger = spdlog::get("f2m");
  if (!logger) logger = spdlog::stderr_logger_st("f2m");
  logger->set_pattern("faiss2milvus: %l: %v");
  spdlog::set_default_logger(logger);
  switch (level) {
    case LogLevel::kDebug: spdlog::set_level(spdlog::level::debug); break;
    case LogLevel::kInfo: spdlog::set_level(spdlog::level::info); break;
    case LogLevel::kWarn: spdlog::set_level(spdlog::level::warn); break;
    case LogLevel::kError: spdlog::set_level(spdlog::level::err); break;
    case LogLevel::kOff: spdlog::set_level(spdlog::level::off); break;
  }
}

std::string Redact(std::string_view text, std::initializer_list<std::string_view> secrets) {
  std::string out(text);
  for (std::string_view s : secrets) {
    if (s.empty()) continue;
    for (size_t pos = out.find(s); pos != std::string::npos; pos = out.find(s, pos + 3)) {
      out.replace(pos, s.size(), "***");
    }
  }
  return out;
}

}  // namespace f2m
