#include "admin/webhook_routes.hpp"

#include <Poco/JSON/Array.h>

#include "core/page_cursor.hpp"
#include "admin/list_query.hpp"
#include "core/encoding.hpp"
#include "core/ids.hpp"
#include "events/event_types.hpp"
#include "http/json_body.hpp"
#include "store/repositories/webhook_payload.hpp"

namespace sigid::admin {
namespace {

using core::Error;
using core::Result;
using http::Request;
using http::Response;
using Object = Poco::JSON::Object;

std::string param(const Request& r, std::string_view name) { return std::string(r.pathParam(name).value_or("")); }

Poco::JSON::Object::Ptr subscriptionJson(const events::WebhookSubscription& s) {
  Poco::JSON::Object::Ptr json = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  json->set("id", s.id);
  json->set("url", s.url);
  json->set("description", s.description);
  Poco::JSON::Array::Ptr types = new Poco::JSON::Array;
  for (const auto& t : s.event_types) types->add(t);
  json->set("event_types", types);
  json->set("transport", s.transport);
  json->set("active", s.active);
  json->set("disabled_reason", s.disabled_reason.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(s.disabled_reason));
  json->set("failing_since", s.failing_since_ms ? Poco::Dynamic::Var(store::rfc3339Millis(*s.failing_since_ms)) : Poco::Dynamic::Var());
  json->set("previous_secret_expires_at", s.previous_secret_expires_at_ms
                                              ? Poco::Dynamic::Var(store::rfc3339Millis(*s.previous_secret_expires_at_ms))
                                              : Poco::Dynamic::Var());
  json->set("created_at", rfc3339(s.created_at));
  json->set("updated_at", rfc3339(s.updated_at));
  return json;
}

Poco::JSON::Object::Ptr deliveryJson(const store::DeliveryRecord& d) {
  Poco::JSON::Object::Ptr json = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  json->set("id", d.id);
  json->set("event_id", d.event_id);
  json->set("event_type", d.event_type);
  json->set("state", d.state);
  json->set("attempts", d.attempts);
  json->set("next_attempt_at", d.state == "pending" ? Poco::Dynamic::Var(store::rfc3339Millis(d.next_attempt_at_ms))
                                                    : Poco::Dynamic::Var());
  json->set("last_status", d.last_status);
  json->set("last_error", d.last_error);
  json->set("created_at", store::rfc3339Millis(d.created_at_ms));
  json->set("completed_at", d.completed_at_ms ? Poco::Dynamic::Var(store::rfc3339Millis(*d.completed_at_ms))
                                              : Poco::Dynamic::Var());
  return json;
}

Result<std::vector<std::string>> eventTypes(const Object& body) {
  if (!body.has("event_types")) return Error::invalidRequest("event_types: required");
  auto array = body.getArray("event_types");
  if (!array) return Error::invalidRequest("field 'event_types' must be an array of strings");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto& item = array->get(i);
    if (!item.isString()) return Error::invalidRequest("field 'event_types' must be an array of strings");
    out.push_back(item.convert<std::string>());
  }
  return out;
}

Result<Response> create(EventsAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopeWebhooks));
  SIGID_TRY(Poco::JSON::Object::Ptr body, http::parseJsonObject(r));
  SIGID_CHECK(http::rejectUnknownFields(*body, {"url", "description", "event_types", "transport", "active"}));
  events::NewWebhookSubscription request;
  SIGID_TRY(request.url, http::requiredString(*body, "url"));
  SIGID_TRY(auto description, http::optionalString(*body, "description"));
  request.description = description.value_or("");
  SIGID_TRY(request.event_types, eventTypes(*body));
  SIGID_TRY(request.transport, http::optionalString(*body, "transport"));
  SIGID_TRY(auto active, http::optionalBool(*body, "active"));
  request.active = active.value_or(true);
  SIGID_TRY(auto created, ctx.webhooks.create(store::TenantScope(caller.tenant.id), caller.actor, request));
  auto json = subscriptionJson(created.subscription);
  json->set("secret", created.secret);  // the only time it is shown
  auto response = http::jsonResponse(201, *json);
  response.setHeader("Cache-Control", "no-store");
  return response;
}

