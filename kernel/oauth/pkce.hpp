#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace sigid::oauth {

// RFC 7636 (PKCE). SigID accepts S256 only: `plain` sends the secret itself
// through the front channel and protects nothing against a leaked request
// (RFC 7636 §7.2, OAuth 2.0 Security BCP §2.1.1).
inline constexpr std::string_view kPkceMethodS256 = "S256";

// Checks an /authorize request's code_challenge and code_challenge_method.
// An empty challenge is valid here (whether it is required depends on the
// client type, which the caller decides). invalid_request for `plain`, any
// other method, a method without a challenge, or a challenge that is not 43
// base64url characters (BASE64URL(SHA-256) is exactly 43, §4.2).
core::Result<void> validateCodeChallenge(std::string_view challenge, std::string_view method);

// RFC 7636 §4.1: code_verifier = 43*128 unreserved characters.
bool isValidCodeVerifier(std::string_view verifier);

// §4.6: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge, compared
// in constant time.
bool verifierMatches(std::string_view verifier, std::string_view challenge);

// The S256 challenge of a verifier (tests and the benchmark's client).
std::string s256Challenge(std::string_view verifier);

}  // namespace sigid::oauth
