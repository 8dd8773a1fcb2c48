// SIGINT/SIGTERM handling: the first signal sets a flag that long operations poll (the dump
// pipeline stops with Cancelled, leaving nothing that claims to be complete); a second signal
// kills the process the default way.
#ifndef F2M_CLI_INTERRUPT_H_
#define F2M_CLI_INTERRUPT_H_

#include <atomic>

namespace f2m {

// Installs the handlers (idempotent).
void InstallInterruptHandlers();
// Becomes true once SIGINT or SIGTERM arrived.
std::atomic<bool>& InterruptFlag();

}  // namespace f2m

#endif  // F2M_CLI_INTERRUPT_H_
