#include "migrate/part_queue.h"

#include <thread>

#include "gtest/gtest.h"

namespace f2m {
namespace {

TEST(PartQueueTest, PopsInOrderUpToMax) {
  PartQueue q;
  for (size_t i = 0; i < 5; ++i) q.Push(i);
  EXPECT_EQ(q.PopUpTo(2), (std::vector<size_t>{0, 1}));
  EXPECT_EQ(q.PopUpTo(9), (std::vector<size_t>{2, 3, 4}));
}

TEST(PartQueueTest, ClosedAndDrainedGivesNothing) {
  PartQueue q;
  q.Push(7);
  q.Close();
  EXPECT_EQ(q.PopUpTo(1), (std::vector<size_t>{7}));
  EXPECT_TRUE(q.PopUpTo(1).empty());
}

TEST(PartQueueTest, PopWaitsForAPush) {
  PartQueue q;
  std::thread t([&] { q.Push(3); });
  EXPECT_EQ(q.PopUpTo(4), (std::vector<size_t>{3}));
  t.join();
}

}  // namespace
}  // namespace f2m
