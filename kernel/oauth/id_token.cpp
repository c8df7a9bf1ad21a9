#include "oauth/id_token.hpp"

#include <openssl/sha.h>

#include "core/encoding.hpp"
#include "core/hashing.hpp"
#include "core/log.hpp"
#include "oauth/user_authorization.hpp"

namespace sigid::oauth {

std::string joinAmr(const std::vector<std::string>& amr) {
  std::string out;
  for (const auto& value : amr) {
    if (!out.empty()) out += ' ';
    out += value;
  }
  return out;
}

std::vector<std::string> splitAmr(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < text.size()) {
    auto space = text.find(' ', at);
    if (space == std::string::npos) space = text.size();
    if (space > at) out.push_back(text.substr(at, space - at));
    at = space + 1;
  }
  return out;
}

std::string encodeIdTokenClaims(const IdTokenClaims& c) {
  std::string out = "{";
  core::appendJsonMember(out, "iss", c.iss);
  core::appendJsonMember(out, "sub", c.sub);
  core::appendJsonMember(out, "aud", c.aud);
  core::appendJsonMember(out, "exp", c.exp);
  core::appendJsonMember(out, "iat", c.iat);
  core::appendJsonMember(out, "auth_time", c.auth_time);
  if (!c.nonce.empty()) core::appendJsonMember(out, "nonce", c.nonce);
  if (!c.acr.empty()) core::appendJsonMember(out, "acr", c.acr);
  if (!c.amr.empty()) {
    out += "\"amr\":[";
    for (std::size_t i = 0; i < c.amr.size(); ++i) {
      if (i) out += ',';
      core::appendJsonString(out, c.amr[i]);
    }
    out += "],";
  }
  if (!c.at_hash.empty()) core::appendJsonMember(out, "at_hash", c.at_hash);
  if (!c.azp.empty()) core::appendJsonMember(out, "azp", c.azp);
  if (!c.sid.empty()) core::appendJsonMember(out, "sid", c.sid);
  if (!c.extra.empty()) {
    out += c.extra;
    out += '}';
  } else {
    out.back() = '}';
  }
  return out;
}

std::string leftHalfHash(std::string_view token, core::crypto::JwsAlgorithm alg) {
  std::string digest;
  if (alg == core::crypto::JwsAlgorithm::EdDSA) {
    unsigned char md[SHA512_DIGEST_LENGTH];
    SHA512(reinterpret_cast<const unsigned char*>(token.data()), token.size(), md);
    digest.assign(reinterpret_cast<const char*>(md), sizeof md);
  } else {
    digest = core::sha256(token);
  }
  return core::base64UrlEncode(std::string_view(digest).substr(0, digest.size() / 2));
}

}  // namespace sigid::oauth
