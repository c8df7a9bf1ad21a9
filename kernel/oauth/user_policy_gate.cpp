#include "oauth/user_policy_gate.hpp"

#include "oauth/policy_input.hpp"
#include "tenancy/application.hpp"

namespace sigid::oauth {

using policy::PolicyValue;

namespace {

PolicyValue userInput(policy::AttachPoint point, const TenantSnapshot& snapshot, const ClientEntry& client,
                      std::string_view grant_type, const UserAuthorization& a, const std::vector<std::string>& roles,
                      std::int64_t now, const RequestContext& request) {
  PolicyValue input = PolicyValue::object();
  input.set("attach", std::string(policy::toString(point)));
  PolicyValue subject = PolicyValue::object();
  subject.set("type", "user");
  subject.set("id", a.subject);
  subject.set("roles", PolicyValue::strings(roles));
  subject.set("amr", PolicyValue::strings(a.amr));
  subject.set("acr", a.acr);
  subject.set("auth_age_seconds", now - a.auth_time);
  input.set("subject", std::move(subject));
  input.set("client", clientPolicyInput(client));
  input.set("action", std::string(policy::toString(point)));
  if (!grant_type.empty()) input.set("grant_type", std::string(grant_type));
  input.set("requested_scopes", PolicyValue::strings(tenancy::splitSpaced(a.scope)));
  input.set("delegation", PolicyValue::array());
  input.set("tenant", tenantPolicyInput(snapshot));
  input.set("context", contextPolicyInput(now, request));
  return input;
}

}  // namespace

core::Result<policy::Decision> UserPolicyGate::decide(policy::AttachPoint point, const TenantSnapshot& tenant,
                                                      const ClientEntry& client, std::string_view grant_type,
                                                      const UserAuthorization& a, const std::vector<std::string>& roles,
                                                      const RequestContext& request) const {
  return evaluator_.evaluate({tenant.tenant.id, tenant.tenant.config_version}, point, [&] {
    return userInput(point, tenant, client, grant_type, a, roles, clock_.nowSeconds(), request);
  });
}

core::Result<UserPolicyOutcome> UserPolicyGate::authorize(const TenantSnapshot& tenant, const ClientEntry& client,
                                                          const UserAuthorization& a,
                                                          const std::vector<std::string>& roles,
                                                          const RequestContext& request) const {
  SIGID_TRY(policy::Decision decision, decide(policy::AttachPoint::Authorize, tenant, client, "", a, roles, request));
  if (decision.verdict == policy::Verdict::StepUp)
    return UserPolicyOutcome{UserPolicyOutcome::Kind::StepUp, decision.acr, ""};
  if (!decision.allowed() || decision.obligations.approval_required)
    return UserPolicyOutcome{UserPolicyOutcome::Kind::Deny, "", ""};
  std::string scope = decision.obligations.scopes ? narrowScopes(a.scope, *decision.obligations.scopes) : a.scope;
  return UserPolicyOutcome{UserPolicyOutcome::Kind::Allow, "", std::move(scope)};
}

core::Result<TokenGrant> UserPolicyGate::token(const TenantSnapshot& tenant, const ClientEntry& client,
                                               std::string_view grant_type, const UserAuthorization& a,
                                               const std::vector<std::string>& roles,
                                               const RequestContext& request) const {
  SIGID_TRY(policy::Decision decision,
            decide(policy::AttachPoint::Token, tenant, client, grant_type, a, roles, request));
  return applyTokenDecision(decision, a.scope);
}

}  // namespace sigid::oauth
