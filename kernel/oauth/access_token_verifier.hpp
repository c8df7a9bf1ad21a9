#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"
#include "oauth/access_token.hpp"
#include "oauth/keys/key_service.hpp"
#include "oauth/tenant_directory.hpp"

namespace sigid::oauth {

// Checks SigID's own JWT access tokens for introspection and revocation:
// signature by one of the tenant's published keys (KeyService), typ at+jwt
// (RFC 9068 §4), iss and tid of this tenant, not expired. Revocation is the
// caller's business (RevocationList).
//
// Verified tokens are remembered until they expire, so a resource server
// introspecting the same token again costs a hash lookup rather than an ECDSA
// verification. The cache is keyed by the whole token, so a token with any byte
// changed is verified afresh.
class AccessTokenVerifier {
 public:
  AccessTokenVerifier(KeyService& keys, const core::Clock& clock) : keys_(keys), clock_(clock) {}

  // nullopt for anything that is not a valid, unexpired access token of this tenant.
  std::optional<AccessTokenClaims> verify(const TenantSnapshot& tenant, std::string_view token);

 private:
  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kMaxPerShard = 4096;  // bounded: past it a shard starts over
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, AccessTokenClaims> verified;
  };
  std::optional<AccessTokenClaims> cached(std::string_view token, std::size_t shard);

  KeyService& keys_;
  const core::Clock& clock_;
  Shard shards_[kShards];
};

}  // namespace sigid::oauth
