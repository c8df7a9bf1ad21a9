#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/crypto/secret_sealer.hpp"
#include "core/log.hpp"
#include "store/database.hpp"
#include "store/repositories/data_key_repository.hpp"

namespace sigid::crypto_store {

// Envelope encryption (DESIGN.md §9): each tenant has data keys (random 32
// bytes) stored wrapped by the master key in tenant_data_keys; secrets are
// sealed with the tenant's newest data key. Unwrapped data keys are cached in
// memory for the life of the process, so sealing and unsealing touch the
// database only the first time a tenant's key is needed.
//
// Lives outside core (core knows no store) and below oauth/tenancy, so every
// module that seals (signing keys, TOTP seeds, vault, plugin secrets) can use it
// through the core::crypto::SecretSealer interface.
//
// Thread-safe. Do not call it while holding a SQLite write transaction: a
// tenant's first seal writes its data key in its own statement.
class DataKeyService final : public core::crypto::SecretSealer {
 public:
  // `master_key_base64` is security.master_key. Empty (dev mode only: production
  // config refuses it) means the development master key stored in the database,
  // created on first use, with a warning: it protects nothing from someone who
  // can read the database.
  static core::Result<std::unique_ptr<DataKeyService>> open(store::Database& db, const core::Clock& clock,
                                                            core::Logger& log, std::string_view master_key_base64);
  ~DataKeyService() override;
  DataKeyService(const DataKeyService&) = delete;
  DataKeyService& operator=(const DataKeyService&) = delete;

  core::Result<std::string> seal(const core::TenantId& tenant, std::string_view purpose,
                                 std::string_view plaintext) override;
  core::Result<std::string> unseal(const core::TenantId& tenant, std::string_view purpose,
                                   std::string_view sealed) override;

  bool usesDevMasterKey() const { return dev_master_key_; }

 private:
  struct DataKey {
    std::string id;
    std::string key;  // 32 raw bytes
  };
  struct TenantKeys {
    std::string newest_id;
    std::map<std::string, std::string> by_id;
  };

  DataKeyService(store::Database& db, const core::Clock& clock, std::string master_key, bool dev)
      : db_(db), clock_(clock), master_key_(std::move(master_key)), dev_master_key_(dev) {}

  core::Result<DataKey> newestKey(const core::TenantId& tenant);
  core::Result<std::string> keyById(const core::TenantId& tenant, const std::string& id);
  void remember(const core::TenantId& tenant, const DataKey& key, bool newest);

  store::Database& db_;
  const core::Clock& clock_;
  std::string master_key_;  // 32 raw bytes; not const: the destructor wipes it
  const bool dev_master_key_;
  store::DataKeyRepository repository_;
  std::mutex mutex_;
  std::unordered_map<std::string, TenantKeys> cache_;  // by tenant id
};

}  // namespace sigid::crypto_store
