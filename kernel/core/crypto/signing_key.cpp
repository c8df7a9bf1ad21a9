#include "core/crypto/signing_key.hpp"

#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "core/crypto/ecdsa_signature.hpp"
#include "core/crypto/openssl_ptr.hpp"

namespace sigid::core::crypto {
namespace {

constexpr std::size_t kP256Half = 32;

std::shared_ptr<EVP_PKEY> share(EVP_PKEY* owned) { return {owned, EVP_PKEY_free}; }

// Refuses a key of the wrong type for `alg`: a JWK or stored key can never make
// us sign or verify with an algorithm other than the one it was created for.
bool fits(JwsAlgorithm alg, EVP_PKEY* pkey) {
  switch (alg) {
    case JwsAlgorithm::ES256: {
      if (!EVP_PKEY_is_a(pkey, "EC")) return false;
      char group[64] = {};
      size_t length = 0;
      if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length) != 1)
        return false;
      return std::string_view(group, length) == "prime256v1" || std::string_view(group, length) == "P-256";
    }
    case JwsAlgorithm::RS256:
      // RFC 7518 §3.3: a key of 2048 bits or larger MUST be used.
      return EVP_PKEY_is_a(pkey, "RSA") && EVP_PKEY_get_bits(pkey) >= SigningKey::kRsaBits;
    case JwsAlgorithm::EdDSA:
      return EVP_PKEY_is_a(pkey, "ED25519");
  }
  return false;
}

// EdDSA signs the message itself (no pre-hash, RFC 8032 §5.1); the others hash with SHA-256.
const char* digestName(JwsAlgorithm alg) { return alg == JwsAlgorithm::EdDSA ? nullptr : "SHA256"; }

}  // namespace

Result<VerificationKey> VerificationKey::fromPkey(JwsAlgorithm alg, std::string kid, EVP_PKEY* pkey) {
  if (!pkey || !fits(alg, pkey))
    return Error::invalidRequest("the key does not fit the algorithm " + std::string(toString(alg)));
  if (EVP_PKEY_up_ref(pkey) != 1) return Error::internal(opensslErrorText("EVP_PKEY_up_ref"));
  return VerificationKey(alg, std::move(kid), share(pkey));
}

bool VerificationKey::verify(std::string_view signing_input, std::string_view signature) const {
  std::string der;
  std::string_view sig = signature;
  if (alg_ == JwsAlgorithm::ES256) {
    auto converted = ecdsaJoseToDer(signature, kP256Half);
    if (!converted) return false;
    der = std::move(*converted);
    sig = der;
  } else if (alg_ == JwsAlgorithm::RS256) {
    if (signature.size() != static_cast<std::size_t>(EVP_PKEY_get_size(pkey_.get()))) return false;
  } else if (signature.size() != 64) {  // RFC 8032 §5.1.6: an Ed25519 signature is 64 bytes
    return false;
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  bool ok = ctx &&
            EVP_DigestVerifyInit_ex(ctx.get(), nullptr, digestName(alg_), nullptr, nullptr, pkey_.get(), nullptr) == 1 &&
            EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                             reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) == 1;
  ERR_clear_error();  // a failed verification queues errors that must not leak into later calls
  return ok;
}

Result<SigningKey> SigningKey::fromOwned(JwsAlgorithm alg, std::string kid, EVP_PKEY* owned) {
  auto pkey = share(owned);
  if (!owned || !fits(alg, owned))
    return Error::invalidRequest("the key does not fit the algorithm " + std::string(toString(alg)));
  SIGID_TRY(auto pub, VerificationKey::fromPkey(alg, std::move(kid), owned));
  return SigningKey(std::move(pkey), std::move(pub));
}

