#include "http/worker_gate.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using namespace sigid::http;
using namespace std::chrono_literals;

namespace {

TEST(WorkerGateTest, RunsOnlyTheNormalNumberUntilAWorkerStalls) {
  WorkerGate gate(3, 1, 5ms);
  ASSERT_TRUE(gate.enter());
  std::atomic<bool> second_in{false};
  std::thread second([&] {
    if (gate.enter()) second_in = true;
  });
  std::this_thread::sleep_for(30ms);
  EXPECT_FALSE(second_in.load());  // one worker runs normally

  gate.beginRequest(0);  // the running worker blocks in a handler
  std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(gate.tick());
  second.join();
  EXPECT_TRUE(second_in.load());  // a parked worker was let in
  EXPECT_FALSE(gate.shouldStepAside());

  gate.endRequest(0);  // the stall is over: one of the two should step aside
  gate.tick();
  EXPECT_TRUE(gate.shouldStepAside());
  gate.leave();
  EXPECT_FALSE(gate.shouldStepAside());
  gate.leave();
}

TEST(WorkerGateTest, CloseReleasesParkedWorkers) {
  WorkerGate gate(2, 1, 5ms);
  ASSERT_TRUE(gate.enter());
  std::atomic<int> result{-1};
  std::thread parked([&] { result = gate.enter() ? 1 : 0; });
  std::this_thread::sleep_for(20ms);
  gate.close();
  parked.join();
  EXPECT_EQ(result.load(), 0);
  EXPECT_FALSE(gate.enter());
}

TEST(WorkerGateTest, NormalNumberIsBoundedByTheWorkers) {
  WorkerGate gate(2, 8, 5ms);
  EXPECT_EQ(gate.runningNormally(), 2u);
  EXPECT_GE(usableCpus(), 1u);
}

}  // namespace
