#include "tenancy/api_key_usage.hpp"

#include <algorithm>

namespace sigid::tenancy {

void ApiKeyUsage::record(const std::string& tenant_id, const std::string& key_id, std::int64_t now) {
  std::lock_guard lock(mutex_);
  Pending& p = pending_[keyOf(tenant_id, key_id)];
  ++p.count;
  p.last_used_at = std::max(p.last_used_at, now);
}

ApiKeyUsage::Pending ApiKeyUsage::pending(const std::string& tenant_id, const std::string& key_id) const {
  std::lock_guard lock(mutex_);
  auto it = pending_.find(keyOf(tenant_id, key_id));
  return it == pending_.end() ? Pending{} : it->second;
}

core::Result<void> ApiKeyUsage::flush(store::Database& db) {
  std::unordered_map<std::string, Pending> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(pending_);
  }
  if (batch.empty()) return core::success();
  auto written = db.transaction([&](store::Connection& c) -> core::Result<void> {
    for (const auto& [key, p] : batch) {
      auto slash = key.find('/');
      store::TenantScope scope(core::TenantId(key.substr(0, slash)));
      SIGID_CHECK(keys_.addUsage(scope, c, key.substr(slash + 1), p.count, p.last_used_at));
    }
    return core::success();
  });
  if (!written) {  // keep the counts: merge them back for the next attempt
    std::lock_guard lock(mutex_);
    for (const auto& [key, p] : batch) {
      Pending& current = pending_[key];
      current.count += p.count;
      current.last_used_at = std::max(current.last_used_at, p.last_used_at);
    }
  }
  return written;
}

}  // namespace sigid::tenancy