Result<SigningKey> SigningKey::generate(JwsAlgorithm alg, std::string kid) {
  EVP_PKEY* pkey = nullptr;
  switch (alg) {
    case JwsAlgorithm::ES256: pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"); break;
    case JwsAlgorithm::RS256: pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(kRsaBits)); break;
    case JwsAlgorithm::EdDSA: pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"); break;
  }
  if (!pkey) return Error::internal(opensslErrorText("key generation"));
  return fromOwned(alg, std::move(kid), pkey);
}

Result<SigningKey> SigningKey::fromPkcs8Der(JwsAlgorithm alg, std::string kid, std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<PKCS8_PRIV_KEY_INFO, OpensslDeleter<PKCS8_PRIV_KEY_INFO_free>> info(
      d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(der.size())));
  if (!info || p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
    ERR_clear_error();
    return Error::invalidRequest("the private key is not PKCS#8 DER");
  }
  EVP_PKEY* pkey = EVP_PKCS82PKEY(info.get());
  if (!pkey) return Error::invalidRequest("the private key is not PKCS#8 DER").withDetail(opensslErrorText("EVP_PKCS82PKEY"));
  return fromOwned(alg, std::move(kid), pkey);
}

Result<SigningKey> SigningKey::fromPem(JwsAlgorithm alg, std::string kid, std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  // No password callback: a prompt on a server's terminal would hang it.
  EVP_PKEY* pkey = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr)
                       : nullptr;
  if (!pkey) return Error::invalidRequest("the private key is not PEM").withDetail(opensslErrorText("PEM_read"));
  return fromOwned(alg, std::move(kid), pkey);
}

Result<std::string> SigningKey::toPkcs8Der() const {
  std::unique_ptr<PKCS8_PRIV_KEY_INFO, OpensslDeleter<PKCS8_PRIV_KEY_INFO_free>> info(EVP_PKEY2PKCS8(pkey_.get()));
  if (!info) return Error::internal(opensslErrorText("EVP_PKEY2PKCS8"));
  unsigned char* out = nullptr;
  int length = i2d_PKCS8_PRIV_KEY_INFO(info.get(), &out);
  if (length <= 0) return Error::internal(opensslErrorText("i2d_PKCS8_PRIV_KEY_INFO"));
  std::string der(reinterpret_cast<const char*>(out), static_cast<std::size_t>(length));
  OPENSSL_clear_free(out, static_cast<std::size_t>(length));
  return der;
}

Result<std::string> SigningKey::toPem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PKCS8PrivateKey(bio.get(), pkey_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return Error::internal(opensslErrorText("PEM_write_bio_PKCS8PrivateKey"));
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

SigningKey SigningKey::withKid(std::string kid) const {
  auto pub = VerificationKey::fromPkey(algorithm(), std::move(kid), pkey_.get());
  assert(pub.ok());  // the key already fitted its algorithm
  return SigningKey(pkey_, std::move(pub).value());
}

Result<std::string> SigningKey::sign(std::string_view signing_input) const {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestSignInit_ex(ctx.get(), nullptr, digestName(algorithm()), nullptr, nullptr, pkey_.get(),
                                    nullptr) != 1)
    return Error::internal(opensslErrorText("EVP_DigestSignInit_ex"));
  unsigned char buffer[512];  // ≥ the largest signature: DER P-256 (72), Ed25519 (64), RSA-4096 (512)
  size_t length = sizeof buffer;
  if (EVP_PKEY_get_size(pkey_.get()) > static_cast<int>(sizeof buffer))
    return Error::internal("signing key too large for the signature buffer");
  if (EVP_DigestSign(ctx.get(), buffer, &length, reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1)
    return Error::internal(opensslErrorText("EVP_DigestSign"));
  std::string_view raw(reinterpret_cast<const char*>(buffer), length);
  if (algorithm() != JwsAlgorithm::ES256) return std::string(raw);
  auto jose = ecdsaDerToJose(raw, kP256Half);
  if (!jose) return Error::internal("ECDSA signature conversion failed");
  return std::move(*jose);
}

}  // namespace sigid::core::crypto
