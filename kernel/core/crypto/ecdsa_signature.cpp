#include "core/crypto/ecdsa_signature.hpp"

#include <openssl/bn.h>
#include <openssl/ec.h>

#include <memory>

namespace sigid::core::crypto {
namespace {

struct SigFree {
  void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};
using SigPtr = std::unique_ptr<ECDSA_SIG, SigFree>;

}  // namespace

std::optional<std::string> ecdsaDerToJose(std::string_view der, std::size_t half) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  SigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  // Trailing bytes after the SEQUENCE would make two encodings of one signature.
  if (!sig || p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) return std::nullopt;
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string out(2 * half, '\0');
  auto* buf = reinterpret_cast<unsigned char*>(out.data());
  if (BN_bn2binpad(r, buf, static_cast<int>(half)) < 0) return std::nullopt;
  if (BN_bn2binpad(s, buf + half, static_cast<int>(half)) < 0) return std::nullopt;
  return out;
}

std::optional<std::string> ecdsaJoseToDer(std::string_view jose, std::size_t half) {
  if (jose.size() != 2 * half) return std::nullopt;
  const auto* buf = reinterpret_cast<const unsigned char*>(jose.data());
  BIGNUM* r = BN_bin2bn(buf, static_cast<int>(half), nullptr);
  BIGNUM* s = BN_bin2bn(buf + half, static_cast<int>(half), nullptr);
  SigPtr sig(ECDSA_SIG_new());
  if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r, s) != 1) {  // set0 takes ownership only on success
    BN_free(r);
    BN_free(s);
    return std::nullopt;
  }
  int length = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (length <= 0) return std::nullopt;
  std::string der(static_cast<std::size_t>(length), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_ECDSA_SIG(sig.get(), &out) != length) return std::nullopt;
  return der;
}

}  // namespace sigid::core::crypto
