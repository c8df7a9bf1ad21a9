#pragma once

#include <chrono>
#include <cstdint>

namespace sigid::events {

// When a failed delivery is tried again. Attempt n (1-based) that failed waits
// base * 2^(n-1), capped at `cap`, then scaled by a random factor in [0.8, 1.2)
// ("jitter") so many deliveries that failed together do not retry together.
// After `max_attempts` attempts the delivery is dead-lettered.
// Defaults (60 s base, 6 h cap, 12 attempts): 1, 2, 4, 8, 16, 32, 64, 128,
// 256 minutes, then 6 h twice: about 21 hours from the first failure.
struct RetrySchedule {
  std::chrono::milliseconds base{60'000};
  std::chrono::milliseconds cap{6 * 3600'000};
  int max_attempts = 12;

  // Delay after failed attempt `attempt` before jitter.
  std::chrono::milliseconds nominalDelay(int attempt) const;
  // With jitter; `unit_random` in [0, 1).
  std::chrono::milliseconds delay(int attempt, double unit_random) const;
  bool exhausted(int attempts) const { return attempts >= max_attempts; }
};

}  // namespace sigid::events
