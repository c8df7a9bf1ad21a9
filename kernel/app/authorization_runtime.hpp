#pragma once

#include <memory>

#include "app/config.hpp"
#include "core/clock.hpp"
#include "hosted/hosted_context.hpp"
#include "http/router.hpp"
#include "oauth/authorization_codes.hpp"
#include "oauth/authorize/authorize_flow.hpp"
#include "oauth/authorize/logout_redirects.hpp"
#include "oauth/authorize/sign_in_gate.hpp"
#include "oauth/endpoints/protocol_services.hpp"
#include "oauth/keys/key_service.hpp"
#include "oauth/pending_authorizations.hpp"
#include "oauth/refresh_tokens.hpp"
#include "oauth/user_grants.hpp"
#include "oauth/user_policy_gate.hpp"
#include "policy/policy_evaluator.hpp"
#include "store/database.hpp"
#include "tenancy/tenant_service.hpp"
#include "tenancy/user_service.hpp"

namespace sigid::app {

// The authorization code flow (issue 7 part B), built on the protocol
// services (issue 6) and the hosted runtime (part A). Construction plugs it
// in: the token endpoint's user grants, the hosted consent and logout hooks,
// and the refresh-token revocation on member suspension.
class AuthorizationRuntime {
 public:
  AuthorizationRuntime(const KernelConfig& config, store::Database& db, const core::Clock& clock,
                       tenancy::TenantService& tenants, tenancy::UserService& users, hosted::HostedContext& hosted,
                       oauth::ProtocolServices& protocol, oauth::KeyService& keys);

  // /authorize and /userinfo (/token and discovery are the protocol routes').
  void addRoutes(http::Router& router);
  // The `signin`, `authorize` and `token` attach points for users (the policy runtime comes later).
  void usePolicies(policy::PolicyEvaluator& evaluator);

 private:
  const core::Clock& clock_;
  hosted::HostedContext& hosted_;
  oauth::ProtocolServices& protocol_;
  tenancy::UserService& users_;
  std::unique_ptr<oauth::PendingAuthorizations> pending_;
  std::unique_ptr<oauth::AuthorizationCodes> codes_;
  std::unique_ptr<oauth::RefreshTokens> refresh_;
  std::unique_ptr<oauth::UserGrants> grants_;
  std::unique_ptr<oauth::AuthorizeFlow> flow_;
  std::unique_ptr<oauth::RpLogoutRedirects> logout_;
  std::unique_ptr<oauth::UserPolicyGate> policy_;
  std::unique_ptr<oauth::SignInGate> sign_in_gate_;  // the `signin` attach point
};

}  // namespace sigid::app
