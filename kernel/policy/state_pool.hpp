#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "policy/lua_sandbox.hpp"

namespace sigid::policy {

// Idle compiled sandboxes, keyed by what they hold (tenant + policy versions).
// Each thread checks states out of its own shard (chosen by thread id), so a
// busy server keeps one warm state per thread per policy set without threads
// contending on one lock, and without thread_local globals that would outlive
// the engine. A checked-out state belongs to one thread until it is returned;
// an unhealthy one is never returned, only destroyed.
class StatePool {
 public:
  explicit StatePool(std::size_t max_keys_per_shard = 256, std::size_t max_idle_per_key = 4)
      : max_keys_(max_keys_per_shard), max_idle_(max_idle_per_key) {}

  std::unique_ptr<LuaSandbox> acquire(const std::string& key);
  void release(const std::string& key, std::unique_ptr<LuaSandbox> sandbox);
  // Drops idle states of keys that start with `prefix` (a tenant whose policies changed).
  void evictPrefix(const std::string& prefix);
  std::size_t idleCount() const;

 private:
  struct Entry {
    std::vector<std::unique_ptr<LuaSandbox>> idle;
    std::uint64_t last_used = 0;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;
    std::uint64_t clock = 0;
  };
  static constexpr std::size_t kShards = 16;
  Shard& shardForThisThread();

  std::size_t max_keys_;
  std::size_t max_idle_;
  std::array<Shard, kShards> shards_;
};

}  // namespace sigid::policy
