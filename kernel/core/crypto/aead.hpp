#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace sigid::core::crypto {

// AES-256-GCM (NIST SP 800-38D) with a fresh random 96-bit nonce per message.
// Random nonces are safe for well under 2^32 messages per key (SP 800-38D §8.3);
// per-tenant data keys keep each key far below that.
inline constexpr std::size_t kAeadKeySize = 32;
inline constexpr std::size_t kAeadNonceSize = 12;
inline constexpr std::size_t kAeadTagSize = 16;

// Returns nonce || ciphertext || tag. `associated_data` is authenticated, not
// stored: opening needs the same bytes (bind tenant and purpose there).
Result<std::string> aeadSeal(std::string_view key, std::string_view plaintext, std::string_view associated_data);

// Internal error (detail for logs only) when the key, blob or associated data
// differ in any bit from what was sealed.
Result<std::string> aeadOpen(std::string_view key, std::string_view sealed, std::string_view associated_data);

}  // namespace sigid::core::crypto
