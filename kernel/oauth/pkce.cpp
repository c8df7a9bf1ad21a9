#include "oauth/pkce.hpp"

#include "core/encoding.hpp"
#include "core/hashing.hpp"

namespace sigid::oauth {

namespace {

bool isUnreserved(char c) {  // RFC 3986 §2.3
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

bool isBase64Url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

}  // namespace

core::Result<void> validateCodeChallenge(std::string_view challenge, std::string_view method) {
  if (challenge.empty()) {
    if (!method.empty()) return core::Error::invalidRequest("code_challenge_method: given without code_challenge");
    return core::success();
  }
  // §4.3 defaults the method to plain; SigID refuses plain, so the method must be named.
  if (method != kPkceMethodS256)
    return core::Error::invalidRequest("code_challenge_method: only S256 is supported");
  if (challenge.size() != 43) return core::Error::invalidRequest("code_challenge: must be 43 base64url characters");
  for (char c : challenge) {
    if (!isBase64Url(c)) return core::Error::invalidRequest("code_challenge: must be 43 base64url characters");
  }
  return core::success();
}

bool isValidCodeVerifier(std::string_view verifier) {
  if (verifier.size() < 43 || verifier.size() > 128) return false;
  for (char c : verifier) {
    if (!isUnreserved(c)) return false;
  }
  return true;
}

std::string s256Challenge(std::string_view verifier) { return core::base64UrlEncode(core::sha256(verifier)); }

bool verifierMatches(std::string_view verifier, std::string_view challenge) {
  if (!isValidCodeVerifier(verifier)) return false;
  return core::constantTimeEquals(s256Challenge(verifier), challenge);
}

}  // namespace sigid::oauth
