#include "hosted/sign_in_lockout.hpp"

#include <algorithm>

#include "core/hashing.hpp"
#include "store/autocommit.hpp"

namespace sigid::hosted {

using core::Result;

std::string SignInLockout::accountKey(std::string_view email) { return "account:" + core::sha256Hex(email); }
std::string SignInLockout::sourceKey(std::string_view ip) { return "source:" + std::string(ip.substr(0, 64)); }

Result<std::int64_t> SignInLockout::remaining(store::Connection& c, const tenancy::Tenant& tenant,
                                              const std::string& key) {
  SIGID_TRY(auto record, failures_.find(store::TenantScope(tenant.id), c, key));
  if (!record) return std::int64_t{0};
  return std::max<std::int64_t>(0, record->locked_until - clock_.nowSeconds());
}

Result<std::int64_t> SignInLockout::lockedFor(const tenancy::Tenant& tenant, std::string_view account,
                                              std::string_view source) {
  store::AutoCommit c(db_);
  SIGID_TRY(auto by_account, remaining(c, tenant, accountKey(account)));
  SIGID_TRY(auto by_source, remaining(c, tenant, sourceKey(source)));
  return std::max(by_account, by_source);
}

Result<void> SignInLockout::fail(store::Connection& c, const tenancy::Tenant& tenant, const std::string& key,
                                 int limit) {
  const auto& policy = tenant.settings.lockout_policy;
  const auto now = clock_.nowSeconds();
  const store::TenantScope scope(tenant.id);
  SIGID_TRY(auto found, failures_.find(scope, c, key));
  store::SignInFailureRecord record = found.value_or(store::SignInFailureRecord{key, 0, now, 0});
  // A window that has run out, or a lock that has expired, starts counting afresh.
  if (now - record.window_started_at > std::int64_t(policy.reset_after_minutes) * 60 ||
      (record.locked_until != 0 && record.locked_until <= now)) {
    record = store::SignInFailureRecord{key, 0, now, 0};
  }
  record.failures += 1;
  if (record.failures >= limit) record.locked_until = now + std::int64_t(policy.lockout_duration_minutes) * 60;
  return failures_.save(scope, c, record);
}

Result<void> SignInLockout::recordFailure(const tenancy::Tenant& tenant, std::string_view account,
                                          std::string_view source) {
  const int limit = tenant.settings.lockout_policy.max_attempts;
  return db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_CHECK(fail(c, tenant, accountKey(account), limit));
    return fail(c, tenant, sourceKey(source), limit * kSourceFactor);
  });
}

Result<void> SignInLockout::recordSuccess(const tenancy::Tenant& tenant, std::string_view account) {
  store::AutoCommit c(db_);
  return failures_.remove(store::TenantScope(tenant.id), c, accountKey(account));
}

}  // namespace sigid::hosted
