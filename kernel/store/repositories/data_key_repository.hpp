#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

// A tenant's data key as stored: wrapped by the master key, never in plaintext.
struct DataKeyRecord {
  std::string id;           // UUIDv7: the newest is the one new secrets are sealed with
  std::string wrapped_key;  // base64 of nonce || ciphertext || tag
  std::int64_t created_at = 0;
};

// Development mode's stand-in master key (see migration 0003): insecure by design.
struct DevMasterKeyRecord {
  std::string key_material;  // base64 of 32 bytes
  std::string note;
  std::int64_t created_at = 0;
};

class DataKeyRepository {
 public:
  // Conflict when the id exists.
  Result<void> insert(const TenantScope& tenant, Connection& c, const DataKeyRecord& record);
  Result<std::optional<DataKeyRecord>> find(const TenantScope& tenant, Connection& c, const std::string& id);
  Result<std::optional<DataKeyRecord>> newest(const TenantScope& tenant, Connection& c);

  // Not tenant data: one row for the whole deployment. Conflict when it exists already.
  Result<void> insertDevMasterKey(Connection& c, const DevMasterKeyRecord& record);
  Result<std::optional<DevMasterKeyRecord>> findDevMasterKey(Connection& c);
};

}  // namespace sigid::store
