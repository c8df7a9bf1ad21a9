#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/crypto/jws.hpp"
#include "core/crypto/secret_sealer.hpp"
#include "core/log.hpp"
#include "core/result.hpp"
#include "oauth/keys/signing_key_store.hpp"
#include "oauth/keys/tenant_key_set.hpp"
#include "store/database.hpp"
#include "tenancy/tenant.hpp"

namespace sigid::oauth {

struct KeyServiceOptions {
  // How long a retired key stays in JWKS and keeps verifying. Must exceed the
  // longest token lifetime plus verifiers' JWKS cache time, or tokens signed
  // just before a rotation stop verifying early.
  std::chrono::seconds rotation_overlap{std::chrono::hours(24)};
};

// Per-tenant JWS signing keys (DESIGN.md §4 /jwks, §10 hot path).
//
// Keys are parsed once per tenant config version and kept in memory: on a hit,
// sign/verify/jwks take a shared lock, compare a version and copy a shared_ptr,
// touching no database row. The tenant's config_version (from the tenancy
// cache) decides staleness; every key change bumps it, so other nodes reload
// once their tenant cache sees the new version.
//
// Thread-safe.
class KeyService {
 public:
  KeyService(store::Database& db, core::crypto::SecretSealer& sealer, const core::Clock& clock, core::Logger& log,
             KeyServiceOptions options = {});

  // The tenant's parsed keys, creating the first ES256 keys when it has none.
  core::Result<std::shared_ptr<const TenantKeySet>> keys(const tenancy::Tenant& tenant);

  // A compact JWS over `payload` (the claims JSON) with the tenant's current
  // key for `alg`, created on first use (RS256/EdDSA are made on demand, e.g.
  // for an application that asks for them). Header: alg, typ (if non-empty), kid.
  core::Result<std::string> sign(const tenancy::Tenant& tenant, core::crypto::JwsAlgorithm alg, std::string_view typ,
                                 std::string_view payload);

  // Verifies a token against the tenant's published keys, chosen by the header's
  // kid (required). Another tenant's token has an unknown kid: InvalidToken. The
  // caller still checks the claims (iss, aud, exp, ...).
  core::Result<core::crypto::DecodedJws> verify(const tenancy::Tenant& tenant, std::string_view token);

  // The JWKS document for /jwks (RFC 7517 §5): next, current, and retired keys
  // within the overlap; public members only.
  core::Result<std::string> jwks(const tenancy::Tenant& tenant);

  // Rotates `alg` for the tenant (sigid keys rotate, admin API) and drops the
  // local cache entry; other nodes follow through config_version.
  // `within` runs in the rotation's transaction (the audit event).
  core::Result<RotationResult> rotate(const tenancy::Tenant& tenant, core::crypto::JwsAlgorithm alg,
                                      const RotationHook& within = {});

  // Drops the tenant's cached keys (tests, or a tenant deleted).
  void invalidate(const core::TenantId& tenant);

 private:
  std::shared_ptr<const TenantKeySet> cached(const tenancy::Tenant& tenant) const;
  core::Result<std::shared_ptr<const TenantKeySet>> reload(const tenancy::Tenant& tenant);
  core::Result<const core::crypto::SigningKey*> currentKey(const tenancy::Tenant& tenant,
                                                           core::crypto::JwsAlgorithm alg,
                                                           std::shared_ptr<const TenantKeySet>& holder);

  SigningKeyStore store_;
  const core::Clock& clock_;
  core::Logger& log_;
  mutable std::shared_mutex cache_mutex_;
  std::unordered_map<std::string, std::shared_ptr<const TenantKeySet>> cache_;  // by tenant id
  std::mutex load_mutex_;  // one reload at a time: a cold cache does not stampede the database
};

}  // namespace sigid::oauth
