#include "oauth/keys/key_service.hpp"

namespace sigid::oauth {

using core::Error;
using core::Result;
using core::crypto::JwsAlgorithm;

KeyService::KeyService(store::Database& db, core::crypto::SecretSealer& sealer, const core::Clock& clock,
                       core::Logger& log, KeyServiceOptions options)
    : store_(db, sealer, clock, options.rotation_overlap), clock_(clock), log_(log) {}

std::shared_ptr<const TenantKeySet> KeyService::cached(const tenancy::Tenant& tenant) const {
  std::shared_lock lock(cache_mutex_);
  auto found = cache_.find(tenant.id.str());
  // A request holding an older tenant snapshot may use newer keys; a newer
  // version than the cached one means the keys may have changed.
  if (found == cache_.end() || found->second->configVersion() < tenant.config_version) return nullptr;
  return found->second;
}

Result<std::shared_ptr<const TenantKeySet>> KeyService::reload(const tenancy::Tenant& tenant) {
  std::lock_guard load(load_mutex_);
  if (auto hit = cached(tenant)) return hit;  // another thread loaded it while we waited
  store::TenantScope scope(tenant.id);
  SIGID_TRY(auto loaded, store_.load(scope, tenant.config_version));
  auto set = std::make_shared<const TenantKeySet>(std::move(loaded));
  std::unique_lock lock(cache_mutex_);
  cache_[tenant.id.str()] = set;
  return set;
}

Result<std::shared_ptr<const TenantKeySet>> KeyService::keys(const tenancy::Tenant& tenant) {
  std::shared_ptr<const TenantKeySet> holder;
  SIGID_TRY(auto key, currentKey(tenant, JwsAlgorithm::ES256, holder));
  (void)key;
  return holder;
}

Result<const core::crypto::SigningKey*> KeyService::currentKey(const tenancy::Tenant& tenant, JwsAlgorithm alg,
                                                               std::shared_ptr<const TenantKeySet>& holder) {
  holder = cached(tenant);
  if (!holder) {
    SIGID_TRY(holder, reload(tenant));
  }
  if (const auto* key = holder->current(alg)) return key;

  // First use of this algorithm by the tenant: create it (once, cluster-wide).
  SIGID_CHECK(store_.ensureCurrent(store::TenantScope(tenant.id), alg));
  log_.info("signing key created", {{"tenant_id", tenant.id.str()}, {"alg", toString(alg)}});
  invalidate(tenant.id);
  SIGID_TRY(holder, reload(tenant));
  if (const auto* key = holder->current(alg)) return key;
  return Error::internal("no current signing key after creating one");
}

Result<std::string> KeyService::sign(const tenancy::Tenant& tenant, JwsAlgorithm alg, std::string_view typ,
                                     std::string_view payload) {
  std::shared_ptr<const TenantKeySet> holder;  // keeps the key alive while it signs
  SIGID_TRY(const auto* key, currentKey(tenant, alg, holder));
  return core::crypto::signJws(*key, typ, payload);
}

Result<core::crypto::DecodedJws> KeyService::verify(const tenancy::Tenant& tenant, std::string_view token) {
  SIGID_TRY(auto jws, core::crypto::decodeJws(token));
  if (!jws.kid) return Error(core::ErrorCode::InvalidToken, "the token has no key id");
  std::shared_ptr<const TenantKeySet> holder = cached(tenant);
  if (!holder) {
    SIGID_TRY(holder, reload(tenant));
  }
  const auto* key = holder->verificationKey(*jws.kid, clock_.nowSeconds());
  if (!key) return Error(core::ErrorCode::InvalidToken, "the token's signing key is unknown or retired");
  SIGID_CHECK(core::crypto::verifyDecodedJws(jws, *key));
  return jws;
}

Result<std::string> KeyService::jwks(const tenancy::Tenant& tenant) {
  SIGID_TRY(auto set, keys(tenant));
  return set->jwks(clock_.nowSeconds());
}

Result<RotationResult> KeyService::rotate(const tenancy::Tenant& tenant, JwsAlgorithm alg,
                                          const RotationHook& within) {
  SIGID_TRY(auto result, store_.rotate(store::TenantScope(tenant.id), alg, within));
  invalidate(tenant.id);
  log_.notice("signing key rotated", {{"tenant_id", tenant.id.str()},
                                      {"alg", toString(alg)},
                                      {"retired_kid", result.retired_kid},
                                      {"current_kid", result.current_kid},
                                      {"next_kid", result.next_kid}});
  return result;
}

void KeyService::invalidate(const core::TenantId& tenant) {
  std::unique_lock lock(cache_mutex_);
  cache_.erase(tenant.str());
}

}  // namespace sigid::oauth
