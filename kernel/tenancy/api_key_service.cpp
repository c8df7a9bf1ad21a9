#include "tenancy/api_key_service.hpp"

#include <algorithm>
#include <mutex>
#include <set>

#include "core/page_cursor.hpp"
#include "core/encoding.hpp"
#include "core/hashing.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/random.hpp"
#include "store/autocommit.hpp"
#include "tenancy/application.hpp"

namespace sigid::tenancy {
namespace {

using core::Error;
using core::Result;

constexpr std::size_t kHintLength = 6;
constexpr std::size_t kMaxCachedKeys = 100000;  // bound memory: past it the cache starts over

Error notFound() { return Error::notFound("no such api key"); }

Result<ApiKey> fromRecord(const store::ApiKeyRecord& r) {
  return ApiKey{r.id, r.name, r.hint, splitSpaced(r.scopes), r.expires_at, r.created_at, r.usage_count,
                r.last_used_at};
}

}  // namespace

bool ApiKey::hasScope(std::string_view scope) const {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

ApiKey ApiKeyService::withPendingUsage(const core::TenantId& tenant, ApiKey key) const {
  auto pending = usage_.pending(tenant.str(), key.id);
  key.usage_count += pending.count;
  if (pending.count > 0 && (!key.last_used_at || *key.last_used_at < pending.last_used_at))
    key.last_used_at = pending.last_used_at;
  return key;
}

Result<ApiKeyWithSecret> ApiKeyService::create(const core::Actor& actor, const Tenant& tenant,
                                               const NewApiKey& request,
                                               const std::vector<std::string>* grantor_scopes) {
  SIGID_CHECK(validateTenantName(request.name, "name"));
  if (request.scopes.empty()) return Error::invalidRequest("scopes: at least one scope is required");
  std::set<std::string_view> seen;
  for (const auto& scope : request.scopes) {
    if (std::find(kAdminScopes.begin(), kAdminScopes.end(), scope) == kAdminScopes.end())
      return Error::invalidRequest("scopes: unknown scope; expected admin:applications, admin:api-keys, "
                                   "admin:settings or admin:keys");
    if (!seen.insert(scope).second) return Error::invalidRequest("scopes: duplicate entry");
    if (grantor_scopes && std::find(grantor_scopes->begin(), grantor_scopes->end(), scope) == grantor_scopes->end())
      return Error(core::ErrorCode::Forbidden, "an API key cannot grant a scope it does not hold");
  }
  const auto now = clock_.nowSeconds();
  if (request.expires_at && *request.expires_at <= now)
    return Error::invalidRequest("expires_at: must be in the future");

  const std::string secret = std::string(kApiKeyPrefix) + core::randomToken(32);
  ApiKey key{core::Uuid::v7().str(), request.name, secret.substr(kApiKeyPrefix.size(), kHintLength),
             request.scopes,         request.expires_at, now, 0, std::nullopt};
  store::ApiKeyRecord record{key.id,     key.name, key.hint, core::sha256Hex(secret), joinSpaced(key.scopes),
                             key.expires_at, now,  0,        std::nullopt};
  std::string data = R"({"api_key_id":")" + key.id + R"(","name":)";
  core::appendJsonString(data, key.name);
  data += R"(,"scopes":")" + record.scopes + "\"}";
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_CHECK(keys_.insert(store::TenantScope(tenant.id), c, record));
    SIGID_CHECK(tenant_rows_.bumpConfigVersion(store::TenantScope(tenant.id), c, now));
    return tenants_.audit(c, actor, tenant, "api_key.created", data);
  }));
  return ApiKeyWithSecret{std::move(key), secret};
}

