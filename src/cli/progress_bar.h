// A one-line progress bar on stderr, drawn only on a terminal and only when the shown value
// changes; colour only when NO_COLOR is unset. Off, it costs a branch per update.
#ifndef F2M_CLI_PROGRESS_BAR_H_
#define F2M_CLI_PROGRESS_BAR_H_

#include <cstdint>
#include <cstdio>
#include <string>

namespace f2m {

class ProgressBar {
 public:
  // `enabled`: draw at all (stderr is a TTY); `color`: NO_COLOR is unset.
  ProgressBar(std::FILE* out, bool enabled, bool color);
  ~ProgressBar();
  // For the real terminal: enabled when stderr is a TTY and TERM is not "dumb".
  static ProgressBar ForStderr();

  void Update(uint64_t done, uint64_t total);
  // Ends the line (if anything was drawn).
  void Finish();

  // The line drawn for `done` of `total` (without "\r"), for tests.
  std::string Render(uint64_t done, uint64_t total) const;

 private:
  std::FILE* out_;
  bool enabled_, color_;
  int last_permille_ = -1;
  bool drawn_ = false;
};

}  // namespace f2m

#endif  // F2M_CLI_PROGRESS_BAR_H_
