#include <Poco/JSON/Array.h>

#include "admin/list_query.hpp"
#include "admin/user_json.hpp"
#include "admin/user_routes.hpp"
#include "http/json_body.hpp"

namespace sigid::admin {
namespace {

using core::Error;
using core::Result;
using http::Request;
using http::Response;

constexpr std::size_t kMaxBulk = 100;

std::string idParam(const Request& r) { return std::string(r.pathParam("invitation").value_or("")); }

Result<TenantCaller> caller(UserAdminContext& ctx, const Request& r) {
  return authenticateTenantCaller(ctx.admin, r, kScopeUsers);
}

Result<Response> create(UserAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller who, caller(ctx, r));
  SIGID_TRY(Poco::JSON::Object::Ptr body, http::parseJsonObject(r));
  SIGID_CHECK(http::rejectUnknownFields(*body, {"email", "roles", "message"}));
  tenancy::NewInvitation fresh;
  SIGID_TRY(fresh.email, http::requiredString(*body, "email"));
  SIGID_TRY(auto roles, stringArray(*body, "roles"));
  if (roles) fresh.roles = std::move(*roles);
  SIGID_TRY(auto message, http::optionalString(*body, "message"));
  fresh.message = message.value_or("");
  SIGID_TRY(tenancy::SentInvitation sent, ctx.invitations.create(who.actor, who.tenant, fresh));
  Response response = http::jsonResponse(201, *sentInvitationToJson(sent));
  response.setHeader("Location", "/api/v1/tenants/" + who.tenant.id.str() + "/invitations/" + sent.invitation.id);
  return response;
}

Result<Response> list(UserAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller who, caller(ctx, r));
  std::string status, rest;
  for (auto& [key, value] : r.queryParams()) {
    if (key == "status") status = value;
    else rest += (rest.empty() ? "" : "&") + http::urlEncode(key) + "=" + http::urlEncode(value);
  }
  Request paging = r;
  paging.query = rest;
  SIGID_TRY(ListQuery page, listQuery(paging));
  SIGID_TRY(auto invitations, ctx.invitations.list(who.tenant, status, page.limit, page.cursor));
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& i : invitations.items) items->add(invitationToJson(i));
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("items", items);
  if (invitations.next_cursor) body.set("next_cursor", *invitations.next_cursor);
  else body.set("next_cursor", Poco::Dynamic::Var());
  return http::jsonResponse(200, body);
}

Result<Response> get(UserAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller who, caller(ctx, r));
  SIGID_TRY(tenancy::Invitation invitation, ctx.invitations.get(who.tenant, idParam(r)));
  return http::jsonResponse(200, *invitationToJson(invitation));
}

Result<Response> resend(UserAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller who, caller(ctx, r));
  SIGID_TRY(tenancy::SentInvitation sent, ctx.invitations.resend(who.actor, who.tenant, idParam(r)));
  return http::jsonResponse(200, *sentInvitationToJson(sent));
}

// {"ids": [...]}: each is resent independently; the answer lists one result per id.
Result<Response> resendMany(UserAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller who, caller(ctx, r));
  SIGID_TRY(Poco::JSON::Object::Ptr body, http::parseJsonObject(r));
  SIGID_CHECK(http::rejectUnknownFields(*body, {"ids"}));
  SIGID_TRY(auto ids, stringArray(*body, "ids"));
  if (!ids || ids->empty() || ids->size() > kMaxBulk)
    return Error::invalidRequest("ids: expected 1 to " + std::to_string(kMaxBulk) + " invitation ids");
  Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
  for (const auto& id : *ids) {
    Poco::JSON::Object::Ptr item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    item->set("id", id);
    auto sent = ctx.invitations.resend(who.actor, who.tenant, id);
    if (sent) {
      item->set("status", sent->delivered ? "sent" : "not_sent");
      if (!sent->delivered) item->set("error", sent->delivery_error);
    } else {
      if (sent.error().code() == core::ErrorCode::Internal || sent.error().code() == core::ErrorCode::Unavailable)
        return std::move(sent).error();
      item->set("status", "refused");
      item->set("error", sent.error().description());
    }
    results->add(item);
  }
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  out.set("results", results);
  return http::jsonResponse(200, out);
}

Result<Response> revoke(UserAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller who, caller(ctx, r));
  SIGID_TRY(tenancy::Invitation invitation, ctx.invitations.revoke(who.actor, who.tenant, idParam(r)));
  return http::jsonResponse(200, *invitationToJson(invitation));
}

}  // namespace

void addInvitationRoutes(http::Router& router, UserAdminContext& ctx) {
  const std::string base = "/api/v1/tenants/{tenant}/invitations";
  router.add("GET", base, [&ctx](Request& r) { return list(ctx, r); });
  router.add("POST", base, [&ctx](Request& r) { return create(ctx, r); });
  router.add("POST", base + "/resend", [&ctx](Request& r) { return resendMany(ctx, r); });
  router.add("GET", base + "/{invitation}", [&ctx](Request& r) { return get(ctx, r); });
  router.add("DELETE", base + "/{invitation}", [&ctx](Request& r) { return revoke(ctx, r); });
  router.add("POST", base + "/{invitation}/resend", [&ctx](Request& r) { return resend(ctx, r); });
}

}  // namespace sigid::admin
