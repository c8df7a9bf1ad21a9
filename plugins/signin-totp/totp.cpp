#include "totp.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

namespace signin_totp {

std::string hotp(std::string_view key, std::uint64_t counter, int digits) {
  if (digits < 6 || digits > 8) return {};
  std::array<unsigned char, 8> message{};
  for (int i = 7; i >= 0; --i) {  // big-endian counter (RFC 4226 §5.2)
    message[static_cast<std::size_t>(i)] = static_cast<unsigned char>(counter & 0xff);
    counter >>= 8;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_size = 0;
  if (HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message.data(), message.size(), mac.data(),
           &mac_size) == nullptr ||
      mac_size < 20)
    return {};
  // Dynamic truncation (RFC 4226 §5.3).
  const unsigned offset = mac[mac_size - 1] & 0x0f;
  const std::uint32_t binary = (std::uint32_t(mac[offset] & 0x7f) << 24) | (std::uint32_t(mac[offset + 1]) << 16) |
                               (std::uint32_t(mac[offset + 2]) << 8) | std::uint32_t(mac[offset + 3]);
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string text = std::to_string(binary % modulus);
  return std::string(static_cast<std::size_t>(digits) - text.size(), '0') + text;
}

std::int64_t timeStep(std::int64_t epoch_seconds) {
  return epoch_seconds >= 0 ? epoch_seconds / kStepSeconds : (epoch_seconds - kStepSeconds + 1) / kStepSeconds;
}

bool wellFormedCode(std::string_view code) {
  if (code.size() != static_cast<std::size_t>(kDigits)) return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<std::int64_t> matchingStep(std::string_view key, std::string_view code, std::int64_t epoch_seconds) {
  if (!wellFormedCode(code) || key.empty()) return std::nullopt;
  const std::int64_t now = timeStep(epoch_seconds);
  std::optional<std::int64_t> found;
  for (std::int64_t step = now - kWindow; step <= now + kWindow; ++step) {
    if (step < 0) continue;
    const std::string expected = hotp(key, static_cast<std::uint64_t>(step));
    // constant time: timing must not reveal how many leading digits matched.
    const bool same = expected.size() == code.size() && CRYPTO_memcmp(expected.data(), code.data(), code.size()) == 0;
    if (same && !found) found = step;
  }
  return found;
}

std::string base32(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 0x1f];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 0x1f];
  return out;
}

namespace {

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string uriEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0f];
    }
  }
  return out;
}

}  // namespace

std::string otpauthUri(std::string_view issuer, std::string_view account, std::string_view key) {
  // The issuer is both the label prefix and a parameter: older apps read one, newer the other.
  return "otpauth://totp/" + uriEncode(issuer) + ":" + uriEncode(account) + "?secret=" + base32(key) +
         "&issuer=" + uriEncode(issuer) + "&algorithm=SHA1&digits=" + std::to_string(kDigits) +
         "&period=" + std::to_string(kStepSeconds);
}

}  // namespace signin_totp
