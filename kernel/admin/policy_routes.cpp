#include "admin/policy_routes.hpp"

#include <charconv>

#include "admin/policy_json.hpp"
#include "http/json_body.hpp"

namespace sigid::admin {
namespace {

using core::Error;
using core::Result;
using http::Request;
using http::Response;
using policy::PolicyValue;

std::string policyParam(const Request& r) { return std::string(r.pathParam("policy").value_or("")); }

// Another tenant's policy, a malformed id and a missing one all read "no such policy".
Result<std::int64_t> versionNumber(std::string_view text, std::string_view field) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || n < 1)
    return Error::invalidRequest(std::string(field) + ": expected a version number (1, 2, ...)");
  return n;
}

Result<std::int64_t> versionField(const Poco::JSON::Object& body) {
  SIGID_TRY(auto version, http::optionalInt(body, "version"));
  if (!version || *version < 1) return Error::invalidRequest("version: expected a version number (1, 2, ...)");
  return *version;
}

Result<policy::Rollout> rolloutField(const Poco::JSON::Object& body) {
  SIGID_TRY(auto text, http::optionalString(body, "rollout"));
  if (!text) return policy::Rollout::Inactive;
  auto rollout = policy::parseRollout(*text);
  if (!rollout) return Error::invalidRequest("rollout: expected inactive, active or shadow");
  return *rollout;
}

// Every change commits with its audit row; the callback then tells this node's caches.
policy::ChangeAudit auditFor(PolicyAdminContext& ctx, const TenantCaller& caller) {
  return [&ctx, &caller](store::Connection& c, std::string type, std::string data) {
    return ctx.admin.tenants.audit(c, caller.actor, caller.tenant, std::move(type), std::move(data));
  };
}

void notifyChanged(PolicyAdminContext& ctx, const TenantCaller& caller) {
  if (ctx.changed) ctx.changed(caller.tenant.id);
}

store::TenantScope scopeOf(const TenantCaller& caller) { return store::TenantScope(caller.tenant.id); }

Response valueResponse(int status, const PolicyValue& value) { return Response::json(status, value.toJson()); }

// A body may be absent for actions without input; if present it must be an empty object.
Result<void> noInput(const Request& r) {
  if (r.body.empty()) return core::success();
  SIGID_TRY(auto body, http::parseJsonObject(r));
  return http::rejectUnknownFields(*body, {});
}

Result<Response> create(PolicyAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopePolicies));
  SIGID_TRY(auto body, http::parseJsonObject(r));
  SIGID_CHECK(http::rejectUnknownFields(*body, {"name", "description", "priority", "source", "rollout"}));
  policy::NewPolicy fresh;
  SIGID_TRY(fresh.name, http::requiredString(*body, "name"));
  SIGID_TRY(fresh.source, http::requiredString(*body, "source"));
  SIGID_TRY(auto description, http::optionalString(*body, "description"));
  if (description) fresh.description = *description;
  SIGID_TRY(auto priority, http::optionalInt(*body, "priority"));
  if (priority) fresh.priority = *priority;
  SIGID_TRY(fresh.rollout, rolloutField(*body));
  SIGID_TRY(auto created, ctx.lifecycle.create(scopeOf(caller), caller.actor, fresh, auditFor(ctx, caller)));
  notifyChanged(ctx, caller);
  Response response = valueResponse(201, policyToValue(created));
  response.setHeader("Location", "/api/v1/tenants/" + caller.tenant.id.str() + "/policies/" + created.id);
  return response;
}

Result<Response> list(PolicyAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopePolicies));
  SIGID_TRY(auto policies, ctx.lifecycle.list(scopeOf(caller)));
  PolicyValue items = PolicyValue::array();
  for (const auto& p : policies) items.push(policyToValue(p));
  PolicyValue out = PolicyValue::object();
  out.set("items", std::move(items));
  return valueResponse(200, out);
}

Result<Response> get(PolicyAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopePolicies));
  SIGID_TRY(auto details, ctx.lifecycle.get(scopeOf(caller), policyParam(r)));
  PolicyValue out = policyToValue(details.policy);
  PolicyValue versions = PolicyValue::array();
  for (const auto& v : details.versions) versions.push(versionToValue(v, false));
  out.set("versions", std::move(versions));
  return valueResponse(200, out);
}

