#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/jws_algorithm.hpp"

namespace sigid::oauth {

// OIDC Core §2 ID token claims as SigID issues them.
struct IdTokenClaims {
  std::string iss;
  std::string sub;  // the pairwise subject (Member.subject)
  std::string aud;  // the client_id (§2: aud MUST contain it)
  std::int64_t exp = 0;
  std::int64_t iat = 0;
  std::int64_t auth_time = 0;  // §2: required when max_age was asked; always sent
  std::string nonce;           // empty: omitted (no nonce in the request)
  std::string acr;
  std::vector<std::string> amr;
  std::string at_hash;  // empty: omitted (no access token issued alongside)
  std::string azp;      // §2: the client_id; sent because some RPs require it
  std::string sid;      // the browser session's id (Front-Channel Logout §2)
  // The `token` policies' extra claims (TokenGrant::extra_claims, JSON members;
  // empty: none). OIDC Core §2 lets an ID token carry other claims; the
  // reserved names (policy::isReservedClaim) cover every one written above.
  std::string extra;
};

std::string encodeIdTokenClaims(const IdTokenClaims& claims);

// OIDC Core §3.1.3.6 at_hash (and §3.3.2.11 c_hash): base64url of the left
// half of the hash of the token's ASCII octets, the hash being the one of the
// JWS alg (SHA-256 for ES256/RS256; SHA-512 for EdDSA over Ed25519, as the
// OpenID Foundation's errata for EdDSA settle it).
std::string leftHalfHash(std::string_view token, core::crypto::JwsAlgorithm alg);

}  // namespace sigid::oauth
