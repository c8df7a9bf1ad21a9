#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/jws_algorithm.hpp"
#include "core/crypto/signing_key.hpp"

namespace sigid::oauth {

enum class KeyStatus { Next, Current, Retired };

std::string_view toString(KeyStatus status);

// A key as JWKS publishes it (RFC 7517 §5), with what decides how long.
struct PublishedKey {
  core::crypto::VerificationKey key;
  std::string jwk_json;  // public members only (crypto::publicJwkJson)
  KeyStatus status;
  std::optional<std::int64_t> not_after;  // retired keys: published and accepted until then
};

// One tenant's parsed keys at one config version: immutable once built, shared
// by every request thread, so signing needs neither a lock nor a database row.
class TenantKeySet {
 public:
  TenantKeySet(std::int64_t config_version, std::map<core::crypto::JwsAlgorithm, core::crypto::SigningKey> current,
               std::vector<PublishedKey> published)
      : config_version_(config_version), current_(std::move(current)), published_(std::move(published)) {}

  std::int64_t configVersion() const { return config_version_; }

  // The key that signs for `alg` now; null when the tenant has none yet.
  const core::crypto::SigningKey* current(core::crypto::JwsAlgorithm alg) const;

  // A published key by kid that still verifies at `now`: next and current keys,
  // and retired ones before their not_after (tokens signed before a rotation
  // keep verifying until the overlap ends).
  const core::crypto::VerificationKey* verificationKey(std::string_view kid, std::int64_t now) const;

  // The JWKS document: {"keys":[...]} of next, current and retired-within-overlap keys.
  std::string jwks(std::int64_t now) const;

  const std::vector<PublishedKey>& published() const { return published_; }

 private:
  static bool live(const PublishedKey& key, std::int64_t now) {
    return key.status != KeyStatus::Retired || (key.not_after && *key.not_after > now);
  }

  std::int64_t config_version_;
  std::map<core::crypto::JwsAlgorithm, core::crypto::SigningKey> current_;
  std::vector<PublishedKey> published_;
};

}  // namespace sigid::oauth
