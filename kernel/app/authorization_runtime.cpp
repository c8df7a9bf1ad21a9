#include "app/authorization_runtime.hpp"

#include "oauth/authorize/authorize_routes.hpp"
#include "oauth/authorize/userinfo_route.hpp"

namespace sigid::app {

AuthorizationRuntime::AuthorizationRuntime(const KernelConfig& config, store::Database& db, const core::Clock& clock,
                                           tenancy::TenantService& tenants, tenancy::UserService& users,
                                           hosted::HostedContext& hosted, oauth::ProtocolServices& protocol,
                                           oauth::KeyService& keys)
    : clock_(clock), hosted_(hosted), protocol_(protocol), users_(users) {
  pending_ = std::make_unique<oauth::PendingAuthorizations>(db, clock);
  codes_ = std::make_unique<oauth::AuthorizationCodes>(db, clock, protocol.revocations(),
                                                       config.oauth.authorization_code_ttl.count());
  refresh_ = std::make_unique<oauth::RefreshTokens>(db, clock, tenants, config.oauth.refresh_token_ttl.count());
  grants_ = std::make_unique<oauth::UserGrants>(protocol.issuer(), keys, *codes_, *refresh_, users, clock);
  flow_ = std::make_unique<oauth::AuthorizeFlow>(hosted, protocol.directory(), *pending_, *codes_, clock);
  logout_ = std::make_unique<oauth::RpLogoutRedirects>(protocol.directory(), keys);
  sign_in_gate_ = std::make_unique<oauth::SignInGate>(protocol.directory(), *pending_, clock);

  // Suspending or removing a member ends their refresh tokens in the same transaction.
  users.addRevocationHook(*refresh_);
  hosted.consent_requests = flow_.get();
  hosted.logout_redirects = logout_.get();
  hosted.sign_in_rules = sign_in_gate_.get();
  protocol.context().user_grants = grants_.get();
}

void AuthorizationRuntime::addRoutes(http::Router& router) {
  oauth::addAuthorizeRoute(router, hosted_, *flow_);
  oauth::addUserinfoRoute(router, protocol_.context(), users_);
}

void AuthorizationRuntime::usePolicies(policy::PolicyEvaluator& evaluator) {
  policy_ = std::make_unique<oauth::UserPolicyGate>(evaluator, clock_);
  flow_->setPolicyGate(policy_.get());
  grants_->setPolicyGate(policy_.get());
  sign_in_gate_->setEvaluator(&evaluator);
}

}  // namespace sigid::app
