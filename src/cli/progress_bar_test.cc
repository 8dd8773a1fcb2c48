#include "cli/progress_bar.h"

#include <cstdio>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace f2m {
namespace {

using ::testing::HasSubstr;

std::string Contents(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  for (int c; (c = std::fgetc(f)) != EOF;) s.push_back(static_cast<char>(c));
  return s;
}

TEST(ProgressBarTest, RendersPlainWithoutColor) {
  ProgressBar bar(stderr, true, false);
  EXPECT_EQ(bar.Render(50, 100), "[===============               ] 50.0% 50/100 rows");
  EXPECT_THAT(ProgressBar(stderr, true, true).Render(1, 2), HasSubstr("\033[32m"));
}

TEST(ProgressBarTest, DrawsOnlyWhenTheValueChanges) {
  std::FILE* f = std::tmpfile();
  {
    ProgressBar bar(f, true, false);
    bar.Update(1, 10000);
    bar.Update(2, 10000);  // same 0.0%: not drawn again
    bar.Update(5000, 10000);
  }
  std::string s = Contents(f);
  EXPECT_EQ(std::count(s.begin(), s.end(), '\r'), 2) << s;
  EXPECT_EQ(s.back(), '\n');
  std::fclose(f);
}

TEST(ProgressBarTest, DisabledDrawsNothing) {
  std::FILE* f = std::tmpfile();
  {
    ProgressBar bar(f, false, false);
    bar.Update(1, 2);
  }
  EXPECT_EQ(Contents(f), "");
  std::fclose(f);
}

}  // namespace
}  // namespace f2m
