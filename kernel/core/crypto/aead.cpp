#include "core/crypto/aead.hpp"

#include <climits>

#include "core/crypto/openssl_ptr.hpp"
#include "core/random.hpp"

namespace sigid::core::crypto {
namespace {

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

Error openFailed(std::string detail) {
  return Error::internal("the sealed data could not be opened: " + std::move(detail));
}

}  // namespace

Result<std::string> aeadSeal(std::string_view key, std::string_view plaintext, std::string_view associated_data) {
  if (key.size() != kAeadKeySize) return Error::internal("AEAD key must be 32 bytes");
  if (plaintext.size() > INT_MAX / 2 || associated_data.size() > INT_MAX / 2) return Error::internal("AEAD input too large");
  std::string out = randomBytes(kAeadNonceSize);
  out.resize(kAeadNonceSize + plaintext.size() + kAeadTagSize);
  auto* cipher_text = reinterpret_cast<unsigned char*>(out.data()) + kAeadNonceSize;

  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int length = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(out)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &length, bytes(associated_data), static_cast<int>(associated_data.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), cipher_text, &length, bytes(plaintext), static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), cipher_text + length, &length) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kAeadTagSize),
                          cipher_text + plaintext.size()) != 1)
    return Error::internal(opensslErrorText("AES-256-GCM seal"));
  return out;
}

Result<std::string> aeadOpen(std::string_view key, std::string_view sealed, std::string_view associated_data) {
  if (key.size() != kAeadKeySize) return Error::internal("AEAD key must be 32 bytes");
  if (sealed.size() < kAeadNonceSize + kAeadTagSize || sealed.size() > INT_MAX / 2 ||
      associated_data.size() > INT_MAX / 2)
    return openFailed("truncated or oversized");
  std::string_view nonce = sealed.substr(0, kAeadNonceSize);
  std::string_view cipher_text = sealed.substr(kAeadNonceSize, sealed.size() - kAeadNonceSize - kAeadTagSize);
  std::string tag(sealed.substr(sealed.size() - kAeadTagSize));  // set_tag takes a non-const pointer
  std::string plain(cipher_text.size(), '\0');

  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int length = 0;
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(nonce)) == 1 &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &length, bytes(associated_data),
                              static_cast<int>(associated_data.size())) == 1 &&
            EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &length, bytes(cipher_text),
                              static_cast<int>(cipher_text.size())) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kAeadTagSize), tag.data()) == 1 &&
            // The tag is checked here, in constant time, before any plaintext is returned.
            EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + length, &length) == 1;
  if (!ok) {
    OPENSSL_cleanse(plain.data(), plain.size());
    ERR_clear_error();
    return openFailed("authentication failed (wrong key, associated data, or tampered blob)");
  }
  return plain;
}

}  // namespace sigid::core::crypto
