// The subcommands of faiss2milvus: ONE table (name, synopsis, help, handler) that drives both
// dispatch and --help, like ninja's kTools. Adding a command is one row and one handler.
#ifndef F2M_CLI_COMMANDS_H_
#define F2M_CLI_COMMANDS_H_

#include <atomic>
#include <ostream>
#include <string>
#include <vector>

#include "base/status.h"
#include "migrate/config.h"

namespace f2m {

// What a handler gets: parsed arguments and the process's outside world.
struct CommandContext {
  std::string config_path = kDefaultConfigPath;
  bool verbose = false;
  std::string index_path;  // inspect INDEX
  bool json = false;       // inspect --json
  EnvLookup env;
  std::ostream* out = nullptr;               // results (stdout)
  const std::atomic<bool>* cancel = nullptr;  // SIGINT/SIGTERM
  bool progress = false;                     // draw a progress bar on stderr
  bool drop_existing = false;                // load/migrate --drop-existing
};

struct Command {
  const char* name;
  const char* synopsis;  // arguments after the name
  const char* help;      // one line
  bool index_args;       // takes INDEX and --json (inspect)
  bool drop_flag;        // takes --drop-existing (load, migrate); cli.cc registers it
  Status (*run)(const CommandContext& ctx);
};

// Every command, in --help order.
const std::vector<Command>& Commands();
const Command* FindCommand(const std::string& name);

// "usage: faiss2milvus ..." with one line per command, from the table.
std::string UsageText();
// Help for one command.
std::string CommandHelp(const Command& command);

}  // namespace f2m

#endif  // F2M_CLI_COMMANDS_H_
