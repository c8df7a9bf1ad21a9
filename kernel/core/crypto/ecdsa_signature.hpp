#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sigid::core::crypto {

// JOSE carries an ECDSA signature as the fixed-width concatenation R || S
// (RFC 7518 §3.4: 32 + 32 bytes for P-256); OpenSSL produces and expects the
// DER SEQUENCE { INTEGER r, INTEGER s } of X9.62. These convert between them.

// nullopt when `der` is not a well-formed signature or r/s do not fit `half` bytes.
std::optional<std::string> ecdsaDerToJose(std::string_view der, std::size_t half);
// nullopt when `jose` is not exactly 2 * `half` bytes.
std::optional<std::string> ecdsaJoseToDer(std::string_view jose, std::size_t half);

}  // namespace sigid::core::crypto
