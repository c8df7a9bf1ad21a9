#include "crypto_store/data_key_service.hpp"

#include <openssl/crypto.h>

#include "core/crypto/aead.hpp"
#include "core/crypto/envelope.hpp"
#include "core/encoding.hpp"
#include "core/ids.hpp"
#include "core/random.hpp"
#include "store/autocommit.hpp"

namespace sigid::crypto_store {
namespace {

using core::Error;
using core::Result;

constexpr std::string_view kDevNote =
    "INSECURE development master key: anyone who can read this database can unseal every secret. "
    "Set security.master_key in production.";

// Reads the development master key, creating it on first start. Two processes
// starting at once both try to insert; the loser re-reads the winner's key.
Result<std::string> devMasterKey(store::Database& db, const core::Clock& clock) {
  store::AutoCommit c(db);
  store::DataKeyRepository repository;
  SIGID_TRY(auto existing, repository.findDevMasterKey(c));
  if (!existing) {
    store::DevMasterKeyRecord record{core::base64Encode(core::randomBytes(core::crypto::kAeadKeySize)),
                                     std::string(kDevNote), clock.nowSeconds()};
    auto inserted = repository.insertDevMasterKey(c, record);
    if (!inserted && inserted.error().code() != core::ErrorCode::Conflict) return std::move(inserted).error();
    SIGID_TRY(existing, repository.findDevMasterKey(c));
    if (!existing) return Error::internal("development master key vanished after insert");
  }
  auto key = core::base64Decode(existing->key_material);
  if (!key || key->size() != core::crypto::kAeadKeySize)
    return Error::internal("the stored development master key is not base64 of 32 bytes");
  return std::move(*key);
}

}  // namespace

Result<std::unique_ptr<DataKeyService>> DataKeyService::open(store::Database& db, const core::Clock& clock,
                                                             core::Logger& log, std::string_view master_key_base64) {
  std::string master;
  bool dev = master_key_base64.empty();
  if (dev) {
    SIGID_TRY(master, devMasterKey(db, clock));
    log.warning("security.master_key is empty: secrets are sealed under the INSECURE development master key "
                "stored in the database (table dev_master_key); never run production like this");
  } else {
    auto decoded = core::base64Decode(master_key_base64);
    if (!decoded || decoded->size() != core::crypto::kAeadKeySize)
      return Error::internal("security.master_key must be base64 of 32 bytes");
    master = std::move(*decoded);
  }
  return std::unique_ptr<DataKeyService>(new DataKeyService(db, clock, std::move(master), dev));
}

DataKeyService::~DataKeyService() {
  // Keys leave memory as soon as they are no longer needed (a core dump later holds less).
  OPENSSL_cleanse(master_key_.data(), master_key_.size());
  for (auto& [tenant, keys] : cache_)
    for (auto& [id, key] : keys.by_id) OPENSSL_cleanse(key.data(), key.size());
}

void DataKeyService::remember(const core::TenantId& tenant, const DataKey& key, bool newest) {
  std::lock_guard lock(mutex_);
  auto& keys = cache_[tenant.str()];
  keys.by_id.emplace(key.id, key.key);
  if (newest) keys.newest_id = key.id;
}

Result<DataKeyService::DataKey> DataKeyService::newestKey(const core::TenantId& tenant) {
  {
    std::lock_guard lock(mutex_);
    auto found = cache_.find(tenant.str());
    if (found != cache_.end() && !found->second.newest_id.empty())
      return DataKey{found->second.newest_id, found->second.by_id.at(found->second.newest_id)};
  }
  store::TenantScope scope(tenant);
  store::AutoCommit c(db_);
  SIGID_TRY(auto row, repository_.newest(scope, c));
  if (!row) {
    // Two nodes may both create a first key: both rows are valid (sealed text
    // names its key id), and the newest wins from then on.
    store::DataKeyRecord record{core::Uuid::v7().str(), "", clock_.nowSeconds()};
    std::string key = core::randomBytes(core::crypto::kAeadKeySize);
    SIGID_TRY(auto wrapped, core::crypto::wrapDataKey(master_key_, tenant, record.id, key));
    record.wrapped_key = core::base64Encode(wrapped);
    SIGID_CHECK(repository_.insert(scope, c, record));
    DataKey created{record.id, std::move(key)};
    remember(tenant, created, true);
    return created;
  }
  SIGID_TRY(auto key, keyById(tenant, row->id));
  remember(tenant, DataKey{row->id, key}, true);
  return DataKey{row->id, std::move(key)};
}

Result<std::string> DataKeyService::keyById(const core::TenantId& tenant, const std::string& id) {
  {
    std::lock_guard lock(mutex_);
    auto found = cache_.find(tenant.str());
    if (found != cache_.end())
      if (auto key = found->second.by_id.find(id); key != found->second.by_id.end()) return key->second;
  }
  store::TenantScope scope(tenant);
  store::AutoCommit c(db_);
  // Scoped lookup: another tenant's key id is simply not found here.
  SIGID_TRY(auto row, repository_.find(scope, c, id));
  if (!row) return Error::internal("sealed data names an unknown data key");
  auto wrapped = core::base64Decode(row->wrapped_key);
  if (!wrapped) return Error::internal("stored data key is not base64");
  SIGID_TRY(auto key, core::crypto::unwrapDataKey(master_key_, tenant, id, *wrapped));
  remember(tenant, DataKey{id, key}, false);
  return key;
}

Result<std::string> DataKeyService::seal(const core::TenantId& tenant, std::string_view purpose,
                                         std::string_view plaintext) {
  SIGID_TRY(auto key, newestKey(tenant));
  return core::crypto::sealWithDataKey(key.key, key.id, tenant, purpose, plaintext);
}

Result<std::string> DataKeyService::unseal(const core::TenantId& tenant, std::string_view purpose,
                                           std::string_view sealed) {
  auto id = core::crypto::sealedKeyId(sealed);
  if (!id) return Error::internal("not a sealed secret");
  SIGID_TRY(auto key, keyById(tenant, *id));
  return core::crypto::openWithDataKey(key, *id, tenant, purpose, sealed);
}

}  // namespace sigid::crypto_store
