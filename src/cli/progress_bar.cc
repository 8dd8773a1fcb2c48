#include "cli/progress_bar.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "base/strings.h"

namespace f2m {
namespace {
constexpr int kWidth = 30;
}  // namespace

ProgressBar::ProgressBar(std::FILE* out, bool enabled, bool color)
    : out_(out), enabled_(enabled), color_(color) {}

ProgressBar::~ProgressBar() { Finish(); }

ProgressBar ProgressBar::ForStderr() {
  const char* term = std::getenv("TERM");
  bool tty = ::isatty(STDERR_FILENO) && !(term != nullptr && std::strcmp(term, "dumb") == 0);
  const char* no_color = std::getenv("NO_COLOR");
  return ProgressBar(stderr, tty, no_color == nullptr || no_color[0] == '\0');
}

std::string ProgressBar::Render(uint64_t done, uint64_t total) const {
  uint64_t permille = total == 0 ? 1000 : done * 1000 / total;
  int filled = static_cast<int>(permille * kWidth / 1000);
  std::string bar(static_cast<size_t>(filled), '=');
  bar.append(static_cast<size_t>(kWidth - filled), ' ');
  if (color_) bar = StrCat("\033[32m", bar, "\033[0m");
  return StrCat("[", bar, "] ", permille / 10, ".", permille % 10, "% ", done, "/", total,
                " rows");
}

void ProgressBar::Update(uint64_t done, uint64_t total) {
  if (!enabled_) return;
  int permille = static_cast<int>(total == 0 ? 1000 : done * 1000 / total);
  if (permille == last_permille_) return;
  last_permille_ = permille;
  std::fprintf(out_, "\r%s", Render(done, total).c_str());
  std::fflush(out_);
  drawn_ = true;
}

void ProgressBar::Finish() {
  if (!drawn_) return;
  std::fputc('\n', out_);
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace f2m
