#include "admin/plugin_routes.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

#include "core/ids.hpp"
#include "http/json_body.hpp"
#include "sigid/sdk/webhook_transport.hpp"

namespace sigid::admin {
namespace {

using core::Error;
using core::Result;
using http::Request;
using http::Response;

Poco::JSON::Object::Ptr newObject() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Poco::Dynamic::Var parseTrusted(const std::string& json) {
  Poco::JSON::Parser parser;
  return parser.parse(json);
}

Poco::JSON::Object::Ptr instanceToJson(const plugins::PluginInstanceView& v) {
  auto json = newObject();
  json->set("plugin_id", v.plugin_id);
  json->set("enabled", v.enabled);
  json->set("loaded", v.loaded);
  json->set("config", parseTrusted(v.config_json));
  json->set("config_version", v.config_version);
  json->set("created_at", v.created_at);
  json->set("updated_at", v.updated_at);
  return json;
}

std::string param(const Request& r, std::string_view name) { return std::string(r.pathParam(name).value_or("")); }

// Authenticates like the tenant routes and resolves an *active* tenant: a
// suspended tenant's plugins can be neither read nor changed.
struct TenantCall {
  core::Actor actor;
  store::TenantScope scope;
};

Result<TenantCall> tenantCall(PluginAdminContext& ctx, const Request& r) {
  SIGID_TRY(core::Actor actor, authenticateSystemCaller(ctx.admin, r));
  SIGID_TRY(tenancy::Tenant tenant, ctx.admin.tenants.findActive(param(r, "tenant")));
  return TenantCall{std::move(actor), store::TenantScope(tenant.id)};
}

Result<Response> listInstances(PluginAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCall call, tenantCall(ctx, r));
  SIGID_TRY(auto views, ctx.instances.list(call.scope));
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& v : views) items->add(instanceToJson(v));
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("items", items);
  return http::jsonResponse(200, body);
}

Result<Response> putInstance(PluginAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCall call, tenantCall(ctx, r));
  SIGID_TRY(Poco::JSON::Object::Ptr body, http::parseJsonObject(r));
  SIGID_CHECK(http::rejectUnknownFields(*body, {"config", "enabled"}));
  SIGID_TRY(auto enabled, http::optionalBool(*body, "enabled"));
  std::string config = "{}";
  if (body->has("config")) {
    auto object = body->getObject("config");
    if (!object) return Error::invalidRequest("config: expected an object");
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(object, out);
    config = out.str();
  }
  const std::string plugin = param(r, "plugin");
  auto existing = ctx.instances.get(call.scope, plugin);
  SIGID_TRY(auto view, ctx.instances.configure(call.scope, call.actor, plugin, config, enabled.value_or(true)));
  return http::jsonResponse(existing.ok() ? 200 : 201, *instanceToJson(view));
}

Result<Response> setEnabled(PluginAdminContext& ctx, Request& r, bool enabled) {
  SIGID_TRY(TenantCall call, tenantCall(ctx, r));
  if (!r.body.empty()) {  // the action takes no input; refuse rather than ignore some
    SIGID_TRY(auto body, http::parseJsonObject(r));
    SIGID_CHECK(http::rejectUnknownFields(*body, {}));
  }
  SIGID_TRY(auto view, ctx.instances.setEnabled(call.scope, call.actor, param(r, "plugin"), enabled));
  return http::jsonResponse(200, *instanceToJson(view));
}

