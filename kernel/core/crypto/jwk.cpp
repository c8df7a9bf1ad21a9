#include "core/crypto/jwk.hpp"

#include <openssl/core_names.h>

#include "core/crypto/json_object.hpp"
#include "core/crypto/openssl_ptr.hpp"
#include "core/encoding.hpp"
#include "core/hashing.hpp"
#include "core/log.hpp"

namespace sigid::core::crypto {
namespace {

constexpr std::size_t kP256Coordinate = 32;
constexpr std::size_t kEd25519Key = 32;

// The public members of a key, base64url-encoded; empty ones do not apply to its type.
struct PublicMembers {
  std::string kty, crv, x, y, n, e;
};

Result<std::string> bnParam(EVP_PKEY* pkey, const char* name, std::size_t pad) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1) return Error::internal(opensslErrorText(name));
  BignumPtr bn(raw);
  std::size_t size = pad ? pad : static_cast<std::size_t>(BN_num_bytes(bn.get()));
  std::string out(size, '\0');
  if (BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(size)) < 0)
    return Error::internal("key parameter does not fit");
  return base64UrlEncode(out);
}

Result<PublicMembers> publicMembers(const VerificationKey& key) {
  EVP_PKEY* pkey = key.pkey();
  PublicMembers m;
  switch (key.algorithm()) {
    case JwsAlgorithm::ES256: {
      m.kty = "EC";
      m.crv = "P-256";
      // RFC 7518 §6.2.1.2: coordinates are full length, leading zeros kept.
      SIGID_TRY(m.x, bnParam(pkey, OSSL_PKEY_PARAM_EC_PUB_X, kP256Coordinate));
      SIGID_TRY(m.y, bnParam(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, kP256Coordinate));
      break;
    }
    case JwsAlgorithm::RS256: {
      m.kty = "RSA";
      SIGID_TRY(m.n, bnParam(pkey, OSSL_PKEY_PARAM_RSA_N, 0));
      SIGID_TRY(m.e, bnParam(pkey, OSSL_PKEY_PARAM_RSA_E, 0));
      break;
    }
    case JwsAlgorithm::EdDSA: {
      m.kty = "OKP";
      m.crv = "Ed25519";
      std::string raw(kEd25519Key, '\0');
      size_t length = raw.size();
      if (EVP_PKEY_get_raw_public_key(pkey, reinterpret_cast<unsigned char*>(raw.data()), &length) != 1)
        return Error::internal(opensslErrorText("EVP_PKEY_get_raw_public_key"));
      raw.resize(length);
      m.x = base64UrlEncode(raw);
      break;
    }
  }
  return m;
}

void member(std::string& out, std::string_view name, std::string_view value) {
  if (out.size() > 1) out += ',';
  appendJsonString(out, name);
  out += ':';
  appendJsonString(out, value);
}

Result<EVP_PKEY*> fromParams(const char* type, OSSL_PARAM_BLD* bld) {
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* pkey = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    ERR_clear_error();
    return Error::invalidRequest("the JWK is not a valid public key");
  }
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {  // e.g. an EC point off the curve
    EVP_PKEY_free(pkey);
    ERR_clear_error();
    return Error::invalidRequest("the JWK is not a valid public key");
  }
  return pkey;
}

Result<std::string> decodedMember(const JsonObject& jwk, std::string_view name) {
  SIGID_TRY(auto text, jwk.optionalString(name));
  if (!text) return Error::invalidRequest("the JWK has no " + std::string(name));
  auto bytes = base64UrlDecode(*text);
  if (!bytes || bytes->empty()) return Error::invalidRequest("the JWK member " + std::string(name) + " is not base64url");
  return std::move(*bytes);
}

Result<EVP_PKEY*> ecKey(const JsonObject& jwk) {
  SIGID_TRY(auto crv, jwk.optionalString("crv"));
  if (crv != "P-256") return Error::invalidRequest("unsupported EC curve");
  SIGID_TRY(auto x, decodedMember(jwk, "x"));
  SIGID_TRY(auto y, decodedMember(jwk, "y"));
  if (x.size() != kP256Coordinate || y.size() != kP256Coordinate)
    return Error::invalidRequest("EC coordinates must be 32 bytes");  // RFC 7518 §6.2.1.2
  std::string point = "\x04" + x + y;  // SEC 1 §2.3.3 uncompressed point
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1)
    return Error::internal(opensslErrorText("OSSL_PARAM_BLD"));
  return fromParams("EC", bld.get());
}

