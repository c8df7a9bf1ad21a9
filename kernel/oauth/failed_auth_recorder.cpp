#include "oauth/failed_auth_recorder.hpp"

#include "core/ids.hpp"
#include "core/log.hpp"

namespace sigid::oauth {

void FailedAuthRecorder::record(const core::TenantId& tenant, const std::string& client_id, ClientAuthFailure reason,
                                std::string_view source_ip) {
  const auto now = clock_.nowMillis();
  std::lock_guard lock(mutex_);
  Key key{tenant.str(), client_id, reason};
  auto it = groups_.find(key);
  if (it == groups_.end()) {
    if (groups_.size() >= kMaxGroups) {
      ++dropped_;
      return;
    }
    it = groups_.emplace(std::move(key), Group{0, now, now, {}}).first;
  }
  ++it->second.count;
  it->second.last_ms = now;
  it->second.last_ip = std::string(source_ip.substr(0, 64));
}

core::Result<FailedAuthRecorder::FlushReport> FailedAuthRecorder::flush(store::Database& db) {
  std::map<Key, Group> batch;
  FlushReport report;
  {
    std::lock_guard lock(mutex_);
    batch.swap(groups_);
    report.dropped = std::exchange(dropped_, 0);
  }
  if (batch.empty()) return report;
  SIGID_CHECK(db.transaction([&](store::Connection& c) -> core::Result<void> {
    for (const auto& [key, group] : batch) {
      const auto& [tenant, client_id, reason] = key;
      std::string data = R"({"reason":")" + std::string(toString(reason)) +
                         R"(","count":)" + std::to_string(group.count) +
                         R"(,"first_at_ms":)" + std::to_string(group.first_ms) +
                         R"(,"last_at_ms":)" + std::to_string(group.last_ms) + "}";
      store::AuditRecord record{core::Uuid::v7().str(), group.last_ms, "client.authentication_failed",
                                "client", client_id.empty() ? "unknown" : client_id, "application",
                                client_id.empty() ? "unknown" : client_id, group.last_ip, "", "failure",
                                std::move(data)};
      SIGID_CHECK(audit_.append(store::TenantScope(core::TenantId(tenant)), c, record));
    }
    return core::success();
  }));
  report.rows = batch.size();
  return report;
}

}  // namespace sigid::oauth