Result<Response> getVersion(PolicyAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopePolicies));
  SIGID_TRY(auto number, versionNumber(r.pathParam("version").value_or(""), "version"));
  SIGID_TRY(auto version, ctx.lifecycle.getVersion(scopeOf(caller), policyParam(r), number));
  return valueResponse(200, versionToValue(version, true));
}

Result<Response> addVersion(PolicyAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopePolicies));
  SIGID_TRY(auto body, http::parseJsonObject(r));
  SIGID_CHECK(http::rejectUnknownFields(*body, {"source", "rollout"}));
  SIGID_TRY(auto source, http::requiredString(*body, "source"));
  SIGID_TRY(auto rollout, rolloutField(*body));
  SIGID_TRY(auto version, ctx.lifecycle.addVersion(scopeOf(caller), caller.actor, policyParam(r), source, rollout,
                                                   auditFor(ctx, caller)));
  notifyChanged(ctx, caller);
  SIGID_TRY(auto details, ctx.lifecycle.get(scopeOf(caller), policyParam(r)));
  PolicyValue out = versionToValue(version, false);
  out.set("policy", policyToValue(details.policy));
  return valueResponse(201, out);
}

using Change = Result<store::PolicyRecord> (*)(PolicyAdminContext&, const TenantCaller&, const Request&,
                                                const policy::ChangeAudit&);

Result<Response> changeRoute(PolicyAdminContext& ctx, Request& r, Change change) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopePolicies));
  SIGID_TRY(auto record, change(ctx, caller, r, auditFor(ctx, caller)));
  notifyChanged(ctx, caller);
  return valueResponse(200, policyToValue(record));
}

Result<Response> shadowReport(PolicyAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopePolicies));
  SIGID_TRY(auto details, ctx.lifecycle.get(scopeOf(caller), policyParam(r)));
  PolicyValue out = PolicyValue::object();
  out.set("policy_id", details.policy.id);
  out.set("active_version", details.policy.active_version ? PolicyValue(*details.policy.active_version) : PolicyValue());
  out.set("shadow_version", details.policy.shadow_version ? PolicyValue(*details.policy.shadow_version) : PolicyValue());
  if (details.policy.shadow_version) {
    auto tally = ctx.tallies.get(caller.tenant.id.str(), details.policy.id, *details.policy.shadow_version);
    out.set("agreed", static_cast<std::int64_t>(tally.agreed));
    out.set("disagreed", static_cast<std::int64_t>(tally.disagreed));
    PolicyValue recent = PolicyValue::array();
    for (const auto& s : tally.recent) {
      PolicyValue sample = PolicyValue::object();
      sample.set("attach", s.attach);
      sample.set("active", s.active);
      sample.set("candidate", s.candidate);
      sample.set("candidate_reason", s.candidate_reason);
      recent.push(std::move(sample));
    }
    out.set("recent_disagreements", std::move(recent));
  }
  out.set("scope", "node");  // counts are this node's since it started; the metric aggregates
  return valueResponse(200, out);
}

Result<Response> settings(PolicyAdminContext& ctx, Request& r, bool write) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopePolicies));
  if (write) {
    SIGID_TRY(auto body, http::parseJsonObject(r));
    SIGID_CHECK(http::rejectUnknownFields(*body, {"default_decision"}));
    SIGID_TRY(auto decision, http::requiredString(*body, "default_decision"));
    SIGID_CHECK(ctx.lifecycle.setDefaultDecision(scopeOf(caller), decision, auditFor(ctx, caller)));
    notifyChanged(ctx, caller);
  }
  SIGID_TRY(auto decision, ctx.lifecycle.defaultDecision(scopeOf(caller), ctx.platform_default));
  PolicyValue out = PolicyValue::object();
  out.set("default_decision", decision);
  return valueResponse(200, out);
}

}  // namespace

