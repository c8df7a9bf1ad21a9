#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "oauth/client_authentication.hpp"
#include "store/database.hpp"
#include "store/repositories/audit_repository.hpp"

namespace sigid::oauth {

// Failed client authentications, audited in batches (DESIGN.md §10: no audit
// write per hot-path request). Failures are aggregated per (tenant, client,
// reason) and flush() writes one audit row per group with its count, first and
// last time and last source address. The number of groups held between flushes
// is bounded; failures past it are counted as dropped and reported by flush()
// in the log, so a flood cannot exhaust memory or the audit table.
class FailedAuthRecorder {
 public:
  explicit FailedAuthRecorder(const core::Clock& clock) : clock_(clock) {}

  // `client_id` must be a client that exists in the tenant, or empty: a
  // presented but unknown id is attacker input and is never stored.
  void record(const core::TenantId& tenant, const std::string& client_id, ClientAuthFailure reason,
              std::string_view source_ip);

  struct FlushReport {
    std::size_t rows = 0;
    std::uint64_t dropped = 0;
  };
  core::Result<FlushReport> flush(store::Database& db);

  static constexpr std::size_t kMaxGroups = 1000;

 private:
  struct Group {
    std::uint64_t count = 0;
    std::int64_t first_ms = 0;
    std::int64_t last_ms = 0;
    std::string last_ip;
  };
  using Key = std::tuple<std::string, std::string, ClientAuthFailure>;  // tenant, client, reason

  const core::Clock& clock_;
  std::mutex mutex_;
  std::map<Key, Group> groups_;
  std::uint64_t dropped_ = 0;
  store::AuditRepository audit_;
};

}  // namespace sigid::oauth
