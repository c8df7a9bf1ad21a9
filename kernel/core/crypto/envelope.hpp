#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/ids.hpp"
#include "core/result.hpp"

namespace sigid::core::crypto {

// The envelope-encryption formats (DESIGN.md §9): what the master key wraps,
// what a data key seals, and how each is bound to its tenant. Pure functions:
// storage and caching live in crypto_store/.

// A data key wrapped by the master key, bound to tenant and data key id.
Result<std::string> wrapDataKey(std::string_view master_key, const TenantId& tenant, std::string_view key_id,
                                std::string_view data_key);
Result<std::string> unwrapDataKey(std::string_view master_key, const TenantId& tenant, std::string_view key_id,
                                  std::string_view wrapped);

// Sealed text: "sg1.<data key id>.<base64url(nonce || ciphertext || tag)>".
// The version prefix lets the format change without guessing.
Result<std::string> sealWithDataKey(std::string_view data_key, std::string_view key_id, const TenantId& tenant,
                                    std::string_view purpose, std::string_view plaintext);
Result<std::string> openWithDataKey(std::string_view data_key, std::string_view key_id, const TenantId& tenant,
                                    std::string_view purpose, std::string_view sealed);

// The data key id named in sealed text; nullopt for text that is not sealed by us.
std::optional<std::string> sealedKeyId(std::string_view sealed);

}  // namespace sigid::core::crypto
