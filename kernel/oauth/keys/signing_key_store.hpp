#pragma once

#include <functional>

#include <chrono>
#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "core/crypto/jws_algorithm.hpp"
#include "core/crypto/secret_sealer.hpp"
#include "core/result.hpp"
#include "oauth/keys/tenant_key_set.hpp"
#include "store/database.hpp"
#include "store/repositories/signing_key_repository.hpp"
#include "store/repositories/tenant_repository.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::oauth {

struct RotationResult {
  std::string retired_kid;    // empty when there was no current key
  std::string current_kid;    // the key that signs from now on
  std::string next_kid;       // pre-generated, published before it signs
  std::int64_t retired_until = 0;  // the retired key leaves JWKS then
};

// Runs inside the rotation's transaction, after the keys changed: the audit
// event of a rotation commits with it or not at all.
using RotationHook = std::function<core::Result<void>(store::Connection&, const RotationResult&)>;

// The database side of signing keys: creates, rotates and loads a tenant's keys,
// sealing private keys with the SecretSealer (purpose "signing_key") so no
// plaintext private key is ever written. Every change bumps the tenant's
// config_version in the same transaction, which is what tells every node's
// KeyService cache to reload.
class SigningKeyStore {
 public:
  static constexpr std::string_view kSealPurpose = "signing_key";

  SigningKeyStore(store::Database& db, core::crypto::SecretSealer& sealer, const core::Clock& clock,
                  std::chrono::seconds overlap)
      : db_(db), sealer_(sealer), clock_(clock), overlap_(overlap) {}

  // Reads the tenant's live keys and unseals the current ones. `config_version`
  // is the version the result is stamped with; the tenant row's own version is
  // used when it is newer.
  core::Result<TenantKeySet> load(const store::TenantScope& tenant, std::int64_t config_version);

  // Creates a current and a next key for `alg` when the tenant has no current
  // one. Two nodes racing here cannot both win: the unique live_slot index makes
  // the loser's insert a Conflict, which is reported as success (the keys exist).
  core::Result<void> ensureCurrent(const store::TenantScope& tenant, core::crypto::JwsAlgorithm alg);

  // next → current, current → retired (published for the overlap), and a new
  // next key. Conflict when another node rotated the same keys concurrently.
  core::Result<RotationResult> rotate(const store::TenantScope& tenant, core::crypto::JwsAlgorithm alg,
                                      const RotationHook& within = {});

 private:
  core::Result<store::SigningKeyRecord> newRecord(const store::TenantScope& tenant, core::crypto::JwsAlgorithm alg,
                                                  KeyStatus status);

  store::Database& db_;
  core::crypto::SecretSealer& sealer_;
  const core::Clock& clock_;
  std::chrono::seconds overlap_;
  store::SigningKeyRepository keys_;
  store::TenantRepository tenants_;
};

}  // namespace sigid::oauth
