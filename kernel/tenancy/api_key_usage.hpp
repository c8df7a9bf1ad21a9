#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/log.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/repositories/api_key_repository.hpp"

namespace sigid::tenancy {

// API key usage counted in memory and written in batches (DESIGN.md §10: no
// database write per request). flush() runs on a timer and at shutdown; a
// crash loses at most one interval of counts, which is acceptable for a usage
// statistic (it is not billing).
class ApiKeyUsage {
 public:
  struct Pending {
    std::int64_t count = 0;
    std::int64_t last_used_at = 0;
  };

  void record(const std::string& tenant_id, const std::string& key_id, std::int64_t now);
  // What this node counted and has not flushed yet, for the usage endpoint.
  Pending pending(const std::string& tenant_id, const std::string& key_id) const;
  // Writes every pending count in one transaction; on failure the counts are
  // kept for the next flush.
  core::Result<void> flush(store::Database& db);

 private:
  static std::string keyOf(const std::string& tenant_id, const std::string& key_id) { return tenant_id + '/' + key_id; }

  mutable std::mutex mutex_;
  std::unordered_map<std::string, Pending> pending_;  // "tenant/key" -> counts
  store::ApiKeyRepository keys_;
};

}  // namespace sigid::tenancy
