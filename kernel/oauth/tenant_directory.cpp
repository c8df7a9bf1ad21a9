#include "oauth/tenant_directory.hpp"

#include <algorithm>

#include "core/encoding.hpp"
#include "store/autocommit.hpp"
#include "tenancy/application.hpp"
#include "tenancy/tenant_service.hpp"

namespace sigid::oauth {
namespace {

using core::Error;
using core::Result;

// Unknown slugs are remembered too; past this many entries they are dropped
// first, so a scan of random slugs cannot grow memory without bound.
constexpr std::size_t kMaxEntries = 20000;

Error noSuchTenant() { return Error::notFound("no such tenant"); }

ClientEntry clientFromRecord(const store::ApplicationRecord& r, std::int64_t now) {
  ClientEntry c;
  c.client_id = r.client_id;
  c.application_id = r.id;
  c.confidential = r.client_type == "confidential";
  if (auto raw = core::hexDecode(r.secret_sha256)) c.secret_sha256 = *raw;
  if (r.previous_secret_sha256 && r.previous_secret_expires_at && *r.previous_secret_expires_at > now) {
    if (auto raw = core::hexDecode(*r.previous_secret_sha256)) c.previous_secret_sha256 = *raw;
    c.previous_secret_expires_at = *r.previous_secret_expires_at;
  }
  c.grant_types = tenancy::splitSpaced(r.grant_types);
  c.scopes = tenancy::splitSpaced(r.scopes);
  c.audience = r.audience.empty() ? r.client_id : r.audience;
  c.access_token_ttl = r.access_token_ttl;
  if (auto alg = core::crypto::parseJwsAlgorithm(r.signing_alg)) c.signing_alg = *alg;
  c.name = r.name;
  c.redirect_uris = tenancy::splitSpaced(r.redirect_uris);
  c.post_logout_redirect_uris = tenancy::splitSpaced(r.post_logout_redirect_uris);
  return c;
}

}  // namespace

bool ClientEntry::allowsGrant(std::string_view grant) const {
  return std::find(grant_types.begin(), grant_types.end(), grant) != grant_types.end();
}

bool ClientEntry::hasScope(std::string_view scope) const {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

Result<std::shared_ptr<const TenantSnapshot>> TenantDirectory::find(std::string_view slug) {
  std::shared_ptr<Entry> entry;
  {
    std::shared_lock lock(mutex_);
    auto it = by_slug_.find(std::string(slug));
    if (it != by_slug_.end()) entry = it->second;
  }
  if (entry && clock_.nowMillis() - entry->checked_at_ms.load(std::memory_order_relaxed) < refresh_ms_) {
    if (!entry->snapshot) return noSuchTenant();
    return entry->snapshot;
  }
  // Only well-formed slugs can name a tenant; anything else never reaches the database.
  if (!tenancy::validateSlug(slug).ok()) return noSuchTenant();
  return refresh(std::string(slug), entry);
}

Result<std::shared_ptr<const TenantSnapshot>> TenantDirectory::refresh(const std::string& slug,
                                                                       const std::shared_ptr<Entry>& stale) {
  std::unique_lock refreshing(refresh_mutex_, std::defer_lock);
  if (stale && stale->snapshot) {
    // Someone else is already refreshing: the previous snapshot is at most one
    // interval old, which is the convergence the design promises anyway.
    if (!refreshing.try_lock()) return stale->snapshot;
  } else {
    refreshing.lock();
  }
  {
    std::shared_lock lock(mutex_);
    auto it = by_slug_.find(slug);
    if (it != by_slug_.end() && it->second != stale &&
        clock_.nowMillis() - it->second->checked_at_ms.load() < refresh_ms_) {
      if (!it->second->snapshot) return noSuchTenant();
      return it->second->snapshot;
    }
  }
  store::AutoCommit c(db_);
  SIGID_TRY(auto row, tenants_.findBySlug(c, slug));
  if (!row) {
    store(slug, nullptr);
    return noSuchTenant();
  }
  if (stale && stale->snapshot && stale->snapshot->tenant.config_version == row->config_version) {
    stale->checked_at_ms.store(clock_.nowMillis());
    return stale->snapshot;
  }
  SIGID_TRY(auto snapshot, build(*row));
  store(slug, snapshot);
  return snapshot;
}

Result<std::shared_ptr<const TenantSnapshot>> TenantDirectory::build(const store::TenantRecord& row) {
  SIGID_TRY(tenancy::Tenant tenant, tenancy::tenantFromRecord(row));
  auto snapshot = std::make_shared<TenantSnapshot>();
  snapshot->issuer = issuerFor(tenant.slug);
  store::AutoCommit c(db_);
  SIGID_TRY(auto apps, apps_.listActive(store::TenantScope(tenant.id), c));
  const auto now = clock_.nowSeconds();
  for (const auto& app : apps) snapshot->clients.emplace(app.client_id, clientFromRecord(app, now));
  snapshot->tenant = std::move(tenant);
  return std::shared_ptr<const TenantSnapshot>(std::move(snapshot));
}

void TenantDirectory::store(const std::string& slug, std::shared_ptr<const TenantSnapshot> snapshot) {
  auto entry = std::make_shared<Entry>();
  entry->snapshot = std::move(snapshot);
  entry->checked_at_ms.store(clock_.nowMillis());
  std::unique_lock lock(mutex_);
  if (by_slug_.size() >= kMaxEntries) std::erase_if(by_slug_, [](const auto& e) { return !e.second->snapshot; });
  if (by_slug_.size() >= kMaxEntries) by_slug_.clear();
  by_slug_[slug] = std::move(entry);
}

void TenantDirectory::invalidate(const core::TenantId& tenant) {
  std::shared_lock lock(mutex_);
  for (auto& [slug, entry] : by_slug_) {
    if (entry->snapshot && entry->snapshot->tenant.id == tenant) entry->checked_at_ms.store(0);
  }
}

}  // namespace sigid::oauth
