#include "admin/tenant_routes.hpp"

#include "admin/list_query.hpp"
#include "admin/tenant_json.hpp"
#include "http/json_body.hpp"

namespace sigid::admin {
namespace {

using core::Error;
using core::Result;
using http::Request;
using http::Response;

std::string tenantParam(const Request& request) { return std::string(request.pathParam("tenant").value_or("")); }

Response tenantResponse(int status, AdminContext& ctx, const tenancy::Tenant& tenant) {
  return http::jsonResponse(status, *tenantToJson(tenant, ctx.public_base_url));
}

Result<tenancy::TenantSettings> settingsFromBody(const Poco::JSON::Object& body, tenancy::TenantSettings base) {
  return tenancy::applySettingsJson(std::move(base), body, "settings");
}

Result<Response> provision(AdminContext& ctx, Request& request) {
  SIGID_TRY(core::Actor actor, authenticateSystemCaller(ctx, request));
  SIGID_TRY(Poco::JSON::Object::Ptr body, http::parseJsonObject(request));
  SIGID_CHECK(http::rejectUnknownFields(*body, {"name", "slug", "plan", "settings"}));
  tenancy::NewTenant fresh;
  SIGID_TRY(fresh.name, http::requiredString(*body, "name"));
  SIGID_TRY(fresh.slug, http::requiredString(*body, "slug"));
  SIGID_TRY(auto plan, http::optionalString(*body, "plan"));
  if (plan) fresh.plan = *plan;
  if (body->has("settings")) {
    auto settings = body->getObject("settings");
    if (!settings) return Error::invalidRequest("settings: expected an object");
    SIGID_TRY(fresh.settings, settingsFromBody(*settings, {}));
  }
  SIGID_TRY(tenancy::Tenant tenant, ctx.tenants.provision(actor, fresh));
  Response response = tenantResponse(201, ctx, tenant);
  response.setHeader("Location", "/api/v1/system/tenants/" + tenant.id.str());
  return response;
}

Result<Response> list(AdminContext& ctx, Request& request) {
  SIGID_CHECK(authenticateSystemCaller(ctx, request));
  SIGID_TRY(ListQuery page, listQuery(request));
  SIGID_TRY(tenancy::TenantList tenants, ctx.tenants.list(page.limit, page.cursor));
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& tenant : tenants.items) items->add(tenantToJson(tenant, ctx.public_base_url));
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("items", items);
  if (tenants.next_cursor) body.set("next_cursor", *tenants.next_cursor);
  else body.set("next_cursor", Poco::Dynamic::Var());
  return http::jsonResponse(200, body);
}

Result<Response> get(AdminContext& ctx, Request& request) {
  SIGID_CHECK(authenticateSystemCaller(ctx, request));
  SIGID_TRY(tenancy::Tenant tenant, ctx.tenants.find(tenantParam(request)));
  return tenantResponse(200, ctx, tenant);
}

Result<Response> updateProfile(AdminContext& ctx, Request& request) {
  SIGID_TRY(core::Actor actor, authenticateSystemCaller(ctx, request));
  SIGID_TRY(Poco::JSON::Object::Ptr body, http::parseJsonObject(request));
  SIGID_CHECK(http::rejectUnknownFields(*body, {"name", "plan", "slug"}));
  SIGID_TRY(tenancy::Tenant current, ctx.tenants.find(tenantParam(request)));
  SIGID_TRY(auto slug, http::optionalString(*body, "slug"));
  if (slug && *slug != current.slug) return Error::invalidRequest("slug: is immutable once the tenant exists");
  tenancy::TenantProfileChange change;
  SIGID_TRY(change.name, http::optionalString(*body, "name"));
  SIGID_TRY(change.plan, http::optionalString(*body, "plan"));
  SIGID_TRY(tenancy::Tenant tenant, ctx.tenants.updateProfile(actor, current.id.str(), change));
  return tenantResponse(200, ctx, tenant);
}

Result<Response> setStatus(AdminContext& ctx, Request& request, bool suspend) {
  SIGID_TRY(core::Actor actor, authenticateSystemCaller(ctx, request));
  if (!request.body.empty()) {  // the action takes no input; refuse rather than ignore some
    SIGID_TRY(auto body, http::parseJsonObject(request));
    SIGID_CHECK(http::rejectUnknownFields(*body, {}));
  }
  auto tenant = suspend ? ctx.tenants.suspend(actor, tenantParam(request))
                        : ctx.tenants.reactivate(actor, tenantParam(request));
  if (!tenant) return std::move(tenant).error();
  return tenantResponse(200, ctx, *tenant);
}

Result<Response> settingsResponse(const tenancy::Tenant& tenant) {
  return http::jsonResponse(200, *settingsToJsonObject(tenant.settings));
}

// PUT replaces (absent members take their defaults); PATCH merges into the current settings.
Result<Response> writeSettings(AdminContext& ctx, Request& request, const core::Actor& actor,
                               const tenancy::Tenant& tenant, bool merge) {
  SIGID_TRY(Poco::JSON::Object::Ptr body, http::parseJsonObject(request));
  SIGID_TRY(tenancy::TenantSettings settings,
            settingsFromBody(*body, merge ? tenant.settings : tenancy::TenantSettings{}));
  SIGID_TRY(tenancy::Tenant updated, ctx.tenants.replaceSettings(actor, tenant.id.str(), settings));
  return settingsResponse(updated);
}

}  // namespace