Result<Response> list(EventsAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopeWebhooks));
  SIGID_TRY(ListQuery q, listQuery(r));
  SIGID_TRY(std::optional<std::string> after, core::decodePageCursor(q.cursor));
  SIGID_TRY(auto items, ctx.webhooks.list(store::TenantScope(caller.tenant.id), q.limit + 1, after));
  Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  const bool more = items.size() > q.limit;
  if (more) items.resize(q.limit);
  for (const auto& s : items) array->add(subscriptionJson(s));
  body.set("items", array);
  body.set("next_cursor", more ? Poco::Dynamic::Var(core::encodePageCursor(items.back().id)) : Poco::Dynamic::Var());
  return http::jsonResponse(200, body);
}

Result<Response> update(EventsAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopeWebhooks));
  SIGID_TRY(Poco::JSON::Object::Ptr body, http::parseJsonObject(r));
  SIGID_CHECK(http::rejectUnknownFields(*body, {"url", "description", "event_types", "transport", "active"}));
  events::WebhookSubscriptionChange change;
  SIGID_TRY(change.url, http::optionalString(*body, "url"));
  SIGID_TRY(change.description, http::optionalString(*body, "description"));
  if (body->has("event_types")) {
    SIGID_TRY(auto types, eventTypes(*body));
    change.event_types = std::move(types);
  }
  SIGID_TRY(change.transport, http::optionalString(*body, "transport"));
  SIGID_TRY(change.active, http::optionalBool(*body, "active"));
  SIGID_TRY(auto updated, ctx.webhooks.update(store::TenantScope(caller.tenant.id), caller.actor, param(r, "webhook"), change));
  return http::jsonResponse(200, *subscriptionJson(updated));
}

Result<Response> rotate(EventsAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopeWebhooks));
  std::int64_t overlap = 86400;  // a day for receivers to switch to the new secret
  if (!r.body.empty()) {
    SIGID_TRY(Poco::JSON::Object::Ptr body, http::parseJsonObject(r));
    SIGID_CHECK(http::rejectUnknownFields(*body, {"overlap_seconds"}));
    SIGID_TRY(auto given, http::optionalInt(*body, "overlap_seconds"));
    if (given) overlap = *given;
  }
  SIGID_TRY(auto rotated, ctx.webhooks.rotateSecret(store::TenantScope(caller.tenant.id), caller.actor,
                                                    param(r, "webhook"), std::chrono::seconds(overlap)));
  auto json = subscriptionJson(rotated.subscription);
  json->set("secret", rotated.secret);
  auto response = http::jsonResponse(200, *json);
  response.setHeader("Cache-Control", "no-store");
  return response;
}

Result<Response> deliveries(EventsAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopeWebhooks));
  std::optional<std::string> state;
  Request paging = r;  // listQuery refuses parameters it does not know
  paging.query.clear();
  for (const auto& [key, value] : r.queryParams()) {
    if (key == "state") {
      if (value != "pending" && value != "paused" && value != "delivered" && value != "dead")
        return Error::invalidRequest("state: expected pending, paused, delivered or dead");
      state = value;
    } else {
      paging.query += (paging.query.empty() ? "" : "&") + http::urlEncode(key) + "=" + http::urlEncode(value);
    }
  }
  SIGID_TRY(ListQuery q, listQuery(paging));
  SIGID_TRY(std::optional<std::string> before, core::decodePageCursor(q.cursor));
  SIGID_TRY(auto items, ctx.webhooks.deliveries(store::TenantScope(caller.tenant.id), param(r, "webhook"), state,
                                                before, q.limit + 1));
  const bool more = items.size() > q.limit;
  if (more) items.resize(q.limit);
  Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& d : items) array->add(deliveryJson(d));
  body.set("items", array);
  body.set("next_cursor", more ? Poco::Dynamic::Var(core::encodePageCursor(items.back().id)) : Poco::Dynamic::Var());
  return http::jsonResponse(200, body);
}

