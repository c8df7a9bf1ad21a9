#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"

namespace sigid::oauth {

struct RateLimit {
  double per_second = 0;  // refill rate; 0 disables the limit
  double burst = 0;       // bucket size: requests allowed at once after a quiet period
};

// Token buckets keyed by a string (a client id, a source address). Brute-force
// protection for the endpoints that check client secrets (DESIGN.md §11).
// Per node: with N nodes behind a balancer the effective limit is up to N times
// higher, which is fine for slowing guessing down (docs/operators.md).
class RateLimiter {
 public:
  RateLimiter(RateLimit limit, const core::Clock& clock) : limit_(limit), clock_(clock) {}

  // nullopt when the request may proceed; otherwise whole seconds until it
  // could (for Retry-After, RFC 6585 §4), at least 1.
  std::optional<std::int64_t> acquire(std::string_view key);

  bool enabled() const { return limit_.per_second > 0; }

 private:
  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kMaxPerShard = 8192;  // bounded: full buckets are forgotten first
  struct Bucket {
    double tokens = 0;
    std::int64_t updated_ms = 0;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Bucket> buckets;
  };
  void refill(Bucket& bucket, std::int64_t now_ms) const;

  RateLimit limit_;
  const core::Clock& clock_;
  Shard shards_[kShards];
};

}  // namespace sigid::oauth