Result<ApiKeyList> ApiKeyService::list(const Tenant& tenant, std::size_t limit,
                                       const std::optional<std::string>& cursor) {
  SIGID_TRY(std::optional<std::string> after, core::decodePageCursor(cursor));
  store::AutoCommit c(db_);
  SIGID_TRY(store::ApiKeyPage page, keys_.list(store::TenantScope(tenant.id), c, limit, after));
  ApiKeyList out;
  for (const auto& record : page.items) {
    SIGID_TRY(ApiKey key, fromRecord(record));
    out.items.push_back(withPendingUsage(tenant.id, std::move(key)));
  }
  if (page.next_after_id) out.next_cursor = core::encodePageCursor(*page.next_after_id);
  return out;
}

Result<ApiKey> ApiKeyService::get(const Tenant& tenant, std::string_view id) {
  auto uuid = core::Uuid::parse(id);
  if (!uuid) return notFound();
  store::AutoCommit c(db_);
  SIGID_TRY(auto found, keys_.findById(store::TenantScope(tenant.id), c, uuid->str()));
  if (!found) return notFound();
  SIGID_TRY(ApiKey key, fromRecord(*found));
  return withPendingUsage(tenant.id, std::move(key));
}

Result<void> ApiKeyService::remove(const core::Actor& actor, const Tenant& tenant, std::string_view id) {
  auto uuid = core::Uuid::parse(id);
  if (!uuid) return notFound();
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(bool removed, keys_.remove(store::TenantScope(tenant.id), c, uuid->str()));
    if (!removed) return notFound();
    SIGID_CHECK(tenant_rows_.bumpConfigVersion(store::TenantScope(tenant.id), c, clock_.nowSeconds()));
    return tenants_.audit(c, actor, tenant, "api_key.deleted", R"({"api_key_id":")" + uuid->str() + "\"}");
  }));
  forget(uuid->str());
  return core::success();
}

void ApiKeyService::forget(const std::string& key_id) {
  std::unique_lock lock(cache_mutex_);
  std::erase_if(cache_, [&](const auto& entry) { return entry.second.key.id == key_id; });
}

Result<std::optional<ApiKey>> ApiKeyService::lookup(const core::TenantId& tenant, std::string_view secret) {
  // Anything not shaped like one of our keys is refused before hashing or a lookup.
  if (!secret.starts_with(kApiKeyPrefix) || secret.size() > 128) return std::optional<ApiKey>{};
  const std::string cache_key = tenant.str() + '/' + core::sha256Hex(secret);
  const auto now_ms = clock_.nowMillis();
  {
    std::shared_lock lock(cache_mutex_);
    auto it = cache_.find(cache_key);
    if (it != cache_.end() && now_ms - it->second.loaded_at_ms < cache_ttl_.count())
      return std::optional<ApiKey>{it->second.key};
  }
  store::AutoCommit c(db_);
  SIGID_TRY(auto found, keys_.findBySecretHash(store::TenantScope(tenant), c, cache_key.substr(tenant.str().size() + 1)));
  std::unique_lock lock(cache_mutex_);
  if (!found) {
    cache_.erase(cache_key);
    return std::optional<ApiKey>{};
  }
  SIGID_TRY(ApiKey key, fromRecord(*found));
  if (cache_.size() >= kMaxCachedKeys) cache_.clear();
  cache_[cache_key] = Cached{key, tenant.str(), now_ms};
  return std::optional<ApiKey>{std::move(key)};
}

Result<std::optional<ApiKey>> ApiKeyService::introspect(const core::TenantId& tenant, std::string_view secret) {
  SIGID_TRY(auto key, lookup(tenant, secret));
  // Expiry comes from the record on every use, cached or not.
  if (!key || key->expired(clock_.nowSeconds())) return std::optional<ApiKey>{};
  return std::optional<ApiKey>{withPendingUsage(tenant, std::move(*key))};
}

Result<ApiKey> ApiKeyService::authenticate(const core::TenantId& tenant, std::string_view secret) {
  SIGID_TRY(auto key, lookup(tenant, secret));
  const auto now = clock_.nowSeconds();
  if (!key || key->expired(now))
    return Error(core::ErrorCode::Unauthenticated, "a valid credential for this tenant is required");
  usage_.record(tenant.str(), key->id, now);
  return std::move(*key);
}

}  // namespace sigid::tenancy
