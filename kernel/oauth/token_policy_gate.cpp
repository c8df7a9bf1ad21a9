#include "oauth/token_policy_gate.hpp"

#include <algorithm>

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
  PolicyValue c = PolicyValue::object();
  c.set("id", client.client_id);
  c.set("type", client.confidential ? "confidential" : "public");
  c.set("audience", client.audience);
  input.set("client", std::move(c));
  input.set("action", "token");
  input.set("grant_type", std::string(grant_type));
  input.set("requested_scopes", PolicyValue::strings(tenancy::splitSpaced(granted_scope)));
  input.set("delegation", PolicyValue::array());
  PolicyValue tenant = PolicyValue::object();
  tenant.set("id", snapshot.tenant.id.str());
  tenant.set("slug", snapshot.tenant.slug);
  PolicyValue settings = PolicyValue::object();
  settings.set("require_mfa", snapshot.tenant.settings.require_mfa);
  tenant.set("settings", std::move(settings));
  input.set("tenant", std::move(tenant));
  PolicyValue context = PolicyValue::object();
  context.set("time", now);
  input.set("context", std::move(context));
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
  std::string narrowed;
  for (const auto& scope : tenancy::splitSpaced(granted_scope)) {  // keep the granted order; never add a scope
    const auto& allowed = *decision.obligations.scopes;
    if (std::find(allowed.begin(), allowed.end(), scope) == allowed.end()) continue;
    if (!narrowed.empty()) narrowed += ' ';
    narrowed += scope;
  }
  return narrowed;
}

}  // namespace sigid::oauth
