#include "oauth/policy_input.hpp"

#include <algorithm>

#include "tenancy/application.hpp"

namespace sigid::oauth {

using policy::PolicyValue;

PolicyValue clientPolicyInput(const ClientEntry& client) {
  PolicyValue c = PolicyValue::object();
  c.set("id", client.client_id);
  c.set("type", client.confidential ? "confidential" : "public");
  c.set("audience", client.audience);
  return c;
}

PolicyValue tenantPolicyInput(const TenantSnapshot& snapshot) {
  PolicyValue tenant = PolicyValue::object();
  tenant.set("id", snapshot.tenant.id.str());
  tenant.set("slug", snapshot.tenant.slug);
  PolicyValue settings = PolicyValue::object();
  settings.set("require_mfa", snapshot.tenant.settings.require_mfa);
  tenant.set("settings", std::move(settings));
  return tenant;
}

PolicyValue contextPolicyInput(std::int64_t now, const RequestContext& request) {
  PolicyValue context = PolicyValue::object();
  if (!request.ip.empty()) context.set("ip", request.ip);
  context.set("time", now);
  if (!request.request_id.empty()) context.set("request_id", request.request_id);
  return context;
}

std::string narrowScopes(const std::string& granted, const std::vector<std::string>& allowed) {
  std::string out;
  for (const auto& scope : tenancy::splitSpaced(granted)) {
    if (std::find(allowed.begin(), allowed.end(), scope) == allowed.end()) continue;
    if (!out.empty()) out += ' ';
    out += scope;
  }
  return out;
}

}  // namespace sigid::oauth
