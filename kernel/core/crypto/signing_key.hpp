#pragma once

#include <openssl/types.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/crypto/jws_algorithm.hpp"
#include "core/result.hpp"

namespace sigid::core::crypto {

// A public key bound to one JWS algorithm and key id. The parsed EVP_PKEY is
// kept, so verifying never re-parses key material; copies share it (OpenSSL 3
// allows concurrent read-only use of an EVP_PKEY from several threads).
class VerificationKey {
 public:
  // Takes a reference on `pkey`. InvalidRequest when the key does not fit `alg`
  // (P-256 for ES256, RSA of at least 2048 bits for RS256, Ed25519 for EdDSA).
  static Result<VerificationKey> fromPkey(JwsAlgorithm alg, std::string kid, EVP_PKEY* pkey);

  JwsAlgorithm algorithm() const { return alg_; }
  const std::string& kid() const { return kid_; }
  EVP_PKEY* pkey() const { return pkey_.get(); }

  // `signature` is the JOSE form (R || S for ECDSA). False for any mismatch or
  // malformed signature; never throws.
  bool verify(std::string_view signing_input, std::string_view signature) const;

 private:
  VerificationKey(JwsAlgorithm alg, std::string kid, std::shared_ptr<EVP_PKEY> pkey)
      : alg_(alg), kid_(std::move(kid)), pkey_(std::move(pkey)) {}

  JwsAlgorithm alg_;
  std::string kid_;
  std::shared_ptr<EVP_PKEY> pkey_;
};

// A private signing key. Copies share the parsed key; signing allocates only a
// per-call digest context, which keeps ES256 token signing near OpenSSL's raw rate.
class SigningKey {
 public:
  static constexpr int kRsaBits = 2048;

  static Result<SigningKey> generate(JwsAlgorithm alg, std::string kid);
  // PKCS#8 PrivateKeyInfo (RFC 5208), the form SigID seals at rest.
  static Result<SigningKey> fromPkcs8Der(JwsAlgorithm alg, std::string kid, std::string_view der);
  static Result<SigningKey> fromPem(JwsAlgorithm alg, std::string kid, std::string_view pem);

  // Secret material: seal it, never log or return it from an API.
  Result<std::string> toPkcs8Der() const;
  Result<std::string> toPem() const;

  // The same key under another id (e.g. its RFC 7638 thumbprint, computed after generation).
  SigningKey withKid(std::string kid) const;

  JwsAlgorithm algorithm() const { return public_.algorithm(); }
  const std::string& kid() const { return public_.kid(); }
  const VerificationKey& publicKey() const { return public_; }

  // The JWS signature over `signing_input` in its JOSE form (RFC 7518 §3).
  Result<std::string> sign(std::string_view signing_input) const;

 private:
  SigningKey(std::shared_ptr<EVP_PKEY> pkey, VerificationKey pub) : pkey_(std::move(pkey)), public_(std::move(pub)) {}
  static Result<SigningKey> fromOwned(JwsAlgorithm alg, std::string kid, EVP_PKEY* owned);

  std::shared_ptr<EVP_PKEY> pkey_;
  VerificationKey public_;  // shares pkey_: an EVP_PKEY with private parts verifies too
};

}  // namespace sigid::core::crypto
