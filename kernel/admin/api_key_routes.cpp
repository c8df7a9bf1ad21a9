#include "admin/api_key_routes.hpp"

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

constexpr std::string_view kScope = tenancy::kScopeApiKeys;

std::string keyParam(const Request& request) { return std::string(request.pathParam("api_key").value_or("")); }

void setTime(Poco::JSON::Object& json, const std::string& name, const std::optional<std::int64_t>& at) {
  if (at) json.set(name, rfc3339(*at));
  else json.set(name, Poco::Dynamic::Var());
}

Poco::JSON::Object::Ptr keyToJson(const tenancy::ApiKey& key) {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  json->set("id", key.id);
  json->set("name", key.name);
  json->set("hint", std::string(tenancy::kApiKeyPrefix) + key.hint + "...");
  Poco::JSON::Array::Ptr scopes = new Poco::JSON::Array;
  for (const auto& scope : key.scopes) scopes->add(scope);
  json->set("scopes", scopes);
  setTime(*json, "expires_at", key.expires_at);
  json->set("created_at", rfc3339(key.created_at));
  json->set("usage_count", key.usage_count);
  setTime(*json, "last_used_at", key.last_used_at);
  return json;
}

Result<Response> create(OAuthAdminContext& ctx, Request& request) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, request, kScope));
  SIGID_TRY(Poco::JSON::Object::Ptr body, http::parseJsonObject(request));
  SIGID_CHECK(http::rejectUnknownFields(*body, {"name", "scopes", "expires_at"}));
  tenancy::NewApiKey fresh;
  SIGID_TRY(fresh.name, http::requiredString(*body, "name"));
  SIGID_TRY(auto scopes, optionalStringArray(*body, "scopes"));
  if (!scopes) return Error::invalidRequest("scopes: is required");
  fresh.scopes = std::move(*scopes);
  SIGID_TRY(auto expires, http::optionalString(*body, "expires_at"));
  if (expires) {
    fresh.expires_at = parseRfc3339Utc(*expires);
    if (!fresh.expires_at) return Error::invalidRequest("expires_at: expected an RFC 3339 UTC time, e.g. 2027-01-31T00:00:00Z");
  }
  const std::vector<std::string>* grantor = caller.key_scopes ? &*caller.key_scopes : nullptr;
  SIGID_TRY(auto created, ctx.api_keys.create(caller.actor, caller.tenant, fresh, grantor));
  auto json = keyToJson(created.key);
  json->set("key", created.secret);  // shown once: only its SHA-256 is stored
  Response response = http::jsonResponse(201, *json);
  response.setHeader("Location", "/api/v1/tenants/" + caller.tenant.id.str() + "/api-keys/" + created.key.id);
  return response;
}

Result<Response> list(OAuthAdminContext& ctx, Request& request) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, request, kScope));
  SIGID_TRY(ListQuery page, listQuery(request));
  SIGID_TRY(auto keys, ctx.api_keys.list(caller.tenant, page.limit, page.cursor));
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& key : keys.items) items->add(keyToJson(key));
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("items", items);
  if (keys.next_cursor) body.set("next_cursor", *keys.next_cursor);
  else body.set("next_cursor", Poco::Dynamic::Var());
  return http::jsonResponse(200, body);
}

Result<Response> get(OAuthAdminContext& ctx, Request& request) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, request, kScope));
  SIGID_TRY(auto key, ctx.api_keys.get(caller.tenant, keyParam(request)));
  return http::jsonResponse(200, *keyToJson(key));
}

Result<Response> usage(OAuthAdminContext& ctx, Request& request) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, request, kScope));
  SIGID_TRY(auto key, ctx.api_keys.get(caller.tenant, keyParam(request)));
  Poco::JSON::Object json(Poco::JSON_PRESERVE_KEY_ORDER);
  json.set("id", key.id);
  json.set("usage_count", key.usage_count);
  setTime(json, "last_used_at", key.last_used_at);
  return http::jsonResponse(200, json);
}

Result<Response> remove(OAuthAdminContext& ctx, Request& request) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, request, kScope));
  SIGID_CHECK(ctx.api_keys.remove(caller.actor, caller.tenant, keyParam(request)));
  return Response::noContent();
}

Result<Response> introspect(OAuthAdminContext& ctx, Request& request) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, request, kScope));
  SIGID_TRY(Poco::JSON::Object::Ptr body, http::parseJsonObject(request));
  SIGID_CHECK(http::rejectUnknownFields(*body, {"key"}));
  SIGID_TRY(std::string presented, http::requiredString(*body, "key"));
  SIGID_TRY(auto key, ctx.api_keys.introspect(caller.tenant.id, presented));
  if (!key) return http::jsonResponse(200, Poco::JSON::Object().set("active", false));
  auto json = keyToJson(*key);
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  out.set("active", true);
  for (const auto& name : {"id", "name", "scopes", "expires_at"}) out.set(name, json->get(name));
  return http::jsonResponse(200, out);
}

}  // namespace

void addApiKeyRoutes(http::Router& router, OAuthAdminContext& ctx) {
  const std::string base = "/api/v1/tenants/{tenant}/api-keys";
  router.add("POST", base, [&ctx](Request& r) { return create(ctx, r); });
  router.add("GET", base, [&ctx](Request& r) { return list(ctx, r); });
  router.add("POST", base + "/introspect", [&ctx](Request& r) { return introspect(ctx, r); });
  router.add("GET", base + "/{api_key}", [&ctx](Request& r) { return get(ctx, r); });
  router.add("DELETE", base + "/{api_key}", [&ctx](Request& r) { return remove(ctx, r); });
  router.add("GET", base + "/{api_key}/usage", [&ctx](Request& r) { return usage(ctx, r); });
}

}  // namespace sigid::admin
