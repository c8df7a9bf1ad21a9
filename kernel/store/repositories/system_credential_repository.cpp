#include "store/repositories/system_credential_repository.hpp"

namespace sigid::store {

Result<void> SystemCredentialRepository::insert(Connection& c, const SystemCredentialRecord& r) {
  SIGID_CHECK(c.execute("INSERT INTO system_credentials (id, name, secret_sha256, created_at, revoked_at) "
                        "VALUES (?, ?, ?, ?, ?)",
                        {r.id, r.name, r.secret_sha256, r.created_at,
                         r.revoked_at ? Value(*r.revoked_at) : null()}));
  return core::success();
}

Result<std::optional<SystemCredentialRecord>> SystemCredentialRepository::findBySecretHash(
    Connection& c, const std::string& secret_sha256) {
  SIGID_TRY(Rows rows, c.query("SELECT id, name, secret_sha256, created_at, revoked_at FROM system_credentials "
                               "WHERE secret_sha256 = ?",
                               {secret_sha256}));
  if (rows.empty()) return std::optional<SystemCredentialRecord>{};
  const Row& r = rows.front();
  return std::optional<SystemCredentialRecord>{
      SystemCredentialRecord{r.text(0), r.text(1), r.text(2), r.integer(3), r.optionalInteger(4)}};
}

Result<std::int64_t> SystemCredentialRepository::countActive(Connection& c) {
  SIGID_TRY(Rows rows, c.query("SELECT COUNT(*) FROM system_credentials WHERE revoked_at IS NULL"));
  return rows.front().integer(0);
}

}  // namespace sigid::store
