#include "hosted/second_steps.hpp"

#include "core/hashing.hpp"
#include "core/random.hpp"
#include "store/autocommit.hpp"
#include "tenancy/user.hpp"

namespace sigid::hosted {

using core::Result;

Result<std::string> SecondSteps::start(const tenancy::Tenant& tenant, std::string_view browser, const SecondStep& step) {
  const store::TenantScope scope(tenant.id);
  const auto now = clock_.nowSeconds();
  std::string token = core::randomToken(32);
  store::SignInStepRecord record{core::sha256Hex(token), core::sha256Hex(browser), step.user_id, step.account,
                                 tenancy::joinWords(step.amr), step.required_acr, step.plugin_id,
                                 step.challenge_state, step.return_to, now + kLifetimeSeconds};
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    // Abandoned steps go on the way: the table holds minutes of sign-ins, not history.
    SIGID_CHECK(steps_.removeExpired(scope, c, now));
    return steps_.insert(scope, c, record);
  }));
  return token;
}

Result<std::optional<SecondStep>> SecondSteps::find(const tenancy::Tenant& tenant, std::string_view browser,
                                                    std::string_view token) {
  if (token.empty() || token.size() > 128 || browser.empty()) return std::optional<SecondStep>{};
  store::AutoCommit c(db_);
  SIGID_TRY(auto record, steps_.find(store::TenantScope(tenant.id), c, core::sha256Hex(token)));
  if (!record || record->expires_at <= clock_.nowSeconds() || record->browser_sha256 != core::sha256Hex(browser))
    return std::optional<SecondStep>{};
  return std::optional<SecondStep>{SecondStep{record->user_id, record->account, tenancy::splitWords(record->amr),
                                              record->required_acr, record->plugin_id, record->challenge_state,
                                              record->return_to}};
}

Result<bool> SecondSteps::finish(const tenancy::Tenant& tenant, std::string_view token) {
  store::AutoCommit c(db_);
  return steps_.remove(store::TenantScope(tenant.id), c, core::sha256Hex(token));
}

}  // namespace sigid::hosted
