#include "oauth/token_policy_gate.hpp"

#include <algorithm>

#include "oauth/policy_input.hpp"
#include "tenancy/application.hpp"

namespace sigid::oauth {

using policy::PolicyValue;

PolicyValue clientTokenInput(const TenantSnapshot& snapshot, const ClientEntry& client, std::string_view grant_type,
                             const std::string& granted_scope, std::int64_t now) {
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
  input.set("context", contextPolicyInput(now));
  return input;
}

core::Result<std::string> TokenPolicyGate::apply(const TenantSnapshot& tenant, const ClientEntry& client,
                                                 std::string_view grant_type, const std::string& granted_scope) const {
  const PolicyValue input = clientTokenInput(tenant, client, grant_type, granted_scope, clock_.nowSeconds());
  SIGID_TRY(policy::Decision decision,
            evaluator_.evaluate({tenant.tenant.id, tenant.tenant.config_version}, policy::AttachPoint::Token, input));
  // The description is generic: policy reasons are for the tenant's admins (explain, logs), not for clients.
  if (decision.verdict == policy::Verdict::StepUp)
    return core::Error(core::ErrorCode::AccessDenied, "the request requires a stronger authentication");
  if (!decision.allowed()) return core::Error(core::ErrorCode::AccessDenied, "the request was denied by policy");
  if (decision.obligations.approval_required)
    return core::Error(core::ErrorCode::AccessDenied, "the request requires an approval");
  if (!decision.obligations.scopes) return granted_scope;
  return narrowScopes(granted_scope, *decision.obligations.scopes);
}

}  // namespace sigid::oauth
