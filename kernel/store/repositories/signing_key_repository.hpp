#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

// A tenant's JWS signing key as stored. The private key is sealed
// (crypto::SecretSealer); the public JWK carries no private members.
struct SigningKeyRecord {
  std::string kid;
  std::string alg;     // ES256 | RS256 | EdDSA
  std::string status;  // next | current | retired
  std::string sealed_private_key;
  std::string public_jwk;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> activated_at;
  std::optional<std::int64_t> retired_at;
  std::optional<std::int64_t> not_after;  // retired keys are published until then
};

class SigningKeyRepository {
 public:
  // Conflict when the tenant already has a key of this alg in the same live
  // status (next or current) or the kid exists.
  Result<void> insert(const TenantScope& tenant, Connection& c, const SigningKeyRecord& record);
  // Next and current keys, and retired ones with not_after > now: what JWKS
  // publishes and verification accepts. Ordered by alg, then newest first.
  Result<std::vector<SigningKeyRecord>> listLive(const TenantScope& tenant, Connection& c, std::int64_t now);
  Result<std::vector<SigningKeyRecord>> listAll(const TenantScope& tenant, Connection& c);

  // Conditional transitions: false when the key is not (or no longer) in the
  // expected status, e.g. another node rotated first.
  Result<bool> retire(const TenantScope& tenant, Connection& c, const std::string& kid, std::int64_t now,
                      std::int64_t not_after);
  Result<bool> activate(const TenantScope& tenant, Connection& c, const std::string& kid, std::int64_t now);
};

}  // namespace sigid::store
