// The command line: parses argv (CLI11, wrapped here and only here), runs one command from the
// table in commands.h, and turns its Status into one stderr line and an exit status.
#ifndef F2M_CLI_CLI_H_
#define F2M_CLI_CLI_H_

#include <atomic>
#include <ostream>

#include "migrate/config.h"

namespace f2m {

// The outside world a run sees; tests pass string streams and a fake environment.
struct ProcessEnv {
  std::ostream* out;
  std::ostream* err;
  EnvLookup env;
  const std::atomic<bool>* cancel = nullptr;
  bool progress = false;  // draw a progress bar (stderr is a TTY)
  bool init_logging = true;
};

// The real process: stdout, stderr, getenv, the SIGINT/SIGTERM flag (handlers installed).
ProcessEnv RealProcessEnv();

// Runs `faiss2milvus ARGS...`; returns the exit status (see exit_status.h). Never throws
// for bad input; every error is one line "faiss2milvus: error: ..." on penv.err.
int RunCli(int argc, const char* const* argv, const ProcessEnv& penv);

}  // namespace f2m

#endif  // F2M_CLI_CLI_H_
