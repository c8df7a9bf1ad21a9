#include "core/crypto/jws_algorithm.hpp"

namespace sigid::core::crypto {

std::string_view toString(JwsAlgorithm alg) {
  switch (alg) {
    case JwsAlgorithm::ES256: return "ES256";
    case JwsAlgorithm::RS256: return "RS256";
    case JwsAlgorithm::EdDSA: return "EdDSA";
  }
  return "ES256";
}

std::optional<JwsAlgorithm> parseJwsAlgorithm(std::string_view name) {
  // RFC 7515 §4.1.1: "alg" values are case-sensitive.
  if (name == "ES256") return JwsAlgorithm::ES256;
  if (name == "RS256") return JwsAlgorithm::RS256;
  if (name == "EdDSA") return JwsAlgorithm::EdDSA;
  return std::nullopt;
}

}  // namespace sigid::core::crypto
