#include "admin/application_routes.hpp"

#include <Poco/JSON/Array.h>

#include "admin/application_json.hpp"
#include "admin/list_query.hpp"
#include "http/json_body.hpp"

namespace sigid::admin {
namespace {

using core::Error;
using core::Result;
using http::Request;
using http::Response;

constexpr std::string_view kScope = tenancy::kScopeApplications;

std::string issuer(OAuthAdminContext& ctx, const tenancy::Tenant& tenant) {
  return ctx.admin.public_base_url + "/t/" + tenant.slug;
}

std::string appParam(const Request& request) { return std::string(request.pathParam("application").value_or("")); }

Result<Response> withSecret(OAuthAdminContext& ctx, const tenancy::Tenant& tenant,
                            const tenancy::ApplicationWithSecret& created, int status) {
  auto json = applicationToJson(created.application, issuer(ctx, tenant));
  // Shown once: only its SHA-256 is stored (DESIGN.md §9).
  if (created.client_secret) json->set("client_secret", *created.client_secret);
  return http::jsonResponse(status, *json);
}

Result<Response> create(OAuthAdminContext& ctx, Request& request) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, request, kScope));
  SIGID_TRY(Poco::JSON::Object::Ptr body, http::parseJsonObject(request));
  SIGID_CHECK(http::rejectUnknownFields(*body, {"name", "type", "grant_types", "redirect_uris", "allowed_origins",
                                                "post_logout_redirect_uris", "scopes", "audience", "access_token_ttl",
                                                "signing_alg"}));
  tenancy::NewApplication fresh;
  SIGID_TRY(auto type, http::optionalString(*body, "type"));
  if (type && *type == "public") fresh.type = tenancy::ClientType::Public;
  else if (type && *type != "confidential") return Error::invalidRequest("type: expected confidential or public");
  SIGID_TRY(fresh.fields, applicationChangeFromJson(*body));
  SIGID_TRY(auto created, ctx.applications.create(caller.actor, caller.tenant, fresh));
  SIGID_TRY(Response response, withSecret(ctx, caller.tenant, created, 201));
  response.setHeader("Location", "/api/v1/tenants/" + caller.tenant.id.str() + "/applications/" + created.application.id);
  return response;
}

Result<Response> list(OAuthAdminContext& ctx, Request& request) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, request, kScope));
  SIGID_TRY(ListQuery page, listQuery(request));
  SIGID_TRY(auto apps, ctx.applications.list(caller.tenant, page.limit, page.cursor));
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& app : apps.items) items->add(applicationToJson(app, issuer(ctx, caller.tenant)));
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("items", items);
  if (apps.next_cursor) body.set("next_cursor", *apps.next_cursor);
  else body.set("next_cursor", Poco::Dynamic::Var());
  return http::jsonResponse(200, body);
}

Result<Response> get(OAuthAdminContext& ctx, Request& request) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, request, kScope));
  SIGID_TRY(auto app, ctx.applications.get(caller.tenant, appParam(request)));
  return http::jsonResponse(200, *applicationToJson(app, issuer(ctx, caller.tenant)));
}

Result<Response> update(OAuthAdminContext& ctx, Request& request) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, request, kScope));
  SIGID_TRY(Poco::JSON::Object::Ptr body, http::parseJsonObject(request));
  SIGID_CHECK(http::rejectUnknownFields(*body, {"name", "type", "grant_types", "redirect_uris", "allowed_origins",
                                                "post_logout_redirect_uris", "scopes", "audience", "access_token_ttl",
                                                "signing_alg"}));
  if (body->has("type")) return Error::invalidRequest("type: cannot change; create a new application instead");
  SIGID_TRY(auto change, applicationChangeFromJson(*body));
  SIGID_TRY(auto app, ctx.applications.update(caller.actor, caller.tenant, appParam(request), change));
  return http::jsonResponse(200, *applicationToJson(app, issuer(ctx, caller.tenant)));
}

Result<Response> deactivate(OAuthAdminContext& ctx, Request& request) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, request, kScope));
  SIGID_CHECK(ctx.applications.deactivate(caller.actor, caller.tenant, appParam(request)));
  return Response::noContent();
}

Result<Response> regenerate(OAuthAdminContext& ctx, Request& request) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, request, kScope));
  std::int64_t grace = 0;
  if (!request.body.empty()) {
    SIGID_TRY(Poco::JSON::Object::Ptr body, http::parseJsonObject(request));
    SIGID_CHECK(http::rejectUnknownFields(*body, {"grace_period_seconds"}));
    SIGID_TRY(auto seconds, http::optionalInt(*body, "grace_period_seconds"));
    grace = seconds.value_or(0);
  }
  SIGID_TRY(auto regenerated, ctx.applications.regenerateSecret(caller.actor, caller.tenant, appParam(request), grace));
  return withSecret(ctx, caller.tenant, regenerated, 200);
}

}  // namespace

void addApplicationRoutes(http::Router& router, OAuthAdminContext& ctx) {
  const std::string base = "/api/v1/tenants/{tenant}/applications";
  router.add("POST", base, [&ctx](Request& r) { return create(ctx, r); });
  router.add("GET", base, [&ctx](Request& r) { return list(ctx, r); });
  router.add("GET", base + "/{application}", [&ctx](Request& r) { return get(ctx, r); });
  router.add("PATCH", base + "/{application}", [&ctx](Request& r) { return update(ctx, r); });
  router.add("DELETE", base + "/{application}", [&ctx](Request& r) { return deactivate(ctx, r); });
  router.add("POST", base + "/{application}/regenerate-secret", [&ctx](Request& r) { return regenerate(ctx, r); });
}

}  // namespace sigid::admin