// Sends one test event through the tenant's instance: proves the plugin loads,
// the config works and the destination answers. Test events are not signed
// (signing uses a webhook subscription's secret, which a test has none of).
Result<Response> testDelivery(PluginAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCall call, tenantCall(ctx, r));
  SIGID_TRY(Poco::JSON::Object::Ptr body, http::parseJsonObject(r));
  SIGID_CHECK(http::rejectUnknownFields(*body, {"destination"}));
  SIGID_TRY(std::string destination, http::requiredString(*body, "destination"));
  const std::string plugin = param(r, "plugin");
  SIGID_TRY(auto transport, ctx.instances.open<sdk::WebhookTransport>(call.scope, plugin));

  sdk::WebhookDelivery delivery;
  delivery.destination = destination;
  delivery.event_id = "msg_" + core::Uuid::v7().str();
  delivery.event_type = "sigid.test";
  const std::string timestamp = std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  delivery.body = "{\"type\":\"sigid.test\",\"timestamp\":" + timestamp + ",\"data\":{\"tenant_id\":\"" +
                  call.scope.str() + "\"}}";
  delivery.headers = {{"webhook-id", delivery.event_id}, {"webhook-timestamp", timestamp}};
  SIGID_TRY(sdk::DeliveryOutcome outcome, plugins::pluginCall(plugin, &ctx.instances.faults(), [&] {
              return transport->get().deliver(delivery);
            }));
  Poco::JSON::Object json(Poco::JSON_PRESERVE_KEY_ORDER);
  json.set("event_id", delivery.event_id);
  json.set("delivered", outcome.delivered);
  json.set("status", outcome.status);
  json.set("retryable", outcome.retryable);
  json.set("detail", outcome.detail);
  return http::jsonResponse(200, json);
}

}  // namespace

Poco::JSON::Object::Ptr pluginRegistryToJson(const plugins::PluginRegistry& registry) {
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& p : registry.plugins()) {
    auto json = newObject();
    json->set("id", p->id);
    json->set("version", p->version);
    Poco::JSON::Array::Ptr kinds = new Poco::JSON::Array;
    for (const auto& k : plugins::kindNames(p->kinds)) kinds->add(k);
    json->set("kinds", kinds);
    json->set("description", p->description);
    json->set("file", p->file.string());
    items->add(json);
  }
  Poco::JSON::Array::Ptr errors = new Poco::JSON::Array;
  for (const auto& f : registry.failures()) {
    auto json = newObject();
    json->set("file", f.file.string());
    json->set("error", f.reason);
    errors->add(json);
  }
  auto body = newObject();
  body->set("items", items);
  body->set("load_errors", errors);
  return body;
}

void addSystemPluginRoutes(http::Router& router, PluginAdminContext& ctx) {
  router.add("GET", "/api/v1/system/plugins", [&ctx](Request& r) -> Result<Response> {
    SIGID_CHECK(authenticateSystemCaller(ctx.admin, r));
    return http::jsonResponse(200, *pluginRegistryToJson(ctx.registry));
  });
}

void addTenantPluginRoutes(http::Router& router, PluginAdminContext& ctx) {
  const std::string base = "/api/v1/tenants/{tenant}/plugins";
  const std::string one = base + "/{plugin}";
  router.add("GET", base, [&ctx](Request& r) { return listInstances(ctx, r); });
  router.add("GET", one, [&ctx](Request& r) -> Result<Response> {
    SIGID_TRY(TenantCall call, tenantCall(ctx, r));
    SIGID_TRY(auto view, ctx.instances.get(call.scope, param(r, "plugin")));
    return http::jsonResponse(200, *instanceToJson(view));
  });
  router.add("PUT", one, [&ctx](Request& r) { return putInstance(ctx, r); });
  router.add("DELETE", one, [&ctx](Request& r) -> Result<Response> {
    SIGID_TRY(TenantCall call, tenantCall(ctx, r));
    SIGID_CHECK(ctx.instances.remove(call.scope, call.actor, param(r, "plugin")));
    return Response::noContent();
  });
  router.add("POST", one + "/enable", [&ctx](Request& r) { return setEnabled(ctx, r, true); });
  router.add("POST", one + "/disable", [&ctx](Request& r) { return setEnabled(ctx, r, false); });
  router.add("POST", one + "/test-delivery", [&ctx](Request& r) { return testDelivery(ctx, r); });
}

}  // namespace sigid::admin