Result<EVP_PKEY*> rsaKey(const JsonObject& jwk) {
  SIGID_TRY(auto n, decodedMember(jwk, "n"));
  SIGID_TRY(auto e, decodedMember(jwk, "e"));
  if (n.size() > 1024 || e.size() > 8) return Error::invalidRequest("RSA key too large");
  BignumPtr bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), static_cast<int>(n.size()), nullptr));
  BignumPtr bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), static_cast<int>(e.size()), nullptr));
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1)
    return Error::internal(opensslErrorText("OSSL_PARAM_BLD"));
  return fromParams("RSA", bld.get());
}

Result<EVP_PKEY*> okpKey(const JsonObject& jwk) {
  SIGID_TRY(auto crv, jwk.optionalString("crv"));
  if (crv != "Ed25519") return Error::invalidRequest("unsupported OKP curve");
  SIGID_TRY(auto x, decodedMember(jwk, "x"));
  if (x.size() != kEd25519Key) return Error::invalidRequest("an Ed25519 key must be 32 bytes");
  EVP_PKEY* pkey = EVP_PKEY_new_raw_public_key_ex(nullptr, "ED25519", nullptr,
                                                  reinterpret_cast<const unsigned char*>(x.data()), x.size());
  if (!pkey) {
    ERR_clear_error();
    return Error::invalidRequest("the JWK is not a valid public key");
  }
  return pkey;
}

}  // namespace

Result<std::string> publicJwkJson(const VerificationKey& key) {
  SIGID_TRY(auto m, publicMembers(key));
  std::string out = "{";
  member(out, "kty", m.kty);
  if (!m.crv.empty()) member(out, "crv", m.crv);
  if (!m.x.empty()) member(out, "x", m.x);
  if (!m.y.empty()) member(out, "y", m.y);
  if (!m.n.empty()) member(out, "n", m.n);
  if (!m.e.empty()) member(out, "e", m.e);
  member(out, "kid", key.kid());
  member(out, "alg", toString(key.algorithm()));
  member(out, "use", "sig");
  out += '}';
  return out;
}

Result<VerificationKey> verificationKeyFromJwk(std::string_view json, std::optional<JwsAlgorithm> expected) {
  if (json.size() > 16 * 1024) return Error::invalidRequest("the JWK is too large");
  SIGID_TRY(auto jwk, JsonObject::parse(json));
  // RFC 7517 §4, RFC 7518 §6.2.2/§6.3.2: private members. A public-key slot must never accept them.
  for (std::string_view secret : {"d", "p", "q", "dp", "dq", "qi", "oth", "k"})
    if (jwk.find(secret)) return Error::invalidRequest("the JWK contains private key members");
  SIGID_TRY(auto kty, jwk.optionalString("kty"));
  SIGID_TRY(auto alg_name, jwk.optionalString("alg"));
  SIGID_TRY(auto use, jwk.optionalString("use"));
  SIGID_TRY(auto kid, jwk.optionalString("kid"));
  if (use && *use != "sig") return Error::invalidRequest("the JWK is not a signing key");
  if (!kty) return Error::invalidRequest("the JWK has no kty");

  std::optional<JwsAlgorithm> alg = expected;
  if (alg_name) {
    auto named = parseJwsAlgorithm(*alg_name);
    if (!named || (expected && *named != *expected)) return Error::invalidRequest("unsupported or mismatched JWK alg");
    alg = named;
  }
  EVP_PKEY* pkey = nullptr;
  if (*kty == "EC") {
    SIGID_TRY(pkey, ecKey(jwk));
    if (!alg) alg = JwsAlgorithm::ES256;
  } else if (*kty == "RSA") {
    SIGID_TRY(pkey, rsaKey(jwk));
    if (!alg) alg = JwsAlgorithm::RS256;
  } else if (*kty == "OKP") {
    SIGID_TRY(pkey, okpKey(jwk));
    if (!alg) alg = JwsAlgorithm::EdDSA;
  } else {
    return Error::invalidRequest("unsupported JWK kty");
  }
  PkeyPtr owned(pkey);
  return VerificationKey::fromPkey(*alg, kid.value_or(""), owned.get());  // refuses e.g. an EC key with alg RS256
}

Result<std::string> jwkThumbprint(const VerificationKey& key) {
  SIGID_TRY(auto m, publicMembers(key));
  // RFC 7638 §3.2: only the required members, in lexicographic order of their names.
  std::string canonical = "{";
  if (m.kty == "EC") {
    member(canonical, "crv", m.crv);
    member(canonical, "kty", m.kty);
    member(canonical, "x", m.x);
    member(canonical, "y", m.y);
  } else if (m.kty == "RSA") {
    member(canonical, "e", m.e);
    member(canonical, "kty", m.kty);
    member(canonical, "n", m.n);
  } else {
    member(canonical, "crv", m.crv);  // RFC 8037 §2
    member(canonical, "kty", m.kty);
    member(canonical, "x", m.x);
  }
  canonical += '}';
  return base64UrlEncode(sha256(canonical));
}

}  // namespace sigid::core::crypto
