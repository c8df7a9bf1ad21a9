#include "store/repositories/sign_in_step_repository.hpp"

namespace sigid::store {

Result<void> SignInStepRepository::insert(const TenantScope& tenant, Connection& c, const SignInStepRecord& r) {
  SIGID_CHECK(c.execute("INSERT INTO sign_in_steps (tenant_id, token_sha256, browser_sha256, user_id, account, amr, "
                        "required_acr, plugin_id, challenge_state, return_to, expires_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        {tenant.str(), r.token_sha256, r.browser_sha256, r.user_id, r.account, r.amr, r.required_acr,
                         r.plugin_id, r.challenge_state, r.return_to, r.expires_at}));
  return core::success();
}

Result<std::optional<SignInStepRecord>> SignInStepRepository::find(const TenantScope& tenant, Connection& c,
                                                                   const std::string& token_sha256) {
  SIGID_TRY(Rows rows, c.query("SELECT token_sha256, browser_sha256, user_id, account, amr, required_acr, plugin_id, "
                               "challenge_state, return_to, expires_at FROM sign_in_steps "
                               "WHERE tenant_id = ? AND token_sha256 = ?",
                               {tenant.str(), token_sha256}));
  if (rows.empty()) return std::optional<SignInStepRecord>{};
  const Row& r = rows.front();
  return std::optional<SignInStepRecord>{SignInStepRecord{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4),
                                                          r.text(5), r.text(6), r.text(7), r.text(8), r.integer(9)}};
}

Result<bool> SignInStepRepository::remove(const TenantScope& tenant, Connection& c, const std::string& token_sha256) {
  SIGID_TRY(auto n, c.execute("DELETE FROM sign_in_steps WHERE tenant_id = ? AND token_sha256 = ?",
                              {tenant.str(), token_sha256}));
  return n > 0;
}

Result<void> SignInStepRepository::removeExpired(const TenantScope& tenant, Connection& c, std::int64_t now) {
  SIGID_CHECK(c.execute("DELETE FROM sign_in_steps WHERE tenant_id = ? AND expires_at <= ?", {tenant.str(), now}));
  return core::success();
}

}  // namespace sigid::store
