#pragma once

#include <optional>
#include <string_view>

namespace sigid::core::crypto {

// The JWS algorithms SigID signs with (RFC 7518 §3.1, RFC 8037 §3.1). There is
// deliberately no "none" and no HMAC: a verifier can never be talked into
// either by a token's header.
enum class JwsAlgorithm { ES256, RS256, EdDSA };

std::string_view toString(JwsAlgorithm alg);  // the JOSE "alg" value
std::optional<JwsAlgorithm> parseJwsAlgorithm(std::string_view name);  // exact, case-sensitive

}  // namespace sigid::core::crypto