void addSystemTenantRoutes(http::Router& router, AdminContext& ctx) {
  const std::string base = "/api/v1/system/tenants";
  router.add("POST", base, [&ctx](Request& r) { return provision(ctx, r); });
  router.add("GET", base, [&ctx](Request& r) { return list(ctx, r); });
  router.add("GET", base + "/{tenant}", [&ctx](Request& r) { return get(ctx, r); });
  router.add("PATCH", base + "/{tenant}", [&ctx](Request& r) { return updateProfile(ctx, r); });
  router.add("POST", base + "/{tenant}/suspend", [&ctx](Request& r) { return setStatus(ctx, r, true); });
  router.add("POST", base + "/{tenant}/reactivate", [&ctx](Request& r) { return setStatus(ctx, r, false); });
  router.add("GET", base + "/{tenant}/settings", [&ctx](Request& r) -> Result<Response> {
    SIGID_CHECK(authenticateSystemCaller(ctx, r));
    SIGID_TRY(tenancy::Tenant tenant, ctx.tenants.find(tenantParam(r)));
    return settingsResponse(tenant);
  });
  for (const char* method : {"PUT", "PATCH"}) {
    const bool merge = std::string_view(method) == "PATCH";
    router.add(method, base + "/{tenant}/settings", [&ctx, merge](Request& r) -> Result<Response> {
      SIGID_TRY(core::Actor actor, authenticateSystemCaller(ctx, r));
      SIGID_TRY(tenancy::Tenant tenant, ctx.tenants.find(tenantParam(r)));
      return writeSettings(ctx, r, actor, tenant, merge);
    });
  }
}

void addTenantSelfRoutes(http::Router& router, AdminContext& ctx) {
  const std::string base = "/api/v1/tenants/{tenant}";
  // A system credential, or an API key of this tenant with admin:settings; the
  // suspended-tenant gate applies to every caller (authenticateTenantCaller).
  constexpr std::string_view kScope = tenancy::kScopeSettings;
  router.add("GET", base, [&ctx](Request& r) -> Result<Response> {
    SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx, r, kScope));
    return tenantResponse(200, ctx, caller.tenant);
  });
  router.add("GET", base + "/settings", [&ctx](Request& r) -> Result<Response> {
    SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx, r, kScope));
    return settingsResponse(caller.tenant);
  });
  router.add("PATCH", base + "/settings", [&ctx](Request& r) -> Result<Response> {
    SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx, r, kScope));
    return writeSettings(ctx, r, caller.actor, caller.tenant, true);
  });
}

}  // namespace sigid::admin
