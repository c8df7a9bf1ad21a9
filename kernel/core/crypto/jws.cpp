#include "core/crypto/jws.hpp"

#include "core/encoding.hpp"
#include "core/log.hpp"

namespace sigid::core::crypto {
namespace {

Error malformed() { return Error(ErrorCode::InvalidToken, "the token is malformed"); }

}  // namespace

Result<std::string> signJws(const SigningKey& key, std::string_view typ, std::string_view payload) {
  std::string header = "{\"alg\":\"";
  header += toString(key.algorithm());
  header += '"';
  if (!typ.empty()) {
    header += ",\"typ\":";
    appendJsonString(header, typ);
  }
  header += ",\"kid\":";
  appendJsonString(header, key.kid());
  header += '}';

  std::string token = base64UrlEncode(header);
  token += '.';
  token += base64UrlEncode(payload);
  SIGID_TRY(auto signature, key.sign(token));
  token += '.';
  token += base64UrlEncode(signature);
  return token;
}

Result<DecodedJws> decodeJws(std::string_view token) {
  if (token.size() > kMaxJwsSize) return Error(ErrorCode::InvalidToken, "the token is too large");
  auto first = token.find('.');
  if (first == std::string_view::npos) return malformed();
  auto second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) return malformed();

  auto header_json = base64UrlDecode(token.substr(0, first));
  auto payload = base64UrlDecode(token.substr(first + 1, second - first - 1));
  auto signature = base64UrlDecode(token.substr(second + 1));
  if (!header_json || !payload || !signature || header_json->empty() || signature->empty()) return malformed();

  auto header = JsonObject::parse(*header_json);
  if (!header) return malformed();
  auto alg_name = header->optionalString("alg");
  if (!alg_name || !*alg_name) return malformed();
  // "none" and HS256 fall here too: an unsigned or MAC'd token never reaches a verifier.
  auto alg = parseJwsAlgorithm(**alg_name);
  if (!alg) return Error(ErrorCode::InvalidToken, "the token's algorithm is not accepted");
  if (header->find("crit")) return Error(ErrorCode::InvalidToken, "the token has critical header extensions");
  auto kid = header->optionalString("kid");
  auto typ = header->optionalString("typ");
  if (!kid || !typ) return malformed();

  return DecodedJws{*alg,
                    std::move(kid).value(),
                    std::move(typ).value(),
                    std::move(header).value(),
                    std::move(*payload),
                    std::string(token.substr(0, second)),
                    std::move(*signature)};
}

Result<void> verifyDecodedJws(const DecodedJws& jws, const VerificationKey& key) {
  if (jws.alg != key.algorithm()) return Error(ErrorCode::InvalidToken, "the token's algorithm does not match its key");
  if (!key.verify(jws.signing_input, jws.signature)) return Error(ErrorCode::InvalidToken, "the token's signature is invalid");
  return success();
}

Result<DecodedJws> verifyJws(std::string_view token, const VerificationKey& key) {
  SIGID_TRY(auto jws, decodeJws(token));
  SIGID_CHECK(verifyDecodedJws(jws, key));
  return jws;
}

}  // namespace sigid::core::crypto
