#include "hosted/password_resets.hpp"

#include "core/hashing.hpp"
#include "core/random.hpp"
#include "store/autocommit.hpp"

namespace sigid::hosted {

using core::Result;

Result<std::string> PasswordResets::issue(const tenancy::Tenant& tenant, const std::string& user_id) {
  std::string token = core::randomToken(32);
  const auto now = clock_.nowSeconds();
  store::AutoCommit c(db_);
  SIGID_CHECK(resets_.insert(store::TenantScope(tenant.id), c,
                             {core::sha256Hex(token), user_id, now + ttl_.count(), std::nullopt, now}));
  return token;
}

Result<std::optional<std::string>> PasswordResets::peek(const tenancy::Tenant& tenant, std::string_view token) {
  if (token.empty() || token.size() > 128) return std::optional<std::string>{};
  store::AutoCommit c(db_);
  SIGID_TRY(auto record, resets_.find(store::TenantScope(tenant.id), c, core::sha256Hex(token)));
  if (!record || record->used_at || record->expires_at <= clock_.nowSeconds()) return std::optional<std::string>{};
  return std::optional<std::string>{record->user_id};
}

Result<std::optional<std::string>> PasswordResets::redeem(const tenancy::Tenant& tenant, std::string_view token) {
  SIGID_TRY(auto user_id, peek(tenant, token));
  if (!user_id) return user_id;
  store::AutoCommit c(db_);
  SIGID_TRY(bool won, resets_.markUsed(store::TenantScope(tenant.id), c, core::sha256Hex(token), clock_.nowSeconds()));
  if (!won) return std::optional<std::string>{};
  return user_id;
}

}  // namespace sigid::hosted
