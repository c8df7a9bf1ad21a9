#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/repositories/sign_in_step_repository.hpp"
#include "tenancy/tenant.hpp"

namespace sigid::hosted {

// A sign-in between its first and second factor.
struct SecondStep {
  std::string user_id;
  std::string account;  // the typed e-mail, normalised: the lockout's account key
  std::vector<std::string> amr;
  std::string required_acr;
  std::string plugin_id;  // the second-factor method
  std::string challenge_state;
  std::string return_to;
};

// Sign-ins waiting for a second factor, in the database so any node can take
// the code (DESIGN.md §10: nodes are stateless). The browser holds a 256-bit
// token (a hidden form field); the row is bound to the browser's CSRF cookie,
// expires after kLifetimeSeconds and is consumed by the sign-in it completes.
class SecondSteps {
 public:
  static constexpr std::int64_t kLifetimeSeconds = 300;

  SecondSteps(store::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

  // Returns the token for the code form.
  core::Result<std::string> start(const tenancy::Tenant& tenant, std::string_view browser, const SecondStep& step);
  // nullopt when unknown, expired, finished, another browser's or another tenant's.
  core::Result<std::optional<SecondStep>> find(const tenancy::Tenant& tenant, std::string_view browser,
                                               std::string_view token);
  // Single use: false when another request already finished it.
  core::Result<bool> finish(const tenancy::Tenant& tenant, std::string_view token);

 private:
  store::Database& db_;
  const core::Clock& clock_;
  store::SignInStepRepository steps_;
};

}  // namespace sigid::hosted
