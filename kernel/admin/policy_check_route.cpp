#include <Poco/JSON/Object.h>

#include "admin/policy_json.hpp"
#include "admin/policy_routes.hpp"
#include "http/json_body.hpp"

namespace sigid::admin {
namespace {

using core::Error;
using core::Result;
using http::Request;
using http::Response;
using policy::PolicyValue;

Result<bool> explainFlag(const Request& r) {
  bool explain = false, seen = false;
  for (const auto& [key, value] : r.queryParams()) {
    if (key != "explain") return Error::invalidRequest("unknown query parameter '" + key + "'");
    if (seen) return Error::invalidRequest("explain: given more than once");
    seen = true;
    if (value == "true") explain = true;
    else if (value != "false") return Error::invalidRequest("explain: expected true or false");
  }
  return explain;
}

Result<PolicyValue> member(const Poco::JSON::Object& body, const std::string& key) {
  if (!body.has(key)) return PolicyValue();
  return policyValueFromJson(body.get(key), key);
}

// The `check` input (docs/policies.md "Input"): what the caller sent, plus the
// tenant and a request context the server fills in (the caller may give ip and
// time for what-if questions; they are inputs, not facts about this request).
Result<PolicyValue> checkInput(PolicyAdminContext& ctx, const TenantCaller& caller, const Request& r,
                               const Poco::JSON::Object& body) {
  SIGID_TRY(std::string application, http::requiredString(body, "application"));
  SIGID_TRY(std::string action, http::requiredString(body, "action"));
  SIGID_TRY(PolicyValue subject, member(body, "subject"));
  if (!subject.isObject()) return Error::invalidRequest("subject: expected an object with at least type and id");
  const PolicyValue* type = subject.find("type");
  const PolicyValue* id = subject.find("id");
  if (!type || !type->isString() || !id || !id->isString())
    return Error::invalidRequest("subject: type and id are required strings");
  if (type->asString() != "user" && type->asString() != "agent" && type->asString() != "client")
    return Error::invalidRequest("subject.type: expected user, agent or client");
  SIGID_TRY(PolicyValue resource, member(body, "resource"));
  SIGID_TRY(PolicyValue context, member(body, "context"));
  if (!context.isNull() && !context.isObject()) return Error::invalidRequest("context: expected an object");
  if (!context.find("ip")) context.set("ip", r.remote_address);
  if (!context.find("time")) context.set("time", ctx.clock.nowSeconds());
  context.set("request_id", r.request_id);

  PolicyValue input = PolicyValue::object();
  input.set("attach", "check");
  input.set("subject", std::move(subject));
  PolicyValue client = PolicyValue::object();
  client.set("id", application);
  input.set("client", std::move(client));
  input.set("action", action);
  input.set("resource", std::move(resource));
  SIGID_TRY(PolicyValue delegation, member(body, "delegation"));
  input.set("delegation", delegation.isNull() ? PolicyValue::array() : std::move(delegation));
  PolicyValue tenant = PolicyValue::object();
  tenant.set("id", caller.tenant.id.str());
  tenant.set("slug", caller.tenant.slug);
  PolicyValue settings = PolicyValue::object();
  settings.set("require_mfa", caller.tenant.settings.require_mfa);
  settings.set("session_timeout_minutes", caller.tenant.settings.session_timeout_minutes);
  tenant.set("settings", std::move(settings));
  input.set("tenant", std::move(tenant));
  input.set("context", std::move(context));
  return input;
}

Result<Response> check(PolicyAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopeAuthzCheck));
  SIGID_TRY(bool explain, explainFlag(r));
  SIGID_TRY(auto body, http::parseJsonObject(r));
  SIGID_CHECK(http::rejectUnknownFields(*body, {"application", "subject", "action", "resource", "context", "delegation"}));
  SIGID_TRY(PolicyValue input, checkInput(ctx, caller, r, *body));
  SIGID_TRY(policy::Decision decision,
            ctx.evaluator.evaluate({caller.tenant.id, caller.tenant.config_version}, policy::AttachPoint::Check, input));
  // 200 whatever the decision: the request succeeded; the answer is in the body.
  return Response::json(200, decisionToValue(decision, explain, input).toJson());
}

}  // namespace

void addAuthzCheckRoute(http::Router& router, PolicyAdminContext& ctx) {
  router.add("POST", "/api/v1/tenants/{tenant}/authz/check", [&ctx](Request& r) { return check(ctx, r); });
}

}  // namespace sigid::admin