void addPolicyRoutes(http::Router& router, PolicyAdminContext& ctx) {
  const std::string base = "/api/v1/tenants/{tenant}/policies";
  const std::string one = base + "/{policy}";
  router.add("POST", base, [&ctx](Request& r) { return create(ctx, r); });
  router.add("GET", base, [&ctx](Request& r) { return list(ctx, r); });
  router.add("GET", one, [&ctx](Request& r) { return get(ctx, r); });
  router.add("PATCH", one, [&ctx](Request& r) {
    return changeRoute(ctx, r, [](PolicyAdminContext& c, const TenantCaller& caller, const Request& req,
                                  const policy::ChangeAudit& audit) -> Result<store::PolicyRecord> {
      SIGID_TRY(auto body, http::parseJsonObject(req));
      SIGID_CHECK(http::rejectUnknownFields(*body, {"description", "priority"}));
      SIGID_TRY(auto description, http::optionalString(*body, "description"));
      SIGID_TRY(auto priority, http::optionalInt(*body, "priority"));
      return c.lifecycle.updateSettings(scopeOf(caller), policyParam(req), description, priority, audit);
    });
  });
  router.add("GET", one + "/versions/{version}", [&ctx](Request& r) { return getVersion(ctx, r); });
  router.add("POST", one + "/versions", [&ctx](Request& r) { return addVersion(ctx, r); });
  router.add("POST", one + "/activate", [&ctx](Request& r) {
    return changeRoute(ctx, r, [](PolicyAdminContext& c, const TenantCaller& caller, const Request& req,
                                  const policy::ChangeAudit& audit) -> Result<store::PolicyRecord> {
      SIGID_TRY(auto body, http::parseJsonObject(req));
      SIGID_CHECK(http::rejectUnknownFields(*body, {"version"}));
      SIGID_TRY(auto version, versionField(*body));
      return c.lifecycle.activate(scopeOf(caller), policyParam(req), version, audit);
    });
  });
  router.add("POST", one + "/rollback", [&ctx](Request& r) {
    return changeRoute(ctx, r, [](PolicyAdminContext& c, const TenantCaller& caller, const Request& req,
                                  const policy::ChangeAudit& audit) -> Result<store::PolicyRecord> {
      SIGID_CHECK(noInput(req));
      return c.lifecycle.rollback(scopeOf(caller), policyParam(req), audit);
    });
  });
  router.add("POST", one + "/deactivate", [&ctx](Request& r) {
    return changeRoute(ctx, r, [](PolicyAdminContext& c, const TenantCaller& caller, const Request& req,
                                  const policy::ChangeAudit& audit) -> Result<store::PolicyRecord> {
      SIGID_CHECK(noInput(req));
      return c.lifecycle.deactivate(scopeOf(caller), policyParam(req), audit);
    });
  });
  router.add("PUT", one + "/shadow", [&ctx](Request& r) {
    return changeRoute(ctx, r, [](PolicyAdminContext& c, const TenantCaller& caller, const Request& req,
                                  const policy::ChangeAudit& audit) -> Result<store::PolicyRecord> {
      SIGID_TRY(auto body, http::parseJsonObject(req));
      SIGID_CHECK(http::rejectUnknownFields(*body, {"version"}));
      SIGID_TRY(auto version, versionField(*body));
      return c.lifecycle.setShadow(scopeOf(caller), policyParam(req), version, audit);
    });
  });
  router.add("DELETE", one + "/shadow", [&ctx](Request& r) {
    return changeRoute(ctx, r, [](PolicyAdminContext& c, const TenantCaller& caller, const Request& req,
                                  const policy::ChangeAudit& audit) -> Result<store::PolicyRecord> {
      return c.lifecycle.setShadow(scopeOf(caller), policyParam(req), std::nullopt, audit);
    });
  });
  router.add("GET", one + "/shadow", [&ctx](Request& r) { return shadowReport(ctx, r); });
  router.add("GET", "/api/v1/tenants/{tenant}/policy-settings", [&ctx](Request& r) { return settings(ctx, r, false); });
  router.add("PUT", "/api/v1/tenants/{tenant}/policy-settings", [&ctx](Request& r) { return settings(ctx, r, true); });
}

}  // namespace sigid::admin
