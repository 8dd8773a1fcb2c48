#include "cli/cli.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <mutex>

#include "CLI/CLI.hpp"
#include "base/log.h"
#include "cli/commands.h"
#include "cli/exit_status.h"
#include "cli/interrupt.h"

namespace f2m {
namespace {

constexpr char kVersionLine[] = "faiss2milvus " F2M_VERSION "\n";

int Fail(const ProcessEnv& penv, const Status& s) {
  std::string msg(s.message());
  std::replace(msg.begin(), msg.end(), '\n', ' ');
  *penv.err << "faiss2milvus: error: " << msg << "\n";
  return ExitStatusFor(s);
}

// Help for the command named in argv, or the top-level usage.
std::string HelpFor(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    if (const Command* c = FindCommand(argv[i])) return CommandHelp(*c);
  }
  return UsageText();
}

void SetUpLogging(bool verbose) {
  static std::once_flag once;
  std::call_once(once, [] { InitLogging(LogLevel::kWarn); });
  spdlog::set_level(verbose ? spdlog::level::info : spdlog::level::warn);
}

}  // namespace

ProcessEnv RealProcessEnv() {
  InstallInterruptHandlers();
  ProcessEnv p;
  p.out = &std::cout;
  p.err = &std::cerr;
  p.env = [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
  p.cancel = &InterruptFlag();
  p.progress = ::isatty(STDERR_FILENO);
  return p;
}

int RunCli(int argc, const char* const* argv, const ProcessEnv& penv) {
  CommandContext ctx;
  bool version = false;
  CLI::App app("faiss2milvus");
  app.add_option("--config", ctx.config_path);
  app.add_flag("-v,--verbose", ctx.verbose);
  app.add_flag("--version", version);
  app.require_subcommand(0, 1);
  app.fallthrough();
  for (const Command& c : Commands()) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    sub->fallthrough();
    if (c.index_args) {
      sub->add_option("INDEX", ctx.index_path)->required();
      sub->add_flag("--json", ctx.json);
    }
    if (c.drop_flag) {
      sub->add_flag("--drop-existing", ctx.drop_existing,
                    "drop the collection first if it exists (deletes its data)");
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    *penv.out << HelpFor(argc, argv);
    return kExitSuccess;
  } catch (const CLI::ParseError& e) {
    return Fail(penv, UsageError(absl::InvalidArgumentError(
                          StrCat("parse arguments: ", e.what(), " (try --help)"))));
  }
  if (version) {
    *penv.out << kVersionLine;
    return kExitSuccess;
  }
  const Command* command = nullptr;
  for (CLI::App* sub : app.get_subcommands()) command = FindCommand(sub->get_name());
  if (command == nullptr) {
    return Fail(penv, UsageError(absl::InvalidArgumentError(
                          "parse arguments: no command given (try --help)")));
  }
  if (penv.init_logging) SetUpLogging(ctx.verbose);
  ctx.env = penv.env;
  ctx.out = penv.out;
  ctx.cancel = penv.cancel;
  ctx.progress = penv.progress;
  Status s = command->run(ctx);
  if (!s.ok()) return Fail(penv, s);
  return kExitSuccess;
}

}  // namespace f2m
