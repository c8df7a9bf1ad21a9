#include "oauth/token_policy_gate.hpp"

#include "oauth/policy_input.hpp"
#include "tenancy/application.hpp"

namespace sigid::oauth {

using policy::PolicyValue;

PolicyValue clientTokenInput(const TenantSnapshot& snapshot, const ClientEntry& client, std::string_view grant_type,
                             const std::string& granted_scope, std::int64_t now, const RequestContext& request) {
  PolicyValue input = PolicyValue::object();
  input.set("attach", "token");
  PolicyValue subject = PolicyValue::object();
  subject.set("type", "client");
  subject.set("id", client.client_id);
  subject.set("roles", PolicyValue::array());
  input.set("subject", std::move(subject));
  input.set("client", clientPolicyInput(client));
  input.set("action", "token");
  input.set("grant_type", std::string(grant_type));
  input.set("requested_scopes", PolicyValue::strings(tenancy::splitSpaced(granted_scope)));
  input.set("delegation", PolicyValue::array());
  input.set("tenant", tenantPolicyInput(snapshot));
  input.set("context", contextPolicyInput(now, request));
  return input;
}

core::Result<TokenGrant> TokenPolicyGate::apply(const TenantSnapshot& tenant, const ClientEntry& client,
                                                std::string_view grant_type, const std::string& granted_scope,
                                                const RequestContext& request) const {
  SIGID_TRY(policy::Decision decision,
            evaluator_.evaluate({tenant.tenant.id, tenant.tenant.config_version}, policy::AttachPoint::Token, [&] {
              return clientTokenInput(tenant, client, grant_type, granted_scope, clock_.nowSeconds(), request);
            }));
  return applyTokenDecision(decision, granted_scope);
}

}  // namespace sigid::oauth
