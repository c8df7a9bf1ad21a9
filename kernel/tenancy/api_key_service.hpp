#pragma once

#include <chrono>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/repositories/api_key_repository.hpp"
#include "store/repositories/tenant_repository.hpp"
#include "tenancy/api_key.hpp"
#include "tenancy/api_key_usage.hpp"
#include "tenancy/tenant_service.hpp"

namespace sigid::tenancy {

struct NewApiKey {
  std::string name;
  std::vector<std::string> scopes;
  std::optional<std::int64_t> expires_at;  // epoch seconds; absent: never expires
};

struct ApiKeyWithSecret {
  ApiKey key;
  std::string secret;  // shown once
};

struct ApiKeyList {
  std::vector<ApiKey> items;
  std::optional<std::string> next_cursor;
};

// Tenant API keys: created, listed, deleted and checked. Keys are looked up by
// SHA-256 within the tenant named by the request path, so a key of tenant A is
// unknown at tenant B. Checked keys are cached for `cache_ttl` (other nodes see a
// deletion within it); expiry is checked on every use from the cached record, so
// a stale cache never lets an expired key through. Usage is counted in memory
// (ApiKeyUsage) and flushed in batches.
class ApiKeyService {
 public:
  ApiKeyService(store::Database& db, const core::Clock& clock, TenantService& tenants,
                std::chrono::milliseconds cache_ttl)
      : db_(db), clock_(clock), tenants_(tenants), cache_ttl_(cache_ttl) {}

  // `grantor_scopes`: the scopes of the API key making the call, if one is: a
  // key cannot mint a key with more power than it has itself.
  core::Result<ApiKeyWithSecret> create(const core::Actor& actor, const Tenant& tenant, const NewApiKey& request,
                                        const std::vector<std::string>* grantor_scopes);
  core::Result<ApiKeyList> list(const Tenant& tenant, std::size_t limit, const std::optional<std::string>& cursor);
  core::Result<ApiKey> get(const Tenant& tenant, std::string_view id);
  core::Result<void> remove(const core::Actor& actor, const Tenant& tenant, std::string_view id);

  // The key behind `secret`, if it belongs to this tenant and has not expired.
  // Does not count usage.
  core::Result<std::optional<ApiKey>> introspect(const core::TenantId& tenant, std::string_view secret);
  // As introspect, but Unauthenticated when the key is unknown or expired, and
  // counted as a use.
  core::Result<ApiKey> authenticate(const core::TenantId& tenant, std::string_view secret);

  core::Result<void> flushUsage() { return usage_.flush(db_); }

 private:
  struct Cached {
    ApiKey key;
    std::string tenant_id;
    std::int64_t loaded_at_ms = 0;
  };
  core::Result<std::optional<ApiKey>> lookup(const core::TenantId& tenant, std::string_view secret);
  ApiKey withPendingUsage(const core::TenantId& tenant, ApiKey key) const;
  void forget(const std::string& key_id);

  store::Database& db_;
  const core::Clock& clock_;
  TenantService& tenants_;
  std::chrono::milliseconds cache_ttl_;
  store::ApiKeyRepository keys_;
  store::TenantRepository tenant_rows_;
  ApiKeyUsage usage_;
  std::shared_mutex cache_mutex_;
  std::unordered_map<std::string, Cached> cache_;  // "tenant_id/sha256" -> key
};

}  // namespace sigid::tenancy
