#include "policy/state_pool.hpp"

#include <functional>
#include <thread>

namespace sigid::policy {

StatePool::Shard& StatePool::shardForThisThread() {
  return shards_[std::hash<std::thread::id>{}(std::this_thread::get_id()) % kShards];
}

std::unique_ptr<LuaSandbox> StatePool::acquire(const std::string& key) {
  Shard& shard = shardForThisThread();
  std::lock_guard lock(shard.mutex);
  auto it = shard.entries.find(key);
  if (it == shard.entries.end() || it->second.idle.empty()) return nullptr;
  auto sandbox = std::move(it->second.idle.back());
  it->second.idle.pop_back();
  it->second.last_used = ++shard.clock;
  return sandbox;
}

void StatePool::release(const std::string& key, std::unique_ptr<LuaSandbox> sandbox) {
  if (!sandbox || !sandbox->healthy()) return;
  std::unique_ptr<LuaSandbox> dropped;  // destroyed after the lock is released
  std::vector<std::unique_ptr<LuaSandbox>> evicted;
  Shard& shard = shardForThisThread();
  std::lock_guard lock(shard.mutex);
  Entry& entry = shard.entries[key];
  entry.last_used = ++shard.clock;
  if (entry.idle.size() >= max_idle_) dropped = std::move(sandbox);
  else entry.idle.push_back(std::move(sandbox));
  if (shard.entries.size() > max_keys_) {  // least recently used policy set goes first
    auto oldest = shard.entries.begin();
    for (auto it = shard.entries.begin(); it != shard.entries.end(); ++it)
      if (it->second.last_used < oldest->second.last_used) oldest = it;
    evicted = std::move(oldest->second.idle);
    shard.entries.erase(oldest);
  }
}

void StatePool::evictPrefix(const std::string& prefix) {
  for (Shard& shard : shards_) {
    std::vector<std::unique_ptr<LuaSandbox>> evicted;
    std::lock_guard lock(shard.mutex);
    for (auto it = shard.entries.begin(); it != shard.entries.end();) {
      if (it->first.rfind(prefix, 0) == 0) {
        for (auto& s : it->second.idle) evicted.push_back(std::move(s));
        it = shard.entries.erase(it);
      } else {
        ++it;
      }
    }
  }
}

std::size_t StatePool::idleCount() const {
  std::size_t count = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    for (const auto& [key, entry] : shard.entries) count += entry.idle.size();
  }
  return count;
}

}  // namespace sigid::policy
