#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/crypto/json_object.hpp"
#include "core/crypto/signing_key.hpp"
#include "core/result.hpp"

namespace sigid::core::crypto {

// JWS compact serialisation (RFC 7515 §7.1) for the three algorithms SigID signs with.

// Anything larger is refused before it is decoded: access tokens are well under
// 2 KiB, and a bound keeps hostile input from costing memory or time.
inline constexpr std::size_t kMaxJwsSize = 16 * 1024;

// A structurally valid JWS whose signature has NOT been checked yet.
struct DecodedJws {
  JwsAlgorithm alg;
  std::optional<std::string> kid;
  std::optional<std::string> typ;
  JsonObject header;          // all members, e.g. "jwk" for DPoP proofs (RFC 9449 §4.2)
  std::string payload;        // decoded bytes: the caller parses the claims
  std::string signing_input;  // ASCII(BASE64URL(header) || '.' || BASE64URL(payload))
  std::string signature;      // decoded JOSE signature
};

// {"alg":...,"typ":typ,"kid":key.kid()} . payload . signature. `typ` may be empty
// (omitted); RFC 9068 access tokens use "at+jwt".
Result<std::string> signJws(const SigningKey& key, std::string_view typ, std::string_view payload);

// Parses without verifying. InvalidToken for: more than kMaxJwsSize bytes, not
// exactly three segments, any segment that is not canonical unpadded base64url
// (so whitespace and trailing garbage fail), a header that is not one JSON
// object with unique members, an "alg" that is absent, "none", or not one of
// ours, and any "crit" header (RFC 7515 §4.1.11: we understand no extensions).
Result<DecodedJws> decodeJws(std::string_view token);

// InvalidToken unless the header's alg is the key's alg (never let a token pick
// the algorithm: RFC 8725 §3.1) and the signature verifies.
Result<void> verifyDecodedJws(const DecodedJws& jws, const VerificationKey& key);

// decodeJws + verifyDecodedJws.
Result<DecodedJws> verifyJws(std::string_view token, const VerificationKey& key);

}  // namespace sigid::core::crypto
