#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/crypto/signing_key.hpp"
#include "core/result.hpp"

namespace sigid::core::crypto {

// RFC 7517 JSON Web Keys, public halves only.

// {"kty":...,<key members>,"kid":...,"alg":...,"use":"sig"}. Only public members
// are read from the key (RFC 7518 §6.2.1, §6.3.1; RFC 8037 §2), so private
// material cannot reach a JWKS document whatever the EVP_PKEY holds.
Result<std::string> publicJwkJson(const VerificationKey& key);

// Parses a public JWK. The algorithm comes from its "alg" member, else from
// `expected`, else from the key type (EC P-256 → ES256, RSA → RS256, OKP
// Ed25519 → EdDSA); an "alg" that disagrees with `expected` is refused, as is
// any JWK carrying private members ("d", "p", ..., "k") or a "use" other than "sig".
Result<VerificationKey> verificationKeyFromJwk(std::string_view json,
                                               std::optional<JwsAlgorithm> expected = std::nullopt);

// RFC 7638 JWK thumbprint: base64url(SHA-256(required members, lexicographic
// order, no whitespace)). Used as kid and, by DPoP (RFC 9449 §6.1), as cnf.jkt.
Result<std::string> jwkThumbprint(const VerificationKey& key);

}  // namespace sigid::core::crypto
