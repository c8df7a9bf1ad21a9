#include "oauth/rate_limiter.hpp"

#include <gtest/gtest.h>

using namespace sigid;
using namespace std::chrono_literals;

TEST(RateLimiter, AllowsTheBurstThenRefillsAtTheRate) {
  core::ManualClock clock(std::chrono::system_clock::now());
  oauth::RateLimiter limiter({2, 3}, clock);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.acquire("client"));
  auto wait = limiter.acquire("client");
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 1) << "Retry-After is whole seconds, at least 1";
  EXPECT_FALSE(limiter.acquire("other")) << "buckets are per key";
  clock.advance(500ms);  // 2/s: one token back
  EXPECT_FALSE(limiter.acquire("client"));
  EXPECT_TRUE(limiter.acquire("client"));
  clock.advance(10s);  // never more than the burst
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.acquire("client"));
  EXPECT_TRUE(limiter.acquire("client"));
}

TEST(RateLimiter, SlowRatesAskForALongerWait) {
  core::ManualClock clock(std::chrono::system_clock::now());
  oauth::RateLimiter limiter({1, 1}, clock);
  EXPECT_FALSE(limiter.acquire("ip"));
  oauth::RateLimiter slow({0, 1}, clock);
  EXPECT_FALSE(slow.enabled());
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(slow.acquire("ip")) << "0 per second disables the limit";
}

TEST(RateLimiter, ManyKeysStayBounded) {
  core::ManualClock clock(std::chrono::system_clock::now());
  oauth::RateLimiter limiter({1, 1}, clock);
  for (int i = 0; i < 300000; ++i) limiter.acquire("k" + std::to_string(i));
  SUCCEED() << "no unbounded growth: shards forget full buckets";
}
