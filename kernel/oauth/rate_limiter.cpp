#include "oauth/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace sigid::oauth {

void RateLimiter::refill(Bucket& bucket, std::int64_t now_ms) const {
  const double elapsed = static_cast<double>(std::max<std::int64_t>(0, now_ms - bucket.updated_ms)) / 1000.0;
  bucket.tokens = std::min(limit_.burst, bucket.tokens + elapsed * limit_.per_second);
  bucket.updated_ms = now_ms;
}

std::optional<std::int64_t> RateLimiter::acquire(std::string_view key) {
  if (!enabled()) return std::nullopt;
  const auto now_ms = clock_.nowMillis();
  Shard& shard = shards_[std::hash<std::string_view>{}(key) % kShards];
  std::lock_guard lock(shard.mutex);
  auto it = shard.buckets.find(std::string(key));
  if (it == shard.buckets.end()) {
    if (shard.buckets.size() >= kMaxPerShard) {
      // A bucket that has refilled completely carries no information.
      for (auto b = shard.buckets.begin(); b != shard.buckets.end();) {
        refill(b->second, now_ms);
        b = b->second.tokens >= limit_.burst ? shard.buckets.erase(b) : std::next(b);
      }
      if (shard.buckets.size() >= kMaxPerShard) shard.buckets.clear();
    }
    it = shard.buckets.emplace(std::string(key), Bucket{std::max(1.0, limit_.burst), now_ms}).first;
  }
  Bucket& bucket = it->second;
  refill(bucket, now_ms);
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return std::nullopt;
  }
  const double wait = (1.0 - bucket.tokens) / limit_.per_second;
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(wait)));
}

}  // namespace sigid::oauth