Result<Response> delivery(EventsAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopeWebhooks));
  SIGID_TRY(auto detail, ctx.webhooks.delivery(store::TenantScope(caller.tenant.id), param(r, "webhook"),
                                               param(r, "delivery")));
  auto json = deliveryJson(detail.delivery);
  Poco::JSON::Array::Ptr attempts = new Poco::JSON::Array;
  for (const auto& a : detail.attempts) {
    Poco::JSON::Object::Ptr item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    item->set("attempt", a.attempt);
    item->set("attempted_at", store::rfc3339Millis(a.attempted_at_ms));
    item->set("duration_ms", a.duration_ms);
    item->set("status", a.status);
    item->set("outcome", a.outcome);
    item->set("detail", a.detail);
    attempts->add(item);
  }
  json->set("attempts_history", attempts);
  return http::jsonResponse(200, *json);
}

Result<Response> replayOne(EventsAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopeWebhooks));
  SIGID_CHECK(ctx.webhooks.replay(store::TenantScope(caller.tenant.id), caller.actor, param(r, "webhook"),
                                  param(r, "delivery")));
  Object body;
  body.set("replayed", 1);
  return http::jsonResponse(202, body);
}

Result<Response> replayRange(EventsAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopeWebhooks));
  SIGID_TRY(Poco::JSON::Object::Ptr body, http::parseJsonObject(r));
  SIGID_CHECK(http::rejectUnknownFields(*body, {"from", "to"}));
  SIGID_TRY(std::string from_text, http::requiredString(*body, "from"));
  SIGID_TRY(std::string to_text, http::requiredString(*body, "to"));
  auto from = parseRfc3339Utc(from_text);
  auto to = parseRfc3339Utc(to_text);
  if (!from || !to) return Error::invalidRequest("from, to: expected RFC 3339 UTC times such as 2024-05-01T00:00:00Z");
  SIGID_TRY(std::int64_t count, ctx.webhooks.replayRange(store::TenantScope(caller.tenant.id), caller.actor,
                                                         param(r, "webhook"), *from * 1000, *to * 1000));
  Object json;
  json.set("replayed", count);
  return http::jsonResponse(202, json);
}

Result<Response> eventCatalogue(EventsAdminContext& ctx, Request& r) {
  SIGID_CHECK(authenticateTenantCaller(ctx.admin, r, kScopeWebhooks));
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& info : events::kEventCatalogue) {
    Poco::JSON::Object::Ptr item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    item->set("type", std::string(info.type));
    item->set("target_type", std::string(info.target));
    items->add(item);
  }
  Object body;
  body.set("items", items);
  return http::jsonResponse(200, body);
}

}  // namespace

void addWebhookRoutes(http::Router& router, EventsAdminContext& ctx) {
  const std::string base = "/api/v1/tenants/{tenant}/webhooks";
  const std::string one = base + "/{webhook}";
  router.add("GET", base, [&ctx](Request& r) { return list(ctx, r); });
  router.add("POST", base, [&ctx](Request& r) { return create(ctx, r); });
  router.add("GET", base + "/event-types", [&ctx](Request& r) { return eventCatalogue(ctx, r); });
  router.add("GET", one, [&ctx](Request& r) -> Result<Response> {
    SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopeWebhooks));
    SIGID_TRY(auto s, ctx.webhooks.get(store::TenantScope(caller.tenant.id), param(r, "webhook")));
    return http::jsonResponse(200, *subscriptionJson(s));
  });
  router.add("PATCH", one, [&ctx](Request& r) { return update(ctx, r); });
  router.add("DELETE", one, [&ctx](Request& r) -> Result<Response> {
    SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, r, kScopeWebhooks));
    SIGID_CHECK(ctx.webhooks.remove(store::TenantScope(caller.tenant.id), caller.actor, param(r, "webhook")));
    return Response::noContent();
  });
  router.add("POST", one + "/rotate-secret", [&ctx](Request& r) { return rotate(ctx, r); });
  router.add("POST", one + "/replay", [&ctx](Request& r) { return replayRange(ctx, r); });
  router.add("GET", one + "/deliveries", [&ctx](Request& r) { return deliveries(ctx, r); });
  router.add("GET", one + "/deliveries/{delivery}", [&ctx](Request& r) { return delivery(ctx, r); });
  router.add("POST", one + "/deliveries/{delivery}/replay", [&ctx](Request& r) { return replayOne(ctx, r); });
}

}  // namespace sigid::admin
