#pragma once

#include <string>
#include <string_view>

#include "core/ids.hpp"
#include "core/result.hpp"

namespace sigid::core::crypto {

// Seals secrets at rest for one tenant (DESIGN.md §9: signing keys, TOTP seeds,
// vault credentials, plugin secrets). The implementation is store-backed
// (crypto_store/DataKeyService: per-tenant data keys wrapped by the master key);
// core only defines the contract so lower layers can depend on it.
class SecretSealer {
 public:
  virtual ~SecretSealer() = default;

  // Returns printable text safe to store in a TEXT column. `purpose` names the
  // field ("signing_key", "totp_seed", ...): a blob only opens for the same tenant
  // and purpose, so it cannot be copied into another tenant's row or another field.
  virtual Result<std::string> seal(const TenantId& tenant, std::string_view purpose, std::string_view plaintext) = 0;
  virtual Result<std::string> unseal(const TenantId& tenant, std::string_view purpose, std::string_view sealed) = 0;
};

}  // namespace sigid::core::crypto
